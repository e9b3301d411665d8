"""Sliding-window event counters (failed logins, the API's rate limits).

:class:`MemoryCounters` keeps them in the process (the embedded deployment, one
server); :class:`RedisCounters` keeps them in Redis so that every API server
behind the load balancer sees the same counts. Both remember each event's time,
so a window slides instead of resetting on the hour.
"""

from __future__ import annotations

import collections
import dataclasses
import math
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from typing import Protocol

import redis

from feed.cache import redis_client
from instagraph.settings import Settings

KEY_PREFIX = "instagraph:counter:"


class CountersUnavailable(Exception):
    """The counter store cannot be reached."""


@dataclasses.dataclass(frozen=True)
class Taken:
    """What :meth:`Counters.take` found and did.

    Attributes:
        allowed: there was room, and the event was recorded.
        count: events inside the window now (this one included when allowed).
        retry_after: whole seconds until one more event fits (0: one fits now).
        reset: whole seconds until every event now inside has left the window.
    """

    allowed: bool
    count: int
    retry_after: int
    reset: int


class Counters(Protocol):
    """Events per key inside a sliding window of ``window`` seconds."""

    def add(self, key: str, window: int) -> int:
        """Record one event now; return how many fall inside the window, this one included."""

    def take(self, key: str, window: int, limit: int) -> Taken:
        """Record one event now unless ``limit`` already fall inside the window; one round trip.

        A refused event is not recorded, so a caller that keeps knocking gets in
        as soon as the window has room, and a flood cannot grow the key.
        """

    def count(self, key: str, window: int) -> int:
        """How many events of ``key`` fall inside the last ``window`` seconds."""

    def retry_after(self, key: str, window: int, limit: int) -> int:
        """Whole seconds until fewer than ``limit`` events remain in the window (0: now)."""

    def clear(self, key: str) -> None:
        """Forget every event of ``key``."""

    def ping(self) -> None:
        """Raise :class:`CountersUnavailable` when the store cannot answer."""


def _seconds_until(times: Sequence[float], now: float, window: int, limit: int) -> int:
    """Seconds until only ``limit - 1`` of ``times`` (ascending) are inside the window."""
    return _wait(_freeing(times, limit), now, window)


def _freeing(times: Sequence[float], limit: int) -> float | None:
    """Of ``times`` (ascending), the one whose leaving frees a slot under ``limit``; ``None``: one is free."""
    return times[len(times) - limit] if len(times) >= limit else None


def _wait(event: float | None, now: float, window: int) -> int:
    """Whole seconds (at least 1) until an event at time ``event`` leaves the window; 0 for no event."""
    return 0 if event is None else max(1, math.ceil(event + window - now))


def _taken(allowed: bool, count: int, newest: float, freeing: float | None, now: float, window: int) -> Taken:
    """A :class:`Taken` from the newest event inside the window and the one whose leaving frees a slot."""
    return Taken(allowed, count, retry_after=_wait(freeing, now, window), reset=_wait(newest, now, window))


SWEEP_EVERY = 10_000
"""Takes between two sweeps of the in-process keys whose events have all left their window.

Each client address is a key of the rate limits: without sweeps, every address
ever seen would keep its (empty) window for the life of the process.
"""


