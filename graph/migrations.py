"""Schema set-up and migrations, run at every start-up (idempotent).

:func:`setup_schema` installs what :mod:`graph.models` declares, then applies
each migration step newer than the version recorded in the database, then
records :data:`graph.models.SCHEMA_VERSION`. A change to the models that needs
existing data rewritten adds a step to :data:`MIGRATIONS` under the new version.
A step is recorded only once it has finished, so it must be safe to run again
from the start after a crash.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from typing import Any

from graph import search_index
from graph.gateway import Graph, Row
from graph.ids import id_at
from graph.models import SCHEMA_VERSION

SCHEMA_NAME = "graph"
BATCH = 5000
"""Nodes per write transaction in a migration step: big graphs are rewritten in pieces."""


def _pages(fetch: Callable[[Any], list[Row]], start: Any) -> Iterator[list[Any]]:
    """The ``key`` column of ``fetch(after)``, page after page, each starting after the last key of the one before."""
    keys = [row["key"] for row in fetch(start)]
    while keys:
        yield keys
        keys = [row["key"] for row in fetch(keys[-1])] if len(keys) == BATCH else []


def _usernames_and_counters(graph: Graph) -> None:
    """Version 2: a Username node for every user, and every stored ``_count`` set from a live count."""
    for keys in _pages(lambda after: graph.read("migrations/user_ids", after=after, limit=BATCH), 0):
        graph.write("migrations/name_users", keys=keys)
        graph.write("migrations/count_users", keys=keys)
    for keys in _pages(lambda after: graph.read("migrations/photo_ids", after=after, limit=BATCH), 0):
        graph.write("migrations/count_photos", keys=keys)
    for keys in _pages(lambda after: graph.read("migrations/comment_ids", after=after, limit=BATCH), 0):
        graph.write("migrations/count_comments", keys=keys)
    for keys in _pages(lambda after: graph.read("migrations/hashtag_names", after=after, limit=BATCH), ""):
        graph.write("migrations/count_hashtags", keys=keys)


def build_search_index(graph: Graph) -> None:
    """Version 4: the search index (``SearchTerm``) for every existing user and hashtag (idempotent)."""
    for keys in _pages(lambda after: graph.read("migrations/user_ids", after=after, limit=BATCH), 0):
        rows = graph.read("migrations/user_names", keys=keys)
        users = {row["id"]: search_index.user_keys(row["username"], row["display_name"]) for row in rows}
        graph.transaction(lambda tx, users=users: search_index.index(tx, users, {}))
    for names in _pages(lambda after: graph.read("migrations/hashtag_names", after=after, limit=BATCH), ""):
        hashtags = {name: search_index.hashtag_keys(name) for name in names}
        graph.transaction(lambda tx, hashtags=hashtags: search_index.index(tx, {}, hashtags))


def number_sessions(graph: Graph) -> None:
    """Version 5: an id for every existing session, made from when it was made and its token hash.

    A rerun gives each session the same id. Its ``last_used_at`` becomes now:
    nobody knows when it was last used, and counting idle time from the
    upgrade logs nobody out because of it. ``client`` comes from
    install_schema() (empty: it was not recorded then).
    """
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    while rows := graph.read("migrations/unnumbered_sessions", limit=BATCH):
        numbered = [{"key": row["key"], "id": id_at(row["created_at"], int(row["key"][-6:], 16))} for row in rows]
        graph.write("migrations/number_sessions", rows=numbered, now=now)


MIGRATIONS: dict[int, Callable[[Graph], None]] = {
    1: lambda graph: None,  # the first schema: everything comes from install_schema()
    2: _usernames_and_counters,  # the new columns themselves come from install_schema()
    3: lambda graph: None,  # FOLLOWS.approved comes from install_schema(); older follows count as plain ones
    4: build_search_index,
    5: number_sessions,
    6: lambda graph: None,  # the IdempotencyKey table comes from install_schema(); no key was stored before
}


def schema_version(graph: Graph) -> int:
    """The version recorded in the database; 0 for a database never set up."""
    rows = graph.read("schema/get_version", name=SCHEMA_NAME)
    return rows[0]["version"] if rows else 0


def setup_schema(graph: Graph) -> int:
    """Bring the database to :data:`SCHEMA_VERSION` and return it.

    Raises:
        RuntimeError: the database was written by a newer Instagraph.
    """
    graph.install_schema()
    current = schema_version(graph)
    if current > SCHEMA_VERSION:
        raise RuntimeError(f"the graph has schema version {current}, newer than this code's {SCHEMA_VERSION}")
    for version in range(current + 1, SCHEMA_VERSION + 1):
        MIGRATIONS[version](graph)
        graph.write("schema/set_version", name=SCHEMA_NAME, version=version)
    return SCHEMA_VERSION
