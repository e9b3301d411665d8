"""``instagraph seed``: fill the graph with a synthetic social network, for trying the app and load tests."""

from __future__ import annotations

import argparse
import sys
import time

from cli.arguments import non_negative_float, positive_int
from jobs.batched_write import BATCH
from jobs.synthetic import Shape

DESCRIPTION = """\
Fill the graph named by INSTAGRAPH_GRAPH_URL with a synthetic social network:
users (prefix0, prefix1, …; some private), follows drawn by a power law
(a few accounts with very many followers, most with a handful), pending follow
requests, a few blocks, photos with hashtags from a Zipf-distributed vocabulary,
likes skewed to popular photos, comments and replies, @mentions in some
captions and comments (replies address the author they answer) — over the
past year, as the rules would leave them, every stored count exact. The same
--seed draws the same graph (ids and times aside).

Synthetic photos have no image bytes: their media names the three sizes a real
upload has, under keys that hold nothing (a load test fetches no images).
Generated users can log in only when --password is given (all with that one).

An empty embedded graph is bulk-loaded (100,000 users in about a minute on
two cores); Neo4j and a graph with users already are written in batches. The
embedded graph must not be open in another process: stop `instagraph serve`
first. Usernames in use already are refused: pick another --prefix.
"""

EPILOG = """\
examples:
  instagraph seed --users 10000
  instagraph seed --users 100000 --seed 7 --password 'synthetic password'
  instagraph seed --users 500 --prefix demo --photos-per-user 12
"""


def register(commands: argparse._SubParsersAction) -> None:
    """Add the ``seed`` command to the CLI."""
    parser = commands.add_parser(
        "seed",
        help="fill the graph with a synthetic social network",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--users", type=positive_int, required=True, metavar="N", help="how many users to make")
    parser.add_argument("--seed", type=int, default=0, metavar="S", help="random seed (default: 0)")
    parser.add_argument("--password", metavar="PW", help="every generated user's password (default: none can log in)")
    parser.add_argument(
        "--prefix", type=_prefix, default=Shape.prefix, help="usernames PREFIX0, PREFIX1, … (default: %(default)s)"
    )
    for option, help_ in _RATES.items():
        default = getattr(Shape, _field(option))
        help_ = f"{help_} (default: {default})"
        parser.add_argument(f"--{option}", type=non_negative_float, default=default, metavar="F", help=help_)
    parser.add_argument(
        "--batch", type=positive_int, default=BATCH, metavar="ROWS", help=f"rows per transaction in batches (default: {BATCH})"
    )
    parser.set_defaults(func=run)


_RATES = {
    "follows-per-user": "accounts each user follows, on average",
    "photos-per-user": "photos each user posts, on average",
    "hashtags-per-photo": "hashtags per caption, on average",
    "likes-per-photo": "likes per photo, on average",
    "comments-per-photo": "comments per photo, on average, replies included",
    "private-share": "share of private accounts",
    "mention-share": "share of captions and of comments that tag accounts with @name",
}
"""The command's options for :class:`jobs.synthetic.Shape`'s rates, with their help."""

_LOCKED_HINT = "\nanother process (a running `instagraph serve`?) has it open: stop it, then seed"


def _field(option: str) -> str:
    return option.replace("-", "_")


def _prefix(text: str) -> str:
    from social.accounts import is_valid_username

    if not is_valid_username(text) or len(text) > 20:
        raise argparse.ArgumentTypeError("1–20 characters: letters a-z, digits, '.' and '_'")
    return text


class _Progress:
    """Progress as a line on stderr, with the seconds since the start."""

    def __init__(self) -> None:
        self.started = time.perf_counter()

    def __call__(self, what: str, done: int, total: int) -> None:
        print(f"[{time.perf_counter() - self.started:6.1f} s] {what}: {done:,}/{total:,}", file=sys.stderr, flush=True)


def run(args: argparse.Namespace) -> int:
    """Run ``instagraph seed``."""
    from graph import open_graph
    from instagraph.settings import Settings
    from jobs.seed import UsernamesTaken, seed

    settings = Settings.from_env()
    try:
        graph = open_graph(settings)
    except Exception as error:  # the engine's own message says what is wrong (a lock names its holder)
        hint = _LOCKED_HINT if "lock" in str(error).lower() else ""
        print(f"error: cannot open the graph at {settings.graph_url} for writing: {error}{hint}", file=sys.stderr)
        return 1
    rates = {_field(option): getattr(args, _field(option)) for option in _RATES}
    try:
        seeded = seed(
            graph,
            Shape(users=args.users, prefix=args.prefix, **rates),
            seed=args.seed,
            password=args.password,
            batch=args.batch,
            progress=_Progress(),
        )
    except UsernamesTaken as error:
        print(f"error: {error}; choose another --prefix", file=sys.stderr)
        return 1
    finally:
        graph.close()
    how = "bulk-loaded" if seeded.bulk else "written in batches"
    for what, number in seeded.synthetic.counts().items():
        print(f"{what.replace('_', ' '):16} {number:>12,}")
    print(f"{'seconds':16} {seeded.seconds:>12.1f}  ({how})")
    return 0
