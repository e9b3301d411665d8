"""Hot objects cached by key: user cards, relationships, photo cards and sessions.

Reads ask :meth:`ObjectCache.get_many` for the rows of some keys and give it
the graph query that loads the missing ones; every write that changes a
cached row calls :meth:`ObjectCache.forget` with its keys after its
transaction commits (or :meth:`ObjectCache.update` and :meth:`ObjectCache.add`
where the write knows the row it left or made). Nothing expires a row for
being old on the embedded default: it stays until a write forgets it, so a
stale read is a bug that a test can catch (tests/feed/test_objects.py,
tests/social/test_cache_staleness.py).

The race every look-aside cache has (a reader loads the old row, a write
commits and forgets the key, then the reader stores the old row for good) is
closed with leases, as Facebook's memcache does: a reader that misses takes a
lease on the key *before* it reads the graph, and stores its row only if its
lease is still there. A write's ``forget`` deletes leases with rows, so a
reader whose graph read may predate the commit can no longer store.

Where the rows live:

- :class:`LocalObjectCache`, in this process: the embedded default, where one
  process is the only writer, so forgetting is exact. Bounded, least recently
  used rows go first.
- :class:`RedisObjectCache`, in Redis when ``INSTAGRAPH_REDIS_URL`` is set:
  shared by every API server, so a write on one server is seen by reads on
  all. Rows also expire after ``INSTAGRAPH_OBJECT_CACHE_TTL`` (default 10
  minutes), which bounds what the two gaps can leave stale: a ``forget`` that
  Redis did not take (it was down: the keys are kept and forgotten again
  once it answers, see :meth:`RedisObjectCache.forget`) from a process that then
  died, and writes that bypass the API (Cypher typed into Neo4j Browser).
- :class:`NoObjectCache`: Neo4j without Redis. Several processes write there, and
  an in-process cache could not hear the others' writes, so nothing is cached.
"""

from __future__ import annotations

import collections
import json
import secrets
import threading
from collections.abc import Callable, Hashable, Iterable
from datetime import datetime
from typing import Any

from feed.cache import Cache, CacheUnavailable
from instagraph.settings import Settings

Key = Hashable
Row = dict[str, Any]
Loader = Callable[[list[Any]], dict[Any, Row]]
"""Loads the rows of the keys it is given from the graph; a key without a row is left out (nothing is cached for it)."""

LOCAL_MAX_ROWS = 200_000
"""Rows one process keeps (a card is about 600 bytes as a dict: ~120 MB at most)."""
LEASE_MILLISECONDS = 5_000
"""How long a missing key's lease lasts in Redis: longer than any graph read, short enough that a reader
that died with a lease does not keep the key uncached for long."""
_LEASE_PREFIX = b"lease:"
_FILL_IF_LEASED = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  if ARGV[2] == '' then
    redis.call('DEL', KEYS[1])
  else
    redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
  end
end
"""
"""Stores a loaded row (or, for a key without one, lets the lease go) only while the reader's lease holds."""


class ObjectCache:
    """Rows by ``(kind, key)``; see the module docstring for the rules."""

    keeps_rows = True
    """Whether a row loaded for one read is there for the next. Some rows pay off only over many reads (an
    account's newest photo ids serve the first page of every feed that follows it, a viewer's likes every
    page they read); where rows are not kept (:class:`NoObjectCache`), their callers ask the graph for just
    what one read needs."""

    def get_many(self, kind: str, keys: Iterable[Key], load: Loader) -> dict[Key, Row]:
        """The rows of ``keys`` that exist: cached ones, and the rest from ``load`` (then cached)."""
        raise NotImplementedError

    def get(self, kind: str, key: Key, load: Callable[[Key], Row | None]) -> Row | None:
        """The row of one key, or ``None`` when ``load`` finds none."""

        def load_one(keys: list[Key]) -> dict[Key, Row]:
            row = load(keys[0])
            return {} if row is None else {keys[0]: row}

        return self.get_many(kind, [key], load_one).get(key)

    def forget(self, kind: str, keys: Iterable[Key]) -> None:
        """Drop the rows (and readers' leases) of ``keys``: a committed write changed them."""
        raise NotImplementedError

    def update(self, kind: str, key: Key, change: Callable[[Row], Row | None]) -> None:
        """A committed write changed the row of ``key`` as ``change`` says; by default, forget it.

        ``change(row)`` is the row as of that commit (``None``: forget it), and
        must give it whether or not ``row`` already has the write in it: a
        reader may have loaded the row after the commit. Call it from the
        write's :meth:`graph.gateway.Transaction.after_commit`, which on the
        embedded graph runs in commit order: :class:`LocalObjectCache` then
        applies ``change`` in place, so the next read needs no graph query. A
        shared cache forgets, as it cannot apply a function where the row is.
        """
        self.forget(kind, [key])

    def add(self, kind: str, key: Key, row: Row) -> None:
        """A committed write made the row of a new ``key``; by default, nothing is kept.

        Called from the write's :meth:`graph.gateway.Transaction.after_commit`
        like :meth:`update`: :class:`LocalObjectCache` keeps the row, which
        every later write's forget or update then follows. A shared cache does
        not: a row stored in Redis after another server's forget of the key (a
        deletion there) would bring back what is gone.
        """


