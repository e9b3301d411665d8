"""Photos: post one, show one, edit its caption, delete it, and a user's profile grid.

Posting runs in this order, so that nothing is ever half-written: the caption
is checked (cheap) before the image is processed (expensive); the variants are
stored before the graph write; if the graph write fails they are removed
again (see :mod:`social.media` for crashes in between). Hashtags and mentions
are extracted from the caption when it is posted and again whenever it is
edited; a hashtag counts only the photos tagged with it right now.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, BinaryIO

from graph.gateway import Row, Transaction
from media.images import process_image
from social import cached, explore_pool, media, privacy, search, text
from social.context import Context
from social.pagination import Page, paginate, start_after

Photo = dict[str, Any]

MAX_CAPTION_LENGTH = 2200
MAX_ALT_TEXT_LENGTH = 1000


@dataclasses.dataclass(frozen=True)
class _NewPhoto:
    """What the graph write of a new photo needs."""

    id: int
    caption: str
    alt_text: str
    links: text.Links
    media: str
    blurhash: str


def post_photo(ctx: Context, viewer_id: int, image: BinaryIO, *, caption: str = "", alt_text: str = "") -> Photo:
    """Post a photo: its image processed into variants, its caption linked.

    Raises:
        Invalid: the caption has too many hashtags or mentions.
        media.errors.UnsupportedImage / UndecodableImage / ImageTooLarge: the image is refused.
    """
    links = text.links(ctx, viewer_id, caption, field="caption")
    processed = process_image(image, max_pixels=ctx.settings.max_image_pixels)
    photo_id = ctx.new_id()
    stored = media.store_variants(ctx.media_store, photo_id, processed)
    new = _NewPhoto(photo_id, caption, alt_text, links, stored, processed.blurhash)
    try:
        ctx.graph.transaction(lambda tx: _create(tx, ctx, viewer_id, new))
    except BaseException:
        media.remove(ctx.media_store, [stored])
        raise
    cached.forget_posts_of(ctx, viewer_id)
    cached.forget_hashtag_terms(ctx, links.hashtags)
    ctx.fanout.photo_posted(photo_id, viewer_id)
    return get_photo(ctx, photo_id, viewer_id)


def _create(tx: Transaction, ctx: Context, owner_id: int, new: _NewPhoto) -> None:
    tx.run(
        "photos/create",
        owner=owner_id,
        id=new.id,
        caption=new.caption,
        alt_text=new.alt_text,
        hashtags=new.links.hashtags,
        mentions=new.links.mentions,
        media=new.media,
        blurhash=new.blurhash,
        now=ctx.now(),
    )
    _link(tx, new.id, new.links)
    tx.after_commit(lambda: cached.record_tagged_photo(ctx, new.id, new.links.hashtags))


def _link(tx: Transaction, photo_id: int, links: text.Links) -> None:
    """Tag the photo and link the accounts its caption mentions (idempotent)."""
    if links.hashtags:
        tx.run("photos/tag", id=photo_id, names=links.hashtags)
        search.index_hashtags(tx, links.hashtags)
    if links.mentioned_ids:
        tx.run("photos/mention", id=photo_id, users=links.mentioned_ids)


def _untag(tx: Transaction, photo_id: int, *, keep: list[str]) -> list[str]:
    """Remove the photo's hashtags not in ``keep``; their names."""
    return [row["name"] for row in tx.run("photos/untag_except", id=photo_id, keep=keep)]


def get_photo(ctx: Context, photo_id: int, viewer_id: int) -> Photo:
    """One photo as ``viewer_id`` sees it.

    Raises:
        NotFound: no such photo, or the viewer may not see it.
    """
    card = privacy.require_visible_photo(ctx, photo_id, viewer_id)
    return photo_from_row(ctx, privacy.with_likes(ctx, viewer_id, {photo_id: card})[photo_id])


