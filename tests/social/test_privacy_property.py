"""The privacy rule, property-based: random small graphs built through the rules, checked against a model.

Each example signs up 3–6 users with random privacy, then applies a random
sequence of follows, unfollows, approvals, denials, follower removals, blocks,
unblocks and privacy changes, both to the real service (a fresh LadybugDB file)
and to :class:`Model`, a plain-Python reading of API.md and the docstrings.
After every action the answer (or the error) and the FOLLOWS / REQUESTED /
BLOCKED relationships in the graph must equal the model's; at the end every
visibility decision, for every (viewer, owner) pair and the anonymous viewer,
must follow the one rule — through the gate, the user lists and the cards, and
through every photo read path: each user posts a photo tagged ``#all`` at the
start, likes and comments are among the random actions, and at the end each
photo, its likes and comments, each profile grid, the hashtag page, each
home feed, each user's notifications, suggestions and explore, and each search
must show exactly what the rule lets them see.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import itertools
import shutil
from pathlib import Path
from datetime import timedelta
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from typing import Any

import pytest
import redis
from hypothesis import HealthCheck, Phase, given, note, settings, strategies as st

from graph.backends.ladybug import LadybugGraph
from graph.catalog import Catalog, default_root
from graph.migrations import setup_schema
from instagraph.settings import Settings
from social import accounts, blocks, comments, discovery, feeds, follows, hashtags, likes, notifications, photos, privacy, search
from social.cards import ANONYMOUS
from feed.suggestions import SuggestionStore
from jobs.suggestions import store_suggestions
from social.context import Context
from social.errors import Invalid, NotFound, NotPermitted, SocialError
from tests.feed.conftest import redis_feeds
from tests.factories.images import jpeg_bytes
from tests.factories.users import PASSWORD

SMALL_JPEG = jpeg_bytes(32, 24)

Pair = tuple[int, int]
Outcome = tuple[str, Any]
"""``("ok", value)`` or ``("error", exception class)``."""

ACTIONS = (
    # Weighted by repetition: follows are what everything else acts on.
    *["follow"] * 6,
    "unfollow",
    *["approve_request"] * 3,
    "deny_request",
    "remove_follower",
    *["block"] * 2,
    "unblock",
    *["set_private"] * 2,
    *["like"] * 2,
    *["comment"] * 2,
)

HASHTAG = "all"


# -- the reference model ---------------------------------------------------------


@dataclasses.dataclass
class Model:
    """The rules as plain sets. Users are indices ``0..n-1``; ``-1`` is the anonymous viewer.

    ``follows`` maps ``(follower, followed)`` to the tick the follow was made at:
    lists are newest first, and the follows one privacy change approves share a tick.
    """

    private: list[bool]
    follows: dict[Pair, int] = dataclasses.field(default_factory=dict)
    requests: set[Pair] = dataclasses.field(default_factory=set)
    blocks: set[Pair] = dataclasses.field(default_factory=set)
    likes: set[Pair] = dataclasses.field(default_factory=set)
    approved: set[Pair] = dataclasses.field(default_factory=set)
    comments: list[Pair] = dataclasses.field(default_factory=list)
    tick: int = 0

    def blocked_either_way(self, a: int, b: int) -> bool:
        return (a, b) in self.blocks or (b, a) in self.blocks

    def can_see(self, viewer: int, owner: int) -> bool:
        """THE rule: the owner, or no block either way and (public or an approved follower)."""
        return viewer == owner or (
            not self.blocked_either_way(viewer, owner) and (not self.private[owner] or (viewer, owner) in self.follows)
        )

    def _add_follow(self, pair: Pair, approved: bool = False) -> None:
        """A new follow at this tick (an existing one is kept), remembered as approved or not."""
        if pair not in self.follows:
            self.follows[pair] = self.tick
            (self.approved.add if approved else self.approved.discard)(pair)

    # One method per action, named like the service function; each returns an Outcome.

    def follow(self, viewer: int, target: int) -> Outcome:
        if self.blocked_either_way(viewer, target):
            return ("error", NotFound)
        if viewer == target:
            return ("error", Invalid)
        if (viewer, target) in self.follows:
            return ("ok", follows.FOLLOWING)
        if not self.private[target]:
            self._add_follow((viewer, target))
            return ("ok", follows.FOLLOWING)
        self.requests.add((viewer, target))
        return ("ok", follows.REQUESTED)

    def unfollow(self, viewer: int, target: int) -> Outcome:
        if self.blocked_either_way(viewer, target):
            return ("error", NotFound)
        self.follows.pop((viewer, target), None)
        self.requests.discard((viewer, target))
        return ("ok", None)

    def approve_request(self, viewer: int, requester: int) -> Outcome:
        if (requester, viewer) in self.blocks:
            return ("error", NotFound)
        if (requester, viewer) in self.requests:
            self.requests.discard((requester, viewer))
            self._add_follow((requester, viewer), approved=True)
            return ("ok", follows.FOLLOWING)
        if (requester, viewer) in self.follows:  # a retried approval answers the same
            return ("ok", follows.FOLLOWING)
        return ("error", NotFound)

    def deny_request(self, viewer: int, requester: int) -> Outcome:
        if (requester, viewer) in self.blocks:
            return ("error", NotFound)
        self.requests.discard((requester, viewer))
        return ("ok", None)

    def remove_follower(self, viewer: int, follower: int) -> Outcome:
        if (follower, viewer) in self.blocks:
            return ("error", NotFound)
        self.follows.pop((follower, viewer), None)
        return ("ok", None)

    def block(self, viewer: int, target: int) -> Outcome:
        if (target, viewer) in self.blocks:  # already blocked by them: they are hidden
            return ("error", NotFound)
        if viewer == target:
            return ("error", Invalid)
        for pair in ((viewer, target), (target, viewer)):
            self.follows.pop(pair, None)
            self.requests.discard(pair)
        self.blocks.add((viewer, target))
        return ("ok", None)

    def unblock(self, viewer: int, target: int) -> Outcome:
        if (target, viewer) in self.blocks:
            return ("error", NotFound)
        self.blocks.discard((viewer, target))
        return ("ok", None)

    def set_private(self, viewer: int, private: bool) -> Outcome:
        self.private[viewer] = private
        if not private:  # going public approves every pending request
            for pair in sorted(p for p in self.requests if p[1] == viewer):
                self.requests.discard(pair)
                self._add_follow(pair, approved=True)
        return ("ok", private)

    def like(self, viewer: int, owner: int) -> Outcome:
        """``viewer`` likes ``owner``'s photo (one photo each)."""
        if not self.can_see(viewer, owner):
            return ("error", NotFound)
        self.likes.add((viewer, owner))
        return ("ok", None)

    def comment(self, viewer: int, owner: int) -> Outcome:
        """``viewer`` comments on ``owner``'s photo."""
        if not self.can_see(viewer, owner):
            return ("error", NotFound)
        self.comments.append((viewer, owner))
        return ("ok", None)

    def notifications_of(self, user: int) -> list[tuple[str, int]]:
        """``(type, actor)`` of every notification ``user`` should have, sorted (the model keeps no order)."""
        others = [u for u in range(len(self.private)) if u != user and not self.blocked_either_way(u, user)]
        found = [("follow", a) for (a, b) in self.follows if b == user and (a, b) not in self.approved]
        found += [("follow_request", a) for (a, b) in self.requests if b == user]
        found += [("follow_approved", b) for (a, b) in self.follows if a == user and (a, b) in self.approved]
        found += [("like", a) for (a, b) in self.likes if b == user and a in others]
        found += [("comment", a) for (a, b) in self.comments if b == user and a in others]
        return sorted(found)

    def followers_of(self, owner: int) -> set[int]:
        return {a for (a, b) in self.follows if b == owner}

    def following_of(self, owner: int) -> set[int]:
        return {b for (a, b) in self.follows if a == owner}


