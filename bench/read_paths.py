"""The read paths at 10,000 and at 100,000 users: the cost should follow what a viewer sees, not the graph's size.

For each size a fresh LadybugDB file gets a synthetic graph (:func:`jobs.seed.seed`:
power-law follows, photos, likes, comments, hashtags, private accounts,
blocks), a real ``redis-server`` is started, and for random viewers the rules
are timed in-process (no HTTP):

- the home feed (20 photos) from the graph, and from the viewer's Redis
  timeline (warm: built by an earlier read; the read-time merge of their own
  and big accounts' photos and the hydration of 20 photo cards included);
- a profile grid (20 photos), as its owner sees it;
- search for one letter, three letters and a whole username;
- live suggestions (people you may know, 20) and explore (20 photos).

It also times the fan-out job for the most-followed account under the
fan-out threshold (timelines written per second).

Targets: the feed from Redis under 5 ms p99 at 100,000 users, from the graph
under 30 ms p99; every median at 100,000 users at most 1.3× the one at 10,000.
"""

from __future__ import annotations

import dataclasses
import os
import random
import time
from collections.abc import Callable
from pathlib import Path

from bench._seeded import Samples, p99, print_growth_table, seeded_graph
from feed.cache import Cache
from feed.fanout import FanOutJobs
from feed.timelines import Timelines
from graph.backends.ladybug import LadybugGraph
from instagraph.settings import Settings
from jobs.synthetic import SyntheticGraph, SyntheticUser
from social import discovery, feeds, photos, search
from social.context import Context
from tests.conftest import RedisServer, make_context

SIZES = tuple(int(s) for s in os.environ.get("BENCH_SIZES", "10000,100000").split(","))
VIEWERS = 300
"""Random viewers per size; each path is timed once per viewer, after one untimed warm-up read."""

GROWTH_TARGET = 1.3
P99_TARGETS = {"feed from Redis": 5.0, "feed from graph": 30.0}

Timings = dict[str, list[float]]
"""Milliseconds per call, by path."""


def _timed(samples: list[float], call: Callable[[], object]) -> None:
    started = time.perf_counter()
    call()
    samples.append((time.perf_counter() - started) * 1e3)


def paths(graph_ctx: Context, redis_ctx: Context) -> dict[str, Callable[[SyntheticUser], object]]:
    """Each measured read, as a call for one viewer."""
    page = {"limit": 20, "cursor": None}
    return {
        "feed from graph": lambda v: feeds.home_feed(graph_ctx, v.id, **page),
        "feed from Redis": lambda v: feeds.home_feed(redis_ctx, v.id, **page),
        "profile grid": lambda v: photos.user_photos(graph_ctx, v.id, v.username, **page),
        "search 1 letter": lambda v: search.search(graph_ctx, v.id, v.username[:1], limit=20),
        "search 3 letters": lambda v: search.search(graph_ctx, v.id, v.username[:3], limit=20),
        "search whole name": lambda v: search.search(graph_ctx, v.id, v.username, limit=20),
        "suggestions (live)": lambda v: discovery.suggestions(graph_ctx, v.id, **page),
        "explore": lambda v: discovery.explore(graph_ctx, v.id, **page),
    }


def measure(folder: Path, graph: LadybugGraph, synthetic: SyntheticGraph, rng: random.Random) -> tuple[Timings, str]:
    """Time every path for random viewers; also the fan-out job of the biggest account fanned out."""
    settings = Settings.from_env({"INSTAGRAPH_HOME": str(folder / "home"), "INSTAGRAPH_SECRET_KEY": "bench"})
    redis_server = RedisServer(folder)
    try:
        graph_ctx = make_context(settings, graph)
        cache = Cache.from_url(redis_server.url, settings.redis_timeout)
        timelines = Timelines(cache, settings.timeline_ttl)
        redis_ctx = dataclasses.replace(graph_ctx, settings=settings.replace(redis_url=redis_server.url), cache=cache, timelines=timelines)
        viewers = rng.sample(synthetic.accounts(), VIEWERS)
        timings: Timings = {}
        for name, call in paths(graph_ctx, redis_ctx).items():
            samples = timings.setdefault(name, [])
            for viewer in viewers:
                call(viewer)  # warm-up: builds the viewer's timeline on the Redis path
                _timed(samples, lambda: call(viewer))
        fan_out = _fan_out(graph, synthetic, timelines, cache, settings)
    finally:
        redis_server.stop()
    return timings, fan_out


def _fan_out(graph: LadybugGraph, synthetic: SyntheticGraph, timelines: Timelines, cache: Cache, settings: Settings) -> str:
    """The push job of a photo of the most-followed account still fanned out, timed (a request only enqueues it)."""
    limit = settings.fanout_max_followers
    owner = max((u for u in synthetic.users.dicts() if u["follower_count"] <= limit), key=lambda u: u["follower_count"])
    photo = next(p["id"] for p in synthetic.photos.dicts() if p["owner"] == owner["id"])
    jobs = FanOutJobs(graph, timelines, cache, limit)
    started = time.perf_counter()
    jobs.push_photo(photo)
    seconds = time.perf_counter() - started
    followers = owner["follower_count"]
    return f"{followers:,} followers' timelines in {seconds * 1e3:.0f} ms ({followers / seconds:,.0f}/s)"


def build_and_measure(size: int) -> tuple[Timings, str]:
    """A synthetic graph of ``size`` users, and the timings on it."""
    with seeded_graph(size) as (folder, graph, seeded):
        return measure(folder, graph, seeded.synthetic, random.Random(size))


def _p99_verdicts(name: str, largest: Samples) -> list[str]:
    """The p99 target of ``name``, if it has one, on the largest graph's samples."""
    if name not in P99_TARGETS:
        return []
    return [f"p99<{P99_TARGETS[name]:g}ms " + ("PASS" if p99(largest[name]) < P99_TARGETS[name] else "MISS")]


def main() -> int:
    """Build each size, time every path, print the table and whether each target is met."""
    results = {}
    for size in SIZES:
        print(f"{size:,} users…", flush=True)
        results[size] = build_and_measure(size)
    print()
    print_growth_table({size: timings for size, (timings, _) in results.items()}, GROWTH_TARGET, _p99_verdicts, width=20)
    for size in SIZES:
        print(f"fan-out at {size:,} users: {results[size][1]}")
    return 0


if __name__ == "__main__":
    main()
