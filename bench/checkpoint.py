"""What a LadybugDB checkpoint costs, at a few write-ahead-log thresholds, to choose ``INSTAGRAPH_GRAPH_CHECKPOINT_BYTES``.

The engine appends every commit to ``graph.wal`` and folds the log into the
database file (a checkpoint) inside the commit that takes the log past its
threshold. On a seeded graph (``BENCH_CHECKPOINT_USERS``, 40,000 by default),
for each threshold:

- one thread likes and unlikes photos (``likes/like_photo``, ``likes/unlike_photo``)
  while ``BENCH_CHECKPOINT_READERS`` others (4, as the server's request
  threads) read photos (``photos/visible_by_ids``, one photo) without pause; the writes
  whose commit shrank the log are the checkpoints. Printed: writes and reads
  per second, write and read latency (median, p99, max), how many checkpoints,
  what the checkpointing writes took, and the slowest read that overlapped one;
- recovery: a process writes until the log holds N bytes (no checkpoint) and
  is killed; the time to open the file again (the log is replayed) is printed
  beside the time to open it with an empty log.

Likes alone may understate what a checkpoint costs the server: in the served
load mix at 100,000 users (eight request threads then; comments, sessions and
likes) one took 0.5 s where this, with one reader, said 80 ms. The server's
threshold was chosen there (``graph.backends.ladybug.CHECKPOINT_BYTES``); this measures the engine
alone and the restart after a crash.
"""

from __future__ import annotations

import dataclasses
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from bench._seeded import seeded_graph
from graph.backends.ladybug import CHECKPOINT_BYTES, LadybugGraph
from graph.ids import IdGenerator
from jobs.synthetic import SyntheticGraph
from social.context import utc_now

USERS = int(os.environ.get("BENCH_CHECKPOINT_USERS", "40000"))
MB = 1024 * 1024
THRESHOLDS = tuple(int(mb) * MB for mb in os.environ.get("BENCH_CHECKPOINT_MB", "1,4,16").split(","))
"""Thresholds measured under load; the engine's default is 16 MB."""
READERS = int(os.environ.get("BENCH_CHECKPOINT_READERS", "4"))
"""Threads reading while the writes run (the server's request threads)."""
WAL_SIZES = tuple(int(mb) * MB for mb in os.environ.get("BENCH_RECOVERY_MB", "0,1,4,16").split(","))
"""Log sizes whose replay is timed."""
CROSSINGS = 2.2
"""Writes per threshold: enough to fill the log this many times over."""
NEVER = 1 << 50
"""A threshold no log reaches: no checkpoint while the log grows."""


@dataclasses.dataclass
class Load:
    """What one threshold's run measured (milliseconds; times from ``time.perf_counter``)."""

    threshold: int
    seconds: float = 0.0
    writes: list[float] = dataclasses.field(default_factory=list)
    checkpoints: list[float] = dataclasses.field(default_factory=list)
    checkpoint_spans: list[tuple[float, float]] = dataclasses.field(default_factory=list)
    reads: list[tuple[float, float]] = dataclasses.field(default_factory=list)  # (start, ms)


def _pairs(synthetic: SyntheticGraph, rng: random.Random, count: int) -> list[tuple[int, int]]:
    """(viewer, photo) pairs the privacy rule allows: public owners' photos and public viewers."""
    public = [u["id"] for u in synthetic.users.dicts() if not u["private"]]
    public_set = set(public)
    photos = [p["id"] for p in synthetic.photos.dicts() if p["owner"] in public_set]
    return [(rng.choice(public), rng.choice(photos)) for _ in range(count)]


