"""``instagraph seed``: a summary and exit 0, passwords only when asked for, the same graph for a seed, refusals."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from cli.main import main
from graph.backends.ladybug import LadybugGraph
from instagraph.settings import Settings
from social import sessions
from social.errors import Unauthenticated
from tests.conftest import make_context
from tests.counters import assert_counters_match

USERS = "300"
HOLD = "import ladybug, sys; database = ladybug.Database(sys.argv[1]); print('open', flush=True); input()"
"""A child process's program: open the graph file given for writing and hold it until a line comes in."""


def opened(home: Path) -> LadybugGraph:
    """The graph the command seeded."""
    return LadybugGraph(home / "graph")


def log_in(home: Path, username: str, password: str) -> None:
    """Log in through the rules, on the seeded graph; raises Unauthenticated when refused."""
    settings = Settings.from_env({"INSTAGRAPH_HOME": str(home), "INSTAGRAPH_SECRET_KEY": "test-secret"})
    graph = opened(home)
    try:
        sessions.log_in(make_context(settings, graph), username=username, password=password)
    finally:
        graph.close()


def summary(printed: str) -> dict[str, str]:
    """The closing summary's lines, by what they count (a name, two spaces or more, a number)."""
    return dict(re.match(r"(.+?) {2,}(\S+)", line).groups() for line in printed.splitlines())


def test_seed_prints_a_summary_and_exits_0(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["seed", "--users", USERS]) == 0

    printed = capsys.readouterr()
    counts = summary(printed.out)
    assert counts["users"] == USERS
    assert set(counts) == {"users", "blocks", "follows", "requests", "photos", "hashtags", "comments",
                           "photo likes", "comment likes", "photo mentions", "comment mentions", "seconds"}
    assert all(float(number.replace(",", "")) > 0 for number in counts.values())
    assert "bulk-loaded" in printed.out
    assert "drew mentions" in printed.err and "copying the files into the graph: 21/21" in printed.err
    graph = opened(home)
    try:
        assert graph.execute("MATCH (:Username)-[:NAMES]->(u:User) RETURN count(u)")[1] == [[int(USERS)]]
        for label in ("Photo", "Comment"):
            linked = graph.execute(f"MATCH (:{label})-[:MENTIONS]->(u:User) RETURN count(u)")[1][0][0]
            assert f"{linked:,}" == counts[f"{label.lower()} mentions"]
        assert_counters_match(graph)
    finally:
        graph.close()


def test_mention_share_sets_how_many_texts_tag_accounts(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["seed", "--users", USERS, "--mention-share", "0"]) == 0

    counts = summary(capsys.readouterr().out)
    assert counts["photo mentions"] == "0" and counts["comment mentions"] != "0"  # replies address whom they answer


def test_with_a_password_every_generated_user_can_log_in(home: Path) -> None:
    assert main(["seed", "--users", USERS, "--password", "synthetic password"]) == 0

    log_in(home, "user0", "synthetic password")
    log_in(home, "user299", "synthetic password")
    with pytest.raises(Unauthenticated):
        log_in(home, "user1", "another password")


def test_without_a_password_nobody_can_log_in(home: Path) -> None:
    assert main(["seed", "--users", USERS]) == 0

    for password in ("", "synthetic password", "!no password"):
        with pytest.raises(Unauthenticated):
            log_in(home, "user0", password)


def structure(home: Path) -> list[list[object]]:
    """Who follows whom, who posted what and whom it mentions, by username: the graph without ids and times."""
    graph = opened(home)
    try:
        follows = graph.execute(
            "MATCH (a:User)-[:FOLLOWS]->(b:User) RETURN a.username AS follower, b.username AS followed "
            "ORDER BY follower, followed"
        )[1]
        posts = graph.execute(
            "MATCH (u:User)-[:POSTED]->(p:Photo) "
            "RETURN u.username AS owner, p.caption AS caption, p.like_count AS likes ORDER BY owner, caption, likes"
        )[1]
        mentions = graph.execute(
            "MATCH (u:User)-[:COMMENTED]->(c:Comment)-[:MENTIONS]->(m:User) "
            "RETURN u.username AS author, c.text AS text, m.username AS mentioned ORDER BY author, text, mentioned"
        )[1]
        return follows + posts + mentions
    finally:
        graph.close()


def test_a_seed_gives_the_same_graph(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, home: Path) -> None:
    assert main(["seed", "--users", USERS, "--seed", "9"]) == 0
    monkeypatch.setenv("INSTAGRAPH_HOME", str(tmp_path / "again"))
    assert main(["seed", "--users", USERS, "--seed", "9"]) == 0
    monkeypatch.setenv("INSTAGRAPH_HOME", str(tmp_path / "other"))
    assert main(["seed", "--users", USERS, "--seed", "10"]) == 0

    assert structure(home) == structure(tmp_path / "again") != structure(tmp_path / "other")


def test_usernames_in_use_are_refused_and_another_prefix_goes_in_batches(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["seed", "--users", "50"]) == 0
    capsys.readouterr()

    assert main(["seed", "--users", "50"]) == 1
    refusal = capsys.readouterr()
    assert "user0" in refusal.err and "--prefix" in refusal.err and refusal.out == ""

    assert main(["seed", "--users", "50", "--prefix", "bot"]) == 0
    assert "written in batches" in capsys.readouterr().out
    graph = opened(home)
    try:
        assert graph.execute("MATCH (u:User) RETURN count(u)")[1] == [[100]]
        assert_counters_match(graph)
    finally:
        graph.close()


@pytest.fixture
def held(home: Path) -> Iterator[None]:
    """Another process holding the embedded graph open for writing, as `instagraph serve` does."""
    home.mkdir(parents=True, exist_ok=True)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(home / "graph")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline() == "open\n"
    yield
    holder.communicate("\n", timeout=30)


def test_a_graph_another_process_holds_is_refused(home: Path, held: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["seed", "--users", USERS]) == 1

    refusal = capsys.readouterr()
    assert "lock" in refusal.err.lower() and "stop it" in refusal.err
    assert refusal.out == ""


@pytest.mark.parametrize("arguments", [[], ["--users", "0"], ["--users", "5", "--prefix", "Bad Name"]])
def test_bad_arguments_are_refused(home: Path, arguments: list[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["seed", *arguments])
    assert exit_.value.code == 2


def test_seed_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["seed", "--help"])
    assert exit_.value.code == 0
    assert "instagraph seed" in capsys.readouterr().out
