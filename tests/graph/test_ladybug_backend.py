"""The embedded engine's rules (shared/CYPHER.md), held by the LadybugDB gateway."""

from __future__ import annotations

import datetime
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from graph.backends.ladybug import _DATABASES, LadybugGraph, logged_checkpoints
from graph.catalog import Catalog
from graph.errors import ConstraintViolation, GraphError
from graph.gateway import Transaction
from tests.concurrency import all_at_once, errors_of

NOW = datetime.datetime(2026, 11, 25, 10, 20, 30)
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def open_graph(tmp_path: Path, contract_root: Path) -> Iterator[Callable[..., LadybugGraph]]:
    """Opens gateways on one database file with the test catalog; closes what is left open."""
    opened: list[LadybugGraph] = []

    def open_(**options: object) -> LadybugGraph:
        graph = LadybugGraph(tmp_path / "graph", catalog=Catalog("ladybug", root=contract_root), **options)
        opened.append(graph)
        return graph

    yield open_
    for graph in opened:
        graph.close()


@pytest.fixture
def graph(open_graph: Callable[..., LadybugGraph]) -> LadybugGraph:
    graph = open_graph()
    graph.install_schema()
    return graph


def create_user(graph: LadybugGraph, uid: int) -> None:
    graph.write("contract/create_user", id=uid, username=f"user{uid}", now=NOW)


def user_ids(graph: LadybugGraph) -> list[int]:
    return [row["id"] for row in graph.read("contract/user_ids")]


def run_threads(count: int, target: Callable[[int], None]) -> list[BaseException]:
    """Start ``count`` threads together on ``target(i)``; the errors they raised."""
    return errors_of(all_at_once(target, count))


# -- one writer at a time, and nobody is refused ------------------------------------


def test_sixteen_threads_writing_at_once_all_succeed(graph: LadybugGraph) -> None:
    per_thread = 10

    def writer(i: int) -> None:
        for n in range(per_thread):
            create_user(graph, i * 1000 + n)

    assert run_threads(16, writer) == []
    assert user_ids(graph) == sorted(i * 1000 + n for i in range(16) for n in range(per_thread))


def test_concurrent_transactions_each_commit_whole(graph: LadybugGraph) -> None:
    create_user(graph, 0)

    def writer(i: int) -> None:
        def work(tx: Transaction) -> None:
            tx.run("contract/create_user", id=i * 10 + 1, username=f"a{i}", now=NOW)
            time.sleep(0.001)  # hold the transaction open while others wait for the lock
            tx.run("contract/create_user", id=i * 10 + 2, username=f"b{i}", now=NOW)
            tx.run("contract/follow", follower=i * 10 + 1, followed=0, now=NOW)

        graph.transaction(work)

    assert run_threads(16, writer) == []
    assert len(user_ids(graph)) == 1 + 16 * 2
    for i in range(16):
        assert graph.read("contract/following", id=i * 10 + 1) == [{"id": 0, "created_at": NOW}]


def test_reads_go_on_while_writes_run(graph: LadybugGraph) -> None:
    writers, readers, per_writer = 4, 8, 25
    done = threading.Event()
    seen: list[int] = []

    def worker(i: int) -> None:
        if i < writers:
            for n in range(per_writer):
                create_user(graph, i * 1000 + n)
            return
        while not done.is_set():
            count = graph.read("contract/count_users")[0]["users"]
            assert 0 <= count <= writers * per_writer
            seen.append(count)

    def stop_readers_when_written() -> None:
        while len(user_ids(graph)) < writers * per_writer:
            time.sleep(0.01)
        done.set()

    watcher = threading.Thread(target=stop_readers_when_written)
    watcher.start()
    errors = run_threads(writers + readers, worker)
    done.set()
    watcher.join()

    assert errors == []
    assert seen, "the readers never read"
    assert len(user_ids(graph)) == writers * per_writer


def test_a_read_inside_a_long_write_transaction_is_not_blocked(graph: LadybugGraph) -> None:
    create_user(graph, 1)
    inside, release = threading.Event(), threading.Event()

    def work(tx: Transaction) -> None:
        tx.run("contract/create_user", id=2, username="two", now=NOW)
        inside.set()
        assert release.wait(10)

    writer = threading.Thread(target=graph.transaction, args=(work,))
    writer.start()
    try:
        assert inside.wait(10)
        assert user_ids(graph) == [1]  # a snapshot: the open transaction is not seen
    finally:
        release.set()
        writer.join(10)
    assert user_ids(graph) == [1, 2]


# -- one Database per file per process ----------------------------------------------


