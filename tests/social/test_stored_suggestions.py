"""Stored suggestions: what the job stores, when a stored list is served, and what the graph since rules out.

Over a real LadybugDB file and a real redis-server. Each test that expects
the stored list to be served first makes a change the live traversal would
show (a new candidate), so a silent fall back to the live answer fails it.
"""

from __future__ import annotations

import dataclasses
import json
import random
from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
import redis

from feed import suggestions as stored_suggestions
from feed.cache import Cache
from feed.suggestions import MAX_ITEMS, TTL_MARGIN, Suggested, SuggestionStore
from jobs.suggestions import Report, store_suggestions
from social import accounts, discovery, follows
from social.context import Context, utc_now
from tests.conftest import RedisServer
from tests.social.test_discovery import People, _blocked_by_the_viewer, _blocking_the_viewer, _followed, every_page

NOW = utc_now()
"""The tests' clock: the job runs at this time, and reads happen at it unless a test moves on."""


@pytest.fixture
def cached(context: Context, redis_url: str, redis_client: redis.Redis) -> Context:
    """The rules' collaborators with the session's (emptied) Redis as their cache and a fixed clock."""
    return dataclasses.replace(context, cache=Cache.from_url(redis_url, 1.0), now=lambda: NOW)


@pytest.fixture
def people(cached: Context) -> People:
    return People(cached)


def store_of(ctx: Context) -> SuggestionStore:
    assert ctx.cache is not None
    return SuggestionStore(ctx.cache, timedelta(seconds=ctx.settings.suggestions_max_age))


def run_job(ctx: Context, batch: int = 2) -> Report:
    return store_suggestions(ctx, store_of(ctx), batch=batch)


def live(people: People, viewer: str) -> list[tuple[str, int, str]]:
    """What the live traversal suggests to ``viewer`` now (the same rules, no cache)."""
    items = every_page(discovery.suggestions, dataclasses.replace(people.ctx, cache=None), people.ids[viewer])
    return [(item["user"]["username"], item["mutual_count"], item["reason"]) for item in items]


def at(ctx: Context, moment: datetime) -> Context:
    return dataclasses.replace(ctx, now=lambda: moment)


# -- the job ------------------------------------------------------------------------------------


def random_network(people: People, rng: random.Random, users: int = 24) -> None:
    """Users (a quarter private) who follow, ask to follow (some approved) and block each other at random."""
    names = [f"u{i}" for i in range(users)]
    for name in names:
        people.add(name, private=rng.random() < 0.25)
    for name in names:
        for other in rng.sample([n for n in names if n != name], rng.randint(0, 6)):
            if follows.follow(people.ctx, people.ids[name], other) == "requested" and rng.random() < 0.6:
                follows.approve_request(people.ctx, people.ids[other], name)
    for blocker, blocked in [rng.sample(names, 2) for _ in range(3)]:
        people.block(blocker, blocked)


def test_the_job_stores_for_every_user_what_the_live_traversal_returns(
    people: People, redis_client: redis.Redis
) -> None:
    random_network(people, random.Random(7))
    report = run_job(people.ctx, batch=5)  # five users a batch: several batches, the last one short

    expected = {name: live(people, name) for name in people.ids}
    assert sum(map(bool, expected.values())) >= len(people.ids) // 2  # a network where most get suggestions
    assert (report.users, report.total) == (len(people.ids), len(people.ids))
    assert report.suggestions == sum(len(items) for items in expected.values())
    assert report.without == sum(not items for items in expected.values())
    usernames = {user_id: name for name, user_id in people.ids.items()}
    for name, user_id in people.ids.items():
        stored = store_of(people.ctx).load(user_id, NOW)
        assert stored is not None, name
        assert [(usernames[item.user_id], item.mutual_count) for item in stored] == [
            (username, mutual_count) for username, mutual_count, _ in expected[name]
        ], name
        key = stored_suggestions.key(user_id)
        assert json.loads(redis_client.get(key))["computed_at"] == NOW.isoformat()
        lifetime = (timedelta(seconds=people.ctx.settings.suggestions_max_age) + TTL_MARGIN).total_seconds()
        assert lifetime - 5 < redis_client.ttl(key) <= lifetime
        assert people.suggested(name) == expected[name], name  # served from the store: the same items, reasons too


