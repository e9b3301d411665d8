"""Both idempotency key stores against their interface: a real LadybugDB file on a moved clock, a real Redis."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
import redis

from feed.cache import Cache
from feed.idempotency import (
    KEY_PREFIX,
    LEASE,
    RETENTION,
    Answer,
    GraphIdempotencyStore,
    IdempotencyStore,
    IdempotencyUnavailable,
    RedisIdempotencyStore,
)
from graph.backends.ladybug import LadybugGraph
from graph.migrations import setup_schema
from tests.clock import Clock
from tests.conftest import RedisServer

CREATED = Answer(201, '{"id": "7", "name": "Zoë"}', "application/json", "/v1/photos/7")


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture(params=["graph", "redis"])
def store(request: pytest.FixtureRequest, graph: LadybugGraph, clock: Clock) -> IdempotencyStore:
    if request.param == "graph":
        return GraphIdempotencyStore(graph, clock)
    request.getfixturevalue("redis_client")  # empties the session's Redis
    return RedisIdempotencyStore(Cache.from_url(request.getfixturevalue("redis_url"), 0.25))


def test_an_unused_key_has_no_record(store: IdempotencyStore) -> None:
    assert store.find("k") is None


def test_the_first_claim_wins_and_later_ones_see_it_running(store: IdempotencyStore) -> None:
    first = store.claim("k", "fp-1", "first")
    assert (first.fingerprint, first.token, first.answer) == ("fp-1", "first", None)
    second = store.claim("k", "fp-2", "second")
    assert (second.fingerprint, second.token, second.answer) == ("fp-1", "first", None)
    assert store.find("k") == first


def test_the_claimer_stores_its_answer_and_everyone_then_finds_it(store: IdempotencyStore) -> None:
    store.claim("k", "fp", "first")
    assert store.complete("k", "first", CREATED)
    found = store.find("k")
    assert (found.fingerprint, found.token, found.answer) == ("fp", "first", CREATED)
    assert store.claim("k", "fp", "later") == found


def test_only_the_claimer_may_store_or_release_and_only_once(store: IdempotencyStore) -> None:
    store.claim("k", "fp", "first")
    assert not store.complete("k", "someone else", CREATED)
    store.release("k", "someone else")
    assert store.find("k").token == "first"
    assert store.complete("k", "first", CREATED)
    assert not store.complete("k", "first", Answer(422, "{}", "application/problem+json"))
    store.release("k", "first")  # an answer is not a claim: it stays
    assert store.find("k").answer == CREATED


def test_a_released_claim_lets_the_next_request_claim_the_key(store: IdempotencyStore) -> None:
    store.claim("k", "fp", "first")
    store.release("k", "first")
    assert store.find("k") is None
    assert store.claim("k", "fp", "retry").token == "retry"


def test_keys_are_independent(store: IdempotencyStore) -> None:
    store.claim("a", "fp", "first")
    assert store.claim("b", "fp", "second").token == "second"


def test_graph_claims_end_with_their_lease_and_answers_after_24_hours(graph: LadybugGraph, clock: Clock) -> None:
    store = GraphIdempotencyStore(graph, clock)
    store.claim("crashed", "fp", "first")  # never answered: its server died
    clock.advance(LEASE - timedelta(seconds=1))
    assert store.claim("crashed", "fp", "retry").token == "first"
    clock.advance(timedelta(seconds=1))
    assert store.find("crashed") is None
    assert store.claim("crashed", "fp", "retry").token == "retry"

    store.complete("crashed", "retry", CREATED)
    clock.advance(RETENTION - timedelta(seconds=1))
    assert store.find("crashed").answer == CREATED
    clock.advance(timedelta(seconds=1))
    assert store.find("crashed") is None
    assert store.claim("crashed", "other", "next day").fingerprint == "other"


def test_a_late_claimer_whose_lease_ended_cannot_overwrite_the_retry(graph: LadybugGraph, clock: Clock) -> None:
    store = GraphIdempotencyStore(graph, clock)
    store.claim("k", "fp", "slow")
    clock.advance(LEASE)
    store.claim("k", "fp", "retry")
    assert not store.complete("k", "slow", CREATED)
    store.release("k", "slow")
    assert store.find("k").token == "retry"


def count_keys(graph: LadybugGraph) -> int:
    return graph.execute("MATCH (k:IdempotencyKey) RETURN count(*)")[1][0][0]


def test_the_graph_sweep_forgets_expired_keys_only(graph: LadybugGraph, clock: Clock) -> None:
    store = GraphIdempotencyStore(graph, clock, sweep_every=3)
    store.claim("old claim", "fp", "a")
    store.claim("old answer", "fp", "b")
    store.complete("old answer", "b", CREATED)
    clock.advance(RETENTION)
    store.claim("new", "fp", "c")  # the third claim sweeps
    assert count_keys(graph) == 1
    assert store.find("new").token == "c"
    assert store.sweep() == 0


def test_a_graph_key_survives_reopening_the_database(tmp_path: Path, clock: Clock) -> None:
    path = tmp_path / "graph"
    first = LadybugGraph(path)
    setup_schema(first)
    store = GraphIdempotencyStore(first, clock)
    store.claim("k", "fp", "first")
    store.complete("k", "first", CREATED)
    first.close()

    again = LadybugGraph(path)
    try:
        assert GraphIdempotencyStore(again, clock).find("k").answer == CREATED
    finally:
        again.close()


def test_redis_keeps_claims_for_the_lease_and_answers_for_24_hours(redis_url: str, redis_client: redis.Redis) -> None:
    store = RedisIdempotencyStore(Cache.from_url(redis_url, 0.25))
    store.claim("k", "fp", "first")
    assert LEASE.total_seconds() * 1000 - 1000 < redis_client.pttl(KEY_PREFIX + "k") <= LEASE.total_seconds() * 1000
    store.complete("k", "first", CREATED)
    assert RETENTION.total_seconds() - 5 < redis_client.ttl(KEY_PREFIX + "k") <= RETENTION.total_seconds()
    redis_client.delete(KEY_PREFIX + "k")  # what expiry does
    assert store.find("k") is None


def test_a_dead_redis_is_reported_as_unavailable(own_redis: RedisServer) -> None:
    store = RedisIdempotencyStore(Cache.from_url(own_redis.url, 0.25))
    store.claim("k", "fp", "first")
    own_redis.kill()
    for call in (lambda: store.find("k"), lambda: store.claim("k", "fp", "t"), lambda: store.complete("k", "first", CREATED)):
        with pytest.raises(IdempotencyUnavailable):
            call()
