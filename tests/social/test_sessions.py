"""Sessions through the rules, on a real LadybugDB file and a clock the test moves: expiry, last use, the list, ending one, changing the password."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from typing import Any

import pytest

from social import sessions
from social.context import Context
from social.errors import Invalid, NotFound, NotPermitted, Throttled, Unauthenticated
from tests.clock import Clock
from tests.counting_graph import CountingGraph
from tests.factories.users import PASSWORD, make_user

NEW_PASSWORD = "a new and better one"
DAY = timedelta(days=1)
MINUTE = timedelta(minutes=1)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def ctx(context: Context, clock: Clock) -> Context:
    """The test's context on a clock the test moves, with 30 idle days and 90 days in all (the defaults)."""
    assert (context.settings.session_idle_days, context.settings.session_max_days) == (30, 90)
    return dataclasses.replace(context, now=clock, graph=CountingGraph(context.graph))


def log_in(ctx: Context, username: str, client: str = "") -> str:
    return sessions.log_in(ctx, username=username, password=PASSWORD, client=client)[0]


def stored_last_use(ctx: Context, token: str) -> Any:
    text = "MATCH (s:Session {token_hash: $h}) RETURN s.last_used_at"
    return ctx.graph.execute(text, {"h": sessions.hash_token(token)})[1][0][0]


def session_count(ctx: Context) -> int:
    return ctx.graph.execute("MATCH (s:Session) RETURN count(*)")[1][0][0]


def test_authentication_reads_a_session_once_and_writes_the_last_use_at_most_once_an_hour(ctx: Context, clock: Clock) -> None:
    make_user(ctx, "ann")
    token = log_in(ctx, "ann")
    logged_in_at = clock.now
    calls = ctx.graph.calls
    for minutes, expected_calls in ((1, [("read", "sessions/viewer")]), (30, []), (59, [])):  # then from the cache
        clock.now = logged_in_at + minutes * MINUTE
        calls.clear()
        assert sessions.authenticate(ctx, token).username == "ann"
        assert calls == expected_calls
    assert stored_last_use(ctx, token) == logged_in_at

    clock.now = logged_in_at + timedelta(hours=1, minutes=1)
    calls.clear()
    assert sessions.authenticate(ctx, token) is not None
    assert calls == [("write", "sessions/touch")]
    assert stored_last_use(ctx, token) == clock.now

    clock.advance(10 * MINUTE)
    calls.clear()
    sessions.authenticate(ctx, token)
    assert calls == [("read", "sessions/viewer")]  # the touch made the cache forget it: read once more
    calls.clear()
    sessions.authenticate(ctx, token)
    assert calls == []


def test_a_session_ends_after_the_idle_time_counted_from_its_last_use(ctx: Context, clock: Clock) -> None:
    make_user(ctx, "bob")
    token = log_in(ctx, "bob")
    clock.advance(29 * DAY)
    assert sessions.authenticate(ctx, token) is not None  # and that use is recorded
    clock.advance(30 * DAY - MINUTE)
    assert sessions.authenticate(ctx, token) is not None  # 59 days after log-in, a minute short of 30 idle
    clock.advance(30 * DAY)
    assert sessions.authenticate(ctx, token) is None  # 30 days idle, still short of the 90-day lifetime


def test_a_session_ends_after_its_whole_lifetime_however_much_it_is_used(ctx: Context, clock: Clock) -> None:
    make_user(ctx, "cat")
    token = log_in(ctx, "cat")
    logged_in_at = clock.now
    for days in range(10, 90, 10):
        clock.now = logged_in_at + days * DAY
        assert sessions.authenticate(ctx, token) is not None
    clock.now = logged_in_at + 90 * DAY - MINUTE
    assert sessions.authenticate(ctx, token) is not None
    clock.now = logged_in_at + 90 * DAY
    assert sessions.authenticate(ctx, token) is None


def test_the_idle_and_lifetime_settings_are_obeyed(ctx: Context, clock: Clock) -> None:
    short = dataclasses.replace(ctx, settings=ctx.settings.replace(session_idle_days=1, session_max_days=2))
    make_user(short, "dan")
    token = log_in(short, "dan")
    clock.advance(DAY - MINUTE)
    assert sessions.authenticate(short, token) is not None
    clock.advance(DAY - MINUTE)
    assert sessions.authenticate(short, token) is not None
    clock.advance(2 * MINUTE)
    assert sessions.authenticate(short, token) is None  # two days after log-in
    assert sessions.authenticate(ctx, token) is not None  # the same session under the defaults


def test_a_log_in_ends_the_user_s_expired_sessions_only(ctx: Context, clock: Clock) -> None:
    make_user(ctx, "eve")
    make_user(ctx, "fay")
    old = log_in(ctx, "eve")
    others = log_in(ctx, "fay")
    clock.advance(20 * DAY)
    recent = log_in(ctx, "eve")
    clock.advance(15 * DAY)  # old: idle 35 days; recent: idle 15
    log_in(ctx, "eve")
    assert session_count(ctx) == 3  # old is gone, fay's expired one is not eve's to end
    assert stored_last_use(ctx, recent) is not None
    assert ctx.graph.execute("MATCH (s:Session {token_hash: $h}) RETURN count(*)", {"h": sessions.hash_token(old)})[1] == [[0]]
    assert sessions.authenticate(ctx, others) is None


