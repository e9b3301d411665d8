"""The home feed on Redis: fan-out, the read-time merge, rebuilds, privacy repair, and Redis dying.

Every test compares the Redis path with the graph's own answer (the source
of truth): the same photos in the same order, page after page.
"""

from __future__ import annotations

import dataclasses
import io
import time
from collections.abc import Callable

import redis

from feed.timelines import HOME, POSTS, key
from graph.gateway import Graph
from instagraph.settings import Settings
from social import accounts, blocks, feeds, follows, photos
from social.context import Context
from tests.conftest import RedisServer
from tests.factories.images import jpeg_bytes
from tests.factories.users import make_user
from tests.feed.conftest import Feeds, redis_feeds

_IMAGE = jpeg_bytes(16, 16)


def post(ctx: Context, user: dict) -> int:
    return photos.post_photo(ctx, user["id"], io.BytesIO(_IMAGE))["id"]


def walk(ctx: Context, viewer: dict, limit: int = 3) -> list[int]:
    """Every photo of the viewer's feed, page by page."""
    seen, cursor = [], None
    while True:
        page = feeds.home_feed(ctx, viewer["id"], limit=limit, cursor=cursor)
        seen += [photo["id"] for photo in page.items]
        if (cursor := page.next_cursor) is None:
            return seen


def from_graph(ctx: Context) -> Context:
    return dataclasses.replace(ctx, timelines=None)


def in_timeline(client: redis.Redis, user: dict, photo_id: int, kind: str = HOME) -> bool:
    return client.zscore(key(user["id"], kind), f"{photo_id:019d}") is not None


def test_a_post_is_fanned_out_to_followers_timelines(feeds: Feeds, redis_client: redis.Redis) -> None:
    ctx = feeds.ctx
    ann, bob, cid = (make_user(ctx, name) for name in ("ann", "bob", "cid"))
    for fan in (bob, cid):
        follows.follow(ctx, fan["id"], "ann")
    walk(ctx, bob), walk(ctx, cid)  # both timelines exist now
    photo = post(ctx, ann)
    feeds.settle()
    assert in_timeline(redis_client, bob, photo) and in_timeline(redis_client, cid, photo)
    assert walk(ctx, bob) == walk(from_graph(ctx), bob) == [photo]


def test_the_redis_feed_equals_the_graph_feed_page_by_page(feeds: Feeds) -> None:
    ctx = feeds.ctx
    users = [make_user(ctx) for _ in range(5)]
    for a in users:
        for b in users:
            if a is not b and (a["id"] + b["id"]) % 3:
                follows.follow(ctx, a["id"], b["username"])
    for round_ in range(4):
        for user in users[round_:]:
            post(ctx, user)
    feeds.settle()
    for viewer in users:
        expected = walk(from_graph(ctx), viewer)
        assert walk(ctx, viewer, limit=2) == expected  # built on the first read
        assert walk(ctx, viewer, limit=4) == expected  # then read from the timeline


def test_an_account_above_the_threshold_is_merged_at_read_time(
    feeds_with: Callable[..., Feeds], redis_client: redis.Redis
) -> None:
    feeds_ = feeds_with(max_followers=2)
    ctx = feeds_.ctx
    star, fans = make_user(ctx, "star"), [make_user(ctx) for _ in range(3)]
    small = make_user(ctx, "small")
    for fan in fans:
        follows.follow(ctx, fan["id"], "star")
    follows.follow(ctx, fans[0]["id"], "small")
    walk(ctx, fans[0])
    feeds_.settle()  # the follows' merges ran before the posts
    star_photo, small_photo = post(ctx, star), post(ctx, small)
    feeds_.settle()
    assert not any(in_timeline(redis_client, fan, star_photo) for fan in fans)  # never fanned out
    assert in_timeline(redis_client, star, star_photo, POSTS)  # but kept in the star's posts
    assert in_timeline(redis_client, fans[0], small_photo)
    assert walk(ctx, fans[0]) == [small_photo, star_photo] == walk(from_graph(ctx), fans[0])
    assert walk(ctx, fans[1]) == [star_photo]
    redis_client.delete(key(star["id"], POSTS))  # expired: rebuilt from the graph on the next read
    assert walk(ctx, fans[1]) == [star_photo]
    assert in_timeline(redis_client, star, star_photo, POSTS)


