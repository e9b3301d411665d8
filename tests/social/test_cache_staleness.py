"""No stale read from the object cache after any kind of write, in this process and in Redis (with and
without Redis timelines for home feeds).

Each test warms every cached read (every user's card and profile grid as
every viewer sees them, every photo as every viewer sees it, every home
feed, every session's token), makes one kind of write through the rules, and then reads everything
again twice: through the cache, and straight from the graph (the same rules
with :class:`~feed.objects.NoObjectCache`). The two must agree. A write that
forgot to forget one key fails its test here (``test_the_check_is_not_vacuous``
shows one that does).
"""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import redis

from feed.cache import Cache
from feed.fanout import FanOutJobs
from feed.objects import LocalObjectCache, NoObjectCache, RedisObjectCache
from social import accounts, blocks, cached, comments, feeds, follows, hashtags, likes, photos, search, sessions
from social.cards import ANONYMOUS
from social.context import Context
from social.errors import SocialError
from tests.factories.images import jpeg_bytes
from tests.factories.users import PASSWORD, make_user
from tests.feed.conftest import redis_feeds

NAMES = ("ann", "bob", "cat", "dan")
"""ann and cat are public, bob is private, dan is public and follows nobody at first."""
SEARCHES = ("a", "an", "b", "c", "ca", "d", "da", "n", "#c", "#d")
"""Search texts (accounts and hashtags) whose answers are read; every account and hashtag is found by some."""
HASHTAGS = ("ann", "bob", "cat", "new", "dawn")
"""Hashtags whose pages are read: those of the photos and comments below, and those the writes make."""


@dataclasses.dataclass
class World:
    """A few accounts with follows, a request, photos, likes, comments and sessions, through the rules."""

    ctx: Context
    ids: dict[str, int]
    tokens: dict[str, str]
    photos: dict[str, int]
    comments: dict[str, int] = dataclasses.field(default_factory=dict)

    def viewer(self, name: str) -> sessions.Viewer:
        viewer = sessions.authenticate(self.ctx, self.tokens[name])
        assert viewer is not None
        return viewer

    def post(self, name: str, caption: str) -> int:
        return photos.post_photo(self.ctx, self.ids[name], io.BytesIO(jpeg_bytes(32, 24)), caption=caption)["id"]


@pytest.fixture(params=["local", "redis", "redis with timelines"])
def ctx(request: pytest.FixtureRequest, context: Context) -> Iterator[Context]:
    """The rules over a fresh graph with the object cache in this process, or in a real Redis; in the last,
    home feeds are read from Redis timelines kept by fan-out jobs, as the brief's servers run them, with
    accounts of more than one follower too big to fan out (their photos are merged in when a feed is read)."""
    if request.param == "local":
        yield dataclasses.replace(context, objects=LocalObjectCache())
        return
    redis_url = request.getfixturevalue("redis_url")
    redis.Redis.from_url(redis_url).flushdb()
    objects = RedisObjectCache(Cache.from_url(redis_url, 1.0), ttl=600)
    if request.param == "redis":
        yield dataclasses.replace(context, objects=objects)
        return
    feeds = redis_feeds(context.settings, context.graph, redis_url, max_followers=1)
    yield dataclasses.replace(feeds.ctx, objects=objects)
    feeds.stop_jobs()


@pytest.fixture
def world(ctx: Context) -> World:
    ids = {name: make_user(ctx, name, private=name == "bob")["id"] for name in NAMES}
    tokens = {name: sessions.log_in(ctx, username=name, password=PASSWORD)[0] for name in NAMES}
    world = World(ctx, ids, tokens, {})
    follows.follow(ctx, ids["ann"], "cat")
    follows.follow(ctx, ids["cat"], "ann")
    follows.follow(ctx, ids["ann"], "bob")  # a request: bob is private
    follows.follow(ctx, ids["cat"], "bob")
    follows.approve_request(ctx, ids["bob"], "cat")
    for name in ("ann", "bob", "cat"):
        world.photos[name] = world.post(name, f"#{name} by {name}")
    likes.like_photo(ctx, ids["cat"], world.photos["ann"])
    world.comments["ann on cat's"] = comments.add_comment(ctx, ids["ann"], world.photos["cat"], "nice @bob")["id"]
    world.comments["cat's reply"] = comments.add_comment(
        ctx, ids["cat"], world.photos["cat"], "thanks", reply_to=world.comments["ann on cat's"]
    )["id"]
    likes.like_comment(ctx, ids["dan"], world.comments["cat's reply"])
    return world


