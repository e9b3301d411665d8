"""The object cache (feed.objects): hits, misses, leases against the look-aside race, LRU, Redis outages.

The behaviour both caches share runs on each of them (the ``objects``
fixture): the in-process :class:`LocalObjectCache` and the
:class:`RedisObjectCache` on the session's real redis-server. The loaders
read a :class:`Rows` table that stands for the graph: a test changes a row
("a write commits") and then forgets its key, in that order, as the writes in
social/ do.
"""

from __future__ import annotations

import dataclasses
import random
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import redis

from feed.cache import PAUSE, Cache
from feed.objects import (
    LEASE_MILLISECONDS,
    LocalObjectCache,
    NoObjectCache,
    ObjectCache,
    RedisObjectCache,
    open_object_cache,
)
from graph.catalog import Catalog, default_root
from instagraph.settings import Settings
from social import cached
from tests.concurrency import all_at_once, errors_of
from tests.conftest import RedisServer, free_port

KIND = "user"


def redis_name(key: Any, kind: str = KIND) -> bytes:
    """The Redis key a row of ``kind`` is stored under (feed.objects' naming, spelled out)."""
    return f"instagraph:object:{kind}:{key}".encode()


@dataclasses.dataclass
class Rows:
    """What the graph holds, by key, and the keys each load asked for (in order)."""

    rows: dict[Any, dict[str, Any]] = dataclasses.field(default_factory=dict)
    calls: list[list[Any]] = dataclasses.field(default_factory=list)

    def load(self, keys: list[Any]) -> dict[Any, dict[str, Any]]:
        self.calls.append(list(keys))
        return {key: dict(self.rows[key]) for key in keys if key in self.rows}

    def load_one(self, key: Any) -> dict[str, Any] | None:
        found = self.load([key])
        return found.get(key)


class BlockedLoad:
    """A loader that reads the rows at once, then waits for :meth:`release` before it answers.

    What it answers is what it read: a graph read that began before a write
    committed, held up (a slow query, a descheduled thread) while the write
    goes through.
    """

    def __init__(self, rows: Rows) -> None:
        self._rows = rows
        self.started = threading.Event()
        self._released = threading.Event()

    def __call__(self, keys: list[Any]) -> dict[Any, dict[str, Any]]:
        read = self._rows.load(keys)
        self.started.set()
        assert self._released.wait(10), "the test never released the loader"
        return read

    def release(self) -> None:
        self._released.set()


class Reader(threading.Thread):
    """A ``get_many`` on its own thread; :attr:`result` once joined."""

    def __init__(self, objects: ObjectCache, keys: list[Any], load: Callable[[list[Any]], dict[Any, Any]]) -> None:
        super().__init__()
        self._call = lambda: objects.get_many(KIND, keys, load)
        self.result: dict[Any, Any] | None = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.result = self._call()
        except BaseException as error:  # the test says what went wrong
            self.error = error

    def outcome(self) -> dict[Any, Any]:
        self.join(10)
        assert not self.is_alive(), "the reader hung"
        if self.error is not None:
            raise self.error
        assert self.result is not None
        return self.result


def start_blocked_reader(objects: ObjectCache, keys: list[Any], rows: Rows) -> tuple[Reader, BlockedLoad]:
    """A reader that has missed ``keys``, taken its leases and is inside its (held) graph read."""
    load = BlockedLoad(rows)
    reader = Reader(objects, keys, load)
    reader.start()
    assert load.started.wait(10), "the reader never loaded"
    return reader, load


def redis_objects(
    url: str, ttl: int = 600, clock: Callable[[], float] = time.monotonic, timeout: float = 1.0
) -> RedisObjectCache:
    """A Redis object cache on ``url`` behind its own breaker (``clock`` lets a test pass its pause)."""
    return RedisObjectCache(Cache.from_url(url, timeout=timeout, clock=clock), ttl)