class MemoryCounters:
    """Counters in this process's memory; safe under threads."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._events: dict[str, collections.deque[float]] = collections.defaultdict(collections.deque)
        self._longest_window = 0
        self._takes = 0

    def _live(self, key: str, window: int) -> collections.deque[float]:
        self._longest_window = max(self._longest_window, window)
        events = self._events[key]
        horizon = self._clock() - window
        while events and events[0] <= horizon:
            events.popleft()
        return events

    def add(self, key: str, window: int) -> int:
        with self._lock:
            events = self._live(key, window)
            events.append(self._clock())
            return len(events)

    def take(self, key: str, window: int, limit: int) -> Taken:
        with self._lock:
            events = self._live(key, window)
            now = self._clock()
            allowed = len(events) < limit
            if allowed:
                events.append(now)
            taken = _taken(allowed, len(events), events[-1], _freeing(events, limit), now, window)
            self._takes += 1
            if self._takes % SWEEP_EVERY == 0:
                self._sweep(now - self._longest_window)
            return taken

    def _sweep(self, horizon: float) -> None:
        """Forget the keys with no event after ``horizon``: outside every window any caller has used."""
        for key in [key for key, events in self._events.items() if not events or events[-1] <= horizon]:
            del self._events[key]

    def count(self, key: str, window: int) -> int:
        with self._lock:
            return len(self._live(key, window))

    def retry_after(self, key: str, window: int, limit: int) -> int:
        with self._lock:
            return _seconds_until(list(self._live(key, window)), self._clock(), window, limit)

    def clear(self, key: str) -> None:
        with self._lock:
            self._events.pop(key, None)

    def ping(self) -> None:
        return None


_TAKE = """
local key, now, window, limit = KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
local count = redis.call('ZCARD', key)
local allowed = 0
if count < limit then
    redis.call('ZADD', key, now, ARGV[4])
    redis.call('EXPIRE', key, window + 1)
    count, allowed = count + 1, 1
end
local newest = redis.call('ZRANGE', key, -1, -1, 'WITHSCORES')[2]
local freeing = false
if count >= limit then
    freeing = redis.call('ZRANGE', key, count - limit, count - limit, 'WITHSCORES')[2]
end
return {allowed, count, newest, freeing}
"""
"""``take`` as one script: the check and the add must be one step, or two servers could both see room."""


class RedisCounters:
    """Counters in Redis sorted sets (score = event time), shared by every server."""

    def __init__(self, client: redis.Redis, clock: Callable[[], float] = time.time) -> None:
        self._redis = client
        self._clock = clock
        self._take = client.register_script(_TAKE)

    @classmethod
    def from_settings(cls, settings: Settings) -> RedisCounters:
        return cls(redis_client(settings.redis_url, settings.redis_timeout))

    def _call(self, work: Callable[[redis.client.Pipeline], None]) -> list:
        try:
            with self._redis.pipeline(transaction=True) as pipe:
                work(pipe)
                return pipe.execute()
        except redis.RedisError as error:
            raise CountersUnavailable(str(error)) from error

    def add(self, key: str, window: int) -> int:
        now, name = self._clock(), KEY_PREFIX + key

        def work(pipe: redis.client.Pipeline) -> None:
            pipe.zremrangebyscore(name, "-inf", now - window)
            pipe.zadd(name, {f"{now}:{uuid.uuid4().hex}": now})
            pipe.zcard(name)
            pipe.expire(name, window + 1)

        return int(self._call(work)[2])

    def take(self, key: str, window: int, limit: int) -> Taken:
        now = self._clock()
        try:
            allowed, count, newest, freeing = self._take(
                keys=[KEY_PREFIX + key], args=[repr(now), window, limit, f"{now}:{uuid.uuid4().hex}"]
            )
        except redis.RedisError as error:
            raise CountersUnavailable(str(error)) from error
        return _taken(bool(allowed), count, float(newest), None if freeing is None else float(freeing), now, window)

    def count(self, key: str, window: int) -> int:
        now = self._clock()
        return int(self._call(lambda pipe: pipe.zcount(KEY_PREFIX + key, f"({now - window}", "+inf"))[0])

    def retry_after(self, key: str, window: int, limit: int) -> int:
        now = self._clock()
        found = self._call(
            lambda pipe: pipe.zrangebyscore(KEY_PREFIX + key, f"({now - window}", "+inf", withscores=True)
        )[0]
        return _seconds_until([score for _, score in found], now, window, limit)

    def clear(self, key: str) -> None:
        self._call(lambda pipe: pipe.delete(KEY_PREFIX + key))

    def ping(self) -> None:
        self._call(lambda pipe: pipe.ping())


def open_counters(settings: Settings) -> Counters:
    """Redis counters when ``INSTAGRAPH_REDIS_URL`` is set, in-process ones otherwise."""
    return RedisCounters.from_settings(settings) if settings.redis_url else MemoryCounters()
