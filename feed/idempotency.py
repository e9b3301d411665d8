"""Where ``Idempotency-Key``\\ s are kept: the claim of the request that runs, then the answer its retries get.

One record per key (the caller's key, hashed with who called and which
operation: :mod:`api.idempotency` makes it): the fingerprint of the request
that first used it, the token naming that request, and its answer once it
has one. A claim lives :data:`LEASE` (the first request should be done by
then); an answer :data:`RETENTION`, the 24 hours of API.md.

Two stores, chosen by the deployment as the other caches are:

- :class:`RedisIdempotencyStore` when ``INSTAGRAPH_REDIS_URL`` is set: every API
  server sees the same keys. A claim is one Lua script (look, and set with
  a lease only if absent), so two servers racing on one key cannot both
  win. Keys outlive an API server's restart; they outlive a Redis restart
  only if Redis persists its data (RDB/AOF), as they are not in the graph.
- :class:`GraphIdempotencyStore` otherwise: ``IdempotencyKey`` nodes, so a key
  outlives a restart of the server (a client retries precisely when the
  server died or timed out). A claim is one write transaction: the
  embedded engine runs one at a time, Neo4j's ``MERGE`` on the unique key
  lets one of two racing transactions create the node and shows it to the other.

A crash between the work and the stored answer leaves a claim without an
answer: its retries answer 409 until the lease ends, then run again (a
second photo, comment or sign-up attempt is possible in that window only).
"""

from __future__ import annotations

import dataclasses
import itertools
import json
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Protocol

from feed.cache import Cache, CacheUnavailable
from graph.gateway import Graph, Row, Transaction

LEASE = timedelta(seconds=60)
"""How long a claim holds its key without an answer; a retry after that runs the request again."""

RETENTION = timedelta(hours=24)
"""How long an answer is replayed (API.md: 24 hours)."""

RUNNING = 0
"""The ``status`` of a record whose request has not answered yet."""

KEY_PREFIX = "instagraph:idempotency:"


class IdempotencyUnavailable(Exception):
    """The key store cannot be reached (the request is refused rather than run without its key)."""


@dataclasses.dataclass(frozen=True)
class Answer:
    """What a request answered, as its retries get it again.

    Attributes:
        status: the HTTP status.
        body: the body as text (the API answers JSON, always UTF-8).
        content_type: its ``Content-Type``.
        location: its ``Location`` header; ``""`` when it had none.
    """

    status: int
    body: str
    content_type: str
    location: str = ""


@dataclasses.dataclass(frozen=True)
class Record:
    """A key's record: the request that claimed it and, once it answered, the answer."""

    fingerprint: str
    token: str
    answer: Answer | None


class IdempotencyStore(Protocol):
    """Records of keys by their hashed name (the caller, the operation and the client's key)."""

    def find(self, key: str) -> Record | None:
        """The key's record, or ``None`` if it was never used or has expired."""

    def claim(self, key: str, fingerprint: str, token: str) -> Record:
        """Claim the key for the request ``token`` for :data:`LEASE`, unless a live record holds it.

        Returns the record that holds the key now: the new claim when its
        token is ``token``, else the one that was there (running or answered).
        """

    def complete(self, key: str, token: str, answer: Answer) -> bool:
        """Keep ``answer`` for :data:`RETENTION`, if the claim is still ``token``'s; whether it was."""

    def release(self, key: str, token: str) -> None:
        """Forget ``token``'s claim without an answer, so that the next retry runs the request."""


def _record(fingerprint: str, token: str, status: int, body: str, content_type: str, location: str) -> Record:
    answer = None if status == RUNNING else Answer(status, body, content_type, location)
    return Record(fingerprint, token, answer)