def test_a_second_gateway_on_the_same_file_shares_the_database(open_graph: Callable[..., LadybugGraph]) -> None:
    first = open_graph()
    first.install_schema()
    second = open_graph()

    assert second._database is first._database
    create_user(first, 1)
    create_user(second, 2)
    assert user_ids(first) == user_ids(second) == [1, 2]

    first.close()  # the other gateway keeps the shared Database open
    create_user(second, 3)
    assert user_ids(second) == [1, 2, 3]


def test_two_gateways_on_one_file_writing_at_once_are_never_refused(open_graph: Callable[..., LadybugGraph]) -> None:
    """The write lock belongs to the file, not the gateway: otherwise the engine refuses the second writer."""
    first, second = open_graph(), open_graph()
    first.install_schema()

    def writer(i: int) -> None:
        for n in range(10):
            create_user(first if i % 2 else second, i * 1000 + n)

    assert run_threads(16, writer) == []
    assert user_ids(first) == sorted(i * 1000 + n for i in range(16) for n in range(10))


def test_writes_of_both_gateways_survive_a_reopen(open_graph: Callable[..., LadybugGraph], tmp_path: Path) -> None:
    first, second = open_graph(), open_graph()
    first.install_schema()
    first.install_schema()
    create_user(first, 1)
    create_user(second, 2)
    first.close()
    second.close()
    assert (tmp_path / "graph").resolve() not in _DATABASES._open, "the last close did not close the Database"

    reopened = open_graph()
    assert user_ids(reopened) == [1, 2]


def test_data_survives_close_and_reopen(open_graph: Callable[..., LadybugGraph]) -> None:
    graph = open_graph()
    graph.install_schema()
    create_user(graph, 1)
    graph.write("contract/create_user", id=2, username="two", now=NOW)
    graph.write("contract/follow", follower=1, followed=2, now=NOW)
    graph.close()

    reopened = open_graph()
    reopened.install_schema()  # what every start-up does: must not disturb the data
    assert user_ids(reopened) == [1, 2]
    assert reopened.read("contract/following", id=1) == [{"id": 2, "created_at": NOW}]


_WRITER = """
import datetime, sys
from pathlib import Path
from graph.backends.ladybug import LadybugGraph
from graph.catalog import Catalog
graph = LadybugGraph(Path(sys.argv[1]), catalog=Catalog("ladybug", root=Path(sys.argv[2])))
graph.install_schema()
print("ready", flush=True)
for i in range(1, 100000):
    graph.write("contract/create_user", id=i, username=f"user{i}", now=datetime.datetime(2026, 1, 1))
    print(i, flush=True)
"""


def test_every_acknowledged_commit_survives_a_kill(tmp_path: Path, contract_root: Path) -> None:
    path = tmp_path / "killed"
    process = subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(path), str(contract_root)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "ready"
        acknowledged = 0
        deadline = time.monotonic() + 60
        while acknowledged < 50 and time.monotonic() < deadline:
            acknowledged = int(process.stdout.readline())
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.kill()
        process.wait(10)
    assert acknowledged >= 50

    graph = LadybugGraph(path, catalog=Catalog("ladybug", root=contract_root))
    try:
        ids = user_ids(graph)
    finally:
        graph.close()
    assert ids[:acknowledged] == list(range(1, acknowledged + 1))
    assert ids == list(range(1, len(ids) + 1))  # nothing half-written: a prefix of the commits


# -- failures leave nothing behind ---------------------------------------------------


def test_a_statement_failing_mid_transaction_leaves_nothing_and_the_gateway_goes_on(graph: LadybugGraph) -> None:
    create_user(graph, 1)

    def work(tx: Transaction) -> None:
        tx.run("contract/create_user", id=2, username="two", now=NOW)
        tx.run("contract/follow", follower=2, followed=1, now=NOW)
        tx.run("contract/create_users", users=[{"id": 3, "username": "three"}, {"id": 1, "username": "dup"}], now=NOW)

    with pytest.raises(ConstraintViolation):
        graph.transaction(work)

    assert user_ids(graph) == [1]
    assert graph.read("contract/following", id=2) == []
    create_user(graph, 4)
    graph.write("contract/follow", follower=4, followed=1, now=NOW)
    assert user_ids(graph) == [1, 4]
    assert graph.read("contract/following", id=4) == [{"id": 1, "created_at": NOW}]


