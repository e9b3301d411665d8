"""``instagraph jobs``: batch work on the graph, run beside the servers (``suggestions``: people you may know)."""

from __future__ import annotations

import argparse
import sys

from cli.arguments import command_group, positive_int
from jobs.suggestions import BATCH, Report

SUGGESTIONS_DESCRIPTION = """\
Compute every user's people-you-may-know list from the graph, the ranking
GET /v1/me/suggestions computes live (accounts followed by the accounts each
user followed most recently), and store the first 100 of each in Redis with
the time the job started. The servers serve a stored list while it is younger
than INSTAGRAPH_SUGGESTIONS_MAX_AGE seconds (default 86400: run the job
nightly), each item checked against the graph as it is shown, and compute
the list live otherwise.

The job only reads the graph, through the read path, so it runs beside the
servers: on Neo4j its reads go to the followers; on the embedded graph it
opens the file read-only, beside a running `instagraph serve`, and sees the
graph as it was when it started.

The lists are stored in Redis, which every server reads: without
INSTAGRAPH_REDIS_URL the job refuses to run (exit 2), and the server computes
suggestions live. Progress goes to stderr, the summary to stdout.
"""

_NO_REDIS = (
    "error: INSTAGRAPH_REDIS_URL is not set: stored suggestions live in Redis, which every server reads; "
    "without it the server computes suggestions live"
)

JOB_REDIS_TIMEOUT = 10.0
"""Seconds the job waits for Redis: a batch job would rather wait than fail fast as a request does."""


def register(commands: argparse._SubParsersAction) -> None:
    """Add the ``jobs`` command (with its ``suggestions`` subcommand) to the CLI."""
    jobs = command_group(
        commands,
        "jobs",
        help="batch work on the graph (compute and store suggestions)",
        description="Batch work on the graph, safe beside running servers.",
        title="jobs",
    )
    suggestions = jobs.add_parser(
        "suggestions",
        help="compute every user's suggestions and store them in Redis",
        description=SUGGESTIONS_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    suggestions.add_argument(
        "--batch-size",
        type=positive_int,
        default=BATCH,
        metavar="USERS",
        help=f"users computed, then written to Redis in one round trip, at a time (default: {BATCH})",
    )
    suggestions.set_defaults(func=run_suggestions)


def _progress(report: Report) -> None:
    print(
        f"[{report.seconds:6.1f} s] suggestions: {report.users:,}/{report.total:,} users",
        file=sys.stderr,
        flush=True,
    )


def run_suggestions(args: argparse.Namespace) -> int:
    """Run ``instagraph jobs suggestions``."""
    from datetime import timedelta

    from feed.cache import Cache, CacheUnavailable
    from feed.counters import MemoryCounters
    from feed.suggestions import SuggestionStore
    from graph import open_graph
    from instagraph.settings import Settings
    from jobs.suggestions import store_suggestions
    from media.store import open_media_store
    from social.context import Context

    settings = Settings.from_env()
    if not settings.redis_url:
        print(_NO_REDIS, file=sys.stderr)
        return 2
    cache = Cache.from_url(settings.redis_url, JOB_REDIS_TIMEOUT)
    try:
        cache.ping()
    except CacheUnavailable as error:
        print(f"error: cannot reach Redis at INSTAGRAPH_REDIS_URL: {error}", file=sys.stderr)
        return 1
    try:
        graph = open_graph(settings, read_only=True)
    except Exception as error:  # the engine's own message says what is wrong (no graph there, a lock)
        print(f"error: cannot open the graph at {settings.graph_url}: {error}", file=sys.stderr)
        return 1
    ctx = Context(settings=settings, graph=graph, counters=MemoryCounters(), media_store=open_media_store(settings))
    store = SuggestionStore(cache, timedelta(seconds=settings.suggestions_max_age))
    try:
        report = store_suggestions(ctx, store, batch=args.batch_size, progress=_progress)
    except CacheUnavailable as error:
        print(f"error: Redis failed; the lists stored so far are kept: {error}", file=sys.stderr)
        return 1
    finally:
        graph.close()
    print(
        f"suggestions stored for {report.users:,} users in {report.seconds:.1f} s "
        f"({report.users / report.seconds if report.seconds else 0:,.0f} users/s): "
        f"{report.per_user:.1f} per user on average, {report.without:,} with none"
    )
    return 0