# -- the real service, one fresh graph per example -------------------------------


@dataclasses.dataclass
class World:
    """The service over one example's graph, with the users it signed up.

    Its context keeps home timelines in Redis, fanned out by a worker in this process;
    ``settle`` runs the fan-out jobs queued so far (starting the worker the first time).
    """

    ctx: Context
    ids: list[int]
    photo_ids: list[int]
    settle: Callable[[], None]

    def name(self, user: int) -> str:
        return f"u{user}"

    def viewer_id(self, user: int) -> int:
        return ANONYMOUS if user == -1 else self.ids[user]

    def index(self, user_id: int) -> int:
        return self.ids.index(user_id)

    def apply(self, action: str, actor: int, other: Any) -> Outcome:
        """Run one action through the rules; the answer, or the class of the refusal."""
        ctx, me = self.ctx, self.ids[actor]
        calls: dict[str, Callable[[], Any]] = {
            "follow": lambda: follows.follow(ctx, me, self.name(other)),
            "unfollow": lambda: follows.unfollow(ctx, me, self.name(other)),
            "approve_request": lambda: follows.approve_request(ctx, me, self.name(other)),
            "deny_request": lambda: follows.deny_request(ctx, me, self.name(other)),
            "remove_follower": lambda: follows.remove_follower(ctx, me, self.name(other)),
            "block": lambda: blocks.block(ctx, me, self.name(other)),
            "unblock": lambda: blocks.unblock(ctx, me, self.name(other)),
            "set_private": lambda: accounts.update_profile(ctx, me, private=other)["private"],
            "like": lambda: likes.like_photo(ctx, me, self.photo_ids[other]),
            "comment": lambda: _no_answer(comments.add_comment(ctx, me, self.photo_ids[other], f"from u{actor}")),
        }
        try:
            return ("ok", calls[action]())
        except SocialError as refused:
            return ("error", type(refused))

    def edges(self) -> dict[str, set[Pair]]:
        """The FOLLOWS, REQUESTED and BLOCKED pairs in the graph (one query: it runs after every step)."""
        found: dict[str, set[Pair]] = {"FOLLOWS": set(), "REQUESTED": set(), "BLOCKED": set()}
        _, rows = self.ctx.graph.execute(
            "MATCH (a:User)-[r:FOLLOWS|REQUESTED|BLOCKED]->(b:User) RETURN a.id, label(r), b.id"
        )
        for a, relationship, b in rows:
            found[relationship].add((self.index(a), self.index(b)))
        return found


