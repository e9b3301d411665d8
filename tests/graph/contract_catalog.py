"""Test-only queries for the gateway tests, written to a temporary catalog root.

They use the real schema (so both engines have their tables and constraints after
``install_schema()``) but never live in ``cypher/``: the shipped catalog holds only
queries the code runs. Each text is shared by both engines and passes the Neo4j lint
(``tests/graph/test_cypher_lint.py`` checks that).
"""

from __future__ import annotations

from pathlib import Path

QUERIES: dict[str, str] = {
    "contract/create_user": """
        // A user with the fields the schema requires.
        CREATE (u:User {id: $id, username: $username, password_hash: 'x', created_at: $now})
        RETURN u.id AS id
    """,
    "contract/create_users": """
        // Several users in one statement: a duplicate in the list fails the whole statement.
        UNWIND $users AS user
        CREATE (u:User {id: user.id, username: user.username, password_hash: 'x', created_at: $now})
        RETURN count(u) AS created
    """,
    "contract/get_user": """
        MATCH (u:User {id: $id})
        RETURN u.id AS id, u.username AS username, u.created_at AS created_at
    """,
    "contract/user_ids": """
        MATCH (u:User)
        RETURN u.id AS id
        ORDER BY u.id
    """,
    "contract/count_users": """
        MATCH (u:User)
        RETURN count(u) AS users
    """,
    "contract/follow": """
        MATCH (a:User {id: $follower})
        MATCH (b:User {id: $followed})
        MERGE (a)-[r:FOLLOWS]->(b)
        ON CREATE SET r.created_at = $now
        RETURN r.created_at AS created_at
    """,
    "contract/following": """
        MATCH (:User {id: $id})-[r:FOLLOWS]->(b:User)
        RETURN b.id AS id, r.created_at AS created_at
        ORDER BY b.id
    """,
    "contract/rename": """
        MATCH (u:User {id: $id})
        SET u.username = $username
        RETURN u.username AS username
    """,
    "contract/echo": """
        RETURN $value AS value
    """,
}


def write_catalog(root: Path) -> Path:
    """Write :data:`QUERIES` under ``root`` (``<area>/<name>.cypher``) and return ``root``."""
    for name, text in QUERIES.items():
        path = root / f"{name}.cypher"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(line.strip() for line in text.strip().splitlines()) + "\n")
    return root
