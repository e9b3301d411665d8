"""The query catalog: every file is used by the code, every name the code asks for has a file."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from graph.catalog import Catalog, default_root
from graph.errors import UnknownQuery

REPO = Path(__file__).resolve().parent.parent
CODE_PACKAGES = ("api", "cli", "feed", "graph", "jobs", "media", "social")
BENCH_PACKAGES = ("bench",)
QUERY_METHODS = {"read", "write", "run", "text"}


def names_asked_for_by_the_code(packages: tuple[str, ...] = CODE_PACKAGES) -> set[str]:
    """Every literal query name passed to ``read``/``write``/``run``/``text`` in ``packages`` (a URL path
    such as ``/metrics`` is no query name)."""
    names = set()
    for package in packages:
        for path in (REPO / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(), str(path))):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and node.func.attr in QUERY_METHODS
                    and node.args
                    and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)
                    and "/" in node.args[0].value
                    and not node.args[0].value.startswith("/")
                ):
                    names.add(node.args[0].value)
    return names


def test_every_catalog_file_is_used_by_the_code() -> None:
    unused = set(Catalog("neo4j").names()) - names_asked_for_by_the_code()
    assert not unused, f"query files no code runs: {sorted(unused)}"


def test_every_name_the_code_asks_for_has_a_file() -> None:
    missing = names_asked_for_by_the_code() - set(Catalog("neo4j").names())
    assert not missing, f"queries the code asks for without a file: {sorted(missing)}"


def test_every_name_the_benchmarks_ask_for_has_a_file() -> None:
    missing = names_asked_for_by_the_code(BENCH_PACKAGES) - set(Catalog("neo4j").names())
    assert not missing, f"queries the benchmarks ask for without a file: {sorted(missing)}"


def test_every_ladybug_override_replaces_a_shared_text() -> None:
    catalog = Catalog("ladybug")
    assert set(catalog.override_names()) <= set(catalog.names())


@pytest.mark.parametrize("dialect", ["neo4j", "ladybug"])
def test_every_query_loads_and_expands_in_both_dialects(dialect: str) -> None:
    catalog = Catalog(dialect)
    for name in catalog.names():
        text = catalog.text(name)
        assert text and "{{" not in text, name


def write(root: Path, relative: str, text: str) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def test_a_ladybug_file_replaces_the_shared_text_on_ladybug_only(tmp_path: Path) -> None:
    write(tmp_path, "area/q.cypher", "RETURN 1 AS x")
    write(tmp_path, "area/q.ladybug.cypher", "RETURN 2 AS x")
    assert Catalog("neo4j", tmp_path).text("area/q") == "RETURN 1 AS x"
    assert Catalog("ladybug", tmp_path).text("area/q") == "RETURN 2 AS x"
    assert Catalog("ladybug", tmp_path).names() == ["area/q"]


def test_fragments_are_included_without_their_comments(tmp_path: Path) -> None:
    write(tmp_path, "area/_rule.fragment.cypher", "// why the rule is so\nn.ok = true\n")
    write(tmp_path, "area/q.cypher", "MATCH (n) WHERE {{area/rule}} RETURN n.id AS id")
    assert Catalog("neo4j", tmp_path).text("area/q") == "MATCH (n) WHERE n.ok = true RETURN n.id AS id"
    assert Catalog("neo4j", tmp_path).names() == ["area/q"]


@pytest.mark.parametrize("name", ["area/absent", "../escape/q", "area/q.ladybug", "noarea"])
def test_unknown_names_are_refused(tmp_path: Path, name: str) -> None:
    write(tmp_path, "area/q.cypher", "RETURN 1 AS x")
    with pytest.raises(UnknownQuery):
        Catalog("neo4j", tmp_path).text(name)


def test_an_unknown_fragment_is_refused(tmp_path: Path) -> None:
    write(tmp_path, "area/q.cypher", "MATCH (n) WHERE {{area/nothing}} RETURN n.id AS id")
    with pytest.raises(UnknownQuery):
        Catalog("neo4j", tmp_path).text("area/q")


def test_the_shipped_catalog_is_the_repository_folder() -> None:
    assert default_root() == REPO / "cypher"


def test_a_fragment_may_include_another(tmp_path: Path) -> None:
    write(tmp_path, "area/_inner.fragment.cypher", "n.id AS id")
    write(tmp_path, "area/_outer.fragment.cypher", "// both\n{{area/inner}}, n.name AS name")
    write(tmp_path, "area/q.cypher", "MATCH (n) RETURN {{area/outer}}")
    assert Catalog("neo4j", tmp_path).text("area/q") == "MATCH (n) RETURN n.id AS id, n.name AS name"
