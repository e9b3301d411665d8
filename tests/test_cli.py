"""The ``instagraph`` console script: schema, cypher (statements, output, errors, the prompt), serve's guard."""

from __future__ import annotations

import datetime
import decimal
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cli import output
from cli.cypher import Session, parse_param, repl
from cli.main import main
from cli.statements import is_write, parameters, split_statements
from graph import schema

REPO = Path(__file__).resolve().parents[1]


def instagraph(home: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """The console script in a child process (real exit codes, real stdin)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("INSTAGRAPH_")}
    env["INSTAGRAPH_HOME"] = str(home)
    return subprocess.run(
        [sys.executable, "-m", "cli.main", *args],
        cwd=REPO,
        env=env,
        input=stdin,
        stdin=None if stdin is not None else subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )


# -- schema -------------------------------------------------------------------


def test_schema_names_every_node_label_and_relationship(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    printed = capsys.readouterr().out
    for node in schema.nodes():
        assert f"(:{node.label})" in printed
    for rel in schema.relationships():
        assert f"[:{rel.type}]" in printed


def test_schema_ddl_prints_each_generated_statement(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "--ddl", "ladybug"]) == 0
    assert capsys.readouterr().out.splitlines() == [f"{s};" for s in schema.ladybug_ddl()]


# -- cypher against a real embedded graph -----------------------------------------


def test_cypher_prints_a_table(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cypher", "-c", "RETURN 1 AS one"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["one"]
    assert lines[2].split() == ["1"]
    assert lines[-1] == "1 row"


def test_cypher_prints_json(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    query = "RETURN 1 AS one, 'x' AS s, null AS n, [1, 2] AS l, timestamp('2026-11-24 10:00:00') AS t"
    assert main(["cypher", "--format", "json", "-c", query]) == 0
    assert json.loads(capsys.readouterr().out) == [
        {"one": 1, "s": "x", "n": None, "l": [1, 2], "t": "2026-11-24T10:00:00"}
    ]


def test_cypher_prints_csv_with_parameters(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["cypher", "-f", "csv", "-c", "RETURN $n + 1 AS n, $s AS s", "--param", "n=41", "--param", "s=a,b"]
    assert main(args) == 0
    assert capsys.readouterr().out == 'n,s\n42,"a,b"\n'


def test_cypher_writes_then_reads_in_one_script(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    script = "CREATE (:Hashtag {name: 'semi;colon'});\nCREATE (:Hashtag {name: 'cats'});\n" \
        "MATCH (h:Hashtag) RETURN h.name AS name ORDER BY name;\n"
    path = home.parent / "script.cypher"
    path.write_text(script)
    assert main(["cypher", "--format", "json", str(path)]) == 0
    assert json.loads(capsys.readouterr().out.splitlines()[-1]) == [{"name": "cats"}, {"name": "semi;colon"}]


def test_bad_query_exits_1_with_the_error_on_stderr(tmp_path: Path) -> None:
    result = instagraph(tmp_path / "home", "cypher", "-c", "MATCH (x) RETURN nothing_here")
    assert result.returncode == 1
    assert "nothing_here" in result.stderr
    assert result.stdout == ""


def test_missing_parameter_is_an_error_not_a_null(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cypher", "-c", "RETURN $who AS who"]) == 1
    assert "$who" in capsys.readouterr().err


def test_statements_from_stdin_stop_at_the_first_error(tmp_path: Path) -> None:
    result = instagraph(tmp_path / "home", "cypher", stdin="RETURN 1 AS a;\nRETURN nope AS b;\nRETURN 3 AS c;\n")
    assert result.returncode == 1
    assert "statement 2, line 2" in result.stderr
    assert " a" in result.stdout and " c" not in result.stdout


def test_read_only_without_a_graph_says_so(tmp_path: Path) -> None:
    result = instagraph(tmp_path / "home", "cypher", "--read-only", "-c", "RETURN 1")
    assert result.returncode == 1
    assert "no graph there yet" in result.stderr


def test_serve_refuses_several_workers_on_the_embedded_graph(tmp_path: Path) -> None:
    result = instagraph(tmp_path / "home", "serve", "--workers", "2")
    assert result.returncode == 2
    assert "one process" in result.stderr


@pytest.mark.parametrize("command", ["serve", "schema", "cypher"])
def test_every_command_has_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main([command, "--help"])
    assert exit_.value.code == 0
    assert f"instagraph {command}" in capsys.readouterr().out


# -- the interactive prompt ----------------------------------------------------------


class FakeGraph:
    """Answers ``execute`` from a table and records which path each statement took."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, bool]] = []

    def execute(self, text: str, params: dict | None = None, *, write: bool = False) -> tuple[list, list]:
        self.calls.append((text, write))
        if "boom" in text:
            raise RuntimeError("Parser exception: boom")
        return ["value"], [[params.get("x") if params else None]]


def test_prompt_joins_lines_until_semicolon_and_survives_errors() -> None:
    typed = iter([":param x=7", "MATCH (n)", "RETURN $x AS value;", "boom;", "CREATE (n:Hashtag {name: 'a'});", ":quit"])
    graph = FakeGraph()
    out, err = io.StringIO(), io.StringIO()
    session = Session(graph, {}, "table", force_write=False, out=out, err=err)

    assert repl(session, read_line=lambda prompt: next(typed)) == 0

    assert graph.calls == [("MATCH (n)\nRETURN $x AS value", False), ("boom", False), ("CREATE (n:Hashtag {name: 'a'})", True)]
    assert "   7" in out.getvalue()
    assert "error: Parser exception: boom" in err.getvalue()


def test_prompt_leaves_on_end_of_input() -> None:
    def end(prompt: str) -> str:
        raise EOFError

    session = Session(FakeGraph(), {}, "table", force_write=False, out=io.StringIO(), err=io.StringIO())
    assert repl(session, read_line=end) == 0


# -- statements and output, as pure functions -------------------------------------------


def test_split_only_at_semicolons_ending_a_line_outside_strings_and_comments() -> None:
    script = "RETURN 'a;\n' AS s;\n// not a statement;\nMATCH (n) /* x;\n */ RETURN n; // done\nRETURN 2"
    assert [(s.text, s.line) for s in split_statements(script)] == [
        ("RETURN 'a;\n' AS s", 1),
        ("MATCH (n) /* x;\n */ RETURN n", 4),
        ("RETURN 2", 6),
    ]


@pytest.mark.parametrize(
    ("statement", "write"),
    [
        ("MATCH (u:User) RETURN u.id", False),
        ("RETURN 'CREATE' AS word, u.set AS s", False),
        ("MATCH (u:User) // DELETE later\nRETURN u", False),
        ("MATCH (a), (b) MERGE (a)-[:FOLLOWS]->(b)", True),
        ("match (u) set u.bio = ''", True),
        ("MATCH (u) DETACH DELETE u", True),
        ("COPY User FROM 'users.csv'", True),
        ("DROP TABLE Photo", True),
    ],
)
def test_write_detection(statement: str, write: bool) -> None:
    assert is_write(statement) is write


def test_parameters_ignore_strings() -> None:
    assert parameters("MATCH (u {id: $id}) RETURN '$not' AS s, $limit") == {"id", "limit"}


@pytest.mark.parametrize(("text", "value"), [("n=42", 42), ("b=true", True), ("l=[1,2]", [1, 2]), ("s=alice", "alice"), ('s="7"', "7")])
def test_param_values_are_json_or_text(text: str, value: object) -> None:
    assert parse_param(text)[1] == value


def test_values_print_sensibly() -> None:
    row = [None, True, datetime.datetime(2026, 11, 24, 10, 0), decimal.Decimal("3"), {"a": [1]}, "two\nlines"]
    columns = ["n", "b", "t", "d", "m", "s"]
    rendered = output.table(columns, [row]).splitlines()
    assert rendered[2].split(" | ") == [" null", "true", "2026-11-24T10:00:00", "3", '{"a": [1]}', "two\\nlines"]
    assert rendered[-1] == "1 row"


def test_long_cells_are_cut_to_the_terminal_width() -> None:
    rendered = output.table(["id", "caption"], [[1, "x" * 500]], width=40)
    assert all(len(line) <= 40 for line in rendered.splitlines())
    assert "…" in rendered
    assert output.table(["c"], [["x" * 500]]).count("x") == 500  # not cut when there is no terminal


@pytest.mark.parametrize(
    ("flags", "statement", "write"),
    [
        ({}, "MATCH (n) RETURN n", False),
        ({}, "MATCH (n) DELETE n", True),
        ({"force_write": True}, "CALL some.procedure()", True),
        ({"read_only": True}, "CREATE (:Hashtag {name: 'a'})", False),  # the engine refuses it on the read path
    ],
)
def test_write_or_read_path(flags: dict, statement: str, write: bool) -> None:
    graph = FakeGraph()
    Session(graph, {}, "json", out=io.StringIO(), err=io.StringIO(), **flags).show(statement)
    assert graph.calls == [(statement, write)]
