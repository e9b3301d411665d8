"""Likes of photos and comments, and who liked a photo.

Liking is idempotent: a second like (or a retried one, or sixteen at once)
leaves one ``LIKED`` relationship and counts once; unliking what is not liked
does nothing. Only what the viewer may see can be liked.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from graph.gateway import Row, Transaction
from social import cached, privacy
from social.cards import Card, user_card
from social.context import Context
from social.errors import NotFound
from social.pagination import Page, paginate, start_after


def like_photo(ctx: Context, viewer_id: int, photo_id: int) -> None:
    """Like a photo the viewer may see.

    Raises:
        NotFound: no such photo, or the viewer may not see it.
    """
    privacy.require_visible_photo(ctx, photo_id, viewer_id)
    seq, now = ctx.new_id(), ctx.now()  # outside work: a retried attempt writes the same like
    record = functools.partial(cached.record_photo_like, ctx, viewer_id, photo_id, likes=True)
    params = {"photo": photo_id, "viewer": viewer_id, "seq": seq, "now": now}
    if not ctx.graph.transaction(lambda tx: _recorded(tx, record, tx.run("likes/like_photo", **params))):
        raise NotFound("No such photo.")  # deleted or hidden meanwhile


def unlike_photo(ctx: Context, viewer_id: int, photo_id: int) -> None:
    """Take back a like; idempotent.

    Raises:
        NotFound: no such photo, or the viewer may not see it.
    """
    privacy.require_visible_photo(ctx, photo_id, viewer_id)
    record = functools.partial(cached.record_photo_like, ctx, viewer_id, photo_id, likes=False)
    ctx.graph.transaction(lambda tx: _recorded(tx, record, tx.run("likes/unlike_photo", photo=photo_id, viewer=viewer_id)))


def like_comment(ctx: Context, viewer_id: int, comment_id: int) -> None:
    """Like a comment the viewer may see.

    Raises:
        NotFound: no such comment, or the viewer may not see it.
    """
    privacy.require_visible_comment(ctx, comment_id, viewer_id)
    seq, now = ctx.new_id(), ctx.now()
    record = functools.partial(cached.record_comment_like, ctx, viewer_id, comment_id, likes=True)
    params = {"comment": comment_id, "viewer": viewer_id, "seq": seq, "now": now}
    if not ctx.graph.transaction(lambda tx: _recorded(tx, record, tx.run("likes/like_comment", **params))):
        raise NotFound("No such comment.")


def unlike_comment(ctx: Context, viewer_id: int, comment_id: int) -> None:
    """Take back a like of a comment; idempotent.

    Raises:
        NotFound: no such comment, or the viewer may not see it.
    """
    privacy.require_visible_comment(ctx, comment_id, viewer_id)
    record = functools.partial(cached.record_comment_like, ctx, viewer_id, comment_id, likes=False)
    ctx.graph.transaction(lambda tx: _recorded(tx, record, tx.run("likes/unlike_comment", comment=comment_id, viewer=viewer_id)))


def _recorded(tx: Transaction, record: Callable[[int], object], rows: list[Row]) -> list[Row]:
    """The rows of a like or an unlike written in ``tx`` (none: it changed nothing); once ``tx`` commits,
    ``record`` gives the object cache the new like count they hold."""
    if rows:
        like_count = rows[0]["like_count"]
        tx.after_commit(lambda: record(like_count))
    return rows


def likers(ctx: Context, viewer_id: int, photo_id: int, *, limit: int, cursor: str | None) -> Page[Card]:
    """Who liked a photo, newest like first; accounts blocked either way are left out.

    Raises:
        BadCursor: a cursor this service did not make.
        NotFound: no such photo, or the viewer may not see it.
    """
    before = start_after(ctx.cursors, cursor, newest_first=True)
    privacy.require_visible_photo(ctx, photo_id, viewer_id)
    return paginate(
        lambda n: ctx.graph.read("likes/likers_page", photo=photo_id, viewer=viewer_id, cursor=before, limit=n),
        limit=limit,
        cursors=ctx.cursors,
        make_item=lambda row: user_card(row, viewer_id),
    )
