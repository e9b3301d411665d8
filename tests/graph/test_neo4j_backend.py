"""What is particular to the Neo4j backend.

Neo4j cannot run on the development machines, so most of this runs without a server:
the value conversion directly, the routing and error handling against a stand-in
driver that behaves like the real one (managed transactions retried on retryable
errors, sessions with an access mode). The tests marked ``neo4j`` need
``INSTAGRAPH_TEST_NEO4J_URL`` and are skipped without it.
"""

from __future__ import annotations

import datetime
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import neo4j
import neo4j.graph
import neo4j.time
import pytest
import pytz
from neo4j.exceptions import AuthError, Neo4jError, ServiceUnavailable, SessionExpired

from graph import open_graph
from graph.backends.neo4j import Neo4jGraph, to_python
from graph.catalog import Catalog
from graph.errors import ConstraintViolation, GraphError, GraphUnavailable, WriteConflict
from graph.gateway import Transaction
from graph.migrations import setup_schema
from graph.models import NODE_CLASSES, SCHEMA_VERSION
from instagraph.settings import Settings
from tests.ports import free_port
from tests.graph.conftest import needs_neo4j, open_test_neo4j

NOW = datetime.datetime(2026, 11, 25, 10, 20, 30, 123456)


def server_error(code: str, message: str = "from the stand-in server") -> Neo4jError:
    """The exception the driver raises for a server failure with this status code."""
    return Neo4jError._hydrate_neo4j(code=code, message=message)


# -- values the driver returns -------------------------------------------------------


def test_a_local_datetime_becomes_a_naive_datetime() -> None:
    value = to_python(neo4j.time.DateTime(2026, 11, 25, 10, 20, 30, 123456000))

    assert value == NOW
    assert type(value) is datetime.datetime and value.tzinfo is None


def test_nanoseconds_are_truncated_to_microseconds() -> None:
    assert to_python(neo4j.time.DateTime(2026, 11, 25, 10, 20, 30, 123456999)) == NOW


def test_an_aware_datetime_becomes_naive_utc() -> None:
    plus_two = datetime.timezone(datetime.timedelta(hours=2))
    value = to_python(neo4j.time.DateTime(2026, 11, 25, 12, 20, 30, 123456000, tzinfo=plus_two))

    assert value == NOW and value.tzinfo is None


def test_a_datetime_in_a_named_zone_becomes_naive_utc() -> None:
    # As the driver hydrates a DateTime with a zone id: the UTC instant shown in that zone.
    berlin = pytz.timezone("Europe/Berlin")  # UTC+1 in November, UTC+2 in July
    winter = neo4j.time.DateTime(2026, 11, 25, 10, 20, 30, 123456000, tzinfo=pytz.UTC).as_timezone(berlin)
    summer = neo4j.time.DateTime(2026, 7, 1, 10, 0, 0, tzinfo=pytz.UTC).as_timezone(berlin)
    assert (winter.hour, summer.hour) == (11, 12)

    assert to_python(winter) == NOW
    assert to_python(summer) == datetime.datetime(2026, 7, 1, 10, 0, 0)


def test_dates_times_and_durations_become_native() -> None:
    assert to_python(neo4j.time.Date(2026, 11, 25)) == datetime.date(2026, 11, 25)
    assert to_python(neo4j.time.Time(10, 20, 30, 123456000)) == datetime.time(10, 20, 30, 123456)
    duration = neo4j.time.Duration(days=2, hours=3, seconds=4, nanoseconds=5000)
    assert to_python(duration) == datetime.timedelta(days=2, hours=3, seconds=4, microseconds=5)
    assert to_python(neo4j.time.Duration(months=14, days=1)) == "P1Y2M1D"


def test_scalars_pass_through_and_containers_are_converted_inside() -> None:
    for value in (None, True, 0, -(2**63), 1.5, "text", b"bytes"):
        assert to_python(value) == value
    nested = {"when": [neo4j.time.DateTime(2026, 11, 25, 10, 20, 30, 123456000)], "n": 1}
    assert to_python(nested) == {"when": [NOW], "n": 1}


