"""Likes of photos and comments, and who liked a photo.

Liking is idempotent: a second like (or a retried one, or sixteen at once)
leaves one ``LIKED`` relationship and counts once; unliking what is not liked
does nothing. Only what the viewer may see can be liked.
"""

from __future__ import annotations

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
    liked = ctx.graph.write("likes/like_photo", photo=photo_id, viewer=viewer_id, seq=ctx.new_id(), now=ctx.now())
    cached.forget_like(ctx, viewer_id, photo_id)
    if not liked:
        raise NotFound("No such photo.")  # deleted or hidden meanwhile


def unlike_photo(ctx: Context, viewer_id: int, photo_id: int) -> None:
    """Take back a like; idempotent.

    Raises:
        NotFound: no such photo, or the viewer may not see it.
    """
    privacy.require_visible_photo(ctx, photo_id, viewer_id)
    ctx.graph.write("likes/unlike_photo", photo=photo_id, viewer=viewer_id)
    cached.forget_like(ctx, viewer_id, photo_id)


def like_comment(ctx: Context, viewer_id: int, comment_id: int) -> None:
    """Like a comment the viewer may see.

    Raises:
        NotFound: no such comment, or the viewer may not see it.
    """
    privacy.require_visible_comment(ctx, comment_id, viewer_id)
    liked = ctx.graph.write("likes/like_comment", comment=comment_id, viewer=viewer_id, seq=ctx.new_id(), now=ctx.now())
    cached.forget_comment_like(ctx, viewer_id, [comment_id])
    if not liked:
        raise NotFound("No such comment.")


def unlike_comment(ctx: Context, viewer_id: int, comment_id: int) -> None:
    """Take back a like of a comment; idempotent.

    Raises:
        NotFound: no such comment, or the viewer may not see it.
    """
    privacy.require_visible_comment(ctx, comment_id, viewer_id)
    ctx.graph.write("likes/unlike_comment", comment=comment_id, viewer=viewer_id)
    cached.forget_comment_like(ctx, viewer_id, [comment_id])


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