def every_read(ctx: Context, world: World) -> dict[str, Any]:
    """What every cached read answers now (a refusal by its class name)."""
    answers: dict[str, Any] = {}
    viewers = {"anonymous": ANONYMOUS, **world.ids}
    for viewer_name, viewer_id in viewers.items():
        for name in NAMES:
            answers[f"card of {name} for {viewer_name}"] = _answer(lambda: accounts.profile(ctx, name, viewer_id=viewer_id))
            answers[f"grid of {name} for {viewer_name}"] = _answer(
                lambda: photos.user_photos(ctx, viewer_id, name, limit=50, cursor=None).items
            )
        for owner, photo_id in world.photos.items():
            answers[f"photo of {owner} for {viewer_name}"] = _answer(lambda: photos.get_photo(ctx, photo_id, viewer_id))
            answers[f"comments on {owner}'s photo for {viewer_name}"] = _answer(
                lambda: comments.comments_on(ctx, viewer_id, photo_id, limit=50, cursor=None).items
            )
        for tag in HASHTAGS:
            answers[f"#{tag} for {viewer_name}"] = _answer(
                lambda: hashtags.tagged_photos(ctx, viewer_id, tag, limit=50, cursor=None).items
            )
        for text in SEARCHES:
            answers[f"search {text!r} for {viewer_name}"] = _answer(lambda: search.search(ctx, viewer_id, text, limit=10))
        if viewer_id != ANONYMOUS:
            answers[f"feed of {viewer_name}"] = _answer(lambda: feeds.home_feed(ctx, viewer_id, limit=50, cursor=None).items)
    for name, token in world.tokens.items():
        answers[f"token of {name}"] = _answer(lambda: sessions.authenticate(ctx, token))
    return answers


def _answer(read: Callable[[], Any]) -> Any:
    try:
        return read()
    except SocialError as refused:
        return type(refused).__name__


def assert_no_stale_read(world: World, write: Callable[[World], object]) -> None:
    every_read(world.ctx, world)  # warm every cache
    write(world)
    settle(world.ctx)
    from_cache = every_read(world.ctx, world)
    from_graph = every_read(dataclasses.replace(world.ctx, objects=NoObjectCache(), timelines=None), world)
    stale = {read: (from_cache[read], from_graph[read]) for read in from_graph if from_cache[read] != from_graph[read]}
    assert not stale, f"stale reads (cached, graph): {stale}"


def settle(ctx: Context) -> None:
    """Wait for the fan-out jobs the write enqueued: timelines are current once they have run (by design, not
    at once; the object cache is what this module checks)."""
    if isinstance(ctx.fanout, FanOutJobs):
        ctx.fanout.join()


def _change_password(w: World) -> None:
    sessions.log_in(w.ctx, username="ann", password=PASSWORD)  # a second session, which the change ends
    sessions.change_password(w.ctx, w.viewer("ann"), current_password=PASSWORD, new_password="another horse")


def _end_other_session(w: World) -> None:
    token, _ = sessions.log_in(w.ctx, username="ann", password=PASSWORD)
    w.tokens["ann (second)"] = token
    every_read(w.ctx, w)
    sessions.end_session(w.ctx, w.viewer("ann"), sessions.authenticate(w.ctx, token).session_id)


