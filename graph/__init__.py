"""The graph gateway: the schema (models), the query catalog and the backends.

Everything above this package talks to the graph through :class:`graph.gateway.Graph`
and named queries from ``cypher/``; nothing above it knows which engine runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from graph.gateway import Graph
    from instagraph.settings import Settings


def open_graph(settings: Settings, *, read_only: bool = False, migrate: bool = True) -> Graph:
    """The gateway named by ``settings.graph_url``, its schema set up.

    ``ladybug://…`` opens the embedded engine; ``neo4j://…``, ``neo4j+s://…``,
    ``bolt://…`` connect to Neo4j.
    """
    scheme = settings.graph_url.partition("://")[0]
    if scheme == "ladybug":
        from graph.backends.ladybug import LadybugGraph

        graph: Graph = LadybugGraph.from_url(
            settings.graph_url, read_only=read_only, checkpoint_bytes=settings.graph_checkpoint_bytes
        )
    elif scheme in {"neo4j", "neo4j+s", "neo4j+ssc", "bolt", "bolt+s", "bolt+ssc"}:
        from graph.backends.neo4j import Neo4jGraph

        graph = Neo4jGraph.from_settings(settings)
    else:
        raise ValueError(f"INSTAGRAPH_GRAPH_URL: unsupported scheme {scheme!r}")
    if migrate and not read_only:
        from graph.migrations import setup_schema

        setup_schema(graph)
    return graph
