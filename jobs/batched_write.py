"""Writing a synthetic graph through batched ``UNWIND`` statements: any engine, any graph, any size.

Each batch is one write transaction of named queries from ``cypher/seed/``
that creates its rows and raises the counters they change in the same
statements, and indexes new users and hashtags for search as the rules do,
so every committed batch leaves the graph right: a seed interrupted halfway
leaves a smaller graph, never a wrong one. Things are written in an order
where whatever a row points at exists already: users, blocks, follows,
requests, photos with their hashtags and mentions, comments with their
replies and mentions, likes (every user exists before anything mentions one).
Synthetic users are made by :func:`_users` and hashtags by :func:`_photos`
(their only places on this path).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graph import search_index
from graph.gateway import Graph, Transaction
from jobs.synthetic import Progress, SyntheticGraph, Table, quiet, synthetic_media
from social import search

BATCH = 5000
"""Rows per write transaction."""

Rows = list[dict[str, Any]]
Work = Callable[[Transaction, Rows], Any]
"""Writes one batch of rows in a transaction."""


def write(
    graph: Graph, synthetic: SyntheticGraph, *, password_hash: str, batch: int = BATCH, progress: Progress = quiet
) -> None:
    """Write ``synthetic`` into ``graph`` a batch at a time, every user with ``password_hash``."""

    def users(tx: Transaction, rows: Rows) -> None:
        _users(tx, rows, password_hash)

    steps: tuple[tuple[str, Table, Work], ...] = (
        ("users", synthetic.users, users),
        ("blocks", synthetic.blocks, lambda tx, rows: tx.run("seed/create_blocks", blocks=rows)),
        ("follows", synthetic.follows, lambda tx, rows: tx.run("seed/create_follows", follows=rows)),
        ("requests", synthetic.requests, lambda tx, rows: tx.run("seed/create_requests", requests=rows)),
        ("photos", synthetic.photos, _photos),
        ("comments", synthetic.comments, _comments),
        ("likes", synthetic.photo_likes, lambda tx, rows: tx.run("seed/like_photos", likes=rows)),
        ("comment likes", synthetic.comment_likes, lambda tx, rows: tx.run("seed/like_comments", likes=rows)),
    )
    for what, table, work in steps:
        _in_batches(graph, what, table, batch, progress, work)


def _in_batches(graph: Graph, what: str, table: Table, batch: int, progress: Progress, work: Work) -> None:
    """Hand ``table``'s rows to ``work``, a batch per transaction (never none: LadybugDB refuses UNWIND of [])."""
    for start in range(0, len(table), batch):
        rows = table.dicts(start, start + batch)
        graph.transaction(lambda tx: work(tx, rows))
        progress(what, min(start + batch, len(table)), len(table))


def _users(tx: Transaction, rows: Rows, password_hash: str) -> None:
    """Users with their Username nodes, found by search."""
    tx.run("seed/create_users", users=rows, password_hash=password_hash)
    keys = {row["id"]: search_index.user_keys(row["username"], row["display_name"]) for row in rows}
    search_index.index(tx, keys, {})


def _photos(tx: Transaction, rows: Rows) -> None:
    """Photos, then their hashtags (made when new, found by search, counting the photos) and mentions."""
    tx.run("seed/create_photos", photos=[{**row, "media": synthetic_media(row["id"])} for row in rows])
    names = sorted({name for row in rows for name in row["hashtags"]})
    if names:
        tx.run("seed/add_hashtags", names=names)
        search.index_hashtags(tx, names)
        tx.run("seed/tag_photos", photos=[row for row in rows if row["hashtags"]])
    mentioning = [row for row in rows if row["mentions"]]
    if mentioning:
        tx.run("seed/mention_photos", photos=mentioning)


def _comments(tx: Transaction, rows: Rows) -> None:
    """Comments, then the link of each reply to the comment it answers (written in an earlier row), and mentions."""
    tx.run("seed/create_comments", comments=rows)
    replies = [row for row in rows if row["reply_to"] is not None]
    if replies:
        tx.run("seed/create_replies", replies=replies)
    mentioning = [row for row in rows if row["mentions"]]
    if mentioning:
        tx.run("seed/mention_comments", comments=mentioning)
