"""The graph gateway's contract, run against every backend: LadybugDB always, Neo4j when a test server is named."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.backends.ladybug import LadybugGraph
from graph.catalog import Catalog
from graph.errors import ConstraintViolation, GraphError, GraphUnavailable, UnknownQuery
from graph.gateway import Graph, Transaction
from tests.graph.conftest import needs_neo4j, open_test_neo4j

NOW = datetime.datetime(2026, 11, 25, 10, 20, 30, 123456)


@pytest.fixture(params=["ladybug", pytest.param("neo4j", marks=needs_neo4j)])
def gateway(request: pytest.FixtureRequest, tmp_path: Path, contract_root: Path) -> Iterator[Graph]:
    """A backend with the schema installed, no data, and the test-only catalog."""
    if request.param == "ladybug":
        graph: Graph = LadybugGraph(tmp_path / "graph", catalog=Catalog("ladybug", root=contract_root))
        graph.install_schema()
    else:
        graph = open_test_neo4j(Catalog("neo4j", root=contract_root))
    yield graph
    graph.close()


def create_user(graph: Graph, uid: int, username: str | None = None) -> list[dict]:
    return graph.write("contract/create_user", id=uid, username=username or f"user{uid}", now=NOW)


def user_ids(graph: Graph) -> list[int]:
    return [row["id"] for row in graph.read("contract/user_ids")]


# -- reads and writes --------------------------------------------------------------


def test_a_write_returns_its_rows_and_a_read_sees_it(gateway: Graph) -> None:
    assert gateway.write("contract/create_user", id=1, username="ada", now=NOW) == [{"id": 1}]

    assert gateway.read("contract/get_user", id=1) == [{"id": 1, "username": "ada", "created_at": NOW}]


def test_a_read_that_matches_nothing_returns_no_rows(gateway: Graph) -> None:
    assert gateway.read("contract/get_user", id=404) == []


def test_rows_keep_the_order_of_the_query(gateway: Graph) -> None:
    for uid in (3, 1, 2):
        create_user(gateway, uid)

    assert user_ids(gateway) == [1, 2, 3]


def test_an_update_is_seen_by_the_next_read(gateway: Graph) -> None:
    create_user(gateway, 1, "before")

    assert gateway.write("contract/rename", id=1, username="after") == [{"username": "after"}]
    assert gateway.read("contract/get_user", id=1)[0]["username"] == "after"


def test_merge_is_idempotent_and_keeps_the_first_time(gateway: Graph) -> None:
    create_user(gateway, 1)
    create_user(gateway, 2)
    later = NOW + datetime.timedelta(hours=1)

    gateway.write("contract/follow", follower=1, followed=2, now=NOW)
    gateway.write("contract/follow", follower=1, followed=2, now=later)

    assert gateway.read("contract/following", id=1) == [{"id": 2, "created_at": NOW}]


def test_parameters_come_back_as_they_went(gateway: Graph) -> None:
    for value in (0, -1, 2**63 - 1, 1.5, "text", "", True, None, [1, 2, 3]):
        assert gateway.read("contract/echo", value=value) == [{"value": value}], value


def test_an_unknown_query_name_raises(gateway: Graph) -> None:
    with pytest.raises(UnknownQuery):
        gateway.read("contract/no_such_query")
    with pytest.raises(UnknownQuery):
        gateway.write("contract/no_such_query")


# -- transactions ------------------------------------------------------------------


def test_a_transaction_commits_every_statement_and_returns_what_work_returns(gateway: Graph) -> None:
    def work(tx: Transaction) -> int:
        tx.run("contract/create_user", id=1, username="a", now=NOW)
        tx.run("contract/create_user", id=2, username="b", now=NOW)
        rows = tx.run("contract/follow", follower=1, followed=2, now=NOW)
        return len(rows)

    assert gateway.transaction(work) == 1
    assert user_ids(gateway) == [1, 2]
    assert gateway.read("contract/following", id=1) == [{"id": 2, "created_at": NOW}]


def test_a_transaction_sees_its_own_writes(gateway: Graph) -> None:
    def work(tx: Transaction) -> list[dict]:
        tx.run("contract/create_user", id=1, username="a", now=NOW)
        return tx.run("contract/get_user", id=1)

    assert gateway.transaction(work)[0]["id"] == 1


def test_an_exception_inside_work_leaves_nothing(gateway: Graph) -> None:
    class Boom(Exception):
        pass

    def work(tx: Transaction) -> None:
        tx.run("contract/create_user", id=1, username="a", now=NOW)
        tx.run("contract/create_user", id=2, username="b", now=NOW)
        raise Boom

    with pytest.raises(Boom):
        gateway.transaction(work)

    assert user_ids(gateway) == []
    create_user(gateway, 3)  # and the gateway goes on working
    assert user_ids(gateway) == [3]


def test_after_commit_callbacks_run_once_the_transaction_committed_in_order(gateway: Graph) -> None:
    seen: list[object] = []

    def work(tx: Transaction) -> str:
        tx.run("contract/create_user", id=1, username="a", now=NOW)
        tx.after_commit(lambda: seen.append(user_ids(gateway)))  # the commit is visible to a read by then
        tx.after_commit(lambda: seen.append("second"))
        assert seen == []
        return "done"

    assert gateway.transaction(work) == "done"
    assert seen == [[1], "second"]


def test_after_commit_callbacks_of_a_rolled_back_transaction_never_run(gateway: Graph) -> None:
    create_user(gateway, 1)
    seen: list[str] = []

    def work(tx: Transaction) -> None:
        tx.after_commit(lambda: seen.append("committed"))
        tx.run("contract/create_user", id=1, username="again", now=NOW)

    with pytest.raises(ConstraintViolation):
        gateway.transaction(work)
    gateway.transaction(lambda tx: tx.run("contract/create_user", id=2, username="b", now=NOW))
    assert seen == []


def test_an_unknown_query_inside_work_rolls_back(gateway: Graph) -> None:
    def work(tx: Transaction) -> None:
        tx.run("contract/create_user", id=1, username="a", now=NOW)
        tx.run("contract/no_such_query")

    with pytest.raises(UnknownQuery):
        gateway.transaction(work)
    assert user_ids(gateway) == []


# -- constraints -------------------------------------------------------------------


def test_a_duplicate_key_raises_constraint_violation_and_stores_nothing(gateway: Graph) -> None:
    create_user(gateway, 1, "first")

    with pytest.raises(ConstraintViolation):
        gateway.write("contract/create_user", id=1, username="second", now=NOW)

    assert gateway.read("contract/get_user", id=1)[0]["username"] == "first"
    assert user_ids(gateway) == [1]


def test_a_duplicate_key_inside_a_transaction_undoes_the_whole_transaction(gateway: Graph) -> None:
    create_user(gateway, 1)

    def work(tx: Transaction) -> None:
        tx.run("contract/create_user", id=2, username="two", now=NOW)
        tx.run("contract/create_user", id=1, username="again", now=NOW)

    with pytest.raises(ConstraintViolation):
        gateway.transaction(work)
    assert user_ids(gateway) == [1]


def test_a_statement_that_fails_halfway_stores_none_of_its_rows(gateway: Graph) -> None:
    users = [{"id": 5, "username": "e"}, {"id": 6, "username": "f"}, {"id": 5, "username": "g"}]

    with pytest.raises(ConstraintViolation):
        gateway.write("contract/create_users", users=users, now=NOW)
    assert user_ids(gateway) == []


def test_after_a_failed_statement_the_transaction_takes_nothing_more(gateway: Graph) -> None:
    """Work that swallows an error must not get a half transaction committed."""
    create_user(gateway, 1)

    def work(tx: Transaction) -> None:
        tx.run("contract/create_user", id=2, username="two", now=NOW)
        try:
            tx.run("contract/create_user", id=1, username="dup", now=NOW)
        except ConstraintViolation:
            pass
        tx.run("contract/create_user", id=3, username="three", now=NOW)

    with pytest.raises(GraphError):
        gateway.transaction(work)
    assert user_ids(gateway) == [1]


def test_work_that_swallows_a_failed_statement_commits_nothing(gateway: Graph) -> None:
    create_user(gateway, 1)

    def work(tx: Transaction) -> str:
        tx.run("contract/create_user", id=2, username="two", now=NOW)
        try:
            tx.run("contract/create_user", id=1, username="dup", now=NOW)
        except ConstraintViolation:
            return "swallowed"
        return "not reached"

    with pytest.raises(GraphError):
        gateway.transaction(work)
    assert user_ids(gateway) == [1]


# -- values ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "moment",
    [
        datetime.datetime(1970, 1, 1),
        datetime.datetime(2000, 2, 29, 23, 59, 59, 999999),
        datetime.datetime(2026, 11, 25, 10, 20, 30, 123456),
        datetime.datetime(2262, 4, 12),
        datetime.datetime(9999, 12, 31, 23, 59, 59, 999999),
    ],
)
def test_a_naive_utc_datetime_comes_back_equal_and_naive(gateway: Graph, moment: datetime.datetime) -> None:
    gateway.write("contract/create_user", id=1, username="a", now=moment)
    gateway.write("contract/create_user", id=2, username="b", now=moment)
    gateway.write("contract/follow", follower=1, followed=2, now=moment)

    stored = gateway.read("contract/get_user", id=1)[0]["created_at"]
    on_relationship = gateway.read("contract/following", id=1)[0]["created_at"]
    echoed = gateway.read("contract/echo", value=moment)[0]["value"]
    for value in (stored, on_relationship, echoed):
        assert type(value) is datetime.datetime
        assert value.tzinfo is None
        assert value == moment


# -- ad-hoc Cypher, schema, health -------------------------------------------------


def test_execute_returns_columns_and_rows(gateway: Graph) -> None:
    create_user(gateway, 1, "ada")
    create_user(gateway, 2, "bob")

    columns, rows = gateway.execute("MATCH (u:User) WHERE u.id >= $min RETURN u.id AS id, u.username AS name ORDER BY u.id", {"min": 1})

    assert columns == ["id", "name"]
    assert rows == [[1, "ada"], [2, "bob"]]


def test_execute_without_params_and_with_no_rows(gateway: Graph) -> None:
    assert gateway.execute("MATCH (u:User) RETURN u.id AS id") == (["id"], [])


def test_execute_can_write_when_asked(gateway: Graph) -> None:
    create_user(gateway, 1, "ada")

    columns, rows = gateway.execute("MATCH (u:User {id: $id}) SET u.bio = $bio RETURN u.bio AS bio", {"id": 1, "bio": "hi"}, write=True)

    assert (columns, rows) == (["bio"], [["hi"]])
    assert gateway.execute("MATCH (u:User {id: 1}) RETURN u.bio AS bio") == (["bio"], [["hi"]])


def test_execute_reports_a_bad_statement_as_a_graph_error(gateway: Graph) -> None:
    with pytest.raises(GraphError):
        gateway.execute("MATCH (u:User RETURN u")


def test_install_schema_twice_is_fine_and_keeps_data_and_constraints(gateway: Graph) -> None:
    create_user(gateway, 1)

    gateway.install_schema()
    gateway.install_schema()

    assert user_ids(gateway) == [1]
    with pytest.raises(ConstraintViolation):
        create_user(gateway, 1, "again")


def test_ping_answers(gateway: Graph) -> None:
    gateway.ping()


def test_a_closed_gateway_is_unavailable(gateway: Graph) -> None:
    gateway.read("contract/count_users")
    gateway.close()

    for call in (
        lambda: gateway.read("contract/count_users"),
        lambda: gateway.write("contract/create_user", id=1, username="a", now=NOW),
        lambda: gateway.execute("RETURN 1 AS one"),
        gateway.ping,
    ):
        with pytest.raises(GraphUnavailable):
            call()
    gateway.close()  # twice is fine (the fixture closes it a third time)