class NoObjectCache(ObjectCache):
    """Caches nothing: every read loads (Neo4j without Redis)."""

    keeps_rows = False

    def get_many(self, kind: str, keys: Iterable[Key], load: Loader) -> dict[Key, Row]:
        keys = list(dict.fromkeys(keys))
        return load(keys) if keys else {}

    def forget(self, kind: str, keys: Iterable[Key]) -> None:
        pass


class _Lease:
    """A reader's claim on a missing key in :class:`LocalObjectCache` (compared by identity)."""

    __slots__ = ()


class LocalObjectCache(ObjectCache):
    """Rows in this process, least recently used out first past ``max_rows``; safe under threads."""

    def __init__(self, max_rows: int = LOCAL_MAX_ROWS) -> None:
        self._max_rows = max_rows
        self._lock = threading.Lock()
        self._entries: collections.OrderedDict[tuple[str, Key], Row | _Lease] = collections.OrderedDict()

    def get_many(self, kind: str, keys: Iterable[Key], load: Loader) -> dict[Key, Row]:
        found: dict[Key, Row] = {}
        leases: dict[Key, _Lease | None] = {}
        with self._lock:
            for key in dict.fromkeys(keys):
                entry = self._entries.get((kind, key))
                if entry is None:
                    leases[key] = self._entries[(kind, key)] = _Lease()
                elif isinstance(entry, _Lease):
                    leases[key] = None  # another reader is loading it: load, but leave storing to them
                else:
                    self._entries.move_to_end((kind, key))
                    found[key] = entry
        if leases:
            try:
                loaded = load(list(leases))
            except BaseException:
                self._fill(kind, leases, {})  # lets our leases go: a local lease never expires
                raise
            self._fill(kind, leases, loaded)
            found.update(loaded)
        return found

    def _fill(self, kind: str, leases: dict[Key, _Lease | None], loaded: dict[Key, Row]) -> None:
        with self._lock:
            for key, lease in leases.items():
                if lease is None or self._entries.get((kind, key)) is not lease:
                    continue  # forgotten while we loaded (or someone else's lease): what we read may be old
                if key in loaded:
                    self._entries[(kind, key)] = loaded[key]
                else:
                    del self._entries[(kind, key)]  # no such row: nothing is cached for a missing one
            self._trim()

    def _trim(self) -> None:
        """Drop the least recently used rows past ``max_rows`` (the lock held)."""
        while len(self._entries) > self._max_rows:
            self._entries.popitem(last=False)

    def forget(self, kind: str, keys: Iterable[Key]) -> None:
        with self._lock:
            for key in keys:
                self._entries.pop((kind, key), None)

    def update(self, kind: str, key: Key, change: Callable[[Row], Row | None]) -> None:
        with self._lock:
            entry = self._entries.get((kind, key))
            if entry is None:
                return
            changed = None if isinstance(entry, _Lease) else change(entry)  # a lease: its read may predate the commit
            if changed is None:
                del self._entries[(kind, key)]
            else:
                self._entries[(kind, key)] = changed

    def add(self, kind: str, key: Key, row: Row) -> None:
        with self._lock:
            self._entries[(kind, key)] = row  # a reader's lease on it goes: it may have asked before the row was made
            self._trim()


