"""One load run: for each graph size, seed, serve, prepare the mix, wrk the API, then wrk the ceiling the same way.

Settings (environment):
    BENCH_SIZES               graph sizes in users, comma-separated (default 10000,100000; as bench/read_paths.py)
    BENCH_LOAD_SECONDS        seconds of the API's measured wrk run (default 300; the ceiling's is at most 20 s)
    BENCH_LOAD_WARMUP         seconds of the unmeasured wrk run before the API's (default 60; 0: none; the
                              ceiling's is at most 5 s: it has no caches to fill)
    BENCH_LOAD_CONNECTIONS    wrk's connections, i.e. requests in flight (default 16)
    BENCH_LOAD_THREADS        wrk's threads (default 2)
    BENCH_LOAD_TOKENS         seeded users logged in, whose tokens the mix spreads over (default 300)
    INSTAGRAPH_THREADS        passed on to the API and the ceiling alike (default: instagraph serve's)
"""

from __future__ import annotations

import dataclasses
import os
import random
import sys
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path

from bench.load import processes, report, server_time, workload, wrk
from bench.load.processes import BenchError, Served
from bench.load.machine import CpuSnapshot
from bench.load.report import Load, SizeResult
from graph.backends.ladybug import logged_checkpoints

Progress = Callable[[str], None]


def _print_progress(line: str) -> None:
    print(line, flush=True)


@dataclasses.dataclass(frozen=True)
class LoadSettings:
    """What a load run does: its graph sizes, how wrk pushes, how long it warms up, how many users log in."""

    sizes: tuple[int, ...] = (10_000, 100_000)
    shape: wrk.Shape = wrk.Shape(threads=2, connections=16, seconds=300)
    """300 s: about as long as the mix takes to fill the graph's write-ahead log to its checkpoint threshold at
    100,000 users (16 MB: ``graph.backends.ladybug.CHECKPOINT_BYTES``), so that checkpoints, which stall every
    write for 0.6-0.8 s there, weigh in p99 about at their rate. A 20 s run held one (3.5% of its time) or
    none, and gave p99 516 ms or 20 by luck. The report names those that fell in the run."""
    warmup: int = 60
    """Long enough for a steady state: the mix reads the comment pages of a few thousand photos at random, 10%
    of ~1,300 requests/s, so after 60 s each was read about three times and 5% never (after 5 s, 78% never,
    and the cold pages took a quarter of the API's CPU). A server serves warm for days between restarts; what
    a cold start costs shows with ``BENCH_LOAD_WARMUP=5``."""
    tokens: int = 300

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> LoadSettings:
        """The settings named in this module's docstring, from ``environ`` (default: the process environment)."""
        env = os.environ if environ is None else environ
        default = cls()
        return cls(
            sizes=tuple(int(size) for size in env.get("BENCH_SIZES", "10000,100000").split(",")),
            shape=wrk.Shape(
                threads=int(env.get("BENCH_LOAD_THREADS", default.shape.threads)),
                connections=int(env.get("BENCH_LOAD_CONNECTIONS", default.shape.connections)),
                seconds=int(env.get("BENCH_LOAD_SECONDS", default.shape.seconds)),
            ),
            warmup=int(env.get("BENCH_LOAD_WARMUP", default.warmup)),
            tokens=int(env.get("BENCH_LOAD_TOKENS", default.tokens)),
        )

    def describe(self) -> str:
        return (
            f"wrk {self.shape.threads} threads, {self.shape.connections} connections, {self.shape.seconds} s per run"
            f" after a {self.warmup} s warm-up; the mix over {self.tokens} users' tokens"
        )


CEILING_WARMUP = 5
"""At most this many seconds of the ceiling's warm-up: connections and threads settle; nothing to fill."""
CEILING_SECONDS = 20
"""At most this many seconds of the ceiling's measured run: with no graph and no caches it is steady within seconds."""


def _warm_up(served: Served, data_file: Path, settings: LoadSettings, seconds: int, progress: Progress) -> None:
    """An unmeasured run first: caches fill, connections and threads settle."""
    if seconds:
        progress(f"  wrk {served.name}: {seconds} s warm-up…")
        wrk.run(served.url, data_file, dataclasses.replace(settings.shape, seconds=seconds))


def _measure(served: Served, data_file: Path, shape: wrk.Shape, progress: Progress) -> Load:
    """The measured run, and where the CPU went meanwhile."""
    progress(f"  wrk {served.name}: {shape.seconds} s…")
    before = CpuSnapshot.take(served.pid)
    result = wrk.run(served.url, data_file, shape)
    load = Load(result, before.until(CpuSnapshot.take(served.pid), result.seconds))
    progress(
        f"  wrk {served.name}: {result.per_second:,.0f} req/s, p50 {result.p50_ms:.2f} ms, p99 {result.p99_ms:.2f} ms, "
        f"{result.non_2xx:,} non-2xx ({result.server_errors:,} 5xx); {load.cpu_summary()}"
    )
    return load


def measure_size(users: int, folder: Path, settings: LoadSettings, progress: Progress = _print_progress) -> SizeResult:
    """Seed ``users`` into a home under ``folder``, load the API with the mix, then the ceiling.

    Raises:
        BenchError: a step failed (its message says which).
    """
    home = folder / f"home-{users}"
    progress(f"{users:,} users: seeding…")
    progress(f"  seeded {processes.seed(home, users)}; starting instagraph serve…")
    with Served.api(home) as api:
        progress(f"  serving on {api.url}; logging in {settings.tokens} users and gathering the mix's ids…")
        prepared = workload.prepare(api, users, settings.tokens, random.Random(users))
        progress(f"  {prepared.summary()}")
        data_file = prepared.write(home / "mix.tsv")
        _warm_up(api, data_file, settings, settings.warmup, progress)
        before, logged = server_time.scrape(api.text("/metrics")), len(api.stderr())
        mix_load = _measure(api, data_file, settings.shape, progress)
        spent = server_time.during(before, server_time.scrape(api.text("/metrics")))
        checkpoints = logged_checkpoints(api.stderr()[logged:])
        if mix_load.wrk.server_errors:
            progress(f"  the server's log ends:\n{api.stderr()[-3000:]}")
    with Served.ceiling(home) as ceiling:
        progress(f"  ceiling serving on {ceiling.url}")
        _warm_up(ceiling, data_file, settings, min(settings.warmup, CEILING_WARMUP), progress)
        shape = dataclasses.replace(settings.shape, seconds=min(settings.shape.seconds, CEILING_SECONDS))
        ceiling_load = _measure(ceiling, data_file, shape, progress)
    return SizeResult(users, mix_load, ceiling_load, spent, checkpoints)


def main() -> int:
    """Measure every size, then print the table, the routes and the verdicts; 1 when a step failed."""
    settings = LoadSettings.from_env()
    _print_progress(f"load: {settings.describe()}; the API and the ceiling under {processes.gunicorn_shape()}")
    results = []
    try:
        for users in settings.sizes:
            with tempfile.TemporaryDirectory(prefix="instagraph-load-") as folder:
                results.append(measure_size(users, Path(folder), settings))
    except BenchError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print()
    print(report.render(results))
    return 0
