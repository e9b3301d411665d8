"""Schema set-up and migrations, run at every start-up (idempotent).

:func:`setup_schema` installs what :mod:`graph.models` declares, then applies
each migration step newer than the version recorded in the database, then
records :data:`graph.models.SCHEMA_VERSION`. A change to the models that needs
existing data rewritten adds a step to :data:`MIGRATIONS` under the new version.
"""

from __future__ import annotations

from collections.abc import Callable

from graph.gateway import Graph
from graph.models import SCHEMA_VERSION

SCHEMA_NAME = "graph"

MIGRATIONS: dict[int, Callable[[Graph], None]] = {
    1: lambda graph: None,  # the first schema: everything comes from install_schema()
}


def schema_version(graph: Graph) -> int:
    """The version recorded in the database; 0 for a database never set up."""
    rows = graph.read("schema/get_version", name=SCHEMA_NAME)
    return rows[0]["version"] if rows else 0


def setup_schema(graph: Graph) -> int:
    """Bring the database to :data:`SCHEMA_VERSION` and return it.

    Raises:
        RuntimeError: the database was written by a newer Instagraph.
    """
    graph.install_schema()
    current = schema_version(graph)
    if current > SCHEMA_VERSION:
        raise RuntimeError(f"the graph has schema version {current}, newer than this code's {SCHEMA_VERSION}")
    for version in range(current + 1, SCHEMA_VERSION + 1):
        MIGRATIONS[version](graph)
        graph.write("schema/set_version", name=SCHEMA_NAME, version=version)
    return SCHEMA_VERSION
