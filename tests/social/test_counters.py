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
import io
from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, given, note, settings, strategies as st

from feed.objects import LocalObjectCache
from graph.gateway import Graph
from social import accounts, blocks, comments, follows, likes, photos
from social.context import Context
from social.errors import SocialError
from tests.concurrency import all_at_once, errors_of
from tests.counters import assert_counters_match
from tests.factories.images import jpeg_bytes
from tests.factories.users import PASSWORD, make_user

THREADS = 16
SMALL_JPEG = jpeg_bytes(32, 24)


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


TAGS = ("sun", "sea", "sky")


def _caption(pick: int) -> str:
    """A caption with the hashtags the pick's low bits choose, and a mention of u0."""
    return " ".join(f"#{tag}" for i, tag in enumerate(TAGS) if pick >> i & 1) + " with @u0"


def _ids(world: World, query: str, **params: Any) -> list[int]:
    return [row[0] for row in world.ctx.graph.execute(query, params)[1]]


def _photo_of(world: World, user: int, pick: int) -> int:
    """One of ``user``'s photos chosen by ``pick`` (a missing one when there are none: the rules refuse it)."""
    photos_ = _ids(world, "MATCH (:User {id: $id})-[:POSTED]->(p:Photo) RETURN p.id ORDER BY p.id", id=world.id(user))
    return photos_[pick % len(photos_)] if photos_ else 1


def _pick(world: World, step: Step, query: str) -> list[Any] | None:
    """One row of ``query`` chosen by the step's ``pick`` (its lowest bit left for :func:`_actor_or_owner`)."""
    rows = world.ctx.graph.execute(query)[1]
    return rows[(step.pick >> 1) % len(rows)] if rows else None


def _actor_or_owner(world: World, step: Step, owner_id: int) -> int:
    """The step's actor, or every other time the owner of what is acted on, who always sees it (so acts succeed)."""
    return world.id(step.actor) if step.pick & 1 else owner_id


PHOTOS = "MATCH (o:User)-[:POSTED]->(p:Photo) RETURN o.id, p.id ORDER BY p.id"
COMMENTS = "MATCH (o:User)-[:POSTED]->(:Photo)<-[:`ON`]-(c:Comment) RETURN o.id, c.id ORDER BY c.id"


def _like(world: World, step: Step, query: str) -> Any:
    """Like a photo or comment in the graph, as the actor or as its photo's owner."""
    found = _pick(world, step, query)
    if found is None:
        return "nothing to like"
    like = likes.like_photo if query == PHOTOS else likes.like_comment
    return like(world.ctx, _actor_or_owner(world, step, found[0]), found[1])


def _undo_a_like(world: World, step: Step, label: str) -> Any:
    """Some user takes back one of the likes of a photo or comment in the graph (chosen by ``pick``)."""
    found = world.ctx.graph.execute(
        f"MATCH (u:User)-[:LIKED]->(n:{label}) RETURN u.id, n.id ORDER BY u.id, n.id"
    )[1]
    if not found:
        return "nothing to unlike"
    user_id, thing_id = found[step.pick % len(found)]
    unlike = likes.unlike_photo if label == "Photo" else likes.unlike_comment
    return unlike(world.ctx, user_id, thing_id)


def _delete_a_comment(world: World, step: Step) -> Any:
    """A comment in the graph (chosen by ``pick``) deleted by its author or by its photo's owner."""
    found = world.ctx.graph.execute(
        "MATCH (a:User)-[:COMMENTED]->(c:Comment)-[:`ON`]->(:Photo)<-[:POSTED]-(o:User) RETURN a.id, o.id, c.id ORDER BY c.id"
    )[1]
    if not found:
        return "nothing to delete"
    author, owner, comment = found[(step.pick >> 1) % len(found)]  # the lowest bit says who deletes
    return comments.delete_comment(world.ctx, author if step.pick & 1 else owner, comment)


def _post(world: World, step: Step) -> None:
    photos.post_photo(world.ctx, world.id(step.actor), io.BytesIO(SMALL_JPEG), caption=_caption(step.pick))


def _seed(world: World, user: int) -> None:
    """A photo by ``user`` with a thread on it (a comment, a reply) whose opening comment ``user`` likes."""
    ctx, me = world.ctx, world.id(user)
    photo = photos.post_photo(ctx, me, io.BytesIO(SMALL_JPEG), caption=_caption(user))["id"]
    opening = comments.add_comment(ctx, me, photo, "first")["id"]
    comments.add_comment(ctx, me, photo, "second", reply_to=opening)
    likes.like_comment(ctx, me, opening)


def _comment(world: World, step: Step) -> Any:
    """Comment on a photo in the graph, as the actor or its owner; every other time, reply to a comment on it."""
    found = _pick(world, step, PHOTOS)
    if found is None:
        return "nothing to comment on"
    owner, photo = found
    on_it = _ids(world, "MATCH (c:Comment)-[:`ON`]->(:Photo {id: $id}) RETURN c.id ORDER BY c.id", id=photo)
    replied = on_it[(step.pick >> 4) % len(on_it)] if on_it and step.pick & 2 else None
    actor = _actor_or_owner(world, step, owner)
    return comments.add_comment(world.ctx, actor, photo, _caption(step.pick >> 2), reply_to=replied)


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
    "post_photo": (3, _post),
    "edit_caption": (1, lambda w, s: photos.update_photo(
        w.ctx, w.id(s.actor), _photo_of(w, s.actor, s.pick), caption=_caption(s.pick >> 3)
    )),
    "delete_photo": (1, lambda w, s: photos.delete_photo(w.ctx, w.id(s.actor), _photo_of(w, s.actor, s.pick))),
    "like_photo": (3, lambda w, s: _like(w, s, PHOTOS)),
    "unlike_photo": (2, lambda w, s: _undo_a_like(w, s, "Photo")),
    "comment": (3, _comment),
    "delete_comment": (2, _delete_a_comment),
    "like_comment": (3, lambda w, s: _like(w, s, COMMENTS)),
    "unlike_comment": (2, lambda w, s: _undo_a_like(w, s, "Comment")),
}
"""Every action the property test draws from (the photo ones pick among what exists by ``Step.pick``)."""

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
    wipe(context.graph)  # not a write of the rules: the example gets an empty object cache with its empty graph
    world = World.sign_up(dataclasses.replace(context, objects=LocalObjectCache()), private)
    for user in range(len(private)):  # something for every action to act on from the start
        _seed(world, user)
    for user in range(len(private)):  # and likes across accounts, for account deletion to take back
        world.apply(Step("like_photo", user, user, 2 * ((user + 1) % len(private)) + 1))
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
