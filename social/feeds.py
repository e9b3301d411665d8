"""The home feed: my photos and the photos of the accounts I follow, newest first.

The graph is the source of truth (DESIGN.md, "Feeds and the cache"): one
query gives any page's photo ids (the newest of the viewer's and of the
accounts they follow), and one fetches those photos by id through the
privacy rule and the follow. With Redis, a page is read from the viewer's
timeline (:mod:`feed.timelines`, kept current by :mod:`feed.fanout`; a
post reaches its owner's own timeline at once) merged with the posts
timelines of the followed accounts too big to fan out. Ids from Redis are only candidates: the page's
photos are fetched by the same query, and ids that no longer pass (deleted,
unfollowed, blocked) are taken out of the timeline as they are met. A missing timeline is rebuilt from the
graph; one trimmed to its length hands over to the graph past its end; and
when Redis is down or slow the whole page comes from the graph. Every path
gives the same photos in the same order, and paging by photo id stays
stable while new photos arrive.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable

from feed.cache import CacheUnavailable
from feed.timelines import HOME, POSTS, Slice, Timelines
from graph.gateway import Row
from graph.ids import MAX_ID
from social import cached, privacy
from social.context import Context
from social.pagination import Page, paginate, start_after
from social.photos import Photo, photo_from_row

REPAIR_ROUNDS = 3
"""Reads of a timeline per page when its ids keep failing the privacy check; then the graph takes over."""

_log = logging.getLogger(__name__)


def home_feed(ctx: Context, viewer_id: int, *, limit: int, cursor: str | None) -> Page[Photo]:
    """The viewer's home feed, newest first, stable while new photos arrive.

    Raises:
        BadCursor: a cursor this service did not make.
    """
    before = start_after(ctx.cursors, cursor, newest_first=True)
    from_graph = functools.partial(_graph_rows, ctx, viewer_id, before)
    if ctx.timelines is None:
        return _page(ctx, from_graph, limit)
    try:
        return _page(ctx, functools.partial(_timeline_rows, ctx, ctx.timelines, viewer_id, before), limit)
    except CacheUnavailable as error:
        _log.info("home feed of %s read from the graph: %s", viewer_id, error)
        return _page(ctx, from_graph, limit)


def _page(ctx: Context, fetch: Callable[[int], list[Row]], limit: int) -> Page[Photo]:
    """A page of ``fetch(limit + 1)`` rows; a row with ``can_see`` false is passed over, as in paginate."""
    return paginate(
        fetch,
        limit=limit,
        cursors=ctx.cursors,
        make_item=lambda row: photo_from_row(ctx, row),
        key="id",
        keep=lambda row: row.get("can_see", True),
    )


def _graph_rows(ctx: Context, viewer_id: int, before: int, count: int) -> list[Row]:
    """``count`` feed rows older than ``before`` from the graph; an id the viewer may not see gives ``can_see`` false."""
    if count <= 0:
        return []
    ids = _home_ids(ctx, viewer_id, before, count)
    found = _photos(ctx, viewer_id, ids)
    return [found.get(photo_id) or {"id": photo_id, "can_see": False} for photo_id in ids]


def _home_ids(ctx: Context, viewer_id: int, before: int, count: int) -> list[int]:
    """The ids of the viewer's own photos and those of the accounts they follow, newest first.

    From the accounts' cached recent ids while they reach (the first pages),
    then from the graph.
    """
    owners = [viewer_id, *cached.relations(ctx, viewer_id).following]
    ids = cached.newest_photo_ids(ctx, owners, before, count)
    return _photo_ids_by(ctx, owners, before, count) if ids is None else ids


def _followed(ctx: Context, viewer_id: int) -> list[Row]:
    """The ids and follower counts of the accounts the viewer follows: one graph query per page.

    Not from the object cache: the viewer's relations there hold the ids,
    but the counts would take every followed account's card, and reading
    those from Redis cost the API server about three times the query,
    whatever the number (a real Redis and the embedded graph at 100,000
    users: 20 accounts 0.26 ms against 0.09; 100, 0.77 against 0.26; the
    cards of 1,000, 6.4 ms, against 1.1 for the query of a viewer following
    482).
    """
    return ctx.graph.read("feeds/followed_ids", viewer=viewer_id)


def _photo_ids_by(ctx: Context, owners: list[int], before: int, count: int) -> list[int]:
    rows = ctx.graph.read("feeds/photo_ids_by", owners=owners, cursor=before, limit=count)
    return [row["id"] for row in rows]


def _photos(ctx: Context, viewer_id: int, ids: list[int]) -> dict[int, Row]:
    """The rows of the photos of ``ids`` the viewer may see in their feed (theirs and followed accounts'), by id."""
    return privacy.visible_photos(ctx, viewer_id, ids, followed_only=True) if ids else {}


def _timeline_rows(ctx: Context, timelines: Timelines, viewer_id: int, before: int, count: int) -> list[Row]:
    """``count`` feed rows older than ``before``: Redis candidates checked against the graph.

    Raises:
        CacheUnavailable: Redis did not answer (the caller reads the graph instead).
    """
    followed = _followed(ctx, viewer_id)  # read once per page: the rebuild and the merge both need it
    rows: list[Row] = []
    after = before
    for _ in range(REPAIR_ROUNDS):
        need = count - len(rows)
        ids, handover = _candidates(ctx, timelines, viewer_id, followed, after, need)
        rows += _visible(ctx, timelines, viewer_id, ids)
        if handover is not None:
            return rows + _graph_rows(ctx, viewer_id, handover, count - len(rows))
        if len(rows) >= count or len(ids) < need:
            return rows
        after = ids[-1]
    return rows + _graph_rows(ctx, viewer_id, after, count - len(rows))


def _candidates(
    ctx: Context, timelines: Timelines, viewer_id: int, followed: list[Row], after: int, need: int
) -> tuple[list[int], int | None]:
    """Up to ``need`` feed ids older than ``after``, newest first, and where the graph takes over.

    The second value is ``None`` when the timeline and the merged accounts
    hold every older id; otherwise the timeline was trimmed and ran out at
    that id, and older ones come from the graph.
    """
    home = [viewer_id, *(row["id"] for row in followed)]
    timeline = timelines.before(viewer_id, after, need) or _rebuild(ctx, timelines, viewer_id, home, HOME, after, need)
    merged = _merged_ids(ctx, timelines, followed, after, need)
    ids = sorted(set(timeline.ids).union(merged), reverse=True)[:need]
    if len(timeline.ids) == need or timeline.whole:
        return ids, None
    end = timeline.ids[-1] if timeline.ids else after
    return [photo_id for photo_id in ids if photo_id >= end], end


def _merged_ids(ctx: Context, timelines: Timelines, followed: list[Row], after: int, need: int) -> list[int]:
    """Up to ``need`` ids older than ``after`` of each big account the viewer follows, from its posts timeline.

    A posts timeline missing is rebuilt from the graph; one trimmed that runs
    short hands over to the graph for that account.
    """
    limit = ctx.settings.fanout_max_followers
    owners = [row["id"] for row in followed if row["follower_count"] > limit]
    ids: list[int] = []
    for owner, posts in (timelines.before_each(owners, after, need, POSTS) if owners else {}).items():
        posts = posts or _rebuild(ctx, timelines, owner, [owner], POSTS, after, need)
        ids += posts.ids if len(posts.ids) == need or posts.whole else _photo_ids_by(ctx, [owner], after, need)
    return ids


def _rebuild(
    ctx: Context, timelines: Timelines, user_id: int, owners: list[int], kind: str, after: int, need: int
) -> Slice:
    """Fill a missing timeline with the newest photos of ``owners`` and answer from what it was filled with."""
    ids = _photo_ids_by(ctx, owners, MAX_ID, timelines.max_items)
    timelines.fill(user_id, ids, kind)
    return Slice([photo_id for photo_id in ids if photo_id < after][:need], whole=len(ids) < timelines.max_items)


def _visible(ctx: Context, timelines: Timelines, viewer_id: int, ids: list[int]) -> list[Row]:
    """The rows of ``ids`` the viewer may see in their feed, in order; the others leave the timeline."""
    found = _photos(ctx, viewer_id, ids)
    stale = [photo_id for photo_id in ids if photo_id not in found]
    if stale:
        timelines.unpush([viewer_id], stale)
    return [found[photo_id] for photo_id in ids if photo_id in found]