class RedisIdempotencyStore:
    """Keys in Redis, as JSON strings that expire with the lease or the retention.

    Args:
        cache: the Redis client behind the cache's breaker: after a failure it
            fails at once for :data:`feed.cache.PAUSE` seconds.
    """

    _CLAIM = """
    local found = redis.call('GET', KEYS[1])
    if found then return found end
    redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
    return ARGV[1]
    """

    _COMPLETE = """
    local found = redis.call('GET', KEYS[1])
    if not found then return 0 end
    local record = cjson.decode(found)
    if record.token ~= ARGV[1] or record.status ~= 0 then return 0 end
    for field, value in pairs(cjson.decode(ARGV[2])) do record[field] = value end
    redis.call('SET', KEYS[1], cjson.encode(record), 'EX', ARGV[3])
    return 1
    """

    _RELEASE = """
    local found = redis.call('GET', KEYS[1])
    if not found then return 0 end
    local record = cjson.decode(found)
    if record.token ~= ARGV[1] or record.status ~= 0 then return 0 end
    return redis.call('DEL', KEYS[1])
    """

    def __init__(self, cache: Cache) -> None:
        self._cache = cache
        self._claim = cache.client.register_script(self._CLAIM)
        self._complete = cache.client.register_script(self._COMPLETE)
        self._release = cache.client.register_script(self._RELEASE)

    def find(self, key: str) -> Record | None:
        found = self._run(lambda client: client.get(KEY_PREFIX + key))
        return None if found is None else _record(**json.loads(found))

    def claim(self, key: str, fingerprint: str, token: str) -> Record:
        claim = _json(fingerprint=fingerprint, token=token, status=RUNNING, body="", content_type="", location="")
        lease_ms = int(LEASE.total_seconds() * 1000)
        found = self._run(lambda client: self._claim(keys=[KEY_PREFIX + key], args=[claim, lease_ms], client=client))
        return _record(**json.loads(found))

    def complete(self, key: str, token: str, answer: Answer) -> bool:
        args = [token, _json(**dataclasses.asdict(answer)), int(RETENTION.total_seconds())]
        return bool(self._run(lambda client: self._complete(keys=[KEY_PREFIX + key], args=args, client=client)))

    def release(self, key: str, token: str) -> None:
        self._run(lambda client: self._release(keys=[KEY_PREFIX + key], args=[token], client=client))

    def _run(self, work: Callable) -> object:
        try:
            return self._cache.run(work)
        except CacheUnavailable as error:
            raise IdempotencyUnavailable(str(error)) from error


def _json(**fields: object) -> str:
    return json.dumps(fields, ensure_ascii=False, separators=(",", ":"))


SWEEP_EVERY = 1000
"""Claims between two sweeps of every expired key in the graph (a scan of the IdempotencyKey nodes on both engines)."""


class GraphIdempotencyStore:
    """Keys as ``IdempotencyKey`` nodes of the graph, expired by the clock the rules use.

    An expired record is forgotten when its key is claimed again, and every
    :data:`SWEEP_EVERY` claims this process sweeps all expired ones.

    Args:
        graph: the graph gateway.
        now: naive UTC (tests pass their own clock).
        sweep_every: claims between two sweeps.
    """

    def __init__(self, graph: Graph, now: Callable[[], datetime], sweep_every: int = SWEEP_EVERY) -> None:
        self._graph = graph
        self._now = now
        self._sweep_every = sweep_every
        self._claims = itertools.count(1)

    def find(self, key: str) -> Record | None:
        rows = self._graph.read("idempotency/find", key=key)
        return _live_record(rows[0], self._now()) if rows else None

    def claim(self, key: str, fingerprint: str, token: str) -> Record:
        now = self._now()

        def work(tx: Transaction) -> list[Row]:
            tx.run("idempotency/forget_expired", key=key, now=now)
            return tx.run("idempotency/claim", key=key, fingerprint=fingerprint, token=token, lease_until=now + LEASE)

        row = self._graph.transaction(work)[0]
        if next(self._claims) % self._sweep_every == 0:
            self.sweep()
        return _row_record(row)  # live: an expired one was forgotten first

    def complete(self, key: str, token: str, answer: Answer) -> bool:
        expires_at = self._now() + RETENTION
        rows = self._graph.write("idempotency/complete", key=key, token=token, expires_at=expires_at, **dataclasses.asdict(answer))
        return rows[0]["stored"] > 0

    def release(self, key: str, token: str) -> None:
        self._graph.write("idempotency/release", key=key, token=token)

    def sweep(self) -> int:
        """Forget every expired key; how many were."""
        return self._graph.write("idempotency/sweep", now=self._now())[0]["forgotten"]


def _live_record(row: Row, now: datetime) -> Record | None:
    return None if row["expires_at"] <= now else _row_record(row)


def _row_record(row: Row) -> Record:
    return _record(row["fingerprint"], row["token"], row["status"], row["body"], row["content_type"], row["location"])


def open_idempotency_store(graph: Graph, cache: Cache | None, now: Callable[[], datetime]) -> IdempotencyStore:
    """Redis when the deployment has one (``cache``), the graph otherwise."""
    return RedisIdempotencyStore(cache) if cache is not None else GraphIdempotencyStore(graph, now)
