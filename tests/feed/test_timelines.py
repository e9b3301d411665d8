"""Timelines in a real Redis: order by id, trimming, the built mark, expiry, and the breaker."""

from __future__ import annotations

import redis

import pytest

from feed import timelines as timelines_module
from feed.cache import PAUSE, Cache, CacheUnavailable
from feed.timelines import Slice, Timelines, key
from tests.ports import free_port

BIG = 2**62 + 12345  # ids past 2**53 differ in bits a double cannot hold


@pytest.fixture
def timelines(redis_client: redis.Redis) -> Timelines:
    return Timelines(Cache(redis_client), ttl=600, max_items=5)


def test_a_timeline_is_missing_until_built(timelines: Timelines) -> None:
    assert timelines.before(1, 2**63 - 1, 10) is None
    timelines.push([1], 7)  # a push alone does not make a timeline the feed can trust
    assert timelines.before(1, 2**63 - 1, 10) is None
    timelines.fill(1, [3, 5])
    assert timelines.before(1, 2**63 - 1, 10) == Slice([7, 5, 3], whole=True)


def test_an_empty_timeline_is_built_and_stays_so(timelines: Timelines) -> None:
    timelines.fill(1, [])
    assert timelines.before(1, 2**63 - 1, 10) == Slice([], whole=True)


def test_ids_beyond_a_double_keep_their_exact_order(timelines: Timelines) -> None:
    ids = [BIG + n for n in (3, 1, 4, 0, 2)]
    timelines.fill(1, ids)
    assert timelines.before(1, 2**63 - 1, 5).ids == sorted(ids, reverse=True)
    assert timelines.before(1, BIG + 3, 2).ids == [BIG + 2, BIG + 1]


def test_pages_before_a_cursor_never_repeat(timelines: Timelines) -> None:
    timelines.fill(1, [10, 20, 30, 40])
    first = timelines.before(1, 2**63 - 1, 2).ids
    second = timelines.before(1, first[-1], 2).ids
    third = timelines.before(1, second[-1], 2).ids
    assert (first, second, third) == ([40, 30], [20, 10], [])


def test_every_push_trims_to_the_newest_max_items_and_keeps_the_built_mark(timelines: Timelines) -> None:
    timelines.fill(1, [1, 2])
    for photo_id in range(3, 10):
        timelines.push([1], photo_id)
    assert timelines.before(1, 2**63 - 1, 100) == Slice([9, 8, 7, 6, 5], whole=False)


def test_fill_keeps_what_was_pushed_meanwhile(timelines: Timelines) -> None:
    timelines.push([1], 99)  # fan-out ran while the reader was rebuilding from the graph
    timelines.fill(1, [10, 20])
    assert timelines.before(1, 2**63 - 1, 10).ids == [99, 20, 10]


def test_push_and_unpush_are_inverse_for_every_follower(timelines: Timelines) -> None:
    for user in (1, 2, 3):
        timelines.fill(user, [5])
    timelines.push([1, 2, 3], 6)
    timelines.unpush([1, 2, 3], [6])
    assert [timelines.before(user, 2**63 - 1, 10).ids for user in (1, 2, 3)] == [[5], [5], [5]]


def test_push_batches_large_audiences(timelines: Timelines, monkeypatch: pytest.MonkeyPatch, redis_client: redis.Redis) -> None:
    monkeypatch.setattr(timelines_module, "PUSH_BATCH", 3)
    timelines.push(range(1, 11), 42)
    assert all(redis_client.zscore(key(user), f"{42:019d}") == 0 for user in range(1, 11))


def test_merge_adds_an_accounts_photos_and_unpush_takes_them_out(timelines: Timelines) -> None:
    timelines.fill(1, [1])
    timelines.merge(1, [2, 3])
    assert timelines.before(1, 2**63 - 1, 10).ids == [3, 2, 1]
    timelines.unpush([1], [2, 3])
    assert timelines.before(1, 2**63 - 1, 10).ids == [1]


def test_a_read_renews_a_timeline_and_a_push_never_does(timelines: Timelines, redis_client: redis.Redis) -> None:
    timelines.fill(1, [1])
    redis_client.expire(key(1), 5)
    timelines.push([1], 2)
    assert redis_client.ttl(key(1)) <= 5
    timelines.before(1, 2**63 - 1, 1)
    assert redis_client.ttl(key(1)) > 500
    timelines.push([2], 3)  # a key made by a push gets a life of its own
    assert 0 < redis_client.ttl(key(2)) <= 600


def test_the_breaker_fails_fast_after_a_failure_then_tries_again() -> None:
    now = [0.0]
    cache = Cache.from_url(f"redis://127.0.0.1:{free_port()}/0", timeout=0.2, clock=lambda: now[0])
    calls = []

    def work(client: redis.Redis) -> None:
        calls.append(1)
        client.ping()

    with pytest.raises(CacheUnavailable):
        cache.run(work)
    with pytest.raises(CacheUnavailable, match="moments ago"):
        cache.run(work)
    assert len(calls) == 1
    now[0] += PAUSE + 0.1
    with pytest.raises(CacheUnavailable):
        cache.run(work)
    assert len(calls) == 2