@pytest.fixture(scope="module")
def new_world(
    tmp_path_factory: pytest.TempPathFactory, redis_url: str
) -> Callable[..., AbstractContextManager[World]]:
    """Makes a :class:`World` on a fresh LadybugDB file and an emptied Redis, closed after the example.

    Hypothesis runs many examples inside one test call, so the function-scoped
    ``context`` fixture cannot give each its own graph; this builds them the same way.
    Every user's timeline is built before the first action, so that the
    actions' fan-out, and the reads' repair of what it left behind, are tested;
    accounts with two followers or more count as big, so both fan-out and the
    read-time merge of big accounts' posts are.
    """
    folder = tmp_path_factory.mktemp("privacy-property")
    settings_ = Settings.from_env({"INSTAGRAPH_HOME": str(folder / "home"), "INSTAGRAPH_SECRET_KEY": "test-secret"})
    numbers = itertools.count()

    @contextlib.contextmanager
    def world(private: list[bool], catalog: Catalog | None = None) -> Iterator[World]:
        graph = LadybugGraph(folder / f"graph-{next(numbers)}", catalog=catalog)
        redis.Redis.from_url(redis_url).flushdb()
        # Accounts with 2+ followers are merged at read time. The fan-out worker
        # starts only when the checks first read a feed: its threads' polling
        # uses the global `random`, which Hypothesis forbids while it draws, and
        # every job then runs against the final graph, in any order.
        on_redis = redis_feeds(settings_, graph, redis_url, max_followers=1, start=False)
        try:
            setup_schema(graph)
            ctx = on_redis.ctx
            ids = [
                accounts.sign_up(ctx, username=f"u{i}", password=PASSWORD, private=p)["id"]
                for i, p in enumerate(private)
            ]
            photo_ids = [
                photos.post_photo(ctx, user_id, io.BytesIO(SMALL_JPEG), caption=f"#{HASHTAG}")["id"] for user_id in ids
            ]
            for user_id in ids:
                feeds.home_feed(ctx, user_id, limit=1, cursor=None)
            yield World(ctx, ids, photo_ids, on_redis.run_jobs)
        finally:
            on_redis.stop_jobs()
            graph.close()

    return world


