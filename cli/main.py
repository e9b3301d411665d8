"""The ``instagraph`` console script: parses the command line and runs one command."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from cli import capacity, cypher, jobs, media, schema, seed, serve, worker

COMMANDS = (serve, schema, cypher, media, seed, jobs, worker, capacity)
"""Each command module has ``register(subparsers)``, which sets ``func`` to its ``run(args) -> int``."""

DESCRIPTION = """\
Instagraph: an Instagram-style photo-sharing backend on a property graph.

Configuration comes from INSTAGRAPH_* environment variables (see README.md);
by default everything lives under ./var (INSTAGRAPH_HOME).
"""


def parser() -> argparse.ArgumentParser:
    """The argument parser with every command."""
    root = argparse.ArgumentParser(
        prog="instagraph", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = root.add_subparsers(title="commands", metavar="COMMAND", required=True)
    for command in COMMANDS:
        command.register(commands)
    return root


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command named in ``argv`` (default: ``sys.argv[1:]``) and return its exit code."""
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `instagraph cypher … | head`: the reader left, nothing is wrong
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