@pytest.fixture(params=["local", "redis"])
def objects(request: pytest.FixtureRequest) -> ObjectCache:
    """Each cache that keeps rows: in this process, and in the session's redis-server (emptied first)."""
    if request.param == "local":
        return LocalObjectCache()
    request.getfixturevalue("redis_client")  # empties the session's redis-server
    return redis_objects(request.getfixturevalue("redis_url"))


@pytest.fixture
def rows() -> Rows:
    """Three rows in the stand-in graph, no load yet."""
    return Rows({1: {"id": 1, "name": "ada"}, 2: {"id": 2, "name": "bob"}, 3: {"id": 3, "name": "cy"}})


# --- hits and misses (both caches) ----------------------------------------------------------------


def test_a_miss_loads_exactly_the_missing_keys_once_and_a_hit_loads_nothing(objects: ObjectCache, rows: Rows) -> None:
    assert objects.get_many(KIND, [1], rows.load) == {1: rows.rows[1]}
    assert rows.calls == [[1]]

    assert objects.get_many(KIND, [2, 1, 3], rows.load) == {key: rows.rows[key] for key in (1, 2, 3)}
    assert rows.calls == [[1], [2, 3]]  # 1 was cached; the rest in one load

    assert objects.get_many(KIND, [3, 2, 1], rows.load) == {key: rows.rows[key] for key in (1, 2, 3)}
    assert objects.get(KIND, 2, rows.load_one) == rows.rows[2]
    assert rows.calls == [[1], [2, 3]]


def test_no_keys_load_nothing(objects: ObjectCache, rows: Rows) -> None:
    assert objects.get_many(KIND, [], rows.load) == {}
    assert rows.calls == []


def test_a_key_without_a_row_is_not_cached(objects: ObjectCache, rows: Rows) -> None:
    assert objects.get_many(KIND, [1, 99], rows.load) == {1: rows.rows[1]}
    assert objects.get(KIND, 99, rows.load_one) is None
    assert rows.calls == [[1, 99], [99]]  # asked again: nothing was remembered for 99

    rows.rows[99] = {"id": 99, "name": "new"}  # created since: no forget needed, a missing row is never cached
    assert objects.get(KIND, 99, rows.load_one) == {"id": 99, "name": "new"}
    assert objects.get(KIND, 99, rows.load_one) == {"id": 99, "name": "new"}
    assert rows.calls == [[1, 99], [99], [99]]


# FAILS on LocalObjectCache: a key given twice in one get_many is never cached afterwards. Its first
# occurrence takes a lease; the second finds that lease, takes it for another reader's and sets the
# key's lease to None, so _fill neither stores the row nor removes the lease. The orphaned lease then
# stays in _entries until a write forgets the key (or LRU pushes it out): every later read of the key
# sees "another reader is loading it" and loads from the graph again (here rows.calls ends
# [[1, 2], [1], [1]]). NoObjectCache and RedisObjectCache drop duplicates first (dict.fromkeys).
def test_duplicate_keys_are_loaded_once_and_cached(objects: ObjectCache, rows: Rows) -> None:
    assert objects.get_many(KIND, [1, 2, 1, 1], rows.load) == {1: rows.rows[1], 2: rows.rows[2]}
    assert rows.calls == [[1, 2]]
    assert objects.get_many(KIND, [1, 1], rows.load) == {1: rows.rows[1]}
    assert objects.get(KIND, 1, rows.load_one) == rows.rows[1]
    assert rows.calls == [[1, 2]]


def test_forget_drops_only_the_keys_of_its_kind(objects: ObjectCache, rows: Rows) -> None:
    objects.get_many(KIND, [1, 2], rows.load)
    objects.get_many("photo", [1], rows.load)
    rows.rows[1] = {"id": 1, "name": "ada lovelace"}
    objects.forget(KIND, [1])
    objects.forget(KIND, [])
    objects.forget(KIND, [42])  # never cached: nothing to do

    assert objects.get_many(KIND, [1, 2], rows.load) == {1: {"id": 1, "name": "ada lovelace"}, 2: rows.rows[2]}
    assert objects.get_many("photo", [1], rows.load) == {1: {"id": 1, "name": "ada"}}  # another kind: still cached
    assert rows.calls == [[1, 2], [1], [1]]


