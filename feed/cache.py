"""The Redis that holds timelines and stored suggestions, behind a breaker.

Redis is a cache here: the graph can answer everything it holds, only slower.
So calls get a short socket timeout (``INSTAGRAPH_REDIS_TIMEOUT``), and after
one fails the :class:`Cache` fails fast for :data:`PAUSE` seconds instead of
making every request wait out the timeout against a dead server; the callers
fall back to the graph meanwhile.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TypeVar

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from instagraph.settings import Settings

PAUSE = 5.0
"""Seconds the cache is left alone after a failure before it is tried again."""

T = TypeVar("T")


class CacheUnavailable(Exception):
    """Redis did not answer in time, or failed recently (the caller reads the graph instead)."""


class Cache:
    """A Redis client whose failures open a breaker for :data:`PAUSE` seconds.

    Args:
        client: a client with short socket timeouts.
        clock: monotonic seconds (tests pass their own).
    """

    def __init__(self, client: redis.Redis, clock: Callable[[], float] = time.monotonic) -> None:
        self.client = client
        self._clock = clock
        self._lock = threading.Lock()
        self._closed_until = 0.0

    @classmethod
    def from_url(cls, url: str, timeout: float, clock: Callable[[], float] = time.monotonic) -> Cache:
        """A cache on ``url`` whose calls wait ``timeout`` seconds at most (see :func:`redis_client`)."""
        return cls(redis_client(url, timeout), clock)

    @classmethod
    def from_settings(cls, settings: Settings) -> Cache:
        return cls.from_url(settings.redis_url, settings.redis_timeout)

    def run(self, work: Callable[[redis.Redis], T]) -> T:
        """``work(client)``, or :class:`CacheUnavailable` when Redis fails now or failed lately."""
        if self._clock() < self._closed_until:
            raise CacheUnavailable("Redis failed moments ago; not trying again yet.")
        try:
            return work(self.client)
        except redis.RedisError as error:
            with self._lock:
                self._closed_until = self._clock() + PAUSE
            raise CacheUnavailable(str(error)) from error

    def pipeline(self, work: Callable[[redis.client.Pipeline], object]) -> list:
        """Queue commands with ``work(pipe)`` and send them in one round trip (no MULTI)."""

        def send(client: redis.Redis) -> list:
            with client.pipeline(transaction=False) as pipe:
                work(pipe)
                return pipe.execute()

        return self.run(send)

    def ping(self) -> None:
        """Raise :class:`CacheUnavailable` unless Redis answers now (ignores the breaker)."""
        try:
            self.client.ping()
        except redis.RedisError as error:
            raise CacheUnavailable(str(error)) from error


def redis_client(url: str, timeout: float) -> redis.Redis:
    """A client whose calls wait ``timeout`` seconds at most, retried once at once.

    One retry mends a pooled connection that Redis closed (a restart);
    redis-py's default of three retries with backoff held a call for 9 s
    when Redis was gone.
    """
    return redis.Redis.from_url(url, socket_timeout=timeout, socket_connect_timeout=timeout, retry=Retry(NoBackoff(), retries=1))


def open_cache(settings: Settings) -> Cache | None:
    """The cache when ``INSTAGRAPH_REDIS_URL`` is set; ``None`` on the embedded default."""
    return Cache.from_settings(settings) if settings.redis_url else None