def test_nodes_relationships_and_paths_become_dicts_shaped_like_ladybugs() -> None:
    graph = neo4j.graph.Graph()
    ada = neo4j.graph.Node(graph, "4:x:1", 1, ["User"], {"id": 1, "created_at": neo4j.time.DateTime(2026, 11, 25, 10, 20, 30, 123456000)})
    bob = neo4j.graph.Node(graph, "4:x:2", 2, ["User"], {"id": 2})
    follows = graph.relationship_type("FOLLOWS")(graph, "5:x:9", 9, {"created_at": neo4j.time.DateTime(2026, 11, 25, 10, 20, 30, 123456000)})
    follows._start_node, follows._end_node = ada, bob

    assert to_python(ada) == {"_ID": "4:x:1", "_LABEL": "User", "id": 1, "created_at": NOW}
    assert to_python(follows) == {"_ID": "5:x:9", "_LABEL": "FOLLOWS", "_SRC": "4:x:1", "_DST": "4:x:2", "created_at": NOW}
    path = to_python(neo4j.graph.Path(ada, follows))
    assert [n["id"] for n in path["_NODES"]] == [1, 2] and path["_RELS"][0]["_LABEL"] == "FOLLOWS"


# -- a stand-in driver ---------------------------------------------------------------


class FakeResult:
    def __init__(self, keys: list[str], rows: list[list[Any]]) -> None:
        self._keys = keys
        self._records = [neo4j.Record(zip(keys, row)) for row in rows]

    def keys(self) -> list[str]:
        return list(self._keys)

    def __iter__(self) -> Iterator[neo4j.Record]:
        return iter(self._records)

    def consume(self) -> None:
        self._records = []


@dataclass
class Call:
    query: str
    params: dict[str, Any]
    mode: str  # "read" / "write": the managed transaction; "auto-READ" / "auto-WRITE": session.run


Responder = Callable[[Call], tuple[list[str], list[list[Any]]]]


def default_responder(call: Call) -> tuple[list[str], list[list[Any]]]:
    if "dbms.components" in call.query:  # neomodel asks the server version when it connects
        return ["versions[0]", "edition"], [["5.26.0", "community"]]
    return [], []


@dataclass
class FakeDriver:
    """Sessions, managed transactions retried like the real driver's, and a log of what ran."""

    respond: Responder = default_responder
    calls: list[Call] = field(default_factory=list)
    sessions: list[dict[str, Any]] = field(default_factory=list)
    attempts: int = 0
    closed: bool = False

    def session(self, **config: Any) -> FakeSession:
        if self.closed:
            raise neo4j.exceptions.DriverError("driver closed")
        self.sessions.append(config)
        return FakeSession(self, config.get("default_access_mode", neo4j.WRITE_ACCESS))

    def close(self) -> None:
        self.closed = True


class FakeTx:
    def __init__(self, driver: FakeDriver, mode: str) -> None:
        self._driver, self._mode = driver, mode

    def run(self, query: str, parameters: dict[str, Any] | None = None, **kwargs: Any) -> FakeResult:
        call = Call(query, dict(parameters or {}, **kwargs), self._mode)
        self._driver.calls.append(call)
        return FakeResult(*self._driver.respond(call))


class FakeSession:
    def __init__(self, driver: FakeDriver, access_mode: str) -> None:
        self._driver, self.access_mode = driver, access_mode

    def __enter__(self) -> FakeSession:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def _managed(self, mode: str, work: Callable[[FakeTx], Any]) -> Any:
        for _ in range(5):  # the real driver retries for up to max_transaction_retry_time
            self._driver.attempts += 1
            try:
                return work(FakeTx(self._driver, mode))
            except (neo4j.exceptions.DriverError, Neo4jError) as error:
                if not error.is_retryable():
                    raise
                last = error
        raise last

    def execute_read(self, work: Callable[[FakeTx], Any]) -> Any:
        return self._managed("read", work)

    def execute_write(self, work: Callable[[FakeTx], Any]) -> Any:
        return self._managed("write", work)

    def run(self, query: str, parameters: dict[str, Any] | None = None, **kwargs: Any) -> FakeResult:
        return FakeTx(self._driver, f"auto-{self.access_mode}").run(query, parameters, **kwargs)