def test_a_stored_list_keeps_its_first_max_items(cached: Context) -> None:
    store = store_of(cached)
    store.save({1: [Suggested(user_id, 1, ("ann",)) for user_id in range(10, 10 + MAX_ITEMS + 1)]}, NOW)
    assert [item.user_id for item in store.load(1, NOW) or []] == list(range(10, 10 + MAX_ITEMS))


# -- serving the stored list ----------------------------------------------------------------------


def setup_me_ann_tom(people: People) -> None:
    """me follows ann and bob; ann follows tom: tom is suggested to me, followed by ann."""
    people.add("me", "ann", "bob", "tom", "zed")
    people.follow("me", "bob", "ann")
    people.follow("ann", "tom")


def test_a_fresh_stored_list_is_served_though_the_live_one_has_changed(people: People) -> None:
    setup_me_ann_tom(people)
    assert people.suggested("me") == [("tom", 1, "Followed by ann")]  # no stored list yet: live
    run_job(people.ctx)
    people.follow("ann", "zed")  # a new candidate
    people.follow("bob", "tom")  # and a new mutual follower
    assert live(people, "me") == [("tom", 2, "Followed by ann and bob"), ("zed", 1, "Followed by ann")]
    assert people.suggested("me") == [("tom", 1, "Followed by ann")]


@pytest.mark.parametrize(
    ("age", "served"),
    [
        (timedelta(0), "stored"),
        (timedelta(days=1), "stored"),  # the default max age, to the microsecond
        (timedelta(days=1, microseconds=1), "live"),
        (timedelta(days=2), "live"),
    ],
)
def test_a_stored_list_is_served_until_it_is_older_than_the_max_age(
    people: People, age: timedelta, served: str
) -> None:
    setup_me_ann_tom(people)
    run_job(people.ctx)
    people.follow("ann", "zed")
    later = People(at(people.ctx, NOW + age), people.ids)
    expected = {"stored": ["tom"], "live": ["zed", "tom"]}[served]
    assert [name for name, _, _ in later.suggested("me")] == expected


def test_the_max_age_is_the_reading_server_s_setting(people: People) -> None:
    setup_me_ann_tom(people)
    run_job(people.ctx)
    people.follow("ann", "zed")
    strict = dataclasses.replace(people.ctx, settings=people.ctx.settings.replace(suggestions_max_age=60))

    def suggested_after(seconds: int) -> list[str]:
        later = People(at(strict, NOW + timedelta(seconds=seconds)), people.ids)
        return [name for name, _, _ in later.suggested("me")]

    assert suggested_after(60) == ["tom"]
    assert suggested_after(61) == ["zed", "tom"]


# -- what the graph rules out since the job --------------------------------------------------------


def _requested(people: People) -> str:
    people.follow("me", "pri")  # private: a request
    return "pri"


def _gone(people: People) -> str:
    accounts.delete_account(people.ctx, people.ids["tom"])
    return "tom"


@pytest.mark.parametrize("relate", [_followed, _requested, _blocked_by_the_viewer, _blocking_the_viewer, _gone])
def test_an_account_related_to_the_viewer_since_the_job_is_left_out(
    people: People, relate: Callable[[People], str]
) -> None:
    people.add("me", "ann", "tom", "sue", "zed")
    people.add("pri", private=True)
    people.follow("me", "ann")
    people.follow("ann", "sue", "pri", "tom")
    follows.approve_request(people.ctx, people.ids["pri"], "ann")
    run_job(people.ctx)
    assert [name for name, _, _ in people.suggested("me")] == ["pri", "sue", "tom"]  # newest account first
    people.follow("ann", "zed")  # live only: proves the stored list is the one read below
    hidden = relate(people)
    assert [name for name, _, _ in people.suggested("me")] == [n for n in ["pri", "sue", "tom"] if n != hidden]