# --- leases: the look-aside race (both caches) ----------------------------------------------------


def test_a_reader_that_loaded_before_a_write_does_not_store_the_old_row(objects: ObjectCache, rows: Rows) -> None:
    reader, load = start_blocked_reader(objects, [1], rows)
    rows.rows[1] = {"id": 1, "name": "renamed"}  # the write commits ...
    objects.forget(KIND, [1])  # ... then forgets
    load.release()
    assert reader.outcome() == {1: {"id": 1, "name": "ada"}}  # its read began before the commit: fine to answer

    assert objects.get(KIND, 1, rows.load_one) == {"id": 1, "name": "renamed"}  # loaded again, not the old row
    assert objects.get(KIND, 1, rows.load_one) == {"id": 1, "name": "renamed"}
    assert rows.calls == [[1], [1]]


def test_an_old_reader_does_not_overwrite_a_newer_reader_s_row(objects: ObjectCache, rows: Rows) -> None:
    old, load = start_blocked_reader(objects, [1], rows)
    rows.rows[1] = {"id": 1, "name": "renamed"}
    objects.forget(KIND, [1])
    assert objects.get(KIND, 1, rows.load_one) == {"id": 1, "name": "renamed"}  # a new lease, stored
    load.release()
    assert old.outcome() == {1: {"id": 1, "name": "ada"}}

    assert objects.get(KIND, 1, rows.load_one) == {"id": 1, "name": "renamed"}
    assert rows.calls == [[1], [1]]


def test_a_second_reader_of_a_leased_key_loads_it_but_leaves_storing_to_the_first(objects: ObjectCache, rows: Rows) -> None:
    first, load = start_blocked_reader(objects, [1], rows)
    rows.rows[1] = {"id": 1, "name": "by the second"}  # what the second reader's load sees (no write: no forget)

    assert objects.get_many(KIND, [1, 2], rows.load) == {1: {"id": 1, "name": "by the second"}, 2: rows.rows[2]}
    assert rows.calls[-1] == [1, 2]  # the leased key too: it has no row to give yet

    load.release()
    assert first.outcome() == {1: {"id": 1, "name": "ada"}}
    calls = len(rows.calls)
    # the first reader's lease held, so its row is the one cached; the second stored its own key only
    assert objects.get_many(KIND, [1, 2], rows.load) == {1: {"id": 1, "name": "ada"}, 2: rows.rows[2]}
    assert len(rows.calls) == calls


def test_a_reader_of_a_key_without_a_row_leaves_no_lease_behind(objects: ObjectCache, rows: Rows) -> None:
    reader, load = start_blocked_reader(objects, [7], rows)
    load.release()
    assert reader.outcome() == {}
    rows.rows[7] = {"id": 7, "name": "created"}
    assert objects.get(KIND, 7, rows.load_one) == {"id": 7, "name": "created"}
    assert objects.get(KIND, 7, rows.load_one) == {"id": 7, "name": "created"}
    assert rows.calls == [[7], [7]]  # the second reader stored it: no lease of the first was left


def test_an_update_gives_the_next_read_the_changed_row(objects: ObjectCache, rows: Rows) -> None:
    objects.get(KIND, 1, rows.load_one)
    rows.rows[1] = {"id": 1, "name": "renamed"}  # the write commits ...
    objects.update(KIND, 1, lambda row: {**row, "name": "renamed"})  # ... then says what it changed

    assert objects.get(KIND, 1, rows.load_one) == {"id": 1, "name": "renamed"}
    assert objects.get(KIND, 1, rows.load_one) == {"id": 1, "name": "renamed"}
    reloads = 0 if isinstance(objects, LocalObjectCache) else 1  # in place here; Redis forgets the key
    assert rows.calls == [[1]] + [[1]] * reloads


