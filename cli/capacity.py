"""``instagraph capacity``: the capacity plan for given parameters, as Markdown.

Servers, Redis memory, graph size and Neo4j cluster shape, S3 storage and
CDN egress, each with its formula, from the parameters below (defaults: the
brief: 10,000,000 users, 10,000 requests/s, 95% reads) and the figures named
in the output (measured on this code, or assumed and said so).
docs/capacity.md is this command's output with the defaults.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

from instagraph.capacity import Parameters, render


def register(commands: argparse._SubParsersAction) -> None:
    """Add the ``capacity`` command to the CLI."""
    parser = commands.add_parser(
        "capacity",
        help="print the capacity plan (servers, Redis, graph, S3, CDN) for given parameters",
        description=__doc__.split("\n\n", 1)[1],
    )
    for field in dataclasses.fields(Parameters):
        parser.add_argument(
            f"--{field.name.replace('_', '-')}",
            type=type(field.default),
            default=field.default,
            metavar=field.name.upper(),
            help=f"(default: {field.default:,})",
        )
    parser.add_argument("--output", type=Path, metavar="PATH", help="write the Markdown here instead of standard output")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run ``instagraph capacity``."""
    parameters = Parameters(**{field.name: getattr(args, field.name) for field in dataclasses.fields(Parameters)})
    text = render(parameters)
    if args.output is None:
        sys.stdout.write(text)
    else:
        args.output.write_text(text)
        print(f"capacity plan written to {args.output}", file=sys.stderr)
    return 0