def measure_load(path: Path, threshold: int, pairs: list[tuple[int, int]], writes: int) -> Load:
    """Like and unlike in one thread while :data:`READERS` others read, with checkpoints at ``threshold``."""
    graph = LadybugGraph(path, checkpoint_bytes=threshold)
    new_id = IdGenerator()
    load = Load(threshold)
    stop = threading.Event()

    def read(index: int) -> None:
        while not stop.is_set():
            viewer, photo = pairs[index % len(pairs)]
            index += 1
            started = time.perf_counter()
            graph.read("photos/visible_by_ids", ids=[photo], viewer=viewer)
            load.reads.append((started, (time.perf_counter() - started) * 1e3))

    readers = [threading.Thread(target=read, args=(number * len(pairs) // READERS,)) for number in range(READERS)]
    for reader in readers:
        reader.start()
    began = time.perf_counter()
    try:
        for number in range(writes):
            viewer, photo = pairs[(number // 2) % len(pairs)]
            before = graph.log_bytes()
            started = time.perf_counter()
            if number % 2 == 0:
                graph.write("likes/like_photo", photo=photo, viewer=viewer, seq=new_id(), now=utc_now())
            else:
                graph.write("likes/unlike_photo", photo=photo, viewer=viewer)
            ended = time.perf_counter()
            load.writes.append((ended - started) * 1e3)
            if graph.log_bytes() < before:
                load.checkpoints.append((ended - started) * 1e3)
                load.checkpoint_spans.append((started, ended))
    finally:
        load.seconds = time.perf_counter() - began
        stop.set()
        for reader in readers:
            reader.join()
        graph.close()
    return load


def _overlapping(load: Load) -> list[float]:
    """Latencies of the reads that ran while a checkpoint did."""
    spans = load.checkpoint_spans
    return [ms for start, ms in load.reads if any(start < end and start + ms / 1e3 > begin for begin, end in spans)]


def _wal_bytes_per_write(path: Path, pairs: list[tuple[int, int]]) -> float:
    """Log bytes one like or unlike adds, from 200 of them without a checkpoint."""
    graph = LadybugGraph(path, checkpoint_bytes=NEVER)
    new_id = IdGenerator()
    try:
        before = graph.log_bytes()
        for viewer, photo in pairs[:100]:
            graph.write("likes/like_photo", photo=photo, viewer=viewer, seq=new_id(), now=utc_now())
            graph.write("likes/unlike_photo", photo=photo, viewer=viewer)
        return (graph.log_bytes() - before) / 200
    finally:
        graph.close()


_GROW_AND_DIE = """
import os, signal, sys
from graph.backends.ladybug import LadybugGraph
from graph.ids import IdGenerator
from social.context import utc_now
path, target = sys.argv[1], int(sys.argv[2])
pairs = [tuple(map(int, line.split())) for line in sys.stdin]
graph = LadybugGraph(path, checkpoint_bytes=1 << 50)
new_id = IdGenerator()
number = 0
while os.path.exists(path + ".wal") is False or os.path.getsize(path + ".wal") < target:
    viewer, photo = pairs[number % len(pairs)]
    graph.write("likes/like_photo", photo=photo, viewer=viewer, seq=new_id(), now=utc_now())
    graph.write("likes/unlike_photo", photo=photo, viewer=viewer)
    number += 1
print(os.path.getsize(path + ".wal"), flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""

_OPEN = """
import sys, time
from graph.backends.ladybug import LadybugGraph
started = time.perf_counter()
graph = LadybugGraph(sys.argv[1])
graph.ping()
print((time.perf_counter() - started) * 1e3)
graph.close()
"""


def measure_recovery(base: Path, folder: Path, wal_bytes: int, pairs: list[tuple[int, int]]) -> tuple[int, float]:
    """The log size reached and the milliseconds a fresh process took to open the file after a kill."""
    path = folder / f"recovery-{wal_bytes}"
    shutil.copy(base, path)
    grown = 0
    if wal_bytes:
        feed = "\n".join(f"{viewer} {photo}" for viewer, photo in pairs)
        child = subprocess.run(
            [sys.executable, "-c", _GROW_AND_DIE, str(path), str(wal_bytes)], input=feed, capture_output=True, text=True
        )
        assert child.returncode == -signal.SIGKILL, child.stderr
        grown = int(child.stdout.strip())
    opened = subprocess.run([sys.executable, "-c", _OPEN, str(path)], capture_output=True, text=True, check=True)
    return grown, float(opened.stdout.strip())


def _p(samples: list[float], share: float) -> float:
    return sorted(samples)[min(len(samples) - 1, int(len(samples) * share))]


def _report(load: Load) -> None:
    reads = [ms for _, ms in load.reads]
    overlapping = _overlapping(load)
    checkpoint = (
        f"{len(load.checkpoints)} checkpoints, each {statistics.mean(load.checkpoints):.0f} ms "
        f"(max {max(load.checkpoints):.0f}); slowest read beside one {max(overlapping, default=0):.0f} ms"
        if load.checkpoints
        else "no checkpoint"
    )
    print(
        f"  {load.threshold // MB:>3} MB: {len(load.writes) / load.seconds:,.0f} writes/s, "
        f"write median {statistics.median(load.writes):.2f} p99 {_p(load.writes, 0.99):.2f} max {max(load.writes):.0f} ms; "
        f"{len(reads) / load.seconds:,.0f} reads/s, read median {statistics.median(reads):.2f} "
        f"p99 {_p(reads, 0.99):.2f} max {max(reads):.0f} ms; {checkpoint}",
        flush=True,
    )


def main() -> int:
    """Seed, measure each threshold under load, then recovery per log size; print the figures."""
    rng = random.Random(USERS)
    print(f"{USERS:,} users…", flush=True)
    with seeded_graph(USERS) as (folder, graph, seeded):
        graph.close()
        base = folder / "graph"
        pairs = _pairs(seeded.synthetic, rng, 5000)
        probe = folder / "probe"
        shutil.copy(base, probe)
        per_write = _wal_bytes_per_write(probe, pairs)
        print(f"database file {base.stat().st_size / MB:.0f} MB; a like or unlike adds {per_write:,.0f} log bytes "
              f"(the server's threshold {CHECKPOINT_BYTES // MB} MB); {READERS} readers beside the writer", flush=True)
        for threshold in THRESHOLDS:
            path = folder / f"load-{threshold}"
            shutil.copy(base, path)
            _report(measure_load(path, threshold, pairs, int(CROSSINGS * threshold / per_write)))
            path.unlink()
        print("recovery after a kill (a fresh process opens the file and replays the log):", flush=True)
        for wal_bytes in WAL_SIZES:
            grown, ms = measure_recovery(base, folder, wal_bytes, pairs)
            print(f"  log {grown / MB:5.1f} MB: open {ms:,.0f} ms", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
