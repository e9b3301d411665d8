"""The graph gateway interface: what the rest of the code may ask of a graph.

Two backends implement it (:mod:`graph.backends.ladybug`, :mod:`graph.backends.neo4j`),
chosen by the scheme of ``INSTAGRAPH_GRAPH_URL`` in :func:`graph.open_graph`.
Queries are named (``"accounts/create_user"`` is ``cypher/accounts/create_user.cypher``)
and always take parameters; rows come back as dicts of scalar columns.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, TypeVar

Row = dict[str, Any]
T = TypeVar("T")


class Transaction(Protocol):
    """Named write queries that commit together or not at all."""

    def run(self, name: str, /, **params: Any) -> list[Row]:
        """Run one named query inside the transaction and return its rows."""


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

