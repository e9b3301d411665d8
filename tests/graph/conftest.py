"""Fixtures of the graph gateway tests: a test-only catalog, and Neo4j when a test server is named.

Neo4j runs only where ``INSTAGRAPH_TEST_NEO4J_URL`` points at a server (with
``INSTAGRAPH_TEST_NEO4J_USER``/``INSTAGRAPH_TEST_NEO4J_PASSWORD``, default
``neo4j``/``neo4j``). The tests empty that database: never point it at data you keep.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from graph.backends.neo4j import Neo4jGraph
from graph.catalog import Catalog
from tests.graph.contract_catalog import write_catalog

NEO4J_URL = os.environ.get("INSTAGRAPH_TEST_NEO4J_URL", "")
NEO4J_USER = os.environ.get("INSTAGRAPH_TEST_NEO4J_USER", "neo4j")
NEO4J_PASSWORD = os.environ.get("INSTAGRAPH_TEST_NEO4J_PASSWORD", "neo4j")
NO_NEO4J = "no Neo4j server: set INSTAGRAPH_TEST_NEO4J_URL (and _USER/_PASSWORD) to run the Neo4j tests"

needs_neo4j = [pytest.mark.neo4j, pytest.mark.skipif(not NEO4J_URL, reason=NO_NEO4J)]
"""Marks of a test that talks to the Neo4j test server."""


@pytest.fixture
def contract_root(tmp_path: Path) -> Path:
    """A temporary catalog holding only the test queries of :mod:`tests.graph.contract_catalog`."""
    return write_catalog(tmp_path / "cypher")


def open_test_neo4j(catalog: Catalog | None = None) -> Neo4jGraph:
    """The Neo4j test server with our schema installed and no data."""
    graph = Neo4jGraph.from_url(NEO4J_URL, user=NEO4J_USER, password=NEO4J_PASSWORD, catalog=catalog)
    graph.install_schema()
    graph.execute("MATCH (n) DETACH DELETE n", write=True)
    return graph
