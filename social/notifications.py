"""Notifications: what others did to me and my things, newest first, read straight from the graph.

Every notification is a relationship or node that exists right now (a like,
a comment, a mention, a follow, a pending request, an approval), so an
unlike, an unfollow or a deleted comment takes its notification away with
it, and nothing needs writing when something happens. Each kind is one
query from ``cypher/notifications/``; a page takes the newest ``limit + 1`` of
each before the cursor and merges them by ``seq``, an id unique among one
recipient's notifications. None is about the recipient's own actions, none
comes from an account across a block, and none shows a photo the privacy
rule hides from the recipient (such a notification is left out).
"""

from __future__ import annotations

import heapq
from typing import Any

from graph.gateway import Row
from social.context import Context
from social.pagination import Page, paginate, start_after
from social.photos import photo_from_row

Notification = dict[str, Any]


def notifications(ctx: Context, viewer_id: int, *, limit: int, cursor: str | None) -> Page[Notification]:
    """The viewer's notifications, newest first.

    Raises:
        BadCursor: a cursor this service did not make.
    """
    before = start_after(ctx.cursors, cursor, newest_first=True)
    return paginate(
        lambda n: _newest(ctx, viewer_id, before, n),
        limit=limit,
        cursors=ctx.cursors,
        make_item=lambda row: _notification(ctx, row),
    )


def _newest(ctx: Context, viewer_id: int, before: int, n: int) -> list[Row]:
    """The ``n`` newest notifications before ``before``, from the newest ``n`` of each kind."""
    params = {"viewer": viewer_id, "cursor": before, "limit": n}
    kinds = (
        ctx.graph.read("notifications/photo_likes", **params),
        ctx.graph.read("notifications/comment_likes", **params),
        ctx.graph.read("notifications/comments", **params),
        ctx.graph.read("notifications/photo_mentions", **params),
        ctx.graph.read("notifications/comment_mentions", **params),
        ctx.graph.read("notifications/follows", **params),
        ctx.graph.read("notifications/follow_requests", **params),
        ctx.graph.read("notifications/follows_approved", **params),
    )
    return heapq.nlargest(n, (row for rows in kinds for row in rows), key=lambda row: row["seq"])


def _notification(ctx: Context, row: Row) -> Notification:
    """The notification API.md describes: ``type``, ``actor``, ``created_at``, and ``photo``/``comment`` where they apply."""
    notification: Notification = {
        "type": row["type"],
        "actor": {"id": row["actor_id"], "username": row["actor_username"]},
        "created_at": row["notified_at"],
    }
    if "media" in row:  # the kinds about a photo carry its columns
        notification["photo"] = photo_from_row(ctx, row)
    if "comment_id" in row:
        notification["comment"] = {"id": row["comment_id"], "text": row["comment_text"]}
    return notification
