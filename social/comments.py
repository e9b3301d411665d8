"""Comments: write one (or a reply), list a photo's comments, delete one.

Threads are one level deep, as on Instagram: a reply to a reply joins the
thread of the comment it answers, so ``reply_to`` is always a top-level
comment. Deleting a comment deletes the replies to it (a thread without its
opening comment makes no sense); deleting a reply deletes only the reply.
"""

from __future__ import annotations

from typing import Any

from graph.gateway import Row, Transaction
from social import cached, privacy, search, text
from social.context import Context
from social.errors import Invalid, NotFound
from social.pagination import Page, paginate, start_after

Comment = dict[str, Any]

MAX_COMMENT_LENGTH = 2200
_BAD_REPLY = "reply_to must be the id of a comment on this photo."


def add_comment(ctx: Context, viewer_id: int, photo_id: int, body: str, *, reply_to: int | None = None) -> Comment:
    """Comment on a photo the viewer may see, or reply to one of its comments.

    Raises:
        NotFound: no such photo, or the viewer may not see it.
        Invalid: ``reply_to`` is not a comment on this photo, or the text has
            too many hashtags or mentions.
    """
    privacy.require_visible_photo(ctx, photo_id, viewer_id)
    thread = _thread_of(ctx, viewer_id, photo_id, reply_to) if reply_to is not None else None
    links = text.links(ctx, viewer_id, body, field="text")
    comment_id, now = ctx.new_id(), ctx.now()

    def work(tx: Transaction) -> Row | None:
        created = tx.run(
            "comments/create",
            photo=photo_id,
            viewer=viewer_id,
            id=comment_id,
            text=body,
            hashtags=links.hashtags,
            mentions=links.mentions,
            now=now,
        )
        if not created:
            return None
        if thread is not None:
            tx.run("comments/reply", id=comment_id, parent=thread)
        _link(tx, comment_id, links)
        card = {  # what was written ({{comments/public_comment_columns}}): reading it back cost a fifth of a comment
            "id": comment_id,
            "photo_id": photo_id,
            "author_id": viewer_id,
            "author_username": created[0]["author_username"],
            "text": body,
            "hashtags": links.hashtags,
            "mentions": links.mentions,
            "reply_to": thread,
            "created_at": now,
            "like_count": 0,
        }
        count = created[0]["comment_count"]
        tx.after_commit(lambda: cached.record_comment(ctx, card, comment_count=count))
        return card

    card = ctx.graph.transaction(work)
    cached.forget_hashtag_terms(ctx, links.hashtags)  # a hashtag new to the graph is found from now on
    if card is None:  # the photo went away or out of sight meanwhile, or the account did
        raise NotFound("No such photo.")
    return comment_from_row({**card, "liked_by_me": False})


def _link(tx: Transaction, comment_id: int, links: text.Links) -> None:
    """Tag the comment (hashtags count photos only) and link the accounts it mentions."""
    if links.hashtags:
        tx.run("comments/tag", id=comment_id, names=links.hashtags)
        search.index_hashtags(tx, links.hashtags)
    if links.mentioned_ids:
        tx.run("comments/mention", id=comment_id, users=links.mentioned_ids)


def _thread_of(ctx: Context, viewer_id: int, photo_id: int, reply_to: int) -> int:
    """The top-level comment a reply to ``reply_to`` belongs under."""
    try:
        parent = privacy.require_visible_comment(ctx, reply_to, viewer_id)
    except NotFound:
        raise Invalid({"reply_to": [_BAD_REPLY]}, _BAD_REPLY) from None
    if parent["photo_id"] != photo_id:
        raise Invalid({"reply_to": [_BAD_REPLY]}, _BAD_REPLY)
    return parent["reply_to"] or parent["id"]


def comments_on(ctx: Context, viewer_id: int, photo_id: int, *, limit: int, cursor: str | None) -> Page[Comment]:
    """A photo's comments, oldest first (replies among them, each with its ``reply_to``).

    Comments whose author and the viewer block each other are left out; a
    page holding one has that many fewer items (its cursor still moves past it).

    Raises:
        BadCursor: a cursor this service did not make.
        NotFound: no such photo, or the viewer may not see it.
    """
    after = start_after(ctx.cursors, cursor, newest_first=False)
    photo = privacy.require_visible_photo(ctx, photo_id, viewer_id)
    if not photo["comment_count"]:  # most photos: the card's exact count says there is nothing to read
        return Page([], None)
    return paginate(
        lambda n: _page_rows(ctx, photo_id, viewer_id, after, n),
        limit=limit,
        cursors=ctx.cursors,
        make_item=comment_from_row,
        key="id",
        keep=lambda row: not row["blocked"],
    )


def _page_rows(ctx: Context, photo_id: int, viewer_id: int, after: int, count: int) -> list[Row]:
    """``count`` comment rows after ``after``, oldest first; authors blocked either way are marked ``blocked``."""
    ids = cached.comment_ids_after(ctx, photo_id, after, count)
    if ids is None:  # past the photo's cached oldest ids
        ids = [row["id"] for row in ctx.graph.read("comments/page_ids", photo=photo_id, cursor=after, limit=count)]
    return privacy.comment_rows(ctx, viewer_id, ids)


def delete_comment(ctx: Context, viewer_id: int, comment_id: int) -> None:
    """Its author or the photo's owner deletes a comment, and the replies to it.

    Raises:
        NotFound: no such comment, or the viewer may not see it.
        NotPermitted: the viewer is neither its author nor the photo's owner.
    """
    row = privacy.require_visible_comment(ctx, comment_id, viewer_id)
    privacy.require_one_of(
        (row["author_id"], row["owner_id"]), viewer_id, "Only the comment's author or the photo's owner may delete it."
    )
    ctx.graph.write("comments/delete_threads", ids=[comment_id])
    cached.forget_photos(ctx, [row["photo_id"]])  # its comment count
    cached.forget_comments_on(ctx, [row["photo_id"]], deleted=[comment_id])  # its replies are no longer listed


def comment_from_row(row: Row) -> Comment:
    """The comment API.md describes, from a row of ``{{comments/comment_columns}}``."""
    return {
        "id": row["id"],
        "photo_id": row["photo_id"],
        "author": {"id": row["author_id"], "username": row["author_username"]},
        "text": row["text"],
        "hashtags": list(row["hashtags"] or []),
        "mentions": list(row["mentions"] or []),
        "reply_to": row["reply_to"],
        "created_at": row["created_at"],
        "like_count": row["like_count"],
        "liked_by_me": row["liked_by_me"],
    }
