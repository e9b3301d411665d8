"""Search at 10,000 and at 100,000 users: one index lookup, so the cost should not grow with the graph.

For each size a fresh LadybugDB file gets a synthetic graph (:func:`jobs.seed.seed`:
users, follows, photos, hashtags, …, indexed for search as it is written), then
:func:`social.search.search` runs for
random prefixes of existing usernames: one letter (the most matches), three
letters, and whole names, as a logged-in viewer. The target: each median at
100,000 users at most 1.3× the one at 10,000.
"""

from __future__ import annotations

import random
import statistics
import time
from pathlib import Path

from bench._seeded import seeded_graph
from graph.backends.ladybug import LadybugGraph
from instagraph.settings import Settings
from jobs.synthetic import SyntheticUser
from social import search
from tests.conftest import make_context

SIZES = (10_000, 100_000)
SEARCHES = 1_000
TARGET_RATIO = 1.3
PREFIXES = {"1 letter": 1, "3 letters": 3, "whole name": 30}

Timings = dict[str, list[float]]
"""Milliseconds per search, by prefix length."""


def measure(folder: Path, graph: LadybugGraph, users: list[SyntheticUser], rng: random.Random) -> Timings:
    """Time searches for prefixes of random existing usernames."""
    settings = Settings.from_env({"INSTAGRAPH_HOME": str(folder / "home"), "INSTAGRAPH_SECRET_KEY": "bench"})
    ctx = make_context(settings, graph)
    timings: Timings = {}
    for name, length in PREFIXES.items():
        samples = []
        for _ in range(SEARCHES):
            viewer, target = rng.choice(users), rng.choice(users)
            started = time.perf_counter()
            search.search(ctx, viewer.id, target.username[:length], limit=20)
            samples.append((time.perf_counter() - started) * 1e3)
        timings[name] = samples
    return timings


def build_and_measure(size: int) -> Timings:
    """A synthetic graph of ``size`` users, and the searches on it."""
    with seeded_graph(size) as (folder, graph, seeded):
        return measure(folder, graph, seeded.synthetic.accounts(), random.Random(size))


def _p99(samples: list[float]) -> float:
    return sorted(samples)[int(len(samples) * 0.99)]


def main() -> int:
    """Build each size, time the searches, print the table and whether each target is met."""
    results = {}
    for size in SIZES:
        print(f"{size:,} users…", flush=True)
        results[size] = build_and_measure(size)
    small, large = SIZES
    print()
    print(f"{'search (ms)':14}" + "".join(f"{f'{s:,} median':>15}{f'{s:,} p99':>13}" for s in SIZES) + f"{'ratio':>8}")
    for name in PREFIXES:
        ratio = statistics.median(results[large][name]) / statistics.median(results[small][name])
        cells = "".join(f"{statistics.median(results[s][name]):>15.2f}{_p99(results[s][name]):>13.2f}" for s in SIZES)
        verdict = "PASS" if ratio <= TARGET_RATIO else "MISS"
        print(f"{name:14}{cells}{ratio:>7.2f}× {verdict}")
    return 0


if __name__ == "__main__":
    main()
