"""Accounts and sessions through the rules, on a real LadybugDB file."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher

from feed.counters import MemoryCounters, RedisCounters
from social import accounts, sessions
from social.context import Context
from social.errors import Conflict, Invalid, NotFound, Throttled, Unauthenticated
from tests.concurrency import all_at_once
from tests.factories.users import PASSWORD, make_user, make_viewer


def user_count(ctx: Context) -> int:
    return ctx.graph.execute("MATCH (u:User) RETURN count(*) AS n")[1][0][0]


def test_sign_up_stores_the_username_lower_case(context: Context) -> None:
    card = make_user(context, "  Alice.Smith_1 ", display_name="Alice")
    assert card["username"] == "alice.smith_1"
    assert card["display_name"] == "Alice"
    assert card["counts"] == {"photos": 0, "followers": 0, "following": 0}
    assert accounts.profile(context, "ALICE.SMITH_1")["id"] == card["id"]


def test_the_password_is_stored_only_as_an_argon2id_hash(context: Context) -> None:
    make_user(context, "bob")
    stored = context.graph.read("accounts/credentials", username="bob")[0]["password_hash"]
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


@pytest.mark.parametrize("taken", ["carol", "CAROL", "Carol"])
def test_usernames_are_unique_case_insensitively(context: Context, taken: str) -> None:
    make_user(context, "carol")
    with pytest.raises(Conflict):
        make_user(context, taken)
    assert user_count(context) == 1


@pytest.mark.parametrize(
    ("username", "password", "field"),
    [
        ("", PASSWORD, "username"),
        ("a" * 31, PASSWORD, "username"),
        ("with space", PASSWORD, "username"),
        ("dash-ed", PASSWORD, "username"),
        ("émile", PASSWORD, "username"),
        ("dave", "short", "password"),
    ],
)
def test_bad_accounts_are_refused_and_nothing_is_stored(context: Context, username: str, password: str, field: str) -> None:
    with pytest.raises(Invalid) as refused:
        accounts.sign_up(context, username=username, password=password)
    assert field in refused.value.errors
    assert user_count(context) == 0


def test_concurrent_sign_ups_of_one_name_make_exactly_one_account(context: Context) -> None:
    outcomes = all_at_once(lambda _: make_user(context, "erin"), 12)
    assert sum(isinstance(o, dict) for o in outcomes) == 1
    assert sum(isinstance(o, Conflict) for o in outcomes) == 11
    assert user_count(context) == 1


def test_log_in_gives_a_token_that_authenticates_until_log_out(context: Context) -> None:
    make_user(context, "frank")
    token, card = sessions.log_in(context, username="Frank", password=PASSWORD)
    assert len(token) >= 40 and card["username"] == "frank"
    viewer = sessions.authenticate(context, token)
    assert viewer is not None and viewer.username == "frank"
    stored = context.graph.execute("MATCH (s:Session) RETURN s.token_hash")[1]
    assert stored == [[sessions.hash_token(token)]] and token not in stored[0][0]
    sessions.log_out(context, viewer)
    assert sessions.authenticate(context, token) is None
    sessions.log_out(context, viewer)  # idempotent


def test_each_log_in_is_its_own_session(context: Context) -> None:
    make_user(context, "gina")
    first, _ = sessions.log_in(context, username="gina", password=PASSWORD)
    second, _ = sessions.log_in(context, username="gina", password=PASSWORD)
    sessions.log_out(context, sessions.authenticate(context, first))
    assert sessions.authenticate(context, first) is None
    assert sessions.authenticate(context, second) is not None


@pytest.mark.parametrize(("username", "password"), [("hank", "wrong password"), ("nobody", PASSWORD)])
def test_wrong_credentials_are_refused_alike(context: Context, username: str, password: str) -> None:
    make_user(context, "hank")
    with pytest.raises(Unauthenticated) as refused:
        sessions.log_in(context, username=username, password=password)
    assert refused.value.detail == "Wrong username or password."


def fail_logins(ctx: Context, username: str, times: int) -> None:
    for _ in range(times):
        with pytest.raises(Unauthenticated):
            sessions.log_in(ctx, username=username, password="not the password")


@pytest.fixture(params=["memory", "redis"])
def throttled_context(request: pytest.FixtureRequest, context: Context) -> tuple[Context, list[float]]:
    """A context whose counters (in-process or a real Redis) run on a clock the test moves."""
    clock = [1_000_000.0]
    if request.param == "memory":
        counters = MemoryCounters(clock=lambda: clock[0])
    else:
        counters = RedisCounters(request.getfixturevalue("redis_client"), clock=lambda: clock[0])
    return Context(**{**vars(context), "counters": counters}), clock


def test_ten_failures_throttle_the_username_even_for_the_right_password(throttled_context) -> None:
    ctx, clock = throttled_context
    make_user(ctx, "ivan")
    fail_logins(ctx, "ivan", 10)
    with pytest.raises(Throttled) as throttled:
        sessions.log_in(ctx, username="ivan", password=PASSWORD)
    assert 0 < throttled.value.retry_after <= 15 * 60
    clock[0] += throttled.value.retry_after
    token, _ = sessions.log_in(ctx, username="ivan", password=PASSWORD)
    assert sessions.authenticate(ctx, token) is not None


def test_the_window_slides(throttled_context) -> None:
    ctx, clock = throttled_context
    make_user(ctx, "judy")
    fail_logins(ctx, "judy", 5)
    clock[0] += 10 * 60
    fail_logins(ctx, "judy", 5)
    with pytest.raises(Throttled) as throttled:
        sessions.log_in(ctx, username="judy", password=PASSWORD)
    assert throttled.value.retry_after == 5 * 60  # when the first five leave the window
    clock[0] += 5 * 60
    sessions.log_in(ctx, username="judy", password=PASSWORD)


def test_throttling_one_username_leaves_others_alone(throttled_context) -> None:
    ctx, _ = throttled_context
    make_user(ctx, "kate")
    make_user(ctx, "leo")
    fail_logins(ctx, "kate", 10)
    sessions.log_in(ctx, username="leo", password=PASSWORD)


def test_a_successful_log_in_forgets_earlier_failures(context: Context) -> None:
    make_user(context, "mia")
    fail_logins(context, "mia", 9)
    sessions.log_in(context, username="mia", password=PASSWORD)
    fail_logins(context, "mia", 9)
    sessions.log_in(context, username="mia", password=PASSWORD)


def test_a_hash_made_with_weaker_parameters_is_upgraded_at_log_in(context: Context) -> None:
    make_user(context, "nina")
    stronger = PasswordHasher(time_cost=2, memory_cost=2048, parallelism=1)
    upgraded = Context(**{**vars(context), "passwords": stronger})
    sessions.log_in(upgraded, username="nina", password=PASSWORD)
    stored = context.graph.read("accounts/credentials", username="nina")[0]["password_hash"]
    assert not stronger.check_needs_rehash(stored)
    sessions.log_in(upgraded, username="nina", password=PASSWORD)


def test_update_profile_changes_only_what_is_given(context: Context) -> None:
    viewer = make_viewer(context, "oscar", display_name="Oscar", bio="hello")
    card = accounts.update_profile(context, viewer.id, bio="new bio")
    assert (card["display_name"], card["bio"], card["private"]) == ("Oscar", "new bio", False)
    card = accounts.update_profile(context, viewer.id, private=True, display_name="")
    assert (card["display_name"], card["bio"], card["private"]) == ("", "new bio", True)


def test_an_unknown_user_is_not_found(context: Context) -> None:
    with pytest.raises(NotFound):
        accounts.profile(context, "ghost")
