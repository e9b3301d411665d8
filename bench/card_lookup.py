"""A user card by username, at 1,000 and at 100,000 users: the cost should not grow with the graph.

For each size a fresh LadybugDB file is seeded with a synthetic graph
(:func:`jobs.seed.seed`), then random existing users' cards are read through
:func:`social.accounts.profile`, by an anonymous and by a logged-in viewer,
twice: from the graph (no object cache: the username's id through the
``Username`` node, an index lookup on both engines, then the card and the
relations by primary key), and from the object cache in this process once
warm (:mod:`feed.objects`). The target: the graph's median at 100,000 users at
most 1.3× the one at 1,000.
"""

from __future__ import annotations

import dataclasses
import random
import statistics
import time
from collections.abc import Callable

from bench._seeded import seeded_graph
from feed.objects import LocalObjectCache, NoObjectCache
from instagraph.settings import Settings
from jobs.synthetic import SyntheticUser
from social import accounts
from social.cards import ANONYMOUS
from social.context import Context
from tests.conftest import make_context

SIZES = (1_000, 100_000)
LOOKUPS = 3_000
TARGET_RATIO = 1.3
GRAPH, CACHED = "graph", "object cache"

Timings = dict[str, list[float]]
"""Microseconds per lookup, by way of looking up and viewer."""


def _microseconds(lookup: Callable[[], object]) -> float:
    started = time.perf_counter()
    lookup()
    return (time.perf_counter() - started) * 1e6


def measure(ctx: Context, users: list[SyntheticUser], rng: random.Random) -> Timings:
    """Card lookups of random users from the graph and from a warm cache, for both kinds of viewer."""
    timings: Timings = {}
    warm = dataclasses.replace(ctx, objects=LocalObjectCache())
    pairs = [(rng.choice(users).username, rng.choice(users).id) for _ in range(LOOKUPS)]
    for viewer_kind in ("anonymous", "logged in"):
        for way, way_ctx in ((GRAPH, dataclasses.replace(ctx, objects=NoObjectCache())), (CACHED, warm)):
            def lookup(username: str, viewer: int) -> object:
                return accounts.profile(way_ctx, username, viewer_id=ANONYMOUS if viewer_kind == "anonymous" else viewer)

            for username, viewer in pairs if way == CACHED else pairs[:10]:
                lookup(username, viewer)  # warm up: plans the queries; fills the cache
            timings[f"{way}, {viewer_kind}"] = [_microseconds(lambda: lookup(*pair)) for pair in pairs]
    return timings


def _p99(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=100)[98]


def build_and_measure(size: int) -> Timings:
    """A seeded graph of ``size`` synthetic users, and the card lookups on it."""
    with seeded_graph(size) as (folder, graph, seeded):
        ctx = make_context(Settings.from_env({"INSTAGRAPH_HOME": str(folder), "INSTAGRAPH_SECRET_KEY": "bench"}), graph)
        return measure(ctx, seeded.synthetic.accounts(), random.Random(size))


def _ratio(results: dict[int, Timings], way: str) -> float:
    small, large = SIZES
    return statistics.median(results[large][way]) / statistics.median(results[small][way])


def _print_table(results: dict[int, Timings]) -> None:
    heading = "".join(f"{f'{size:,} median':>15}{f'{size:,} p99':>13}" for size in SIZES)
    print(f"{'card by username (µs)':28}{heading}{'ratio':>8}")
    for way in results[SIZES[0]]:
        cells = "".join(f"{statistics.median(results[s][way]):>15.0f}{_p99(results[s][way]):>13.0f}" for s in SIZES)
        print(f"{way:28}{cells}{_ratio(results, way):>7.2f}×")


def main() -> int:
    """Build each size, time the lookups, print the table and whether the target is met."""
    results: dict[int, Timings] = {}
    for size in SIZES:
        print(f"{size:,} users…", flush=True)
        results[size] = build_and_measure(size)
    print()
    _print_table(results)
    print()
    small, large = SIZES
    for viewer_kind in ("anonymous", "logged in"):
        ratio = _ratio(results, f"{GRAPH}, {viewer_kind}")
        verdict = "PASS" if ratio <= TARGET_RATIO else "MISS"
        print(f"{viewer_kind}: median at {large:,} / at {small:,} users {ratio:.2f}× "
              f"(target ≤ {TARGET_RATIO}×) {verdict}")
    return 0


if __name__ == "__main__":
    main()
