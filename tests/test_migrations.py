"""Schema set-up at start-up: idempotent, versioned, migrating step by step."""

from __future__ import annotations

import pytest

from graph import migrations, open_graph
from graph.backends.ladybug import LadybugGraph
from graph.models import SCHEMA_VERSION
from graph.schema import ladybug_ddl, nodes, relationships
from instagraph.settings import Settings


def table_names(graph: LadybugGraph) -> set[str]:
    return {row[1] for row in graph.execute("CALL show_tables() RETURN *")[1]}


def test_a_new_database_gets_every_table_and_the_current_version(settings: Settings) -> None:
    graph = open_graph(settings)
    try:
        assert migrations.schema_version(graph) == SCHEMA_VERSION
        expected = {n.label for n in nodes()} | {r.type for r in relationships()}
        assert table_names(graph) == expected
    finally:
        graph.close()


def test_set_up_is_idempotent_and_keeps_data(graph: LadybugGraph) -> None:
    graph.execute("CREATE (:Hashtag {name: 'kept'})", write=True)
    assert migrations.setup_schema(graph) == SCHEMA_VERSION
    assert migrations.setup_schema(graph) == SCHEMA_VERSION
    assert graph.execute("MATCH (h:Hashtag) RETURN h.name")[1] == [["kept"]]


def test_each_newer_step_runs_once_in_order(graph: LadybugGraph, monkeypatch: pytest.MonkeyPatch) -> None:
    ran: list[int] = []
    steps = {v: (lambda g, v=v: ran.append(v)) for v in range(1, SCHEMA_VERSION + 3)}
    monkeypatch.setattr(migrations, "MIGRATIONS", steps)
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", SCHEMA_VERSION + 2)
    assert migrations.setup_schema(graph) == SCHEMA_VERSION + 2
    assert ran == [SCHEMA_VERSION + 1, SCHEMA_VERSION + 2]
    assert migrations.setup_schema(graph) == SCHEMA_VERSION + 2
    assert ran == [SCHEMA_VERSION + 1, SCHEMA_VERSION + 2]


def test_a_database_from_newer_code_is_refused(graph: LadybugGraph) -> None:
    graph.write("schema/set_version", name=migrations.SCHEMA_NAME, version=SCHEMA_VERSION + 1)
    with pytest.raises(RuntimeError, match="newer"):
        migrations.setup_schema(graph)


def test_the_ddl_is_generated_from_the_models() -> None:
    ddl = "\n".join(ladybug_ddl())
    assert "CREATE NODE TABLE IF NOT EXISTS `User`(id INT64" in ddl and "PRIMARY KEY(id)" in ddl
    assert "CREATE REL TABLE IF NOT EXISTS `LIKED`(FROM `User` TO `Photo`, FROM `User` TO `Comment`" in ddl
    assert "CREATE REL TABLE IF NOT EXISTS `ON`(FROM `Comment` TO `Photo`)" in ddl
