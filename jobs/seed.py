"""Seeding: a synthetic graph drawn (:mod:`jobs.synthetic`) and written the fastest way the graph allows.

An empty LadybugDB graph is bulk-loaded from CSV files (:mod:`jobs.bulk_load`:
seconds for 100,000 users); Neo4j, and a graph that holds users or hashtags
already, get batched statements (:mod:`jobs.batched_write`: minutes). Either
way every stored counter ends exact and the graph is one the rules could have
made. Synthetic usernames must all be new: seeding refuses names in use
rather than mixing generated and real accounts.

Synthetic accounts share one password hash: argon2id at its cheapest settings
(a real hash per user would take longer than the whole load), or, without a
password, a value no password matches, so nobody can log in as them.
"""

from __future__ import annotations

import dataclasses
import time
from datetime import datetime

from argon2 import PasswordHasher

from graph.gateway import BulkLoader, Graph
from jobs import batched_write, bulk_load
from jobs.synthetic import Progress, Shape, SyntheticGraph, generate, quiet, usernames
from social.context import utc_now

NO_PASSWORD = "!no password"
"""The password hash of synthetic users without a password: not an argon2 hash, so every login is refused."""

CHEAP_PASSWORDS = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
"""argon2id at its cheapest: one hash shared by every synthetic user (a login rehashes it at the app's cost)."""


class UsernamesTaken(Exception):
    """Some synthetic usernames are in use already."""

    def __init__(self, taken: list[str]) -> None:
        super().__init__(f"usernames in use already: {', '.join(taken)}")
        self.taken = taken


@dataclasses.dataclass(frozen=True)
class Seeded:
    """What a seed made and how.

    Attributes:
        synthetic: the graph written.
        bulk: whether it was bulk-loaded (rather than written in batches).
        seconds: how long drawing and writing took.
    """

    synthetic: SyntheticGraph
    bulk: bool
    seconds: float


def password_hash(password: str | None) -> str:
    """The one stored hash of every synthetic user: ``password``'s, or one nobody can log in with."""
    return NO_PASSWORD if password is None else CHEAP_PASSWORDS.hash(password)


def seed(
    graph: Graph,
    shape: Shape,
    *,
    seed: int = 0,
    password: str | None = None,
    batch: int = batched_write.BATCH,
    progress: Progress = quiet,
    now: datetime | None = None,
) -> Seeded:
    """Draw a synthetic graph of ``shape`` from ``seed`` and write it into ``graph``.

    Args:
        graph: where to write; bulk-loaded when it can be and holds no users or hashtags.
        shape: how big and busy the graph is.
        seed: the random seed: the same seed draws the same graph (ids and times aside).
        password: every synthetic user's password; ``None``: nobody can log in as them.
        batch: rows per transaction when written in batches.
        progress: told what is drawn and written, as it goes.
        now: the end of the synthetic history (default: the current time).

    Raises:
        UsernamesTaken: some of the usernames ``shape`` gives are in use.
    """
    started = time.perf_counter()
    census = graph.read("seed/census")[0]
    if census["users"]:
        _refuse_taken_usernames(graph, shape)
    bulk = isinstance(graph, BulkLoader) and not any(census.values())
    synthetic = generate(shape, seed=seed, now=now or utc_now(), progress=progress)
    stored_hash = password_hash(password)
    if bulk:
        bulk_load.load(graph, synthetic, password_hash=stored_hash, progress=progress)
    else:
        batched_write.write(graph, synthetic, password_hash=stored_hash, batch=batch, progress=progress)
    return Seeded(synthetic, bulk, time.perf_counter() - started)


def _refuse_taken_usernames(graph: Graph, shape: Shape) -> None:
    taken = [row["name"] for row in graph.read("seed/taken_usernames", names=usernames(shape))]
    if taken:
        raise UsernamesTaken(taken)
