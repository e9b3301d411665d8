"""``instagraph worker``: run the fan-out jobs that keep Redis timelines current, until stopped.

For a Neo4j graph: API servers enqueue the jobs (a posted photo, a follow,
an unfollow) in Redis, and any number of these workers run them. On the
embedded graph (LadybugDB) only one process may write the file and only it
sees current follows, so `instagraph serve` runs the jobs itself and this
command refuses. Stop it with Ctrl-C or SIGTERM: jobs in progress finish,
jobs not started stay queued for the next worker.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from typing import TYPE_CHECKING, TextIO

from cli.arguments import positive_int

if TYPE_CHECKING:
    from feed.fanout import FanOutJobs
    from instagraph.settings import Settings

REPORT_EVERY = 10.0
"""Seconds between two progress lines."""


def register(commands: argparse._SubParsersAction) -> None:
    """Add the ``worker`` command to the CLI."""
    from feed.fanout import WORKER_THREADS

    parser = commands.add_parser(
        "worker",
        help="run the fan-out jobs of Redis timelines (Neo4j deployments)",
        description=__doc__.split("\n\n", 1)[1],
    )
    parser.add_argument(
        "--threads", type=positive_int, default=WORKER_THREADS, help=f"jobs run at once (default: {WORKER_THREADS})"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run ``instagraph worker``."""
    from feed.cache import Cache
    from feed.fanout import FanOutJobs
    from feed.timelines import Timelines
    from graph import open_graph
    from instagraph.settings import Settings

    settings = Settings.from_env()
    refusal = _refusal(settings)
    if refusal:
        print(f"instagraph worker: {refusal}", file=sys.stderr)
        return 2
    graph = open_graph(settings, migrate=False)
    cache = Cache.from_settings(settings)
    jobs = FanOutJobs(graph, Timelines(cache, settings.timeline_ttl), cache, settings.fanout_max_followers)
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    try:
        work_until(jobs, stop, threads=args.threads)
    finally:
        graph.close()
    return 0


def _refusal(settings: Settings) -> str | None:
    """Why this process must not run jobs, or ``None``."""
    if not settings.redis_url:
        return "INSTAGRAPH_REDIS_URL is not set: without Redis there are no timelines and no jobs."
    if settings.embedded_graph:
        return (
            "the embedded graph (LadybugDB) is written by one process only, and `instagraph serve` "
            "runs the fan-out jobs itself; this command is for a Neo4j graph."
        )
    return None


def work_until(jobs: FanOutJobs, stop: threading.Event, *, threads: int, out: TextIO = sys.stderr, every: float = REPORT_EVERY) -> None:
    """Run ``jobs``' worker until ``stop`` is set, printing progress, then a summary."""
    worker = jobs.worker(threads)
    worker.start()
    print(f"worker: running fan-out jobs with {threads} threads; Ctrl-C stops", file=out, flush=True)
    while not stop.wait(every):
        print(f"worker: {jobs.tally.done} jobs done, {jobs.tally.failed} failed (retried)", file=out, flush=True)
    worker.stop()
    print(f"worker: stopped; {jobs.tally.done} jobs done, {jobs.tally.failed} failed", file=out, flush=True)
