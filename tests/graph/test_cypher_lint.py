"""The Neo4j guard: every query passes Neo4j's own Cypher front end, and the guard can fail."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.graph.contract_catalog import write_catalog

REPO = Path(__file__).resolve().parents[2]
LINT = REPO / "scripts" / "lint-cypher.mjs"
FRONT_END = REPO / "node_modules" / "@neo4j-cypher" / "language-support"


def lint(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the lint as ``npm run lint:cypher`` does, with this test's Python printing the catalog."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is not installed; the Cypher lint needs Node 20+ (`make test` sets it up)")
    if not FRONT_END.is_dir():
        pytest.fail("node_modules/@neo4j-cypher/language-support is missing: run `npm ci` (`make test` runs it)")
    return subprocess.run(
        [node, str(LINT), *args],
        cwd=REPO,
        env={**os.environ, "PYTHON": sys.executable},
        capture_output=True,
        text=True,
        timeout=300,
    )


def write(root: Path, name: str, text: str) -> None:
    path = root / f"{name}.cypher"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def test_every_shipped_query_passes_neo4js_front_end() -> None:
    result = lint()

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no diagnostics" in result.stdout


def test_the_test_only_queries_pass_it_too(tmp_path: Path) -> None:
    result = lint("--root", str(write_catalog(tmp_path / "cypher")))

    assert result.returncode == 0, result.stdout + result.stderr


REFUSED = {
    "bad/syntax_error": ("MATCH (u:User {id: $id}\nRETURN u.id AS id\n", "bad/syntax_error:2:1: error: Invalid input 'RETURN'"),
    "bad/unknown_label": (
        "// Usr is not a label of graph/models.py\nMATCH (u:Usr {id: $id})\nRETURN u.id AS id\n",
        "bad/unknown_label:2:10: warning: Label Usr is not present in the database",
    ),
    "bad/unknown_property": ("MATCH (u:User {id: $id})\nRETURN u.nickname AS n\n", "nickname is not present in the database"),
    "bad/unknown_type": ("MATCH (u:User)-[:LIKES]->(p:Photo)\nRETURN p.id AS id\n", "Relationship type LIKES is not present"),
    "bad/impossible_path": ("MATCH (u:User)-[:POSTED]->(c:Comment)\nRETURN c.id AS id\n", "(:Comment) has no incoming [:POSTED]"),
    "bad/cartesian": ("MATCH (a:User {id: $a}), (b:User {id: $b})\nRETURN a.id AS a, b.id AS b\n", "cartesian product"),
    "bad/deprecated": ("MATCH (u:User)\nRETURN id(u) AS internal\n", "deprecated"),
    "bad/plugin": ("MATCH (u:User)\nRETURN apoc.text.capitalize(u.username) AS name\n", "Function apoc.text.capitalize is not present"),
    "bad/two_statements": ("RETURN 1 AS one;\nRETURN 2 AS two\n", "2 statements"),
    "bad/empty": ("// only a comment\n", "no Cypher statement"),
    "bad/map_key_on_a_node": ("MATCH (u:User)\nWITH u AS row\nMATCH (p:Photo {id: row.nope})\nRETURN p.id AS id\n", "nope is not present"),
}
ACCEPTED = {
    "fine/get_user": "MATCH (u:User {id: $id})\nRETURN u.username AS username\n",
    # A map key inside a node pattern is not a property of that node (the front end thinks it is).
    "fine/map_key": "UNWIND $rows AS row\nMATCH (u:User {id: row.requester})\nMATCH (p:Photo {id: $one.photo})\nRETURN u.id AS id, p.id AS photo\n",
}


@pytest.fixture(scope="module")
def refused_output(tmp_path_factory: pytest.TempPathFactory) -> subprocess.CompletedProcess[str]:
    """One lint run over a catalog of every refused case and some accepted ones (each run costs seconds)."""
    root = tmp_path_factory.mktemp("cypher")
    for name, (text, _) in REFUSED.items():
        write(root, name, text)
    for name, text in ACCEPTED.items():
        write(root, name, text)
    return lint("--root", str(root))


def test_the_lint_fails_when_a_query_is_refused(refused_output: subprocess.CompletedProcess[str]) -> None:
    assert refused_output.returncode == 1, refused_output.stdout + refused_output.stderr
    assert f"in {len(REFUSED)} of {len(REFUSED) + len(ACCEPTED)} queries" in refused_output.stdout


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_each_refused_query_is_named_with_its_diagnostic(refused_output: subprocess.CompletedProcess[str], name: str) -> None:
    message = REFUSED[name][1]
    lines = [line for line in refused_output.stdout.splitlines() if line.startswith(f"{name}:")]

    assert any(message in line for line in lines), refused_output.stdout


@pytest.mark.parametrize("name", sorted(ACCEPTED))
def test_accepted_queries_are_not_named(refused_output: subprocess.CompletedProcess[str], name: str) -> None:
    assert f"{name}:" not in refused_output.stdout


def test_a_missing_catalog_folder_is_an_error_not_a_pass(tmp_path: Path) -> None:
    result = lint("--root", str(tmp_path / "nowhere"))

    assert result.returncode not in (0, 1)
    assert "not a folder" in result.stderr