# -- the scenarios ----------------------------------------------------------------


def next_action(model: Model) -> st.SearchStrategy[tuple[str, int, Any]]:
    """One action for the model's current state.

    Half the time the action picks a user it can act on (a pending requester
    to approve, a follower to remove, a block to lift or to answer), so that
    examples reach deep states; otherwise any user, themselves included.
    """
    users = range(len(model.private))

    @st.composite
    def action(draw: st.DrawFn) -> tuple[str, int, Any]:
        kind, actor = draw(st.sampled_from(ACTIONS)), draw(st.sampled_from(users))
        if kind == "set_private":
            return kind, actor, draw(st.booleans())
        related = {
            "unfollow": {b for (a, b) in [*model.follows, *model.requests] if a == actor},
            "approve_request": {a for (a, b) in [*model.requests, *model.follows] if b == actor},  # retries too
            "deny_request": {a for (a, b) in model.requests if b == actor},
            "remove_follower": model.followers_of(actor),
            "block": {a for (a, b) in model.blocks if b == actor} or set(users) - {actor},  # blocking back: 404
            "unblock": {b for (a, b) in model.blocks if actor in (a, b)} - {actor},
        }.get(kind, set(users) - {actor})
        if related and draw(st.booleans()):
            return kind, actor, draw(st.sampled_from(sorted(related)))
        return kind, actor, draw(st.sampled_from(users))

    return action()


def list_all(list_users: Callable[..., Any], ctx: Context, viewer_id: int, username: str, page_size: int) -> list[int]:
    """Every card id of a user list, walking its pages."""
    ids: list[int] = []
    cursor = None
    while True:
        page = list_users(ctx, viewer_id, username, limit=page_size, cursor=cursor)
        assert len(page.items) <= page_size
        ids.extend(card["id"] for card in page.items)
        if page.next_cursor is None:
            return ids
        assert len(page.items) == page_size
        cursor = page.next_cursor


# An example costs ~0.5 s: no explain phase, so a failure is reported after shrinking alone.
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],
)
@given(
    private=st.lists(st.booleans(), min_size=3, max_size=6),
    steps=st.integers(4, 24),
    page_size=st.sampled_from([1, 2, 100]),
    data=st.data(),
)
def test_every_visibility_decision_follows_the_one_rule(new_world, private, steps, page_size, data) -> None:
    model = Model(private=list(private))
    pairs = list(itertools.permutations(range(len(private)), 2))
    # An opening of follows between random pairs gives lists long enough to page through.
    chosen = data.draw(st.lists(st.booleans(), min_size=len(pairs), max_size=len(pairs)), label="opening follows")
    opening = [("follow", a, b) for (a, b), chosen in zip(pairs, chosen) if chosen]
    with new_world(private) as world:
        for step in range(len(opening) + steps):
            if step == len(opening):  # the nightly job runs between the opening and the random actions
                store_suggestions(world.ctx, SuggestionStore(world.ctx.cache, timedelta(days=1)))
            if step < len(opening):
                action, actor, other = opening[step]
            else:
                action, actor, other = data.draw(next_action(model), label=f"step {step}")
            model.tick = step + 1
            expected = getattr(model, action)(actor, other)
            actual = world.apply(action, actor, other)
            note(f"step {step}: u{actor} {action} {other!r} -> {actual}")
            assert actual == expected, f"step {step}: u{actor} {action} {other!r}"
            expected_edges = {"FOLLOWS": set(model.follows), "REQUESTED": model.requests, "BLOCKED": model.blocks}
            assert world.edges() == expected_edges, f"the graph after step {step}"

        check_every_read(world, model, page_size)


