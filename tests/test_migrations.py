"""Schema set-up at start-up: idempotent, versioned, migrating step by step."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

import pytest

from graph import migrations, open_graph
from graph.backends.ladybug import LadybugGraph
from graph.ids import id_created_at
from graph.models import SCHEMA_VERSION
from graph.schema import ladybug_column_ddl, ladybug_ddl, nodes, relationships
from instagraph.settings import Settings
from social import sessions
from social.context import utc_now
from tests.conftest import make_context
from tests.counters import assert_counters_match

SCHEMA_1_DDL = (
    "CREATE NODE TABLE IF NOT EXISTS `User`(id INT64, username STRING, display_name STRING, bio STRING, "
    "private BOOLEAN, password_hash STRING, created_at TIMESTAMP, PRIMARY KEY(id))",
    "CREATE NODE TABLE IF NOT EXISTS `Photo`(id INT64, caption STRING, alt_text STRING, media STRING, "
    "blurhash STRING, created_at TIMESTAMP, PRIMARY KEY(id))",
    "CREATE NODE TABLE IF NOT EXISTS `Comment`(id INT64, text STRING, created_at TIMESTAMP, PRIMARY KEY(id))",
    "CREATE NODE TABLE IF NOT EXISTS `Hashtag`(name STRING, PRIMARY KEY(name))",
    "CREATE NODE TABLE IF NOT EXISTS `Session`(token_hash STRING, created_at TIMESTAMP, PRIMARY KEY(token_hash))",
    "CREATE NODE TABLE IF NOT EXISTS `SchemaInfo`(name STRING, version INT64, PRIMARY KEY(name))",
    "CREATE REL TABLE IF NOT EXISTS `FOLLOWS`(FROM `User` TO `User`, created_at TIMESTAMP, seq INT64)",
    "CREATE REL TABLE IF NOT EXISTS `REQUESTED`(FROM `User` TO `User`, created_at TIMESTAMP, seq INT64)",
    "CREATE REL TABLE IF NOT EXISTS `BLOCKED`(FROM `User` TO `User`, created_at TIMESTAMP, seq INT64)",
    "CREATE REL TABLE IF NOT EXISTS `POSTED`(FROM `User` TO `Photo`, created_at TIMESTAMP, seq INT64)",
    "CREATE REL TABLE IF NOT EXISTS `LIKED`(FROM `User` TO `Photo`, FROM `User` TO `Comment`, "
    "created_at TIMESTAMP, seq INT64)",
    "CREATE REL TABLE IF NOT EXISTS `COMMENTED`(FROM `User` TO `Comment`, created_at TIMESTAMP, seq INT64)",
    "CREATE REL TABLE IF NOT EXISTS `TAGGED`(FROM `Photo` TO `Hashtag`, FROM `Comment` TO `Hashtag`)",
    "CREATE REL TABLE IF NOT EXISTS `MENTIONS`(FROM `Photo` TO `User`, FROM `Comment` TO `User`)",
    "CREATE REL TABLE IF NOT EXISTS `ON`(FROM `Comment` TO `Photo`)",
    "CREATE REL TABLE IF NOT EXISTS `REPLY_TO`(FROM `Comment` TO `Comment`)",
    "CREATE REL TABLE IF NOT EXISTS `AUTHENTICATES`(FROM `Session` TO `User`)",
)
"""The LadybugDB tables schema version 1 made, frozen: what a database of that version holds."""

# A version-1 graph: five users, follows, two photos with likes, comments and hashtags.
SCHEMA_1_DATA = """
CREATE (alice:User {id: 1, username: 'alice', display_name: 'Alice', bio: '', private: false,
                    password_hash: 'h', created_at: $now})
CREATE (bob:User {id: 2, username: 'bob', display_name: '', bio: '', private: true, password_hash: 'h',
                  created_at: $now})
CREATE (carol:User {id: 3, username: 'carol', display_name: '', bio: '', private: false, password_hash: 'h',
                    created_at: $now})
CREATE (dave:User {id: 4, username: 'dave', display_name: '', bio: '', private: false, password_hash: 'h',
                   created_at: $now})
CREATE (:User {id: 5, username: 'erin', display_name: '', bio: '', private: false, password_hash: 'h',
               created_at: $now})
