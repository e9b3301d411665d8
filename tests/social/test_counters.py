"""Stored counters stay exact: after any sequence of actions, and under concurrency, each equals a live count.

The property test draws 4–5 users and a random sequence of actions from
:data:`ACTIONS`, runs them through the rules (refusals are part of the game),
then checks every ``_count`` property of every label against what it counts
(:func:`tests.counters.assert_counters_match`). To cover a new counter, add the
actions that change it to :data:`ACTIONS`; a counter without a live count in
:data:`tests.counters.LIVE_COUNTS` fails every example.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, given, note, settings, strategies as st

from graph.gateway import Graph
from social import accounts, blocks, follows
from social.context import Context
from social.errors import SocialError
from tests.concurrency import all_at_once, errors_of
from tests.counters import assert_counters_match
from tests.factories.users import PASSWORD, make_user

THREADS = 16


@dataclasses.dataclass(frozen=True)
class Step:
    """One drawn action: who does it, to whom, and a free number an action may use to choose among things."""

    action: str
    actor: int
    other: int
    pick: int


class _Deleted(Exception):
    """A step's acting user was deleted earlier in the example."""


@dataclasses.dataclass
class World:
    """The rules over one example's users, by index; a deleted user's id becomes ``None``."""

    ctx: Context
    ids: list[int | None]

    @classmethod
    def sign_up(cls, ctx: Context, private: list[bool]) -> World:
        cards = [accounts.sign_up(ctx, username=f"u{i}", password=PASSWORD, private=p) for i, p in enumerate(private)]
        return cls(ctx, [card["id"] for card in cards])

    def id(self, user: int) -> int:
        """The id of a user who acts in a step; a deleted one cannot act, so the step is skipped."""
        user_id = self.ids[user]
        if user_id is None:
            raise _Deleted
        return user_id

    @staticmethod
    def name(user: int) -> str:
        return f"u{user}"

    def delete(self, user: int) -> None:
        accounts.delete_account(self.ctx, self.id(user))
        self.ids[user] = None

    def apply(self, step: Step) -> Any:
        """Run the step through the rules: its answer, the refusal's class, or "skipped" (a deleted user acts)."""
        try:
            return ACTIONS[step.action][1](self, step)
        except SocialError as refused:  # a deleted account acted upon is one of these: NotFound
            return type(refused).__name__
        except _Deleted:
            return "skipped"


def _request_and_approve(world: World, step: Step) -> str:
    follows.follow(world.ctx, world.id(step.actor), world.name(step.other))
    return follows.approve_request(world.ctx, world.id(step.other), world.name(step.actor))


Action = Callable[[World, Step], Any]

ACTIONS: dict[str, tuple[int, Action]] = {
    # name: (weight when drawing, what it does). Follows come first: the other actions act on them.
    "follow": (4, lambda w, s: follows.follow(w.ctx, w.id(s.actor), w.name(s.other))),
    "unfollow": (2, lambda w, s: follows.unfollow(w.ctx, w.id(s.actor), w.name(s.other))),
    "request_and_approve": (2, _request_and_approve),
    "approve": (1, lambda w, s: follows.approve_request(w.ctx, w.id(s.other), w.name(s.actor))),
    "deny": (1, lambda w, s: follows.deny_request(w.ctx, w.id(s.other), w.name(s.actor))),
    "remove_follower": (1, lambda w, s: follows.remove_follower(w.ctx, w.id(s.other), w.name(s.actor))),
    "block": (1, lambda w, s: blocks.block(w.ctx, w.id(s.actor), w.name(s.other))),
    "unblock": (1, lambda w, s: blocks.unblock(w.ctx, w.id(s.actor), w.name(s.other))),
    "set_private": (2, lambda w, s: accounts.update_profile(w.ctx, w.id(s.actor), private=s.pick % 2 == 0)),
    "delete_account": (1, lambda w, s: w.delete(s.actor)),
}
"""Every action the property test draws from; add photo, like and comment actions here."""

