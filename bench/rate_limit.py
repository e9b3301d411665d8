"""What the rate limiter adds to each request, with in-process counters and with a real Redis.

Two measures, each over :data:`ROUNDS` requests from :data:`CLIENTS` client
addresses taken in turn (so each window holds what a busy client's would):

- the limiter alone: ``RateLimitMiddleware.process_resource`` and
  ``process_response`` on a ready anonymous request (the address parsed, the
  window taken, the headers set): exactly what it adds;
- a whole request through the real app (``GET /openapi.json``, a prebuilt body,
  so the limiter is not lost in a graph read), limits on against limits off
  (``INSTAGRAPH_RATE_LIMITS=off``), interleaved.

For scale, a bare Redis ``PING`` is timed between the same requests: the floor
of any call to Redis on this machine.

Targets (medians): under 50 µs in-process, under 300 µs on Redis (one round trip
on the loopback, the take being one script).
"""

from __future__ import annotations

import dataclasses
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import falcon
import falcon.testing
import redis

from api.app import create_app
from api.ratelimit import RateLimitMiddleware
from feed.counters import Counters, MemoryCounters, RedisCounters
from graph.backends.ladybug import LadybugGraph
from graph.migrations import setup_schema
from instagraph.settings import Settings
from tests.conftest import RedisServer, make_context

ROUNDS = 5000
CLIENTS = 200
TARGETS_US = {"in-process": 50.0, "Redis": 300.0}


def _address(n: int) -> str:
    return f"198.51.{n % CLIENTS // 256}.{n % 256}"


def _median_us(samples: list[float]) -> float:
    return statistics.median(samples) * 1e6


def _timed(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def limiter_alone(settings: Settings, counters: Counters) -> float:
    """Median seconds of the limiter's two calls on an anonymous request."""
    limiter = RateLimitMiddleware(settings, counters)
    resource = object()
    samples = []
    for n in range(ROUNDS):
        req = falcon.testing.create_req(path="/v1/users/ann", remote_addr=_address(n))
        req.context.viewer = None
        resp = falcon.Response()

        def limit() -> None:
            limiter.process_resource(req, resp, resource, {})
            limiter.process_response(req, resp, resource, True)

        samples.append(_timed(limit))
    return _median_us(samples)


def whole_request(on: falcon.testing.TestClient, off: falcon.testing.TestClient) -> tuple[float, float]:
    """Median seconds of ``GET /openapi.json`` with limits on and off, taken in turn."""
    with_limits, without = [], []
    for n in range(ROUNDS):
        with_limits.append(_timed(lambda: on.simulate_get("/openapi.json", remote_addr=_address(n))))
        without.append(_timed(lambda: off.simulate_get("/openapi.json", remote_addr=_address(n))))
    return _median_us(with_limits), _median_us(without)


def ping_between_requests(off: falcon.testing.TestClient, client: redis.Redis) -> float:
    """Median seconds of a Redis ``PING`` made between two requests, as the limiter's call is."""
    samples = []
    for n in range(ROUNDS):
        off.simulate_get("/openapi.json", remote_addr=_address(n))
        samples.append(_timed(client.ping))
    return _median_us(samples)


def main() -> int:
    """Print the limiter's cost per request in-process and on Redis, and whether each target is met."""
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings.from_env({"INSTAGRAPH_HOME": str(Path(folder) / "home"), "INSTAGRAPH_SECRET_KEY": "bench"})
        graph = LadybugGraph.from_url(settings.graph_url)
        setup_schema(graph)
        redis_server = RedisServer(Path(folder))
        client = redis.Redis.from_url(redis_server.url)
        try:
            context = make_context(settings, graph)
            off = falcon.testing.TestClient(
                create_app(dataclasses.replace(context, settings=settings.replace(rate_limits=False)))
            )
            print(f"{ROUNDS} anonymous requests from {CLIENTS} addresses in turn; medians in µs")
            print(f"{'counters':12}{'limiter alone':>15}{'request, on':>13}{'request, off':>14}{'added':>8}")
            for name, counters in (("in-process", MemoryCounters()), ("Redis", RedisCounters(client))):
                alone = limiter_alone(settings, counters)
                on = falcon.testing.TestClient(create_app(dataclasses.replace(context, counters=counters)))
                with_limits, without = whole_request(on, off)
                verdict = "PASS" if alone < TARGETS_US[name] else "MISS"
                print(
                    f"{name:12}{alone:>15.1f}{with_limits:>13.1f}{without:>14.1f}{with_limits - without:>8.1f}"
                    f"  (target < {TARGETS_US[name]:g}) {verdict}"
                )
            print(f"a bare Redis PING between two requests: {ping_between_requests(off, client):.1f}")
        finally:
            client.close()
            redis_server.stop()
            graph.close()
    return 0


if __name__ == "__main__":
    main()