def check_every_read(world: World, model: Model, page_size: int) -> None:
    """Every read path, for every viewer (anonymous too where a route allows it), against the model."""
    users = range(len(model.private))
    for owner, viewer in itertools.product(users, [-1, *users]):
        check_rule_itself(world, model, viewer, owner)
        check_gate(world, model, viewer, owner)
        check_lists(world, model, viewer, owner, page_size)
        check_card(world, model, viewer, owner)
        check_photo_reads(world, model, viewer, owner, page_size)
    for viewer in [-1, *users]:
        check_hashtag_page(world, model, viewer, page_size)
        check_search(world, model, viewer)
    for viewer in users:
        check_home_feed(world, model, viewer, page_size)
        check_notifications(world, model, viewer, page_size)
        check_discovery(world, model, viewer, page_size)


BROKEN_RULES = {
    "blocks ignored": ("NOT EXISTS { MATCH (:User {id: $viewer})-[:BLOCKED]-(blocking:User) WHERE blocking.id = owner.id }", "true"),
    "private ignored": ("owner.private = false", "true"),
    "requests count as follows": ("-[:FOLLOWS]->(followed:User)", "-[:FOLLOWS|REQUESTED]->(followed:User)"),
}
"""Ways to break the one rule (a piece of ``privacy/_can_see.fragment.cypher`` and what replaces it)."""


@pytest.mark.parametrize("broken", [None, *sorted(BROKEN_RULES)])
def test_a_broken_rule_in_a_copy_of_the_catalog_is_caught(new_world, tmp_path: Path, broken: str | None) -> None:
    """The checks above are not vacuous: a copy of the queries with the rule broken fails them (the intact copy passes)."""
    shutil.copytree(default_root(), tmp_path / "cypher")
    rule = tmp_path / "cypher" / "privacy" / "_can_see.fragment.cypher"
    if broken is not None:
        piece, replacement = BROKEN_RULES[broken]
        assert piece in rule.read_text()
        rule.write_text(rule.read_text().replace(piece, replacement))
    model = Model(private=[False, True, False])
    with new_world(model.private, catalog=Catalog("ladybug", tmp_path / "cypher")) as world:
        for action, actor, other in [("follow", 0, 1), ("block", 2, 0)]:  # u0 asks u1; u2 blocks u0
            assert world.apply(action, actor, other) == getattr(model, action)(actor, other)
        if broken is None:
            check_every_read(world, model, page_size=100)
        else:
            with pytest.raises(AssertionError):
                check_every_read(world, model, page_size=100)


BROKEN_PYTHON_RULES = {
    "blocks ignored": lambda viewer, owner, private, mine: owner == viewer or not private or owner in mine.following,
    "private ignored": lambda viewer, owner, private, mine: owner == viewer
    or not (owner in mine.blocking or owner in mine.blocked_by),
    "requests count as follows": lambda viewer, owner, private, mine: owner == viewer
    or (
        not (owner in mine.blocking or owner in mine.blocked_by)
        and (not private or owner in mine.following | mine.requested)
    ),
}
"""Ways to break the rule's Python spelling, :func:`social.privacy.may_see` (cards, single decisions, cached photos)."""