_DRAWN = [name for name, (weight, _) in ACTIONS.items() for _ in range(weight)]


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[list[bool], list[Step]]:
    """Which of 4–5 users start private, then an opening of follows and 10–30 steps among them.

    The opening (each ordered pair following or asking to, at random) gives the
    later steps follows and requests to act on; a step's two users always differ.
    """
    private = draw(st.lists(st.booleans(), min_size=4, max_size=5))
    n = len(private)
    pairs = [(a, b) for a in range(n) for b in range(n) if a != b]
    opening = [Step("follow", a, b, 0) for (a, b) in pairs if draw(st.booleans(), label=f"u{a} follows u{b}")]

    @st.composite
    def step(draw_step: st.DrawFn) -> Step:
        actor, offset = draw_step(st.integers(0, n - 1)), draw_step(st.integers(1, n - 1))
        return Step(draw_step(st.sampled_from(_DRAWN)), actor, (actor + offset) % n, draw_step(st.integers(0, 1 << 16)))

    return private, opening + draw(st.lists(step(), min_size=10, max_size=30))


def wipe(graph: Graph) -> None:
    """Everything but the schema version: each example starts from an empty graph on the test's one file."""
    graph.execute("MATCH (n:User|Username|Photo|Comment|Hashtag|Session) DETACH DELETE n", write=True)


# Hypothesis runs every example in one test call, so the function-scoped graph is wiped for each.
@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(scenario=scenarios())
def test_every_stored_counter_equals_its_live_count_after_any_sequence(context: Context, scenario: Any) -> None:
    private, steps = scenario
    wipe(context.graph)
    world = World.sign_up(context, private)
    for number, step in enumerate(steps):
        note(f"step {number}: {step} -> {world.apply(step)}")
    assert_counters_match(context.graph)


# -- concurrency -----------------------------------------------------------------


def counts(ctx: Context, username: str) -> dict[str, int]:
    return accounts.profile(ctx, username)["counts"]


def test_going_public_approves_every_pending_request_and_counts_each(context: Context) -> None:
    owner = make_user(context, "owner", private=True)["id"]
    for i in range(3):
        follows.follow(context, make_user(context, f"fan{i}")["id"], "owner")

    accounts.update_profile(context, owner, private=False)

    assert counts(context, "owner")["followers"] == 3
    assert all(counts(context, f"fan{i}")["following"] == 1 for i in range(3))
    assert_counters_match(context.graph)


def test_sixteen_users_following_then_unfollowing_one_account_at_once_keep_its_count_exact(context: Context) -> None:
    make_user(context, "star")
    fans = [make_user(context, f"fan{i}")["id"] for i in range(THREADS)]

    assert not errors_of(all_at_once(lambda i: follows.follow(context, fans[i], "star"), THREADS))
    assert counts(context, "star")["followers"] == THREADS
    assert_counters_match(context.graph)

    assert not errors_of(all_at_once(lambda i: follows.unfollow(context, fans[i], "star"), THREADS))
    assert counts(context, "star")["followers"] == 0
    assert_counters_match(context.graph)


def test_one_follow_made_and_removed_from_sixteen_threads_at_once_counts_once(context: Context) -> None:
    fan, star = make_user(context, "fan")["id"], make_user(context, "star", private=True)["id"]

    assert not errors_of(all_at_once(lambda _: follows.follow(context, fan, "star"), THREADS))
    assert not errors_of(all_at_once(lambda _: follows.approve_request(context, star, "fan"), THREADS))
    assert (counts(context, "star")["followers"], counts(context, "fan")["following"]) == (1, 1)

    assert not errors_of(all_at_once(lambda _: follows.remove_follower(context, star, "fan"), THREADS))
    assert (counts(context, "star")["followers"], counts(context, "fan")["following"]) == (0, 0)
    assert_counters_match(context.graph)


def test_sixteen_threads_following_unfollowing_and_blocking_one_pair_at_once_leave_exact_counts(
    context: Context,
) -> None:
    a, b = make_user(context, "a")["id"], make_user(context, "b")["id"]
    follows.follow(context, b, "a")
    doings: list[Callable[[], Any]] = [
        lambda: follows.follow(context, a, "b"),
        lambda: follows.unfollow(context, a, "b"),
        lambda: follows.remove_follower(context, a, "b"),
        lambda: blocks.block(context, a, "b"),
        lambda: blocks.unblock(context, a, "b"),
        lambda: follows.follow(context, b, "a"),
    ]

    outcomes = all_at_once(lambda i: doings[i % len(doings)](), THREADS)

    # A block hides each account from the other, so refusals are expected; nothing else is.
    assert all(isinstance(error, SocialError) for error in errors_of(outcomes))
    assert_counters_match(context.graph)