@pytest.fixture
def fake() -> FakeDriver:
    return FakeDriver()


@pytest.fixture
def gateway(fake: FakeDriver, contract_root: Path) -> Iterator[Neo4jGraph]:
    graph = Neo4jGraph(fake, catalog=Catalog("neo4j", root=contract_root))  # type: ignore[arg-type]
    yield graph
    graph.close()


# -- routing -------------------------------------------------------------------------


def test_a_read_runs_in_a_read_transaction_of_a_read_session(gateway: Neo4jGraph, fake: FakeDriver, contract_root: Path) -> None:
    fake.respond = lambda call: (["id", "username", "created_at"], [[1, "ada", neo4j.time.DateTime(2026, 11, 25, 10, 20, 30, 123456000)]])

    rows = gateway.read("contract/get_user", id=1)

    assert rows == [{"id": 1, "username": "ada", "created_at": NOW}]
    assert [(c.mode, c.params) for c in fake.calls] == [("read", {"id": 1})]
    assert fake.calls[0].query == Catalog("neo4j", root=contract_root).text("contract/get_user")
    assert fake.sessions[-1]["default_access_mode"] == neo4j.READ_ACCESS


def test_writes_and_transactions_run_in_write_transactions(gateway: Neo4jGraph, fake: FakeDriver) -> None:
    gateway.write("contract/create_user", id=1, username="a", now=NOW)
    gateway.transaction(lambda tx: [tx.run("contract/create_user", id=2, username="b", now=NOW), tx.run("contract/count_users")])

    assert [c.mode for c in fake.calls] == ["write", "write", "write"]
    assert all(s["default_access_mode"] == neo4j.WRITE_ACCESS for s in fake.sessions)


def test_every_session_shares_one_bookmark_manager_so_reads_follow_writes(gateway: Neo4jGraph, fake: FakeDriver) -> None:
    gateway.write("contract/create_user", id=1, username="a", now=NOW)
    gateway.read("contract/count_users")
    gateway.execute("RETURN 1 AS one")

    managers = {id(s["bookmark_manager"]) for s in fake.sessions}
    assert len(managers) == 1 and fake.sessions[0]["bookmark_manager"] is not None


def test_execute_runs_auto_commit_in_the_asked_access_mode(gateway: Neo4jGraph, fake: FakeDriver) -> None:
    fake.respond = lambda call: (["id", "name"], [[1, "ada"], [2, "bob"]])

    assert gateway.execute("MATCH (u:User) RETURN u.id AS id, u.username AS name") == (["id", "name"], [[1, "ada"], [2, "bob"]])
    gateway.execute("CREATE (:User {id: $id})", {"id": 3}, write=True)

    assert [(c.mode, c.params) for c in fake.calls] == [("auto-READ", {}), ("auto-WRITE", {"id": 3})]


def test_the_catalog_must_be_the_neo4j_dialect(fake: FakeDriver) -> None:
    with pytest.raises(ValueError):
        Neo4jGraph(fake, catalog=Catalog("ladybug"))  # type: ignore[arg-type]


# -- errors --------------------------------------------------------------------------


def test_a_retryable_error_inside_work_reaches_the_driver_which_runs_work_again(gateway: Neo4jGraph, fake: FakeDriver) -> None:
    failures = iter([server_error("Neo.TransientError.Transaction.DeadlockDetected")])

    def respond(call: Call) -> tuple[list[str], list[list[Any]]]:
        for error in failures:
            raise error
        return ["users"], [[7]]

    fake.respond = respond

    assert gateway.transaction(lambda tx: tx.run("contract/count_users")) == [{"users": 7}]
    assert fake.attempts == 2


