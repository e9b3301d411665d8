"""The graph gateway interface: what the rest of the code may ask of a graph.

Two backends implement it (:mod:`graph.backends.ladybug`, :mod:`graph.backends.neo4j`),
chosen by the scheme of ``INSTAGRAPH_GRAPH_URL`` in :func:`graph.open_graph`.
Queries are named (``"accounts/create_user"`` is ``cypher/accounts/create_user.cypher``)
and always take parameters; rows come back as dicts of scalar columns.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol, TypeVar, runtime_checkable

Row = dict[str, Any]
T = TypeVar("T")


class Transaction(Protocol):
    """Named write queries that commit together or not at all."""

    def run(self, name: str, /, **params: Any) -> list[Row]:
        """Run one named query inside the transaction and return its rows."""

    def after_commit(self, callback: Callable[[], object]) -> None:
        """Call ``callback`` once this transaction has committed; never when it rolls back.

        What a write's commit makes stale in a cache is dealt with here. On the
        embedded graph callbacks run under the write lock, before the next write
        begins, so they run in commit order: a cache may then apply a write's
        result in place rather than forget it (:meth:`feed.objects.ObjectCache.update`).
        Every write waits for them there, so they must be quick, in-process
        work; with the object cache in Redis beside the embedded graph (an
        unusual setup: Redis is for several servers, which need Neo4j), each
        is a Redis round trip under the lock. On Neo4j they run after the
        commit, holding nothing, only those of the attempt that committed.
        """


class Graph(Protocol):
    """A graph database reached through named queries."""

    dialect: str
    """``"neo4j"`` or ``"ladybug"``: which texts of the catalog this backend runs."""

    def read(self, name: str, /, **params: Any) -> list[Row]:
        """Run a read-only named query (routed to a follower on a Neo4j cluster)."""

    def write(self, name: str, /, **params: Any) -> list[Row]:
        """Run a named query that changes the graph, in a transaction of its own."""

    def transaction(self, work: Callable[[Transaction], T]) -> T:
        """Run ``work(tx)`` in one write transaction and return what it returns.

        Committed when ``work`` returns, rolled back entirely when it raises. On
        Neo4j the driver may call ``work`` again after a transient failure (a
        leader change), so ``work`` must do nothing but run queries.
        """

    def execute(self, text: str, params: dict[str, Any] | None = None, *, write: bool = False) -> tuple[list[str], list[list[Any]]]:
        """Run ad-hoc Cypher for people (``instagraph cypher``), never for the app.

        Returns the column names and the rows.
        """

    def install_schema(self) -> None:
        """Create the tables/constraints/indexes of :mod:`graph.models`; idempotent."""

    def ping(self) -> None:
        """Raise :class:`graph.errors.GraphUnavailable` when the graph cannot answer."""

    def close(self) -> None:
        """Release connections; the object is unusable afterwards."""


@dataclasses.dataclass(frozen=True)
class CsvTable:
    """A CSV file (with a header line) that holds rows of one table.

    Attributes:
        table: a node label or relationship type of :mod:`graph.models`.
        path: the file (absolute).
        columns: the table's columns the file holds, in file order; for a
            relationship they follow the two key columns every row starts with
            (the keys of the node it leaves, then of the node it enters).
        ends: for a relationship, the labels of the nodes it leaves and enters;
            ``None`` for nodes.
    """

    table: str
    path: Path
    columns: tuple[str, ...]
    ends: tuple[str, str] | None = None


@runtime_checkable
class BulkLoader(Protocol):
    """A graph that copies CSV files straight into its tables: far faster than statements for millions of rows.

    Only LadybugDB does (``COPY FROM``); nothing checks the rows against the
    rules or counts them, so the caller brings them complete, counters and all.
    """

    def bulk_load(self, files: Sequence[CsvTable]) -> None:
        """Copy every file into its table, all in one write transaction (all of them, or none on an error)."""