def test_an_update_to_none_forgets_and_one_of_an_uncached_key_does_nothing(objects: ObjectCache, rows: Rows) -> None:
    objects.get(KIND, 1, rows.load_one)
    rows.rows[1] = {"id": 1, "name": "renamed"}
    objects.update(KIND, 1, lambda row: None)
    objects.update(KIND, 2, lambda row: pytest.fail("no row of 2 to change"))

    assert objects.get_many(KIND, [1, 2], rows.load) == {1: {"id": 1, "name": "renamed"}, 2: rows.rows[2]}
    assert rows.calls == [[1], [1, 2]]


def test_a_reader_that_loaded_before_an_update_does_not_store_the_old_row(objects: ObjectCache, rows: Rows) -> None:
    reader, load = start_blocked_reader(objects, [1], rows)
    rows.rows[1] = {"id": 1, "name": "renamed"}
    objects.update(KIND, 1, lambda row: pytest.fail("a lease holds no row to change"))
    load.release()
    assert reader.outcome() == {1: {"id": 1, "name": "ada"}}

    assert objects.get(KIND, 1, rows.load_one) == {"id": 1, "name": "renamed"}
    assert rows.calls == [[1], [1]]


def test_an_added_row_is_kept_here_and_not_in_a_shared_cache(objects: ObjectCache, rows: Rows) -> None:
    rows.rows[9] = {"id": 9, "name": "new"}  # the write commits ...
    objects.add(KIND, 9, {"id": 9, "name": "new"})  # ... then says what it made

    assert objects.get(KIND, 9, rows.load_one) == {"id": 9, "name": "new"}
    assert rows.calls == ([] if isinstance(objects, LocalObjectCache) else [[9]])


def test_a_reader_that_asked_before_a_row_was_added_does_not_drop_it(rows: Rows) -> None:
    objects = LocalObjectCache()
    reader, load = start_blocked_reader(objects, [9], rows)  # found nothing: 9 is not made yet
    rows.rows[9] = {"id": 9, "name": "new"}
    objects.add(KIND, 9, {"id": 9, "name": "new"})
    load.release()
    assert reader.outcome() == {}

    assert objects.get(KIND, 9, rows.load_one) == {"id": 9, "name": "new"}
    assert rows.calls == [[9]]


@pytest.mark.parametrize("after_commit", ["forget", "update"])
def test_concurrent_reads_and_writes_never_serve_a_row_older_than_the_last_write(objects: ObjectCache, after_commit: str) -> None:
    """Every read that starts after a write's forget (or update) returned sees that write (or a later one).

    Updates run in commit order, under the lock the writes commit under, as the
    embedded graph's after-commit callbacks do.
    """
    keys = list(range(4))
    lock = threading.Lock()
    committed = {key: 0 for key in keys}  # the graph: a version per key
    forgotten = {key: 0 for key in keys}  # versions whose forget has returned

    def load(missing: list[int]) -> dict[int, dict[str, int]]:
        with lock:
            read = {key: {"version": committed[key]} for key in missing}
        time.sleep(random.random() / 1000)  # widen the window between the read and the store
        return read

    def work(thread: int) -> None:
        chance = random.Random(thread)
        for _ in range(150):
            key = chance.choice(keys)
            if thread % 3 == 0:
                with lock:
                    committed[key] += 1
                    version = committed[key]
                    if after_commit == "update":
                        objects.update(KIND, key, lambda _row, version=version: {"version": version})
                if after_commit == "forget":
                    objects.forget(KIND, [key])
                with lock:
                    forgotten[key] = max(forgotten[key], version)
            else:
                with lock:
                    floor = forgotten[key]
                got = objects.get_many(KIND, [key], load)[key]["version"]
                assert got >= floor, f"key {key}: read version {got} after version {floor} was forgotten"

    assert errors_of(all_at_once(work, 6)) == []
    assert objects.get_many(KIND, keys, load) == {key: {"version": committed[key]} for key in keys}


