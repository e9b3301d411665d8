"""Discover the benchmark modules in ``bench/`` and run them, each in its own process.

Usage: ``python -m bench [NAME ...]`` (all of them by default), ``python -m bench --list``.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import subprocess
import sys
import time
from pathlib import Path

_FOLDER = Path(__file__).resolve().parent


def discover() -> list[str]:
    """The names of the benchmark modules, sorted."""
    return sorted(info.name for info in pkgutil.iter_modules([str(_FOLDER)]) if not info.name.startswith("_"))


def _run_here(name: str) -> int:
    """Import ``bench.<name>`` and run its ``main()`` in this process."""
    module = importlib.import_module(f"bench.{name}")
    entry = getattr(module, "main", None)
    if entry is None:
        print(f"bench/{name}.py has no main()", file=sys.stderr)
        return 1
    return int(entry() or 0)


def main(argv: list[str] | None = None) -> int:
    """Run the chosen benchmarks; 1 when any of them failed."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("names", nargs="*", metavar="NAME", help="benchmarks to run (default: all)")
    parser.add_argument("--list", action="store_true", help="list the benchmarks and exit")
    parser.add_argument("--in-process", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    found = discover()
    if args.in_process:
        return _run_here(args.names[0])
    if args.list:
        print("\n".join(found) if found else "no benchmarks yet")
        return 0
    unknown = sorted(set(args.names) - set(found))
    if unknown:
        parser.error(f"no such benchmark: {', '.join(unknown)} (have: {', '.join(found) or 'none'})")
    chosen = args.names or found
    if not chosen:
        print("no benchmarks yet")
        return 0

    failed = []
    for name in chosen:
        print(f"== {name}", flush=True)
        started = time.monotonic()
        code = subprocess.call([sys.executable, "-m", "bench", "--in-process", name], cwd=_FOLDER.parent)
        print(f"== {name}: {'ok' if code == 0 else f'failed (exit {code})'} in {time.monotonic() - started:.1f} s", flush=True)
        if code != 0:
            failed.append(name)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