@pytest.mark.parametrize("broken", sorted(BROKEN_PYTHON_RULES))
def test_a_broken_python_rule_is_caught(new_world, monkeypatch: pytest.MonkeyPatch, broken: str) -> None:
    """The same for the rule as :func:`social.privacy.may_see` decides it from cached cards and relations."""
    monkeypatch.setattr(privacy, "may_see", BROKEN_PYTHON_RULES[broken])
    model = Model(private=[False, True, False])
    with new_world(model.private) as world:
        for action, actor, other in [("follow", 0, 1), ("block", 2, 0)]:  # u0 asks u1; u2 blocks u0
            assert world.apply(action, actor, other) == getattr(model, action)(actor, other)
        with pytest.raises(AssertionError):
            check_every_read(world, model, page_size=100)


def check_gate(world: World, model: Model, viewer: int, owner: int) -> None:
    """``privacy.require_visible_content``: the row, 403 for a private account, 404 across a block."""
    where = f"u{owner}'s content for viewer {viewer}"
    try:
        row = privacy.require_visible_content(world.ctx, world.name(owner), world.viewer_id(viewer))
    except NotFound:
        assert viewer != owner and model.blocked_either_way(viewer, owner), f"{where}: NotFound"
    except NotPermitted:
        assert not model.blocked_either_way(viewer, owner), f"{where}: NotPermitted across a block"
        assert not model.can_see(viewer, owner), f"{where}: NotPermitted"
    else:
        assert model.can_see(viewer, owner), f"{where}: shown"
        assert row["id"] == world.ids[owner]


def check_rule_itself(world: World, model: Model, viewer: int, owner: int) -> None:
    """The rule's Python spelling on its own (:func:`social.privacy.may_see` over cached cards and relations).

    Its Cypher spelling is checked by every list, photo, hashtag and feed read below.
    """
    try:
        row = privacy.find_account(world.ctx, world.name(owner), world.viewer_id(viewer))
    except NotFound:
        assert (owner, viewer) in model.blocks, f"u{owner}'s card hidden from viewer {viewer}"
    else:
        assert row["can_see"] == model.can_see(viewer, owner), f"can_see of u{owner} for viewer {viewer}"


def check_lists(world: World, model: Model, viewer: int, owner: int, page_size: int) -> None:
    """Followers and following: the gate's outcome; when shown, the model's users minus blocked ones, newest first."""
    for list_users, expected_users, follow_of in (
        (follows.followers, model.followers_of(owner), lambda u: (u, owner)),
        (follows.following, model.following_of(owner), lambda u: (owner, u)),
    ):
        where = f"{list_users.__name__} of u{owner} for viewer {viewer}"
        try:
            ids = list_all(list_users, world.ctx, world.viewer_id(viewer), world.name(owner), page_size)
        except NotFound:
            assert viewer != owner and model.blocked_either_way(viewer, owner), f"{where}: NotFound"
            continue
        except NotPermitted:
            assert not model.blocked_either_way(viewer, owner) and not model.can_see(viewer, owner), where
            continue
        assert model.can_see(viewer, owner), f"{where}: shown"
        listed = [world.index(i) for i in ids]
        assert len(listed) == len(set(listed)), f"{where}: repeats {listed}"
        assert set(listed) == {u for u in expected_users if not model.blocked_either_way(u, viewer)}, where
        ticks = [model.follows[follow_of(u)] for u in listed]
        assert ticks == sorted(ticks, reverse=True), f"{where}: not newest first {listed}"