# --- LocalObjectCache -----------------------------------------------------------------------------


def test_local_keeps_max_rows_and_drops_the_least_recently_used_first(rows: Rows) -> None:
    objects = LocalObjectCache(max_rows=2)
    objects.get_many(KIND, [1], rows.load)
    objects.get_many(KIND, [2], rows.load)
    objects.get(KIND, 1, rows.load_one)  # a hit: 1 is now the most recently used
    objects.get_many(KIND, [3], rows.load)  # a third row: 2 goes
    assert rows.calls == [[1], [2], [3]]

    objects.get_many(KIND, [1, 3], rows.load)
    assert rows.calls == [[1], [2], [3]]  # both stayed
    objects.get(KIND, 2, rows.load_one)
    assert rows.calls == [[1], [2], [3], [2]]  # 2 was dropped; loading it again drops 1, read before 3
    objects.get(KIND, 3, rows.load_one)
    assert rows.calls == [[1], [2], [3], [2]]


def test_local_bound_holds_for_one_big_read(rows: Rows) -> None:
    rows.rows.update({key: {"id": key} for key in range(10, 20)})
    objects = LocalObjectCache(max_rows=3)
    assert len(objects.get_many(KIND, list(range(10, 20)), rows.load)) == 10  # all answered
    objects.get_many(KIND, [17, 18, 19], rows.load)
    assert rows.calls == [list(range(10, 20))]  # the last three stayed
    objects.get_many(KIND, [10], rows.load)
    assert rows.calls[-1] == [10]


def test_local_rows_are_kept_until_forgotten(rows: Rows) -> None:
    objects = LocalObjectCache()
    objects.get(KIND, 1, rows.load_one)
    rows.rows[1] = {"id": 1, "name": "changed behind the cache's back"}
    assert objects.get(KIND, 1, rows.load_one) == {"id": 1, "name": "ada"}  # no expiry: a missed forget shows
    objects.forget(KIND, [1])
    assert objects.get(KIND, 1, rows.load_one) == {"id": 1, "name": "changed behind the cache's back"}


# FAILS on LocalObjectCache: a loader that raises (a graph error, a timeout) leaves the leases taken
# for its keys in _entries for good: get_many has no try/finally around load, and local leases, unlike
# Redis ones (PX LEASE_MILLISECONDS), never expire. Each later read of those keys takes the stale lease
# for another reader's, loads from the graph and stores nothing, until a write forgets the key.
def test_local_a_loader_that_fails_does_not_leave_its_keys_uncached(rows: Rows) -> None:
    objects = LocalObjectCache()

    def failing(keys: list[Any]) -> dict[Any, Any]:
        raise RuntimeError("the graph is unavailable")

    with pytest.raises(RuntimeError):
        objects.get_many(KIND, [1], failing)
    assert objects.get(KIND, 1, rows.load_one) == rows.rows[1]
    assert objects.get(KIND, 1, rows.load_one) == rows.rows[1]
    assert rows.calls == [[1]]


# --- RedisObjectCache -----------------------------------------------------------------------------


def test_redis_rows_round_trip_datetimes_and_nested_values(redis_url: str, redis_client: redis.Redis) -> None:
    row = {
        "id": 1,
        "created_at": datetime(2026, 6, 1, 12, 0, 59, 123456),  # naive UTC, as both graph backends give them
        "midnight": datetime(2026, 1, 1),
        "aware": datetime(2026, 6, 1, 12, 0, tzinfo=timezone(timedelta(hours=2))),
        "private": False,
        "bio": None,
        "name": "Zoë ✓",
        "following": [1, 2, 3],
        "liked": frozenset({7, 8}),
        "nested": {"at": datetime(2025, 12, 31, 23, 59, 59, 999999), "list": [datetime(2000, 2, 29)]},
        "ratio": 0.25,
    }
    rows = Rows({1: row})
    writer = redis_objects(redis_url)
    assert writer.get(KIND, 1, rows.load_one) == row
    assert redis_client.exists(redis_name(1))

    fresh = redis_objects(redis_url)  # another server: reads what the first stored
    got = fresh.get(KIND, 1, rows.load_one)
    assert got == row
    assert got is not None and type(got["created_at"]) is datetime and got["created_at"].tzinfo is None
    assert got["aware"].utcoffset() == timedelta(hours=2)
    assert type(got["liked"]) is frozenset and type(got["following"]) is list
    assert rows.calls == [[1]]


