"""Sliding-window event counters (failed logins, sign-ups per address).

:class:`MemoryCounters` keeps them in the process (the embedded deployment, one
server); :class:`RedisCounters` keeps them in Redis so that every API server
behind the load balancer sees the same counts. Both remember each event's time,
so a window slides instead of resetting on the hour.
"""

from __future__ import annotations

import collections
import math
import threading
import time
import uuid
from collections.abc import Callable
from typing import Protocol

import redis

from instagraph.settings import Settings

KEY_PREFIX = "instagraph:counter:"


class CountersUnavailable(Exception):
    """The counter store cannot be reached."""


class Counters(Protocol):
    """Events per key inside a sliding window of ``window`` seconds."""

    def add(self, key: str, window: int) -> int:
        """Record one event now; return how many fall inside the window, this one included."""

    def count(self, key: str, window: int) -> int:
        """How many events of ``key`` fall inside the last ``window`` seconds."""

    def retry_after(self, key: str, window: int, limit: int) -> int:
        """Whole seconds until fewer than ``limit`` events remain in the window (0: now)."""

    def clear(self, key: str) -> None:
        """Forget every event of ``key``."""

    def ping(self) -> None:
        """Raise :class:`CountersUnavailable` when the store cannot answer."""


def _seconds_until(times: list[float], now: float, window: int, limit: int) -> int:
    """Seconds until only ``limit - 1`` of ``times`` (ascending) are inside the window."""
    if len(times) < limit:
        return 0
    freeing = times[len(times) - limit]  # once this one leaves, one slot is free
    return max(1, math.ceil(freeing + window - now))


class MemoryCounters:
    """Counters in this process's memory; safe under threads."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._events: dict[str, collections.deque[float]] = collections.defaultdict(collections.deque)

    def _live(self, key: str, window: int) -> collections.deque[float]:
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


class RedisCounters:
    """Counters in Redis sorted sets (score = event time), shared by every server."""

    def __init__(self, client: redis.Redis, clock: Callable[[], float] = time.time) -> None:
        self._redis = client
        self._clock = clock

    @classmethod
    def from_settings(cls, settings: Settings) -> RedisCounters:
        return cls(redis.Redis.from_url(settings.redis_url, socket_timeout=2, socket_connect_timeout=2))

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