def check_card(world: World, model: Model, viewer: int, owner: int) -> None:
    """The profile card: hidden exactly from those the owner blocks; counts and relationship as the model says."""
    where = f"u{owner}'s card for viewer {viewer}"
    try:
        card = accounts.profile(world.ctx, world.name(owner), viewer_id=world.viewer_id(viewer))
    except NotFound:
        assert (owner, viewer) in model.blocks, f"{where}: NotFound"
        return
    assert (owner, viewer) not in model.blocks, f"{where}: shown to a blocked viewer"
    expected = {
        "id": world.ids[owner],
        "username": world.name(owner),
        "display_name": "",
        "bio": "",
        "private": model.private[owner],
        "counts": {
            "photos": 1,
            "followers": len(model.followers_of(owner)),
            "following": len(model.following_of(owner)),
        },
    }
    if viewer != -1:
        expected["relationship"] = {
            "following": (viewer, owner) in model.follows,
            "requested": (viewer, owner) in model.requests,
            "followed_by": (owner, viewer) in model.follows,
            "blocking": (viewer, owner) in model.blocks,
        }
    assert card == expected, where


def _no_answer(_: Any) -> None:
    """Actions whose answer the model does not predict (a new comment's id) answer ``None``."""


def walk(fetch: Callable[[str | None], Any]) -> list[Any]:
    """Every item of a paged list."""
    items: list[Any] = []
    cursor = None
    while True:
        page = fetch(cursor)
        items.extend(page.items)
        if page.next_cursor is None:
            return items
        cursor = page.next_cursor


def check_photo_reads(world: World, model: Model, viewer: int, owner: int, page_size: int) -> None:
    """One photo, its likers and comments (404 unless the rule lets the viewer see them), and the grid."""
    ctx, viewer_id, photo_id = world.ctx, world.viewer_id(viewer), world.photo_ids[owner]
    where = f"u{owner}'s photo for viewer {viewer}"
    reads = {
        "photo": lambda: photos.get_photo(ctx, photo_id, viewer_id),
        "likers": lambda: walk(lambda c: likes.likers(ctx, viewer_id, photo_id, limit=page_size, cursor=c)),
        "comments": lambda: walk(lambda c: comments.comments_on(ctx, viewer_id, photo_id, limit=page_size, cursor=c)),
    }
    answers = {}
    for name, read in reads.items():
        try:
            answers[name] = read()
        except NotFound:
            assert not model.can_see(viewer, owner), f"{where}: {name} NotFound"
    if not model.can_see(viewer, owner):
        assert not answers, f"{where}: shown {sorted(answers)}"
        return
    photo = answers["photo"]
    assert photo["like_count"] == sum(1 for (_, o) in model.likes if o == owner), f"{where}: like_count"
    assert photo["comment_count"] == sum(1 for (_, o) in model.comments if o == owner), f"{where}: comment_count"
    assert photo["liked_by_me"] == ((viewer, owner) in model.likes), f"{where}: liked_by_me"
    shown_likers = {world.index(card["id"]) for card in answers["likers"]}
    assert shown_likers == {u for (u, o) in model.likes if o == owner and not model.blocked_either_way(u, viewer)}
    shown_comments = [world.index(c["author"]["id"]) for c in answers["comments"]]
    assert shown_comments == [u for (u, o) in model.comments if o == owner and not model.blocked_either_way(u, viewer)]
    grid = walk(lambda c: photos.user_photos(ctx, viewer_id, world.name(owner), limit=page_size, cursor=c))
    assert [p["id"] for p in grid] == [photo_id], f"{where}: grid"


def check_hashtag_page(world: World, model: Model, viewer: int, page_size: int) -> None:
    """The hashtag page shows, newest first, exactly the photos whose owners the viewer may see."""
    viewer_id = world.viewer_id(viewer)
    page = walk(lambda c: hashtags.tagged_photos(world.ctx, viewer_id, HASHTAG, limit=page_size, cursor=c))
    expected = [world.photo_ids[o] for o in range(len(world.ids)) if model.can_see(viewer, o)][::-1]
    assert [p["id"] for p in page] == expected, f"#{HASHTAG} for viewer {viewer}"