def test_a_big_accounts_trimmed_posts_hand_over_to_the_graph(feeds_with: Callable[..., Feeds], redis_client: redis.Redis) -> None:
    feeds_ = feeds_with(max_followers=0, max_items=3)  # every account is big: nothing is fanned out
    ctx = feeds_.ctx
    me, star = make_user(ctx), make_user(ctx, "star")
    follows.follow(ctx, me["id"], "star")
    walk(ctx, me)  # builds my timeline and the star's posts
    posted = [post(ctx, star) for _ in range(7)]
    feeds_.settle()
    assert redis_client.zcard(key(star["id"], POSTS)) == 4  # the newest 3 and the built mark
    assert walk(ctx, me, limit=2) == posted[::-1] == walk(from_graph(ctx), me, limit=2)


def test_my_own_photo_is_in_my_feed_at_once_without_waiting_for_fan_out(feeds: Feeds) -> None:
    ctx = feeds.ctx
    me = make_user(ctx)
    walk(ctx, me)
    feeds.stop_jobs()
    photo = post(ctx, me)
    assert walk(ctx, me) == [photo]


def test_a_deleted_timeline_is_rebuilt_from_the_graph(feeds: Feeds, redis_client: redis.Redis) -> None:
    ctx = feeds.ctx
    me, ann = make_user(ctx), make_user(ctx, "ann")
    follows.follow(ctx, me["id"], "ann")
    posted = [post(ctx, ann) for _ in range(4)]
    feeds.settle()
    assert walk(ctx, me) == posted[::-1]
    redis_client.delete(key(me["id"]))
    assert walk(ctx, me) == posted[::-1]
    assert redis_client.zcard(key(me["id"])) == 5  # four ids and the built mark


def test_a_trimmed_timeline_hands_over_to_the_graph_past_its_end(
    feeds_with: Callable[..., Feeds], redis_client: redis.Redis
) -> None:
    feeds_ = feeds_with(max_items=3)
    ctx = feeds_.ctx
    me, ann = make_user(ctx), make_user(ctx, "ann")
    follows.follow(ctx, me["id"], "ann")
    walk(ctx, me)
    posted = [post(ctx, ann) for _ in range(7)]
    feeds_.settle()
    assert redis_client.zcard(key(me["id"])) == 4
    assert walk(ctx, me, limit=2) == posted[::-1]


def test_follows_merge_an_accounts_photos_and_unfollows_take_them_out(feeds: Feeds, redis_client: redis.Redis) -> None:
    ctx = feeds.ctx
    me, ann = make_user(ctx), make_user(ctx, "ann")
    walk(ctx, me)
    older = [post(ctx, ann) for _ in range(2)]
    follows.follow(ctx, me["id"], "ann")
    feeds.settle()
    assert all(in_timeline(redis_client, me, photo) for photo in older)
    assert walk(ctx, me) == older[::-1]
    follows.unfollow(ctx, me["id"], "ann")
    feeds.settle()
    assert not any(in_timeline(redis_client, me, photo) for photo in older)