def update_photo(
    ctx: Context, viewer_id: int, photo_id: int, *, caption: str | None = None, alt_text: str | None = None
) -> Photo:
    """The owner changes the caption or alt text (``None`` keeps it); hashtags and mentions follow the caption.

    Raises:
        NotFound: no such photo, or the viewer may not see it.
        NotPermitted: the viewer sees the photo but does not own it.
        Invalid: the new caption has too many hashtags or mentions.
    """
    row = privacy.require_visible_photo(ctx, photo_id, viewer_id)
    privacy.require_one_of((row["owner_id"],), viewer_id, "Only the photo's owner may edit it.")
    links = None if caption is None else text.links(ctx, viewer_id, caption, field="caption")

    retagged: list[str] = []

    def work(tx: Transaction) -> None:
        hashtags, mentions = (links.hashtags, links.mentions) if links else (None, None)
        edited = tx.run(
            "photos/update", owner=viewer_id, id=photo_id, caption=caption, alt_text=alt_text, hashtags=hashtags, mentions=mentions
        )
        if edited and links is not None:  # links follow a new caption only
            retagged[:] = [*_untag(tx, photo_id, keep=links.hashtags), *links.hashtags]
            tx.run("photos/unmention_except", id=photo_id, keep=links.mentioned_ids)
            _link(tx, photo_id, links)

    ctx.graph.transaction(work)
    cached.forget_photos(ctx, [photo_id])
    cached.forget_hashtags(ctx, retagged)
    return get_photo(ctx, photo_id, viewer_id)


def delete_photo(ctx: Context, viewer_id: int, photo_id: int) -> None:
    """The owner deletes a photo: its comments, likes and tags in the graph, then its image bytes.

    Raises:
        NotFound: no such photo, or the viewer may not see it.
        NotPermitted: the viewer sees the photo but does not own it.
    """
    row = privacy.require_visible_photo(ctx, photo_id, viewer_id)
    privacy.require_one_of((row["owner_id"],), viewer_id, "Only the photo's owner may delete it.")

    untagged: list[str] = []

    def work(tx: Transaction) -> list[str]:
        untagged[:] = _untag(tx, photo_id, keep=[])
        tx.run("photos/delete_comments", id=photo_id)
        return [found["media"] for found in tx.run("photos/delete", owner=viewer_id, id=photo_id)]

    deleted_media = ctx.graph.transaction(work)
    cached.forget_photos(ctx, [photo_id])
    cached.forget_hashtags(ctx, untagged)
    cached.forget_comments_on(ctx, [photo_id])
    cached.forget_posts_of(ctx, viewer_id)
    media.remove(ctx.media_store, deleted_media)
    ctx.fanout.photo_deleted(photo_id, viewer_id)
    explore_pool.forget(ctx)


def user_photos(ctx: Context, viewer_id: int, username: str, *, limit: int, cursor: str | None) -> Page[Photo]:
    """A user's profile grid, newest first.

    Raises:
        BadCursor: a cursor this service did not make.
        NotFound: no such user, or a block either way.
        NotPermitted: a private account the viewer does not follow.
    """
    before = start_after(ctx.cursors, cursor, newest_first=True)
    owner = privacy.require_visible_content(ctx, username, viewer_id)["id"]

    def fetch(count: int) -> list[Row]:
        ids = cached.newest_photo_ids(ctx, [owner], before, count)
        if ids is None:  # older than the cached recent ids
            ids = [row["id"] for row in ctx.graph.read("photos/grid_page", owner=owner, cursor=before, limit=count)]
        found = privacy.visible_photos(ctx, viewer_id, ids)
        return [found[photo_id] for photo_id in ids if photo_id in found]

    return photo_page(ctx, limit, fetch)


def visible_through_the_rule(ctx: Context, viewer_id: int, ids: list[int]) -> dict[int, Row]:
    """The ``{{photos/photo_columns}}`` rows of the photos of ``ids`` the viewer may see, by id, decided by the
    Cypher spelling of the privacy rule (``photos/visible_by_ids``); :func:`social.privacy.visible_photos`
    decides from the object cache instead."""
    return {row["id"]: row for row in ctx.graph.read("photos/visible_by_ids", ids=ids, viewer=viewer_id)}


def photo_page(ctx: Context, limit: int, fetch: Callable[[int], list[Row]]) -> Page[Photo]:
    """A page of photos from ``fetch(n)`` rows of ``{{photos/photo_columns}}``, continued by photo id."""
    return paginate(fetch, limit=limit, cursors=ctx.cursors, make_item=lambda row: photo_from_row(ctx, row), key="id")


def photo_from_row(ctx: Context, row: Row) -> Photo:
    """The photo API.md describes, from a row of ``{{photos/photo_columns}}``."""
    return {
        "id": row["id"],
        "owner": {"id": row["owner_id"], "username": row["owner_username"]},
        "caption": row["caption"],
        "alt_text": row["alt_text"],
        "hashtags": list(row["hashtags"] or []),
        "mentions": list(row["mentions"] or []),
        "created_at": row["created_at"],
        "media": media.describe(ctx.media_store, row["media"]),
        "blurhash": row["blurhash"],
        "like_count": row["like_count"],
        "comment_count": row["comment_count"],
        "liked_by_me": row["liked_by_me"],
    }