WRITES: dict[str, Callable[[World], object]] = {
    "follow a public account": lambda w: follows.follow(w.ctx, w.ids["dan"], "ann"),
    "ask to follow a private account": lambda w: follows.follow(w.ctx, w.ids["dan"], "bob"),
    "approve a request": lambda w: follows.approve_request(w.ctx, w.ids["bob"], "ann"),
    "deny a request": lambda w: follows.deny_request(w.ctx, w.ids["bob"], "ann"),
    "withdraw a request": lambda w: follows.unfollow(w.ctx, w.ids["ann"], "bob"),
    "unfollow": lambda w: follows.unfollow(w.ctx, w.ids["cat"], "bob"),
    "remove a follower": lambda w: follows.remove_follower(w.ctx, w.ids["bob"], "cat"),
    "block": lambda w: blocks.block(w.ctx, w.ids["ann"], "cat"),
    "unblock": lambda w: (blocks.block(w.ctx, w.ids["ann"], "cat"), every_read(w.ctx, w), blocks.unblock(w.ctx, w.ids["ann"], "cat")),
    "go private": lambda w: accounts.update_profile(w.ctx, w.ids["ann"], private=True),
    "go public (approving requests)": lambda w: accounts.update_profile(w.ctx, w.ids["bob"], private=False),
    "edit a profile": lambda w: accounts.update_profile(w.ctx, w.ids["cat"], display_name="Cat", bio="hello"),
    "change a display name": lambda w: accounts.update_profile(w.ctx, w.ids["cat"], display_name="Dandy Ann"),
    "sign up": lambda w: make_user(w.ctx, "cab"),
    "like": lambda w: likes.like_photo(w.ctx, w.ids["ann"], w.photos["cat"]),
    "unlike": lambda w: likes.unlike_photo(w.ctx, w.ids["cat"], w.photos["ann"]),
    "comment": lambda w: comments.add_comment(w.ctx, w.ids["cat"], w.photos["bob"], "lovely"),
    "comment on a commented photo": lambda w: comments.add_comment(w.ctx, w.ids["ann"], w.photos["cat"], "again"),
    "comment with a new hashtag": lambda w: comments.add_comment(w.ctx, w.ids["cat"], w.photos["bob"], "#dawn"),
    "post a photo with a hashtag": lambda w: w.post("dan", "#cat again"),
    "reply": lambda w: comments.add_comment(w.ctx, w.ids["bob"], w.photos["cat"], "same", reply_to=w.comments["ann on cat's"]),
    "like a comment": lambda w: likes.like_comment(w.ctx, w.ids["ann"], w.comments["cat's reply"]),
    "unlike a comment": lambda w: likes.unlike_comment(w.ctx, w.ids["dan"], w.comments["cat's reply"]),
    "delete a thread": lambda w: comments.delete_comment(w.ctx, w.ids["ann"], w.comments["ann on cat's"]),
    "delete an account that liked a comment": lambda w: accounts.delete_account(w.ctx, w.ids["dan"]),
    "delete a comment": lambda w: comments.delete_comment(
        w.ctx, w.ids["cat"], comments.comments_on(w.ctx, w.ids["cat"], w.photos["cat"], limit=1, cursor=None).items[0]["id"]
    ),
    "post a photo": lambda w: w.post("cat", "another"),
    "post a photo once followed by many": lambda w: (  # with timelines, ann is then too big to fan out
        follows.follow(w.ctx, w.ids["dan"], "ann"),
        settle(w.ctx),
        every_read(w.ctx, w),
        w.post("ann", "to all of you"),
    ),
    "edit a photo": lambda w: photos.update_photo(w.ctx, w.ids["ann"], w.photos["ann"], caption="#new", alt_text="a sea"),
    "tag an older photo": lambda w: photos.update_photo(w.ctx, w.ids["ann"], w.photos["ann"], caption="#ann and #cat"),
    "delete a photo": lambda w: photos.delete_photo(w.ctx, w.ids["ann"], w.photos["ann"]),
    "delete an account": lambda w: accounts.delete_account(w.ctx, w.ids["cat"]),
    "delete an account, then its name is taken again": lambda w: (
        accounts.delete_account(w.ctx, w.ids["cat"]),
        every_read(w.ctx, w),
        w.ids.update(cat=make_user(w.ctx, "cat")["id"]),
    ),
    "log out": lambda w: sessions.log_out(w.ctx, w.viewer("ann")),
    "end another session": _end_other_session,
    "change the password": _change_password,
}


@pytest.mark.parametrize("write", sorted(WRITES))
def test_no_cached_read_is_stale_after(world: World, write: str) -> None:
    assert_no_stale_read(world, WRITES[write])


