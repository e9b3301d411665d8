"""The home feed: my photos and the photos of the accounts I follow, newest first.

Computed from the graph, which is the source of truth (DESIGN.md, "Feeds and
the cache"); the Redis timelines that make it fast come on top of this and
fall back to it.
"""

from __future__ import annotations

from social.context import Context
from social.pagination import Page, paginate, start_after
from social.photos import Photo, photo_from_row


def home_feed(ctx: Context, viewer_id: int, *, limit: int, cursor: str | None) -> Page[Photo]:
    """The viewer's home feed from the graph, newest first, stable while new photos arrive.

    Raises:
        BadCursor: a cursor this service did not make.
    """
    before = start_after(ctx.cursors, cursor, newest_first=True)
    return paginate(
        lambda n: ctx.graph.read("feeds/home_page", viewer=viewer_id, cursor=before, limit=n),
        limit=limit,
        cursors=ctx.cursors,
        make_item=lambda row: photo_from_row(ctx, row),
        key="id",
        keep=lambda row: row["can_see"],
    )
