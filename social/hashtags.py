"""Hashtag pages: a hashtag's photo count and the photos tagged with it that the viewer may see."""

from __future__ import annotations

from typing import Any

from graph.gateway import Row
from social import cached
from social.context import Context
from social.errors import NotFound
from social.pagination import Page, start_after
from social.photos import Photo, photo_page, visible_through_the_rule
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
    return photo_page(ctx, limit, lambda n: _visible_tagged(ctx, viewer_id, found, before, n))


def _visible_tagged(ctx: Context, viewer_id: int, name: str, before: int, count: int) -> list[Row]:
    """The rows of the ``count`` newest photos tagged ``name`` before ``before`` that the viewer may see.

    Ids first (:func:`_tagged_ids`), then those photos by primary key
    through the privacy rule (``photos/visible_by_ids``): checking the rule
    on every tagged photo before the limit grew with the tag. Hidden photos
    leave a batch short, so more ids are read after it, twice as many each
    time, until ``count`` photos are found or the tag has no older photo:
    the page is the one the rule-first query gave.
    """
    rows: list[Row] = []
    batch = count + count // 4 + 1  # a few spare ids: about a tenth of accounts are private
    while len(rows) < count:
        ids = _tagged_ids(ctx, name, before, batch)
        if not ids:
            break
        found = visible_through_the_rule(ctx, viewer_id, ids)
        rows += [found[photo_id] for photo_id in ids if photo_id in found]
        if len(ids) < batch:
            break
        before, batch = ids[-1], batch * 2
    return rows[:count]


def _tagged_ids(ctx: Context, name: str, before: int, count: int) -> list[int]:
    """The ids of the ``count`` newest photos tagged ``name`` before ``before``, whoever may see them.

    From the hashtag's cached newest ids while they reach (the first pages),
    then from the graph (``hashtags/photo_ids``), which reads the id of every
    photo the tag has: its cost grows with the tag, the cached ids' does not.
    """
    ids = cached.newest_tagged_ids(ctx, name, before, count)
    if ids is None:
        ids = [row["id"] for row in ctx.graph.read("hashtags/photo_ids", name=name, cursor=before, limit=count)]
    return ids