def test_the_list_shows_my_live_sessions_newest_first_with_the_current_one_marked(ctx: Context, clock: Clock) -> None:
    make_user(ctx, "gus")
    make_user(ctx, "hal")
    first = log_in(ctx, "gus", client="Phone/1.0")
    clock.advance(timedelta(hours=2))
    second = log_in(ctx, "gus", client="x" * 1000)
    log_in(ctx, "hal", client="Not gus")
    clock.advance(timedelta(hours=3))
    viewer = sessions.authenticate(ctx, first)  # a use recorded now

    page = sessions.open_sessions(ctx, viewer, limit=20, cursor=None)

    assert page.next_cursor is None
    newest, oldest = page.items
    assert newest == {
        "id": sessions.authenticate(ctx, second).session_id,
        "created_at": clock.now - timedelta(hours=3),
        "last_used_at": clock.now - timedelta(hours=3),
        "client": "x" * sessions.MAX_CLIENT_LENGTH,
        "current": False,
    }
    assert oldest == {
        "id": viewer.session_id,
        "created_at": clock.now - timedelta(hours=5),
        "last_used_at": clock.now,
        "client": "Phone/1.0",
        "current": True,
    }


def test_the_list_pages_and_leaves_out_expired_sessions(ctx: Context, clock: Clock) -> None:
    make_user(ctx, "ida")
    log_in(ctx, "ida")
    clock.advance(10 * DAY)
    tokens = [log_in(ctx, "ida") for _ in range(3)]
    clock.advance(25 * DAY)  # the first one is 35 days idle
    viewer = sessions.authenticate(ctx, tokens[0])
    first = sessions.open_sessions(ctx, viewer, limit=2, cursor=None)
    second = sessions.open_sessions(ctx, viewer, limit=2, cursor=first.next_cursor)
    listed = [item["id"] for item in first.items + second.items]
    expected = [sessions.authenticate(ctx, token).session_id for token in reversed(tokens)]
    assert listed == expected and second.next_cursor is None


def test_ending_another_of_my_sessions_stops_its_token(ctx: Context) -> None:
    make_user(ctx, "jon")
    mine, other = log_in(ctx, "jon"), log_in(ctx, "jon")
    viewer = sessions.authenticate(ctx, mine)
    sessions.end_session(ctx, viewer, sessions.authenticate(ctx, other).session_id)
    assert sessions.authenticate(ctx, other) is None
    assert sessions.authenticate(ctx, mine) is not None
    sessions.end_session(ctx, viewer, viewer.session_id)  # my own: logging out
    assert sessions.authenticate(ctx, mine) is None


@pytest.mark.parametrize("whose", ["someone else's", "nobody's"])
def test_ending_a_session_that_is_not_mine_is_not_found_and_ends_nothing(ctx: Context, whose: str) -> None:
    make_user(ctx, "kim")
    make_user(ctx, "lou")
    kim = sessions.authenticate(ctx, log_in(ctx, "kim"))
    lou_token = log_in(ctx, "lou")
    target = sessions.authenticate(ctx, lou_token).session_id if whose == "someone else's" else kim.session_id + 1
    with pytest.raises(NotFound):
        sessions.end_session(ctx, kim, target)
    assert sessions.authenticate(ctx, lou_token) is not None
    assert session_count(ctx) == 2


def test_changing_the_password_keeps_my_session_and_ends_the_others(ctx: Context) -> None:
    make_user(ctx, "max")
    make_user(ctx, "ned")
    mine, phone, laptop, neds = log_in(ctx, "max"), log_in(ctx, "max"), log_in(ctx, "max"), log_in(ctx, "ned")
    viewer = sessions.authenticate(ctx, mine)
    sessions.change_password(ctx, viewer, current_password=PASSWORD, new_password=NEW_PASSWORD)
    assert sessions.authenticate(ctx, mine) == viewer
    assert sessions.authenticate(ctx, phone) is None and sessions.authenticate(ctx, laptop) is None
    assert sessions.authenticate(ctx, neds) is not None
    with pytest.raises(Unauthenticated):
        sessions.log_in(ctx, username="max", password=PASSWORD)
    sessions.log_in(ctx, username="max", password=NEW_PASSWORD)


def test_a_wrong_current_password_changes_nothing_and_counts_as_a_failed_login(ctx: Context) -> None:
    make_user(ctx, "oli")
    mine, other = log_in(ctx, "oli"), log_in(ctx, "oli")
    viewer = sessions.authenticate(ctx, mine)
    for _ in range(ctx.settings.login_failure_limit):
        with pytest.raises(NotPermitted):
            sessions.change_password(ctx, viewer, current_password="not it at all", new_password=NEW_PASSWORD)
    assert sessions.authenticate(ctx, other) is not None
    with pytest.raises(Throttled):  # the right password does not get through a throttled username either
        sessions.change_password(ctx, viewer, current_password=PASSWORD, new_password=NEW_PASSWORD)
    with pytest.raises(Throttled):
        sessions.log_in(ctx, username="oli", password=PASSWORD)
    assert sessions.authenticate(ctx, other) is not None


@pytest.mark.parametrize("new_password", ["short", "", "x" * 1025])
def test_a_new_password_must_follow_the_sign_up_rule(ctx: Context, new_password: str) -> None:
    make_user(ctx, "pat")
    mine, other = log_in(ctx, "pat"), log_in(ctx, "pat")
    with pytest.raises(Invalid) as refused:
        sessions.change_password(ctx, sessions.authenticate(ctx, mine), current_password=PASSWORD, new_password=new_password)
    assert "new_password" in refused.value.errors
    assert sessions.authenticate(ctx, other) is not None
    log_in(ctx, "pat")  # the old password still works