def test_the_check_is_not_vacuous(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    """A like that does not change the cache is caught: its photo's count and liked_by_me are stale."""
    monkeypatch.setattr(cached, "record_photo_like", lambda *args, **kwargs: None)
    with pytest.raises(AssertionError, match="stale reads"):
        assert_no_stale_read(world, WRITES["like"])


def test_likes_stay_right_as_a_viewer_outgrows_the_whole_set(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    """A viewer with more likes than LIKES_KEPT is asked the graph per page; back under it, they are kept whole again."""
    monkeypatch.setattr(cached, "LIKES_KEPT", 1)
    ctx, cat, photo = world.ctx, world.ids["cat"], world.photos
    comment = world.comments

    def kept(kind: str) -> dict[str, Any] | None:
        return ctx.objects.get(kind, cat, lambda _key: None)

    assert cached.liked(ctx, cat, photo.values()) == {photo["ann"]}
    assert kept(cached.LIKED) == {"whole": True, "ids": frozenset({photo["ann"]})}
    likes.like_photo(ctx, cat, photo["bob"])
    assert cached.liked(ctx, cat, photo.values()) == {photo["ann"], photo["bob"]}
    assert kept(cached.LIKED) == {"whole": False, "ids": frozenset()}
    likes.unlike_photo(ctx, cat, photo["ann"])
    assert cached.liked(ctx, cat, photo.values()) == {photo["bob"]}
    assert kept(cached.LIKED) == {"whole": True, "ids": frozenset({photo["bob"]})}

    likes.like_comment(ctx, cat, comment["ann on cat's"])
    likes.like_comment(ctx, cat, comment["cat's reply"])
    assert cached.liked_comments(ctx, cat, comment.values()) == set(comment.values())
    assert kept(cached.LIKED_COMMENT) == {"whole": False, "ids": frozenset()}
    likes.unlike_comment(ctx, cat, comment["cat's reply"])
    assert cached.liked_comments(ctx, cat, comment.values()) == {comment["ann on cat's"]}


def test_comments_stay_right_as_a_photo_outgrows_its_kept_ids(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    """Past RECENT_DEPTH comments, the kept oldest ids stay the oldest and say they are not all: pages go on in the graph."""
    monkeypatch.setattr(cached, "RECENT_DEPTH", 2)
    ctx, ann, photo = world.ctx, world.ids["ann"], world.photos["cat"]

    def listed() -> list[str]:
        return [comment["text"] for comment in comments.comments_on(ctx, ann, photo, limit=50, cursor=None).items]

    def kept() -> dict[str, Any] | None:
        return ctx.objects.get(cached.COMMENTS, photo, lambda _key: None)

    assert listed() == ["nice @bob", "thanks"]
    assert kept() == {"ids": list(world.comments.values()), "whole": True}
    comments.add_comment(ctx, ann, photo, "third")
    assert listed() == ["nice @bob", "thanks", "third"]
    assert kept() == {"ids": list(world.comments.values()), "whole": False}


def test_a_hashtag_page_stays_right_as_the_tag_outgrows_its_kept_ids(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    """Past RECENT_DEPTH photos, a tag's kept newest ids stay the newest and say they are not all: pages go on in the
    graph; a new photo joins them, one older than all of them does not."""
    monkeypatch.setattr(cached, "RECENT_DEPTH", 2)
    ctx, dan = world.ctx, world.ids["dan"]

    def page(limit: int = 50, cursor: str | None = None) -> Any:
        return hashtags.tagged_photos(ctx, dan, "sea", limit=limit, cursor=cursor)

    def kept() -> dict[str, Any] | None:
        return ctx.objects.get(cached.TAGGED, "sea", lambda _key: None)

    first, second = world.post("ann", "#sea"), world.post("cat", "#sea")
    assert [photo["id"] for photo in page().items] == [second, first]
    assert kept() == {"ids": [second, first], "whole": True}
    third = world.post("ann", "#sea again")
    assert [photo["id"] for photo in page().items] == [third, second, first]
    assert kept() == {"ids": [third, second], "whole": False}
    one = page(limit=1)
    assert [photo["id"] for photo in one.items] == [third]
    assert [photo["id"] for photo in page(limit=2, cursor=one.next_cursor).items] == [second, first]
    photos.update_photo(ctx, world.ids["bob"], world.photos["bob"], caption="#sea, long ago")  # bob's is private
    assert [photo["id"] for photo in page().items] == [third, second, first]
    assert [photo["id"] for photo in hashtags.tagged_photos(ctx, world.ids["cat"], "sea", limit=50, cursor=None).items] == [
        third,
        second,
        first,
        world.photos["bob"],
    ]
