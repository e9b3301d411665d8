"""Hashtag pages: a hashtag's photo count and the photos tagged with it that the viewer may see."""

from __future__ import annotations

from typing import Any

from social.context import Context
from social.errors import NotFound
from social.pagination import Page, start_after
from social.photos import Photo, photo_page
from social.text import normalize_hashtag


def hashtag(ctx: Context, name: str) -> dict[str, Any]:
    """``{"name", "photo_count"}`` of a hashtag (``#Été``, ``été`` and ``ÉTÉ`` are one).

    Raises:
        NotFound: no photo or comment was ever tagged with it.
    """
    rows = ctx.graph.read("hashtags/get", name=normalize_hashtag(name))
    if not rows:
        raise NotFound("No such hashtag.")
    return rows[0]


def tagged_photos(ctx: Context, viewer_id: int, name: str, *, limit: int, cursor: str | None) -> Page[Photo]:
    """Photos tagged ``name`` that the viewer may see, newest first.

    Raises:
        BadCursor: a cursor this service did not make.
        NotFound: no such hashtag.
    """
    before = start_after(ctx.cursors, cursor, newest_first=True)
    found = hashtag(ctx, name)["name"]
    return photo_page(
        ctx,
        limit,
        lambda n: ctx.graph.read("hashtags/photos_page", name=found, viewer=viewer_id, cursor=before, limit=n),
    )