def test_a_statement_the_engine_cannot_bind_rolls_back_too(graph: LadybugGraph, contract_root: Path) -> None:
    (contract_root / "contract" / "broken.cypher").write_text("MATCH (u:NoSuchLabel) RETURN u.id AS id\n")

    def work(tx: Transaction) -> None:
        tx.run("contract/create_user", id=1, username="one", now=NOW)
        tx.run("contract/broken")

    with pytest.raises(GraphError):
        graph.transaction(work)
    assert user_ids(graph) == []
    create_user(graph, 2)
    assert user_ids(graph) == [2]


def test_many_failed_transactions_in_a_row_do_not_wear_the_gateway_out(graph: LadybugGraph) -> None:
    create_user(graph, 1)
    for n in range(50):
        with pytest.raises(ConstraintViolation):
            graph.transaction(lambda tx: (tx.run("contract/create_user", id=100 + n, username=f"x{n}", now=NOW),
                                          tx.run("contract/create_user", id=1, username="dup", now=NOW)))
    assert user_ids(graph) == [1]
    create_user(graph, 2)
    assert user_ids(graph) == [1, 2]


def _threshold(graph: LadybugGraph) -> int:
    return int(graph.execute("CALL current_setting('checkpoint_threshold') RETURN *")[1][0][0])


def test_the_checkpoint_threshold_is_the_measured_one_unless_the_setting_says(tmp_path: Path) -> None:
    from graph import open_graph
    from graph.backends.ladybug import CHECKPOINT_BYTES
    from instagraph.settings import Settings

    settings = Settings.from_env({"INSTAGRAPH_HOME": str(tmp_path), "INSTAGRAPH_SECRET_KEY": "test"})
    assert settings.graph_checkpoint_bytes is None
    graph = open_graph(settings, migrate=False)
    assert _threshold(graph) == CHECKPOINT_BYTES == 16 * 1024 * 1024
    graph.close()
    environ = {"INSTAGRAPH_HOME": str(tmp_path / "other"), "INSTAGRAPH_SECRET_KEY": "test"}
    chosen = Settings.from_env({**environ, "INSTAGRAPH_GRAPH_CHECKPOINT_BYTES": "65536"})
    graph = open_graph(chosen, migrate=False)
    assert _threshold(graph) == 65536
    graph.close()


def test_a_log_past_the_threshold_is_folded_into_the_file(tmp_path: Path, contract_root: Path) -> None:
    graph = LadybugGraph(tmp_path / "graph", catalog=Catalog("ladybug", root=contract_root), checkpoint_bytes=64 * 1024)
    try:
        graph.execute("CREATE NODE TABLE Note(id INT64, text STRING, PRIMARY KEY (id))", write=True)
        sizes = []
        for number in range(400):
            graph.execute("CREATE (:Note {id: $id, text: $text})", {"id": number, "text": "x" * 500}, write=True)
            sizes.append(graph.log_bytes())  # 0 when a checkpoint removed the log
        shrank = sum(later < earlier for earlier, later in zip(sizes, sizes[1:]))
        assert max(sizes) < 2 * 64 * 1024 and shrank >= 2  # 200 kB written: folded in at least twice
    finally:
        graph.close()


def test_a_slow_commit_is_logged_with_whether_it_checkpointed(
    tmp_path: Path, contract_root: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    from graph.backends import ladybug as backend

    monkeypatch.setattr(backend, "SLOW_COMMIT_SECONDS", 0.0)  # every commit counts as slow
    graph = LadybugGraph(tmp_path / "graph", catalog=Catalog("ladybug", root=contract_root), checkpoint_bytes=64 * 1024)
    try:
        graph.execute("CREATE NODE TABLE Note(id INT64, text STRING, PRIMARY KEY (id))", write=True)
        with caplog.at_level("WARNING", logger=backend.__name__):
            for number in range(300):
                note = {"id": number, "text": "x" * 500}
                graph.transaction(lambda tx, note=note: tx._run_text("CREATE (:Note {id: $id, text: $text})", note))
    finally:
        graph.close()
    messages = [record.getMessage() for record in caplog.records]
    assert len(messages) == 300
    assert sum("a checkpoint: the log went from" in message for message in messages) >= 2
    assert sum("no checkpoint" in message for message in messages) >= 250


def test_logged_checkpoints_reads_back_the_slow_commit_warnings_of_checkpoints_only(tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    graph = LadybugGraph(tmp_path / "graph")
    monkeypatch.setattr(graph, "log_bytes", lambda: 0)
    try:
        with caplog.at_level("WARNING"):
            graph._note_slow_commit(0.678, log_before=4_000_000)  # the log shrank: a checkpoint
            graph._note_slow_commit(0.15, log_before=0)  # slow, no checkpoint
    finally:
        graph.close()
    assert logged_checkpoints(caplog.text) == (678,)
