"""``instagraph schema``: the graph schema for people who write Cypher, or its DDL."""

from __future__ import annotations

import argparse
import sys


def register(commands: argparse._SubParsersAction) -> None:
    """Add the ``schema`` command to the CLI."""
    parser = commands.add_parser(
        "schema",
        help="print the graph schema (node labels, relationships, properties, constraints)",
        description="Print the graph schema generated from graph/models.py: every node label with its "
        "key and properties, every relationship type with the labels it joins, and the constraints.",
    )
    parser.add_argument(
        "--ddl",
        choices=["ladybug"],
        help="print the generated DDL for that engine instead (one statement per line, each ending with ';')",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run the ``schema`` command."""
    from graph import schema

    if args.ddl == "ladybug":
        sys.stdout.write("".join(f"{statement};\n" for statement in schema.ladybug_ddl()))
    else:
        sys.stdout.write(schema.schema_document())
    return 0