def check_home_feed(world: World, model: Model, viewer: int, page_size: int) -> None:
    """The home feed, from the graph and from Redis: the viewer's own photo and those they follow, newest first."""
    viewer_id = world.viewer_id(viewer)
    authors = {viewer} | model.following_of(viewer)
    expected = [world.photo_ids[u] for u in range(len(world.ids)) if u in authors][::-1]
    world.settle()
    for path, ctx in (("graph", dataclasses.replace(world.ctx, timelines=None)), ("Redis", world.ctx)):
        feed = walk(lambda c, ctx=ctx: feeds.home_feed(ctx, viewer_id, limit=page_size, cursor=c))
        assert [p["id"] for p in feed] == expected, f"home feed of u{viewer} from {path}"
        assert all(model.can_see(viewer, world.index(p["owner"]["id"])) for p in feed)


def check_notifications(world: World, model: Model, viewer: int, page_size: int) -> None:
    """Each user's notifications: the model's follows, requests, approvals, likes and comments, none across a block."""
    found = walk(lambda c: notifications.notifications(world.ctx, world.viewer_id(viewer), limit=page_size, cursor=c))
    kinds = sorted((n["type"], world.index(n["actor"]["id"])) for n in found)
    assert kinds == model.notifications_of(viewer), f"notifications of u{viewer}"


def check_stored_suggestions(world: World, model: Model, viewer: int, page_size: int) -> None:
    """The job's list, served after the actions since: nobody the viewer now follows, asked to follow or is
    blocked with, and no reason naming an account across a block (its counts are the job's: not checked)."""
    viewer_id = world.viewer_id(viewer)
    served = walk(lambda c: discovery.suggestions(world.ctx, viewer_id, limit=page_size, cursor=c))
    for item in served:
        them = world.index(item["user"]["id"])
        where = f"stored suggestion u{them} for u{viewer}"
        assert them != viewer and them not in model.following_of(viewer), where
        assert (viewer, them) not in model.requests and not model.blocked_either_way(viewer, them), where
        named = [u for u in range(len(world.ids)) if world.name(u) in item["reason"].split()]
        assert not [u for u in named if model.blocked_either_way(viewer, u)], f"{where}: {item['reason']}"


def check_search(world: World, model: Model, viewer: int) -> None:
    """Searching ``u`` (every username here starts with it) finds everyone but those across a block."""
    found = search.search(world.ctx, world.viewer_id(viewer), "u", limit=100)["users"]
    expected = {u for u in range(len(world.ids)) if viewer == -1 or not model.blocked_either_way(u, viewer)}
    assert {world.index(card["id"]) for card in found} == expected, f"search for viewer {viewer}"


def check_discovery(world: World, model: Model, viewer: int, page_size: int) -> None:
    """People you may know (friends of friends with their mutual counts; live, and as stored by the job before
    the random actions) and explore (public photos of strangers)."""
    viewer_id, mine = world.viewer_id(viewer), model.following_of(viewer)
    check_stored_suggestions(world, model, viewer, page_size)
    ctx = dataclasses.replace(world.ctx, cache=None)  # no stored list: the live traversal
    suggested = walk(lambda c: discovery.suggestions(ctx, viewer_id, limit=page_size, cursor=c))
    expected = {
        candidate: sum(1 for friend in mine if (friend, candidate) in model.follows)
        for candidate in range(len(world.ids))
        if candidate != viewer
        and candidate not in mine
        and (viewer, candidate) not in model.requests
        and not model.blocked_either_way(viewer, candidate)
    }
    expected = {candidate: mutual for candidate, mutual in expected.items() if mutual}
    shown = {world.index(s["user"]["id"]): s["mutual_count"] for s in suggested}
    assert shown == expected, f"suggestions for u{viewer}"
    explored = walk(lambda c: discovery.explore(ctx, viewer_id, limit=page_size, cursor=c))
    strangers = {
        world.photo_ids[owner]
        for owner in range(len(world.ids))
        if owner != viewer and owner not in mine and model.can_see(viewer, owner)
    }
    assert {p["id"] for p in explored} == strangers, f"explore for u{viewer}"
