"""Stored counters against live counts: every ``_count`` property of every label, checked in one call."""

from __future__ import annotations

from graph.gateway import Graph
from graph.schema import nodes

LIVE_COUNTS: dict[tuple[str, str], str] = {
    ("User", "photo_count"): "COUNT { MATCH (n)-[:POSTED]->(:Photo) }",
    ("User", "follower_count"): "COUNT { MATCH (:User)-[:FOLLOWS]->(n) }",
    ("User", "following_count"): "COUNT { MATCH (n)-[:FOLLOWS]->(:User) }",
    ("Photo", "like_count"): "COUNT { MATCH (:User)-[:LIKED]->(n) }",
    ("Photo", "comment_count"): "COUNT { MATCH (:Comment)-[:`ON`]->(n) }",
    ("Comment", "like_count"): "COUNT { MATCH (:User)-[:LIKED]->(n) }",
    ("Hashtag", "photo_count"): "COUNT { MATCH (:Photo)-[:TAGGED]->(n) }",
}
"""What each stored counter counts, as a Cypher expression of the node ``n``."""


def stored_counters() -> set[tuple[str, str]]:
    """Every ``(label, property)`` of :mod:`graph.models` that is a stored counter."""
    return {(node.label, p.name) for node in nodes() for p in node.properties if p.name.endswith("_count")}


def mismatched_counters(graph: Graph) -> list[str]:
    """One line for each node whose stored counter differs from the live count (ad-hoc Cypher: tests only)."""
    assert set(LIVE_COUNTS) == stored_counters(), "LIVE_COUNTS must say what every _count property counts"
    keys = {node.label: node.key for node in nodes()}
    mismatches = []
    for (label, counter), live in LIVE_COUNTS.items():
        query = f"MATCH (n:{label}) RETURN n.{keys[label]} AS key, n.{counter} AS stored, {live} AS live"
        for key, stored, counted in graph.execute(query)[1]:
            if stored != counted:
                mismatches.append(f"{label} {key}: {counter} is {stored}, counted {counted}")
    return mismatches


def assert_counters_match(graph: Graph) -> None:
    """Every stored counter of every node equals what it counts."""
    mismatches = mismatched_counters(graph)
    assert not mismatches, "stored counters differ from live counts:\n" + "\n".join(mismatches)
