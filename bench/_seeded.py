"""A fresh LadybugDB file holding a seeded synthetic graph, for benchmarks that measure cost against graph size."""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterator
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