def test_only_the_attempt_that_committed_calls_its_after_commit_callbacks(gateway: Neo4jGraph, fake: FakeDriver) -> None:
    failures = iter([server_error("Neo.TransientError.Transaction.DeadlockDetected")])
    attempts: list[int] = []
    committed: list[int] = []

    def respond(call: Call) -> tuple[list[str], list[list[Any]]]:
        for error in failures:
            raise error
        return ["users"], [[7]]

    def work(tx: Transaction) -> list[dict[str, Any]]:
        attempt = len(attempts)
        attempts.append(attempt)
        tx.after_commit(lambda: committed.append(attempt))  # registered before the statement fails on attempt 0
        return tx.run("contract/count_users")

    fake.respond = respond

    assert gateway.transaction(work) == [{"users": 7}]
    assert (attempts, committed) == ([0, 1], [1])


def test_a_leader_switch_is_retried_too(gateway: Neo4jGraph, fake: FakeDriver) -> None:
    failures = iter([SessionExpired("leader switch")])

    def respond(call: Call) -> tuple[list[str], list[list[Any]]]:
        for error in failures:
            raise error
        return ["id"], [[1]]

    fake.respond = respond

    assert gateway.write("contract/create_user", id=1, username="a", now=NOW) == [{"id": 1}]
    assert fake.attempts == 2


def test_a_constraint_error_is_a_constraint_violation_inside_work_and_is_not_retried(gateway: Neo4jGraph, fake: FakeDriver) -> None:
    def respond(call: Call) -> tuple[list[str], list[list[Any]]]:
        raise server_error("Neo.ClientError.Schema.ConstraintValidationFailed", "Node(1) already exists with label `User`")

    fake.respond = respond
    caught: list[Exception] = []

    def work(tx: Transaction) -> None:
        try:
            tx.run("contract/create_user", id=1, username="a", now=NOW)
        except ConstraintViolation as error:
            caught.append(error)
            raise

    with pytest.raises(ConstraintViolation, match="already exists"):
        gateway.transaction(work)
    assert len(caught) == 1 and fake.attempts == 1


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (ServiceUnavailable("no servers"), GraphUnavailable),
        (SessionExpired("gone"), GraphUnavailable),
        (server_error("Neo.TransientError.General.DatabaseUnavailable"), GraphUnavailable),
        (server_error("Neo.ClientError.Security.Unauthorized"), GraphUnavailable),
        (server_error("Neo.TransientError.Transaction.DeadlockDetected"), WriteConflict),
        (server_error("Neo.ClientError.Statement.SyntaxError"), GraphError),
        (server_error("Neo.DatabaseError.General.UnknownError"), GraphError),
    ],
)
def test_errors_the_driver_gave_up_on_become_gateway_errors(
    gateway: Neo4jGraph, fake: FakeDriver, error: Exception, expected: type[GraphError]
) -> None:
    def respond(call: Call) -> tuple[list[str], list[list[Any]]]:
        raise error

    fake.respond = respond

    for call in (
        lambda: gateway.read("contract/count_users"),
        lambda: gateway.write("contract/create_user", id=1, username="a", now=NOW),
        lambda: gateway.execute("RETURN 1 AS one"),
    ):
        with pytest.raises(expected) as raised:
            call()
        assert type(raised.value) is expected  # not a broader or narrower gateway error


@pytest.mark.parametrize(
    "error",
    [ServiceUnavailable("refused"), AuthError("The client is unauthorized"), server_error("Neo.ClientError.Security.Unauthorized")],
)
def test_ping_raises_graph_unavailable(gateway: Neo4jGraph, fake: FakeDriver, error: Exception) -> None:
    def respond(call: Call) -> tuple[list[str], list[list[Any]]]:
        raise error

    fake.respond = respond

    with pytest.raises(GraphUnavailable):
        gateway.ping()


def test_ping_answers_when_the_server_does(gateway: Neo4jGraph, fake: FakeDriver) -> None:
    gateway.ping()
    assert fake.calls[-1].query.startswith("RETURN 1")


def test_close_closes_the_driver_and_later_calls_are_unavailable(gateway: Neo4jGraph, fake: FakeDriver) -> None:
    gateway.close()
    gateway.close()

    assert fake.closed
    for call in (lambda: gateway.read("contract/count_users"), gateway.ping, gateway.install_schema):
        with pytest.raises(GraphUnavailable):
            call()