class RedisObjectCache(ObjectCache):
    """Rows in Redis as JSON, shared by every server; reads fall back to the graph while Redis is down.

    Args:
        cache: the Redis behind its breaker.
        ttl: seconds a row lives (see the module docstring for why rows expire here).
        version: part of every key: the query catalog's digest, so that during a rolling deploy servers
            whose queries give other columns keep apart (a row of another shape would break a read).
    """

    def __init__(self, cache: Cache, ttl: int, version: str = "") -> None:
        self._cache = cache
        self._ttl = ttl
        self._prefix = f"instagraph:object:{version}:" if version else "instagraph:object:"
        self._fill_if_leased = cache.client.register_script(_FILL_IF_LEASED)
        self._unforgotten: dict[bytes, int] = {}
        """Keys to delete that Redis has not taken yet, each with how many forgets asked for it."""
        self._lock = threading.Lock()

    def get_many(self, kind: str, keys: Iterable[Key], load: Loader) -> dict[Key, Row]:
        keys = list(dict.fromkeys(keys))
        if not keys:
            return {}
        names = [self._name(kind, key) for key in keys]
        try:
            self._forget_unforgotten()
            values = self._cache.run(lambda client: client.mget(names))
        except CacheUnavailable:
            return load(keys)
        found = {key: _decode(value) for key, value in zip(keys, values) if value and not value.startswith(_LEASE_PREFIX)}
        if len(found) < len(keys):
            missing = [(key, name) for key, name, value in zip(keys, names, values) if value is None]
            found.update(self._load_missing(keys, found, missing, load))
        return found

    def _load_missing(
        self, keys: list[Key], found: dict[Key, Row], missing: list[tuple[Key, bytes]], load: Loader
    ) -> dict[Key, Row]:
        """Lease the missing keys, load every key not found (those others hold leases on too), store where our lease held."""
        token = _LEASE_PREFIX + secrets.token_hex(8).encode()
        try:
            taken = self._cache.pipeline(lambda pipe: [pipe.set(name, token, nx=True, px=LEASE_MILLISECONDS) for _, name in missing])
        except CacheUnavailable:
            taken = [False] * len(missing)
        loaded = load([key for key in keys if key not in found])
        leased = [(key, name) for (key, name), ok in zip(missing, taken) if ok]
        if leased:
            try:
                self._cache.pipeline(lambda pipe: [self._store(pipe, name, token, loaded.get(key)) for key, name in leased])
            except CacheUnavailable:
                pass  # the leases expire by themselves
        return loaded

    def _store(self, pipe: Any, name: bytes, token: bytes, row: Row | None) -> None:
        value = b"" if row is None else _encode(row)
        self._fill_if_leased(keys=[name], args=[token, value, self._ttl], client=pipe)

    def forget(self, kind: str, keys: Iterable[Key]) -> None:
        """Delete the keys; those Redis does not take now are kept and deleted before the next read uses Redis."""
        names = [self._name(kind, key) for key in keys]
        if not names:
            return
        with self._lock:
            for name in names:
                self._unforgotten[name] = self._unforgotten.get(name, 0) + 1
        try:
            self._forget_unforgotten()
        except CacheUnavailable:
            pass

    def _name(self, kind: str, key: Key) -> bytes:
        return f"{self._prefix}{kind}:{key}".encode()

    def _forget_unforgotten(self) -> None:
        """Send the deletes Redis has not taken yet; a read goes to Redis only once they are in."""
        with self._lock:
            sent = dict(self._unforgotten)
        if not sent:
            return
        names = list(sent)
        self._cache.pipeline(lambda pipe: [pipe.delete(*names[start : start + 1000]) for start in range(0, len(names), 1000)])
        with self._lock:
            for name, asked in sent.items():  # a key forgotten again meanwhile stays for the next round
                if self._unforgotten.get(name) == asked:
                    del self._unforgotten[name]


def _encode(row: Row) -> bytes:
    return json.dumps(row, default=_encode_other, separators=(",", ":")).encode()


def _encode_other(value: object) -> dict[str, Any]:
    """What JSON has no type for: datetimes, and frozensets (id sets, kept as sets so that every read of the
    row tests membership without building one)."""
    if isinstance(value, datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, frozenset):
        return {"$set": sorted(value)}
    raise TypeError(f"cannot cache a {type(value).__name__}")


def _decode(value: bytes) -> Row:
    return json.loads(value, object_hook=_decode_other)


def _decode_other(obj: dict[str, Any]) -> Any:
    if len(obj) != 1:
        return obj
    if "$datetime" in obj:
        return datetime.fromisoformat(obj["$datetime"])
    if "$set" in obj:
        return frozenset(obj["$set"])
    return obj


def open_object_cache(settings: Settings, cache: Cache | None, version: str = "") -> ObjectCache:
    """Redis when configured (keys under ``version``), this process on the embedded graph, nothing on Neo4j
    without Redis."""
    if cache is not None:
        return RedisObjectCache(cache, settings.object_cache_ttl, version)
    return LocalObjectCache() if settings.embedded_graph else NoObjectCache()
