"""The synthetic graph: users, follows, requests and blocks made in bulk, for benchmarks and (next) seeding.

Everything is written through the named queries of ``cypher/seed/``, a batch
per write transaction; those statements keep the stored counters right and
the graph as the rules would leave it (no request to a followed account, no
follow or request across a block). Synthetic users are called ``user0``,
``user1``, …; one in ten is private; all share the password :data:`PASSWORD`,
hashed once with argon2's cheapest settings (a real hash per user would take
longer than writing the graph). A few requests and blocks belong in a
realistic graph: LadybugDB plans a check of an empty relationship table
differently (and, at 100,000 users, slower) than one of a table in use.
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Callable, Sequence
from typing import Any

from argon2 import PasswordHasher

from graph.gateway import Graph, Row
from graph.ids import IdGenerator
from social.context import utc_now

PASSWORD = "synthetic password"
PRIVATE_SHARE = 0.1
BATCH = 5000
"""Rows per write transaction."""

Pair = tuple[int, int]
Progress = Callable[[str, int, int], None]
"""Called after each batch with what is being made, how many are done and the total."""

_CHEAP_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


@dataclasses.dataclass(frozen=True)
class SyntheticUser:
    """A user the generator made."""

    id: int
    username: str


def quiet(what: str, done: int, total: int) -> None:
    """Progress that shows nothing."""


def print_progress(what: str, done: int, total: int) -> None:
    """Progress as a line per batch."""
    print(f"  {what}: {done:,}/{total:,}", flush=True)


def _in_batches(
    what: str,
    rows: Sequence[dict[str, Any]],
    write: Callable[[Sequence[dict[str, Any]]], list[Row]],
    batch: int,
    progress: Progress,
) -> int:
    """Send ``rows`` to ``write`` a batch at a time (never an empty one: LadybugDB refuses UNWIND of []).

    Returns:
        The sum of the ``created`` column the batches answered (a ``Decimal`` on LadybugDB, hence ``int``).
    """
    created = 0
    for start in range(0, len(rows), batch):
        answer = write(rows[start : start + batch])
        created += int(answer[0]["created"] or 0) if answer else 0
        progress(what, min(start + batch, len(rows)), len(rows))
    return created


def create_users(
    graph: Graph,
    count: int,
    *,
    batch: int = BATCH,
    progress: Progress = quiet,
    new_id: Callable[[], int] | None = None,
    rng: random.Random | None = None,
) -> list[SyntheticUser]:
    """Make ``count`` users named ``user0`` … with their Username nodes and counters at 0.

    Raises:
        graph.errors.ConstraintViolation: one of the names is taken already.
    """
    new_id, rng = new_id or IdGenerator(), rng or random.Random(0)
    users = [SyntheticUser(new_id(), f"user{number}") for number in range(count)]
    private = [rng.random() < PRIVATE_SHARE for _ in users]
    rows = [
        {"id": u.id, "username": u.username, "display_name": u.username.title(), "private": p}
        for u, p in zip(users, private)
    ]
    password_hash, now = _CHEAP_HASHER.hash(PASSWORD), utc_now()
    _in_batches(
        "users",
        rows,
        lambda chunk: graph.write("seed/create_users", users=chunk, password_hash=password_hash, now=now),
        batch,
        progress,
    )
    return users


def random_follows(users: Sequence[SyntheticUser], per_user: int, rng: random.Random) -> list[Pair]:
    """About ``per_user`` distinct ``(follower id, followed id)`` pairs per user, nobody following themselves.

    Whom to follow is skewed towards the first users (the square of a uniform
    draw), so a few accounts gather many followers, as in a real network.
    """
    if len(users) < 2:
        return []
    pairs: list[Pair] = []
    for follower in users:
        followed = {users[int(len(users) * rng.random() ** 2)].id for _ in range(per_user)} - {follower.id}
        pairs += [(follower.id, target) for target in sorted(followed)]
    return pairs


def random_pairs(users: Sequence[SyntheticUser], count: int, rng: random.Random) -> list[Pair]:
    """About ``count`` distinct pairs of two different users, drawn uniformly."""
    if len(users) < 2:
        return []
    pairs = {(rng.choice(users).id, rng.choice(users).id) for _ in range(count)}
    return sorted((a, b) for a, b in pairs if a != b)


def create_follows(
    graph: Graph,
    users: Sequence[SyntheticUser],
    *,
    per_user: int = 3,
    batch: int = BATCH,
    progress: Progress = quiet,
    new_id: Callable[[], int] | None = None,
    rng: random.Random | None = None,
) -> int:
    """Make :func:`random_follows` among ``users``, counters raised to match; how many follows were new."""
    new_id, rng, now = new_id or IdGenerator(), rng or random.Random(1), utc_now()
    rows = [{"follower": a, "followed": b, "seq": new_id()} for a, b in random_follows(users, per_user, rng)]
    return _in_batches(
        "follows", rows, lambda chunk: graph.write("seed/create_follows", follows=chunk, now=now), batch, progress
    )


def create_requests(
    graph: Graph,
    users: Sequence[SyntheticUser],
    *,
    share: float = 0.01,
    batch: int = BATCH,
    progress: Progress = quiet,
    new_id: Callable[[], int] | None = None,
    rng: random.Random | None = None,
) -> int:
    """Pending requests from random users to random private accounts they may ask; how many were made."""
    new_id, rng, now = new_id or IdGenerator(), rng or random.Random(2), utc_now()
    pairs = random_pairs(users, int(len(users) * share / PRIVATE_SHARE), rng)  # most targets are public: skipped
    rows = [{"requester": a, "target": b, "seq": new_id()} for a, b in pairs]
    return _in_batches(
        "requests", rows, lambda chunk: graph.write("seed/create_requests", requests=chunk, now=now), batch, progress
    )


def create_blocks(
    graph: Graph,
    users: Sequence[SyntheticUser],
    *,
    share: float = 0.005,
    batch: int = BATCH,
    progress: Progress = quiet,
    new_id: Callable[[], int] | None = None,
    rng: random.Random | None = None,
) -> int:
    """Blocks between random users with nothing between them; how many were made."""
    new_id, rng, now = new_id or IdGenerator(), rng or random.Random(3), utc_now()
    rows = [{"blocker": a, "blocked": b, "seq": new_id()} for a, b in random_pairs(users, int(len(users) * share), rng)]
    return _in_batches(
        "blocks", rows, lambda chunk: graph.write("seed/create_blocks", blocks=chunk, now=now), batch, progress
    )