def _viewer_blocks_the_mutual(people: People) -> None:
    people.block("me", "ann")


def _mutual_blocks_the_viewer(people: People) -> None:
    people.block("ann", "me")


def _viewer_unfollows_the_mutual(people: People) -> None:
    follows.unfollow(people.ctx, people.ids["me"], "ann")


def _mutual_unfollows_the_suggested(people: People) -> None:
    follows.unfollow(people.ctx, people.ids["ann"], "tom")
    follows.unfollow(people.ctx, people.ids["ann"], "uma")


def _mutual_blocks_the_suggested(people: People) -> None:
    people.block("ann", "tom")
    people.block("ann", "uma")


def _mutual_gone(people: People) -> None:
    accounts.delete_account(people.ctx, people.ids["ann"])


@pytest.mark.parametrize(
    "change",
    [
        _viewer_blocks_the_mutual,
        _mutual_blocks_the_viewer,
        _viewer_unfollows_the_mutual,
        _mutual_unfollows_the_suggested,
        _mutual_blocks_the_suggested,
        _mutual_gone,
    ],
)
def test_a_reason_never_names_a_mutual_that_no_longer_links_the_viewer_to_the_account(
    people: People, change: Callable[[People], None]
) -> None:
    people.add("me", "bob", "cat", "dan", "ann", "sue", "tom", "uma", "zed")
    people.follow("me", "bob", "cat", "dan", "ann")  # ann followed last: the one a reason names first
    people.follow("bob", "sue")
    people.follow("ann", "tom")
    people.follow("cat", "uma")
    people.follow("dan", "uma")
    people.follow("ann", "uma")
    run_job(people.ctx)
    before = [("uma", 3, "Followed by ann and 2 others"), ("tom", 1, "Followed by ann"), ("sue", 1, "Followed by bob")]
    assert people.suggested("me") == before
    people.follow("bob", "zed")  # live only: proves the stored list is the one read below
    change(people)
    served = people.suggested("me")
    assert not [reason for _, _, reason in served if "ann" in reason]
    assert served == [("sue", 1, "Followed by bob")]  # the others wait for the job: their reasons no longer hold


def test_stored_pages_hold_no_repeats_or_skips_when_items_are_left_out(people: People) -> None:
    people.add("me", "ann", *(f"c{i}" for i in range(8)), "zed")
    people.follow("me", "ann")
    people.follow("ann", *(f"c{i}" for i in range(8)))
    run_job(people.ctx)
    people.follow("ann", "zed")  # live only: proves the stored list is the one read below
    people.follow("me", "c5")
    people.block("c2", "me")
    people.block("me", "c0")  # the last stored item: a page must not promise more after it
    expected = [f"c{i}" for i in (7, 6, 4, 3, 1)]
    for limit in (1, 2, 3, 5, 20):
        items = every_page(discovery.suggestions, people.ctx, people.ids["me"], limit)
        assert [item["user"]["username"] for item in items] == expected, limit


def test_a_dead_redis_means_the_live_answer_without_an_error(people: People, own_redis: RedisServer) -> None:
    ctx = dataclasses.replace(people.ctx, cache=Cache.from_url(own_redis.url, 0.25))
    own = People(ctx, people.ids)
    setup_me_ann_tom(own)
    run_job(ctx)
    own.follow("ann", "zed")
    assert [name for name, _, _ in own.suggested("me")] == ["tom"]  # stored
    own_redis.kill()
    for _ in range(2):  # the failing call, then the breaker's fast refusal
        assert own.suggested("me") == [("zed", 1, "Followed by ann"), ("tom", 1, "Followed by ann")]