# -- schema through neomodel ---------------------------------------------------------


def expected_constraints() -> set[tuple[str, str]]:
    return {
        (cls.__label__, prop.get_db_property_name(name))
        for cls in NODE_CLASSES
        for name, prop in cls.defined_properties(aliases=False, rels=False).items()
        if prop.unique_index
    }


def test_install_schema_creates_a_uniqueness_constraint_per_unique_property(gateway: Neo4jGraph, fake: FakeDriver) -> None:
    gateway.install_schema()

    created = [c.query for c in fake.calls if "CREATE CONSTRAINT" in c.query]
    assert len(created) == len(expected_constraints())
    for label, prop in expected_constraints():
        assert any(f"constraint_unique_{label}_{prop}" in q and f"n.`{prop}` IS UNIQUE" in q for q in created), (label, prop)
    assert ("User", "id") in expected_constraints() and ("User", "username") in expected_constraints()
    assert not any("CREATE INDEX" in c.query for c in fake.calls)  # unique constraints bring their own index


def test_install_schema_again_finds_everything_there_and_is_fine(gateway: Neo4jGraph, fake: FakeDriver) -> None:
    gateway.install_schema()

    def respond(call: Call) -> tuple[list[str], list[list[Any]]]:
        if "CREATE CONSTRAINT" in call.query:
            raise server_error("Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists", "An equivalent constraint already exists")
        return default_responder(call)

    fake.respond = respond
    gateway.install_schema()


def test_install_schema_reports_other_failures_as_gateway_errors(gateway: Neo4jGraph, fake: FakeDriver) -> None:
    def respond(call: Call) -> tuple[list[str], list[list[Any]]]:
        if "CREATE CONSTRAINT" in call.query:
            raise server_error("Neo.ClientError.Security.Forbidden", "Schema operations are not allowed for user")
        return default_responder(call)

    fake.respond = respond
    with pytest.raises(GraphError):
        gateway.install_schema()


def test_after_close_neomodel_no_longer_holds_the_driver(gateway: Neo4jGraph, fake: FakeDriver) -> None:
    from neomodel import db, get_config

    gateway.install_schema()
    assert db.driver is fake
    gateway.close()
    assert db.driver is None and get_config().driver is None


