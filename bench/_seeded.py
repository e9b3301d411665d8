"""A fresh LadybugDB file holding a seeded synthetic graph, for benchmarks that measure cost against graph size."""

from __future__ import annotations

import contextlib
import statistics
import tempfile
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

from graph.backends.ladybug import LadybugGraph
from graph.migrations import setup_schema
from jobs.seed import Seeded, seed
from jobs.synthetic import Shape, print_progress


@contextlib.contextmanager
def seeded_graph(size: int) -> Iterator[tuple[Path, LadybugGraph, Seeded]]:
    """The temporary folder, the graph of ``size`` synthetic users, and what the seed made; gone afterwards."""
    with tempfile.TemporaryDirectory() as folder:
        graph = LadybugGraph(Path(folder) / "graph")
        try:
            setup_schema(graph)
            seeded = seed(graph, Shape(users=size), progress=print_progress)
            summary = ", ".join(f"{number:,} {what}" for what, number in seeded.synthetic.counts().items())
            print(f"  built {summary} in {seeded.seconds:.1f} s", flush=True)
            yield Path(folder), graph, seeded
        finally:
            graph.close()


Samples = Mapping[str, list[float]]
"""Milliseconds per call, by path."""


def p99(samples: list[float]) -> float:
    """The 99th percentile of ``samples`` (the nearest rank)."""
    return sorted(samples)[int(len(samples) * 0.99)]


def print_growth_table(
    results: Mapping[int, Samples],
    growth_target: float,
    verdicts: Callable[[str, Samples], list[str]] = lambda name, largest: [],
    width: int = 22,
) -> None:
    """Each path's median and p99 at each graph size, its growth from the first size to the last against
    ``growth_target``, and any more ``verdicts`` on the largest size's samples."""
    sizes = list(results)
    print(f"{'path (ms)':{width}}" + "".join(f"{f'{s:,} median':>15}{f'{s:,} p99':>13}" for s in sizes) + f"{'growth':>9}")
    for name in results[sizes[0]]:
        medians = [statistics.median(results[s][name]) for s in sizes]
        growth = medians[-1] / medians[0]
        cells = "".join(f"{m:>15.2f}{p99(results[s][name]):>13.2f}" for m, s in zip(medians, sizes))
        said = ["growth " + ("PASS" if growth <= growth_target else "MISS"), *verdicts(name, results[sizes[-1]])]
        print(f"{name:{width}}{cells}{growth:>8.2f}× {', '.join(said)}")
