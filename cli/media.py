"""``instagraph media sweep``: remove stored image bytes that no photo references.

Such orphans appear only when a process died between storing an upload's
variants and writing its photo to the graph, or when the media store was down
while a photo was deleted. The sweep reads the graph (read-only: it may run
beside ``instagraph serve``, even on the embedded graph) and leaves alone
anything younger than ``--older-than``, which may belong to an upload still
on its way to the graph.
"""

from __future__ import annotations

import argparse
import sys
from datetime import timedelta

from cli.arguments import command_group, non_negative_float

DEFAULT_GRACE_MINUTES = 60


def register(commands: argparse._SubParsersAction) -> None:
    """Add the ``media`` command (with its ``sweep`` subcommand) to the CLI."""
    actions = command_group(
        commands,
        "media",
        help="maintain the media store (sweep orphaned image bytes)",
        description="Maintain the media store named by INSTAGRAPH_MEDIA_URL.",
        title="actions",
    )
    sweep = actions.add_parser(
        "sweep",
        help="remove stored objects that no photo references",
        description=__doc__.split("\n\n", 1)[1],
    )
    sweep.add_argument(
        "--older-than",
        type=_minutes,
        default=timedelta(minutes=DEFAULT_GRACE_MINUTES),
        metavar="MINUTES",
        help=f"only objects stored at least this long ago (default: {DEFAULT_GRACE_MINUTES})",
    )
    sweep.add_argument("--dry-run", action="store_true", help="list what would be removed; remove nothing")
    sweep.set_defaults(func=run_sweep)


def _minutes(text: str) -> timedelta:
    return timedelta(minutes=non_negative_float(text))


def run_sweep(args: argparse.Namespace) -> int:
    """Run ``instagraph media sweep``."""
    from feed.counters import MemoryCounters
    from graph import open_graph
    from instagraph.settings import Settings
    from media.store import open_media_store
    from social import media
    from social.context import Context

    settings = Settings.from_env()
    try:
        graph = open_graph(settings, read_only=True)
    except Exception as error:  # the engine's own message says what is wrong (no graph there, a lock)
        print(f"error: cannot open the graph at {settings.graph_url}: {error}", file=sys.stderr)
        return 1
    ctx = Context(settings=settings, graph=graph, counters=MemoryCounters(), media_store=open_media_store(settings))
    verb = "would remove" if args.dry_run else "removed"

    def progress(report: media.SweepReport) -> None:
        print(f"examined {report.examined} objects, {verb} {len(report.removed)}", file=sys.stderr, flush=True)

    try:
        report = media.sweep(ctx, older_than=args.older_than, dry_run=args.dry_run, progress=progress)
    finally:
        graph.close()
    for key in report.removed:
        print(key)
    print(
        f"sweep done: {report.examined} objects examined, {report.kept} referenced by a photo, "
        f"{report.too_recent} too recent to judge, {len(report.removed)} {verb}.",
        file=sys.stderr,
    )
    return 0