CREATE (bob)-[:FOLLOWS {created_at: $now, seq: 10}]->(alice)
CREATE (carol)-[:FOLLOWS {created_at: $now, seq: 11}]->(alice)
CREATE (alice)-[:FOLLOWS {created_at: $now, seq: 12}]->(bob)
CREATE (dave)-[:FOLLOWS {created_at: $now, seq: 13}]->(carol)
CREATE (dave)-[:REQUESTED {created_at: $now, seq: 14}]->(bob)
CREATE (alice)-[:POSTED {created_at: $now, seq: 20}]->(sunset:Photo {id: 20, caption: '#sun #moon', alt_text: '',
        media: '{}', blurhash: '', created_at: $now})
CREATE (bob)-[:POSTED {created_at: $now, seq: 21}]->(noon:Photo {id: 21, caption: '#sun', alt_text: '', media: '{}',
        blurhash: '', created_at: $now})
CREATE (bob)-[:LIKED {created_at: $now, seq: 30}]->(sunset)
CREATE (carol)-[:LIKED {created_at: $now, seq: 31}]->(sunset)
CREATE (alice)-[:LIKED {created_at: $now, seq: 32}]->(noon)
CREATE (bob)-[:COMMENTED {created_at: $now, seq: 40}]->(first:Comment {id: 40, text: '#sun!', created_at: $now})
CREATE (first)-[:`ON`]->(sunset)
CREATE (carol)-[:COMMENTED {created_at: $now, seq: 41}]->(reply:Comment {id: 41, text: 'yes', created_at: $now})
CREATE (reply)-[:`ON`]->(sunset)
CREATE (reply)-[:REPLY_TO]->(first)
CREATE (alice)-[:LIKED {created_at: $now, seq: 42}]->(first)
CREATE (sun:Hashtag {name: 'sun'})
CREATE (sunset)-[:TAGGED]->(sun)
CREATE (noon)-[:TAGGED]->(sun)
CREATE (first)-[:TAGGED]->(sun)
CREATE (sunset)-[:TAGGED]->(:Hashtag {name: 'moon'})
"""


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


def test_columns_carry_the_defaults_the_models_declare() -> None:
    ddl = "\n".join(ladybug_ddl())
    for column in ("follower_count INT64 DEFAULT 0", "bio STRING DEFAULT ''", "private BOOLEAN DEFAULT false"):
        assert column in ddl
    assert "hashtags STRING[] DEFAULT []" in ddl
    assert "password_hash STRING," in ddl  # required, no default


def test_every_column_but_the_key_can_be_added_to_an_older_table() -> None:
    added = ladybug_column_ddl()
    assert "ALTER TABLE `User` ADD IF NOT EXISTS follower_count INT64 DEFAULT 0" in added
    assert "ALTER TABLE `FOLLOWS` ADD IF NOT EXISTS seq INT64" in added
    keys = tuple(f"ALTER TABLE `{node.label}` ADD IF NOT EXISTS {node.key} " for node in nodes())
    assert not any(statement.startswith(keys) for statement in added)
    assert "ALTER TABLE `Session` ADD IF NOT EXISTS id INT64" in added  # an id, but not the Session's key
    assert len(added) == sum(len(n.properties) - 1 for n in nodes()) + sum(len(r.properties) for r in relationships())


# -- from schema version 1 -------------------------------------------------------


@pytest.fixture
def graph_v1(settings: Settings) -> Iterator[LadybugGraph]:
    """A database as schema version 1 left it: its tables, users who follow, like and comment, version 1 recorded."""
    graph = LadybugGraph.from_url(settings.graph_url)
    for statement in SCHEMA_1_DDL:
        graph.execute(statement, write=True)
    graph.execute(SCHEMA_1_DATA, {"now": datetime.datetime(2026, 1, 1)}, write=True)
    graph.write("schema/set_version", name=migrations.SCHEMA_NAME, version=1)
    yield graph
    graph.close()


def columns(graph: LadybugGraph, table: str) -> dict[str, str]:
    """Column name to type of a LadybugDB table."""
    return {row[1]: row[2] for row in graph.execute(f"CALL table_info('{table}') RETURN *")[1]}


def everything(graph: LadybugGraph) -> list[str]:
    """Every node and relationship with its properties, in a stable order."""
    queries = ("MATCH (n) RETURN n", "MATCH ()-[r]->() RETURN r")
    return sorted(repr(row) for query in queries for row in graph.execute(query)[1])


def test_a_version_1_table_gets_the_new_columns_with_their_defaults(graph_v1: LadybugGraph) -> None:
    migrations.setup_schema(graph_v1)
    for node in nodes():
        assert set(columns(graph_v1, node.label)) == {p.name for p in node.properties}, node.label
    photo = graph_v1.execute("MATCH (p:Photo {id: 21}) RETURN p.hashtags, p.mentions, p.caption")[1]
    assert photo == [[[], [], "#sun"]]  # the default for the new columns, old values kept


def test_version_1_gets_a_username_node_for_each_user_and_counters_from_live_counts(
    graph_v1: LadybugGraph, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(migrations, "BATCH", 2)  # five users, two photos, two comments: several pages each

    assert migrations.setup_schema(graph_v1) == SCHEMA_VERSION

    follows = graph_v1.execute("MATCH (:User)-[f:FOLLOWS]->(:User) RETURN DISTINCT f.approved")[1]
    assert follows == [[False]]  # schema 3: follows made before it count as plain follows

    named = graph_v1.execute("MATCH (n:Username)-[:NAMES]->(u:User) RETURN n.name, u.username ORDER BY n.name")[1]
    assert named == [[name, name] for name in ("alice", "bob", "carol", "dave", "erin")]
    assert_counters_match(graph_v1)
    alice = graph_v1.read("accounts/id_by_username", username="alice")[0]["id"]
    card = graph_v1.read("accounts/public_cards", ids=[alice])[0]
    assert (card["photos"], card["followers"], card["following"]) == (1, 2, 1)
    assert graph_v1.read("accounts/credentials", username="dave") == [{"id": 4, "password_hash": "h"}]
    likes = graph_v1.execute("MATCH (p:Photo) RETURN p.id, p.like_count, p.comment_count ORDER BY p.id")[1]
    assert likes == [[20, 2, 2], [21, 1, 0]]
    tags = graph_v1.execute("MATCH (h:Hashtag) RETURN h.name, h.photo_count ORDER BY h.name")[1]
    assert tags == [["moon", 1], ["sun", 2]]  # photos only: the comment's #sun is not counted
    carol = graph_v1.read("accounts/id_by_username", username="carol")[0]["id"]
    # schema 4: the search index finds old users and tags
    assert graph_v1.read("search/user_ids", key="u:car", candidates=10) == [{"id": carol}]
    assert [r["name"] for r in graph_v1.read("search/hashtags", key="h:mo", candidates=10, limit=10)] == ["moon"]


def test_setting_up_a_migrated_database_again_changes_nothing(graph_v1: LadybugGraph) -> None:
    migrations.setup_schema(graph_v1)
    migrated = everything(graph_v1)
    assert migrations.setup_schema(graph_v1) == SCHEMA_VERSION
    assert everything(graph_v1) == migrated


def test_a_migration_step_run_twice_changes_nothing(graph_v1: LadybugGraph) -> None:
    migrations.setup_schema(graph_v1)
    migrated = everything(graph_v1)
    migrations.MIGRATIONS[2](graph_v1)  # a crash before the version was recorded runs it again
    assert everything(graph_v1) == migrated


def test_version_1_sessions_get_ids_from_when_they_were_made_and_keep_working(
    graph_v1: LadybugGraph, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(migrations, "BATCH", 2)  # three sessions: two batches
    upgraded_at = utc_now()
    made = [upgraded_at - datetime.timedelta(days=days, milliseconds=ms) for days, ms in ((80, 1), (40, 2), (1, 3))]
    tokens = [f"token made {days} days before the upgrade" for days in (80, 40, 1)]
    create = "MATCH (u:User {id: 1}) CREATE (:Session {token_hash: $h, created_at: $made})-[:AUTHENTICATES]->(u)"
    for token, moment in zip(tokens, made):
        graph_v1.execute(create, {"h": sessions.hash_token(token), "made": moment}, write=True)

    migrations.setup_schema(graph_v1)

    rows = graph_v1.execute("MATCH (s:Session) RETURN s.id, s.created_at, s.last_used_at, s.client ORDER BY s.id")[1]
    assert [row[1] for row in rows] == made  # ids sort as the sessions were made
    for session_id, created_at, last_used_at, client in rows:
        to_the_millisecond = created_at.replace(microsecond=created_at.microsecond // 1000 * 1000)
        assert id_created_at(session_id).replace(tzinfo=None) == to_the_millisecond
        assert last_used_at >= upgraded_at and client == ""
    ctx = make_context(settings, graph_v1)
    alice = sessions.authenticate(ctx, tokens[1])  # 40 days old, unused since: idle time counts from the upgrade
    assert alice is not None and alice.username == "alice"
    listed = sessions.open_sessions(ctx, alice, limit=10, cursor=None).items
    assert [item["id"] for item in listed] == [row[0] for row in reversed(rows)]
    migrated = everything(graph_v1)
    migrations.MIGRATIONS[5](graph_v1)  # a crash before the version was recorded runs it again
    assert everything(graph_v1) == migrated