def test_installs_from_two_threads_do_not_interleave(fake: FakeDriver, contract_root: Path) -> None:
    graphs = [Neo4jGraph(fake, catalog=Catalog("neo4j", root=contract_root)) for _ in range(4)]  # type: ignore[arg-type]
    errors: list[BaseException] = []

    def install(graph: Neo4jGraph) -> None:
        try:
            graph.install_schema()
        except BaseException as error:  # noqa: BLE001
            errors.append(error)

    threads = [threading.Thread(target=install, args=(g,)) for g in graphs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert errors == []
    assert sum("CREATE CONSTRAINT" in c.query for c in fake.calls) == 4 * len(expected_constraints())


# -- built from settings ---------------------------------------------------------------


def neo4j_settings(tmp_path: Path, url: str) -> Settings:
    return Settings.from_env(
        {
            "INSTAGRAPH_HOME": str(tmp_path / "home"),
            "INSTAGRAPH_SECRET_KEY": "test",
            "INSTAGRAPH_GRAPH_URL": url,
            "INSTAGRAPH_NEO4J_PASSWORD": "secret",
        }
    )


@pytest.mark.parametrize(("url", "driver_class"), [("neo4j://127.0.0.1:7687", neo4j.Neo4jDriver), ("bolt://127.0.0.1:7687", neo4j.BoltDriver)])
def test_the_url_scheme_chooses_routing(tmp_path: Path, url: str, driver_class: type) -> None:
    graph = open_graph(neo4j_settings(tmp_path, url), migrate=False)  # connects lazily: no server needed
    try:
        assert isinstance(graph, Neo4jGraph)
        assert isinstance(graph._driver, driver_class)
        assert graph.catalog.dialect == "neo4j"
    finally:
        graph.close()


def test_ping_of_a_port_nobody_listens_on_is_unavailable_at_once(tmp_path: Path) -> None:
    graph = Neo4jGraph.from_settings(neo4j_settings(tmp_path, f"bolt://127.0.0.1:{free_port()}"))
    try:
        with pytest.raises(GraphUnavailable):
            graph.ping()
    finally:
        graph.close()


def test_a_write_to_a_port_nobody_listens_on_is_unavailable_after_the_retries(tmp_path: Path) -> None:
    graph = Neo4jGraph.from_url(f"bolt://127.0.0.1:{free_port()}", max_transaction_retry_time=0.2)
    try:
        with pytest.raises(GraphUnavailable):
            graph.write("schema/set_version", name="graph", version=1)
    finally:
        graph.close()


# -- against a real server (INSTAGRAPH_TEST_NEO4J_URL) ---------------------------------


def server_test(test: Callable[..., None]) -> Callable[..., None]:
    """Run ``test`` only when INSTAGRAPH_TEST_NEO4J_URL names a server."""
    for mark in needs_neo4j:
        test = mark(test)
    return test


@pytest.fixture
def server(contract_root: Path) -> Iterator[Neo4jGraph]:
    graph = open_test_neo4j(Catalog("neo4j", root=contract_root))
    yield graph
    graph.close()


@server_test
def test_server_datetimes_come_back_naive_utc(server: Neo4jGraph) -> None:
    columns, rows = server.execute(
        "RETURN datetime('2026-11-25T12:20:30.123456789+02:00') AS zoned, localdatetime('2026-11-25T10:20:30.123456') AS local, "
        "date('2026-11-25') AS day, duration({hours: 1}) AS hour"
    )
    assert dict(zip(columns, rows[0])) == {
        "zoned": NOW,
        "local": NOW,
        "day": datetime.date(2026, 11, 25),
        "hour": datetime.timedelta(hours=1),
    }


@server_test
def test_server_refuses_a_write_in_a_read(server: Neo4jGraph) -> None:
    with pytest.raises(GraphError):
        server.execute("CREATE (:User {id: 1, username: 'a', password_hash: 'x', created_at: $now})", {"now": NOW})
    assert server.read("contract/user_ids") == []


@server_test
def test_server_has_the_constraints_of_the_models(server: Neo4jGraph) -> None:
    _, rows = server.execute("SHOW CONSTRAINTS YIELD name RETURN name")
    names = {row[0] for row in rows}
    assert {f"constraint_unique_{label}_{prop}" for label, prop in expected_constraints()} <= names


@server_test
def test_server_runs_the_migrations_and_every_shipped_query_plans(server: Neo4jGraph) -> None:
    shipped = open_test_neo4j()  # the real catalog
    try:
        assert setup_schema(shipped) == SCHEMA_VERSION
        assert setup_schema(shipped) == SCHEMA_VERSION
        for name in shipped.catalog.names():
            shipped.execute("EXPLAIN " + shipped.catalog.text(name))
    finally:
        shipped.close()


@server_test
def test_server_sixteen_concurrent_writers_all_succeed(server: Neo4jGraph) -> None:
    errors: list[BaseException] = []

    def writer(i: int) -> None:
        try:
            for n in range(5):
                server.write("contract/create_user", id=i * 100 + n, username=f"u{i}_{n}", now=NOW)
            server.write("contract/create_user", id=i * 100 + 50, username=f"v{i}", now=NOW)
        except BaseException as error:  # noqa: BLE001
            errors.append(error)

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert errors == []
    assert server.read("contract/count_users") == [{"users": 16 * 6}]


@server_test
def test_server_concurrent_duplicate_usernames_one_wins(server: Neo4jGraph) -> None:
    outcomes: list[str] = []

    def sign_up(i: int) -> None:
        try:
            server.write("contract/create_user", id=i, username="same", now=NOW)
            outcomes.append("created")
        except ConstraintViolation:
            outcomes.append("refused")

    threads = [threading.Thread(target=sign_up, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(outcomes) == ["created"] + ["refused"] * 7
