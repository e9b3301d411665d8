"""The synthetic graph: users with their Username nodes, follows with counters kept right, made in batches."""

from __future__ import annotations

import random

from graph.backends.ladybug import LadybugGraph
from jobs.synthetic import (
    PASSWORD,
    SyntheticUser,
    create_blocks,
    create_follows,
    create_requests,
    create_users,
    random_follows,
)
from social import accounts, sessions
from social.context import Context
from tests.counters import assert_counters_match


def test_users_come_in_batches_with_their_usernames_and_can_log_in(context: Context) -> None:
    progress: list[tuple[str, int, int]] = []

    users = create_users(context.graph, 12, batch=5, progress=lambda *report: progress.append(report))

    assert [u.username for u in users] == [f"user{n}" for n in range(12)]
    assert progress == [("users", 5, 12), ("users", 10, 12), ("users", 12, 12)]
    assert accounts.profile(context, "user11")["id"] == users[11].id
    assert sessions.log_in(context, username="user3", password=PASSWORD)
    assert_counters_match(context.graph)


def test_follows_raise_both_counters_and_none_is_made_twice(graph: LadybugGraph) -> None:
    users = create_users(graph, 30)

    made = create_follows(graph, users, per_user=4, batch=7)

    assert made == graph.execute("MATCH (:User)-[f:FOLLOWS]->(:User) RETURN count(f)")[1][0][0] > 30
    assert_counters_match(graph)
    assert create_follows(graph, users, per_user=4) == 0  # the same draw again: every pair exists
    assert_counters_match(graph)


def count(graph: LadybugGraph, pattern: str) -> int:
    return graph.execute(f"MATCH {pattern} RETURN count(*)")[1][0][0]


def test_requests_and_blocks_are_only_where_the_rules_would_leave_them(graph: LadybugGraph) -> None:
    users = create_users(graph, 200)
    create_follows(graph, users, per_user=5)

    requests = create_requests(graph, users, share=0.2)
    blocks = create_blocks(graph, users, share=0.2, batch=9)

    assert requests == count(graph, "(:User)-[:REQUESTED]->(:User)") > 0
    assert blocks == count(graph, "(:User)-[:BLOCKED]->(:User)") > 0
    assert count(graph, "(:User)-[:REQUESTED]->(u:User) WHERE u.private = false") == 0
    assert count(graph, "(a:User)-[:REQUESTED]->(b:User) WHERE EXISTS { MATCH (a)-[:FOLLOWS]->(b) }") == 0
    assert count(graph, "(a:User)-[:BLOCKED]-(b:User) WHERE EXISTS { MATCH (a)-[:FOLLOWS|REQUESTED]-(b) }") == 0
    assert_counters_match(graph)


def test_random_follows_are_distinct_and_nobody_follows_themselves() -> None:
    users = [SyntheticUser(id=n, username=f"user{n}") for n in range(50)]

    pairs = random_follows(users, 5, random.Random(7))

    assert len(pairs) == len(set(pairs)) > 50
    assert all(follower != followed for follower, followed in pairs)
    assert random_follows(users[:1], 5, random.Random(7)) == []
