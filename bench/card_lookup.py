"""A user card by username, at 1,000 and at 100,000 users: the cost should not grow with the graph.

For each size a fresh LadybugDB file is seeded with a synthetic graph
(:func:`jobs.seed.seed`), then random existing users' cards are read through the
gateway's ``accounts/user_card`` query, as :func:`social.accounts.profile` reads
them, by an anonymous and by a logged-in viewer. The target: the median at
100,000 users at most 1.3× the median at 1,000.

"Before" is the same card query found by a ``MATCH (owner:User {username: …})``
scan, as it was before the ``Username`` node; it is built here only, from the
shipped text, and timed on fewer lookups (a scan of 100,000 users is slow).
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable

from bench._seeded import seeded_graph
from graph.backends.ladybug import LadybugGraph
from jobs.synthetic import SyntheticUser
from social.cards import ANONYMOUS

SIZES = (1_000, 100_000)
LOOKUPS = 3_000
SCAN_LOOKUPS = 200
TARGET_RATIO = 1.3
INDEXED_MATCH = "MATCH (:Username {name: $username})-[:NAMES]->(owner:User)"
SCAN_MATCH = "MATCH (owner:User {username: $username})"
INDEXED, SCANNED = "Username node", "scan (before)"

Timings = dict[str, list[float]]
"""Microseconds per lookup, by way of looking up and viewer."""


def _microseconds(lookup: Callable[[], object]) -> float:
    started = time.perf_counter()
    lookup()
    return (time.perf_counter() - started) * 1e6


def _scan_text(graph: LadybugGraph) -> str:
    """The card query as it was: the owner found by scanning every user's username."""
    text = graph.catalog.text("accounts/user_card")
    assert INDEXED_MATCH in text, "accounts/user_card no longer starts as this bench expects"
    return text.replace(INDEXED_MATCH, SCAN_MATCH)


def measure(graph: LadybugGraph, users: list[SyntheticUser], rng: random.Random) -> Timings:
    """Card lookups of random users: through the Username node, and by a scan, for both kinds of viewer."""
    scan = _scan_text(graph)
    timings: Timings = {}
    for viewer_kind in ("anonymous", "logged in"):
        def viewer() -> int:
            return ANONYMOUS if viewer_kind == "anonymous" else rng.choice(users).id

        def indexed() -> object:
            return graph.read("accounts/user_card", username=rng.choice(users).username, viewer=viewer())

        def scanned() -> object:
            return graph.execute(scan, {"username": rng.choice(users).username, "viewer": viewer()})

        for way, lookup, count in ((INDEXED, indexed, LOOKUPS), (SCANNED, scanned, SCAN_LOOKUPS)):
            lookup()  # warm up: the query's first run plans and caches it
            timings[f"{way}, {viewer_kind}"] = [_microseconds(lookup) for _ in range(count)]
    return timings


def _p99(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=100)[98]


def build_and_measure(size: int) -> Timings:
    """A seeded graph of ``size`` synthetic users, and the card lookups on it."""
    with seeded_graph(size) as (_, graph, seeded):
        return measure(graph, seeded.synthetic.accounts(), random.Random(size))


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
        ratio = _ratio(results, f"{INDEXED}, {viewer_kind}")
        verdict = "PASS" if ratio <= TARGET_RATIO else "MISS"
        print(f"{viewer_kind}: median at {large:,} / at {small:,} users {ratio:.2f}× "
              f"(target ≤ {TARGET_RATIO}×) {verdict}")
    return 0


if __name__ == "__main__":
    main()