def test_redis_rows_are_shared_by_every_server(redis_url: str, redis_client: redis.Redis, rows: Rows) -> None:
    one, two = redis_objects(redis_url), redis_objects(redis_url)
    one.get_many(KIND, [1, 2], rows.load)
    rows.rows[1] = {"id": 1, "name": "renamed"}
    two.forget(KIND, [1])  # the write ran on the other server
    assert one.get_many(KIND, [1, 2], rows.load) == {1: {"id": 1, "name": "renamed"}, 2: rows.rows[2]}
    assert rows.calls == [[1, 2], [1]]


def test_redis_rows_live_for_the_ttl(redis_url: str, redis_client: redis.Redis, rows: Rows) -> None:
    redis_objects(redis_url, ttl=600).get(KIND, 1, rows.load_one)
    assert 590 < redis_client.ttl(redis_name(1)) <= 600

    short = redis_objects(redis_url, ttl=1)
    short.get(KIND, 2, rows.load_one)
    assert 0 < redis_client.pttl(redis_name(2)) <= 1000
    rows.rows[2] = {"id": 2, "name": "changed behind the cache's back"}  # no forget: only the ttl mends it
    assert short.get(KIND, 2, rows.load_one) == {"id": 2, "name": "bob"}
    deadline = time.monotonic() + 3
    while redis_client.exists(redis_name(2)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert short.get(KIND, 2, rows.load_one) == {"id": 2, "name": "changed behind the cache's back"}


def test_redis_a_lease_expires_by_itself(redis_url: str, redis_client: redis.Redis, rows: Rows) -> None:
    """A reader that dies with a lease keeps the key uncached for LEASE_MILLISECONDS at most."""
    objects = redis_objects(redis_url)
    reader, load = start_blocked_reader(objects, [1], rows)
    try:
        lease = redis_client.get(redis_name(1))
        assert lease.startswith(b"lease:")
        assert 0 < redis_client.pttl(redis_name(1)) <= LEASE_MILLISECONDS
        assert 1 not in objects.get_many(KIND, [1, 99], lambda keys: {})  # a lease is never answered as a row
        assert objects.get(KIND, 1, rows.load_one) == rows.rows[1]  # another reader loads ...
        assert redis_client.get(redis_name(1)) == lease  # ... and leaves the first reader's lease alone
    finally:
        load.release()
        reader.outcome()
    assert redis_client.ttl(redis_name(1)) > LEASE_MILLISECONDS / 1000  # the row replaced the lease


def test_redis_a_failing_loader_does_not_store_anything(redis_url: str, redis_client: redis.Redis) -> None:
    objects = redis_objects(redis_url)

    def failing(keys: list[Any]) -> dict[Any, Any]:
        raise RuntimeError("the graph is unavailable")

    with pytest.raises(RuntimeError):
        objects.get_many(KIND, [1], failing)
    assert redis_client.get(redis_name(1)).startswith(b"lease:")  # left to expire (see the test above)


def test_redis_reads_fall_back_to_the_loader_while_redis_is_down(rows: Rows) -> None:
    now = [0.0]
    objects = redis_objects(f"redis://127.0.0.1:{free_port()}/0", clock=lambda: now[0], timeout=0.2)
    assert objects.get_many(KIND, [1, 2, 99], rows.load) == {1: rows.rows[1], 2: rows.rows[2]}
    objects.forget(KIND, [1])  # does not raise either
    assert objects.get(KIND, 1, rows.load_one) == rows.rows[1]  # the breaker is open: straight to the loader
    assert rows.calls == [[1, 2, 99], [1]]


class Outage:
    """An own redis-server that goes down with its data saved and comes back, on the same port, with it."""

    def __init__(self, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self._folder = folder
        self._monkeypatch = monkeypatch
        self.servers = [RedisServer(folder)]
        self.url = self.servers[0].url

    def go_down(self) -> None:
        """Save what Redis holds (it was unreachable, not emptied), then kill it."""
        with redis.Redis.from_url(self.url) as client:
            client.save()
        self.servers[-1].kill()

    def come_back(self) -> None:
        """A new redis-server on the same port and folder: it loads the saved dump.rdb."""
        with self._monkeypatch.context() as patch:
            patch.setattr("tests.conftest.free_port", lambda: self.servers[0].port)
            self.servers.append(RedisServer(self._folder))

    def stop(self) -> None:
        for server in self.servers:
            server.stop()


@pytest.fixture
def outage(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Outage]:
    folder = tmp_path / "redis"
    folder.mkdir()
    outage = Outage(folder, monkeypatch)
    yield outage
    outage.stop()


def test_redis_a_forget_redis_missed_is_sent_before_the_next_read_uses_redis(outage: Outage, rows: Rows) -> None:
    now = [0.0]
    objects = redis_objects(outage.url, clock=lambda: now[0], timeout=0.5)
    objects.get_many(KIND, [1, 2, 3], rows.load)

    outage.go_down()
    rows.rows[1] = {"id": 1, "name": "renamed while Redis was down"}
    objects.forget(KIND, [1])  # Redis refuses: kept
    rows.rows[2] = {"id": 2, "name": "renamed too"}
    objects.forget(KIND, [2])  # the breaker is open: not even tried, kept
    assert objects.get_many(KIND, [1, 2], rows.load) == {key: rows.rows[key] for key in (1, 2)}  # from the loader
    assert rows.calls == [[1, 2, 3], [1, 2]]

    outage.come_back()
    with redis.Redis.from_url(outage.url) as client:
        assert client.exists(redis_name(1), redis_name(2), redis_name(3)) == 3  # the old rows are back
        assert objects.get(KIND, 1, rows.load_one) == rows.rows[1]  # the breaker is still open: the loader
        assert client.exists(redis_name(1), redis_name(2)) == 2
        now[0] += PAUSE + 0.1

        assert objects.get(KIND, 3, rows.load_one) == {"id": 3, "name": "cy"}  # a hit, after the deletes went in
        assert client.exists(redis_name(1), redis_name(2)) == 0
    assert objects.get_many(KIND, [1, 2], rows.load) == {key: rows.rows[key] for key in (1, 2)}
    assert rows.calls == [[1, 2, 3], [1, 2], [1], [1, 2]]
    assert objects.get_many(KIND, [1, 2], rows.load) == {key: rows.rows[key] for key in (1, 2)}
    assert len(rows.calls) == 4  # and cached again


def test_redis_an_old_reader_cannot_store_what_a_missed_forget_changed(outage: Outage, rows: Rows) -> None:
    """A reader's lease outlives an outage that ate the write's forget: its old row is deleted before use."""
    now = [0.0]
    objects = redis_objects(outage.url, clock=lambda: now[0], timeout=0.5)
    reader, load = start_blocked_reader(objects, [1], rows)  # leased while Redis was up

    outage.go_down()
    rows.rows[1] = {"id": 1, "name": "renamed while Redis was down"}
    objects.forget(KIND, [1])  # missed: kept
    outage.come_back()  # the lease is back with the saved data
    now[0] += PAUSE + 0.1
    load.release()
    assert reader.outcome() == {1: {"id": 1, "name": "ada"}}

    assert objects.get(KIND, 1, rows.load_one) == rows.rows[1]
    assert objects.get(KIND, 1, rows.load_one) == rows.rows[1]
    assert rows.calls == [[1], [1]]


# --- NoObjectCache and open_object_cache ----------------------------------------------------------


def test_no_object_cache_loads_every_time_each_key_once(rows: Rows) -> None:
    objects = NoObjectCache()
    assert objects.get_many(KIND, [1, 2, 1, 99], rows.load) == {1: rows.rows[1], 2: rows.rows[2]}
    assert objects.get(KIND, 1, rows.load_one) == rows.rows[1]
    assert objects.get_many(KIND, [], rows.load) == {}
    objects.forget(KIND, [1])
    assert rows.calls == [[1, 2, 99], [1]]


def test_open_object_cache_keeps_rows_in_redis_when_a_cache_is_given(
    settings: Settings, redis_url: str, redis_client: redis.Redis, rows: Rows
) -> None:
    objects = open_object_cache(settings.replace(object_cache_ttl=123), Cache.from_url(redis_url, timeout=1.0))
    assert isinstance(objects, RedisObjectCache)
    objects.get(KIND, 1, rows.load_one)
    assert 100 < redis_client.ttl(redis_name(1)) <= 123  # the settings' ttl


def test_open_object_cache_keeps_rows_in_this_process_on_the_embedded_graph(settings: Settings) -> None:
    assert settings.graph_url.startswith("ladybug://")
    assert isinstance(open_object_cache(settings, None), LocalObjectCache)


def test_open_object_cache_caches_nothing_on_neo4j_without_redis(tmp_path: Path) -> None:
    settings = Settings.from_env(
        {"INSTAGRAPH_HOME": str(tmp_path), "INSTAGRAPH_SECRET_KEY": "s", "INSTAGRAPH_GRAPH_URL": "neo4j://127.0.0.1:7687"}
    )
    assert isinstance(open_object_cache(settings, None), NoObjectCache)
    assert isinstance(open_object_cache(settings.replace(graph_url="bolt://127.0.0.1:7687"), None), NoObjectCache)


def test_servers_with_other_query_catalogs_keep_their_rows_apart(redis_url: str, redis_client: redis.Redis) -> None:
    """A rolling deploy: rows cached under one catalog's digest are never read by a server running another."""
    cache = Cache.from_url(redis_url, 1.0)
    old, new = RedisObjectCache(cache, ttl=60, version="old"), RedisObjectCache(cache, ttl=60, version="new")
    rows = Rows({1: {"name": "ann"}})
    assert old.get_many(KIND, [1], rows.load) == {1: {"name": "ann"}}
    rows.rows[1] = {"name": "ann", "added_column": True}
    assert new.get_many(KIND, [1], rows.load) == {1: {"name": "ann", "added_column": True}}
    assert rows.calls == [[1], [1]]
    assert redis_client.exists(b"instagraph:object:old:user:1", b"instagraph:object:new:user:1") == 2


def test_the_catalog_digest_follows_every_query_text(tmp_path: Path) -> None:
    shutil.copytree(default_root(), tmp_path / "cypher")
    before = Catalog("ladybug", tmp_path / "cypher").digest()
    assert Catalog("ladybug", tmp_path / "cypher").digest() == before
    query = tmp_path / "cypher" / "accounts" / "public_cards.cypher"
    query.write_text(query.read_text() + ", card_user.bio AS another\n")
    assert Catalog("ladybug", tmp_path / "cypher").digest() != before


def test_the_rows_version_follows_the_catalog_and_the_shape_of_the_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    version = cached.rows_version("neo4j")
    assert version.startswith(Catalog("neo4j").digest())
    monkeypatch.setattr(cached, "ROWS_VERSION", cached.ROWS_VERSION + 1)
    assert cached.rows_version("neo4j") != version