def test_privacy_changes_pull_photos_out_even_when_no_job_runs(feeds: Feeds, redis_client: redis.Redis) -> None:
    """Jobs stopped: only the read-time check stands between a cached id and a viewer who may not see it."""
    ctx = feeds.ctx
    me, ann, bob, cat = (make_user(ctx, name) for name in ("me", "ann", "bob", "cat"))
    for name in ("ann", "bob", "cat"):
        follows.follow(ctx, me["id"], name)
    kept, unfollowed, blocker, deleted = post(ctx, ann), post(ctx, bob), post(ctx, cat), post(ctx, ann)
    feeds.settle()
    assert walk(ctx, me) == [deleted, blocker, unfollowed, kept]
    feeds.stop_jobs()
    follows.unfollow(ctx, me["id"], "bob")
    blocks.block(ctx, cat["id"], "me")
    photos.delete_photo(ctx, ann["id"], deleted)
    accounts.update_profile(ctx, ann["id"], private=True)  # I am an approved follower: I still see ann
    assert walk(ctx, me) == [kept] == walk(from_graph(ctx), me)
    assert not any(in_timeline(redis_client, me, photo) for photo in (unfollowed, blocker, deleted))  # repaired


def test_an_id_pushed_to_a_stranger_is_never_shown(feeds: Feeds, redis_client: redis.Redis) -> None:
    """A timeline is a hint: an id of a private account's photo in a stranger's timeline stays hidden."""
    ctx = feeds.ctx
    me, shy, loud = make_user(ctx), make_user(ctx, "shy", private=True), make_user(ctx, "loud")
    walk(ctx, me)
    secret, public = post(ctx, shy), post(ctx, loud)
    feeds.timelines.push([me["id"]], secret)
    feeds.timelines.push([me["id"]], public)  # public, but I do not follow loud
    assert walk(ctx, me) == []
    assert not in_timeline(redis_client, me, secret)


def test_feeds_answer_from_the_graph_when_redis_dies(settings: Settings, graph: Graph, own_redis: RedisServer) -> None:
    feeds_ = redis_feeds(settings, graph, own_redis.url)
    ctx = feeds_.ctx
    me, ann = make_user(ctx), make_user(ctx, "ann")
    follows.follow(ctx, me["id"], "ann")
    posted = [post(ctx, ann) for _ in range(5)]
    feeds_.settle()
    expected = walk(ctx, me, limit=2)
    feeds_.stop_jobs()
    own_redis.kill()
    started = time.monotonic()
    assert walk(ctx, me, limit=2) == expected == posted[::-1]
    late = post(ctx, ann)  # posting still works: only the fan-out is lost
    assert walk(ctx, me, limit=2) == [late, *expected]
    assert time.monotonic() - started < 5  # the breaker spares every page the timeout


def test_going_through_a_rebuild_while_fan_out_runs_loses_nothing(feeds: Feeds) -> None:
    ctx = feeds.ctx
    me, ann = make_user(ctx), make_user(ctx, "ann")
    follows.follow(ctx, me["id"], "ann")
    posted = []
    for _ in range(6):
        posted.append(post(ctx, ann))
        walk(ctx, me, limit=2)
    feeds.settle()
    assert walk(ctx, me) == posted[::-1]


def test_unfollowing_oneself_keeps_ones_own_photos(feeds: Feeds) -> None:
    ctx = feeds.ctx
    me = make_user(ctx)
    photo = post(ctx, me)
    walk(ctx, me)
    follows.unfollow(ctx, me["id"], me["username"])  # allowed, and changes nothing
    feeds.settle()
    assert walk(ctx, me) == [photo]


def test_follow_jobs_agree_with_the_graph_whatever_order_they_run_in(feeds: Feeds, redis_client: redis.Redis) -> None:
    """An unfollow's job run after the follow that came later must not take the account's photos out."""
    ctx = feeds.ctx
    me, ann = make_user(ctx), make_user(ctx, "ann")
    photo = post(ctx, ann)
    walk(ctx, me)
    feeds.stop_jobs()
    follows.follow(ctx, me["id"], "ann")
    follows.unfollow(ctx, me["id"], "ann")
    follows.follow(ctx, me["id"], "ann")
    for _ in range(2):  # the follow's job, then the unfollow's: the graph says I follow ann
        feeds.jobs.sync_account(me["id"], ann["id"])
    assert in_timeline(redis_client, me, photo)
    follows.unfollow(ctx, me["id"], "ann")
    feeds.jobs.sync_account(me["id"], ann["id"])
    assert not in_timeline(redis_client, me, photo)
