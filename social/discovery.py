"""Discovery: people you may know, and the explore page of photos from accounts you don't follow.

Both lists are ranked, not ordered by a key, so their cursors remember a
position (how many items were handed out), signed for their own list: a
cursor of another list is refused. Each page ranks afresh; when the ranking
changes between two pages (the viewer followed someone, a photo got likes)
an item can move across the page boundary, the price of a ranking that is
always current.

The work is bounded whatever the viewer's graph: both walk only the viewer's
:data:`RECENT_FOLLOWINGS` most recent follows (their current interests; a
viewer following 5,000 accounts costs what one following 200 does), explore
counts the likes of the last :data:`LIKE_WINDOW` only and picks its popular
photos among the newest (:mod:`social.explore_pool`).

A reason that names people (mutual followers, likers the viewer follows)
names first the accounts the viewer followed most recently: the names they
are likeliest to recognise, and the same on every page.

Suggestions may also come from the list ``instagraph jobs suggestions``
stored for the viewer (:mod:`feed.suggestions`), while it is younger than
``INSTAGRAPH_SUGGESTIONS_MAX_AGE``: its order and mutual counts are the
job's, and each item is checked against the graph when it is shown. An
account the viewer has followed, asked to follow or blocked (either way)
since, or that is gone, is left out, and so is one whose reason no longer
holds (the viewer no longer follows a mutual it names, or that mutual no
longer follows it): a reason is never rewritten from data the job did not
see, and the next run recomputes the item. A stored list's cursor counts
positions in the stored list, so a page that leaves items out never makes
the next one repeat or skip any. With no fresh list, or Redis unavailable,
the ranking is computed live.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any, TypeVar

from feed.cache import CacheUnavailable
from feed.suggestions import Suggested, SuggestionStore
from graph.gateway import Row
from social import cached, explore_pool
from social.cards import user_card
from social.context import Context
from social.pagination import Page
from social.photos import Photo, photo_from_row, visible_through_the_rule

RECENT_FOLLOWINGS = 200
"""How many of the viewer's most recent follows suggestions and explore look through."""

LIKE_WINDOW = timedelta(days=30)
"""How far back explore counts the likes of the accounts the viewer follows."""


POPULAR = "Popular now"
NEW = "New"
"""The reasons of a popular photo: liked already, or not yet."""

_SUGGESTIONS = "suggestions"
_EXPLORE = "explore"
"""What each list's cursors are signed for."""

T = TypeVar("T")
Suggestion = dict[str, Any]
Ranking = list[tuple[int, str]]
"""Photo ids, best first, each with its reason."""


def suggestions(ctx: Context, viewer_id: int, *, limit: int, cursor: str | None) -> Page[Suggestion]:
    """People the viewer may know: followed by accounts they follow, those followed by the most first.

    Ties go to the newest account. Never the viewer, anyone they follow or
    asked to follow, nor anyone blocked either way. The viewer's stored list
    while it is fresh, else the ranking computed now (see the module's doc).

    Raises:
        BadCursor: a cursor this list did not make.
    """
    offset = _position(ctx, cursor, _SUGGESTIONS)
    stored = _stored_suggestions(ctx, viewer_id)
    if stored is not None:
        return _stored_page(ctx, viewer_id, stored, offset, limit)
    rows = _ranked(ctx, viewer_id, offset=offset, limit=limit + 1)
    items = [_suggestion(row, viewer_id) for row in rows[:limit]]
    return _page(ctx, items, offset + limit, _SUGGESTIONS, more=len(rows) > limit)


def rank_suggestions(ctx: Context, viewer_id: int, *, limit: int) -> list[Suggested]:
    """The first ``limit`` suggestions of the live ranking, as ``instagraph jobs suggestions`` stores them."""
    rows = _ranked(ctx, viewer_id, offset=0, limit=limit)
    return [suggested(row["id"], row["mutual_count"], row["mutuals"]) for row in rows]


def suggested(user_id: int, mutual_count: int, mutuals: Sequence[Row]) -> Suggested:
    """A stored suggestion of ``user_id``, followed by ``mutuals`` (``{"username", "seq"}`` of the viewer's follow of each)."""
    return Suggested(user_id, mutual_count, tuple(_named(mutuals)))


def explore(ctx: Context, viewer_id: int, *, limit: int, cursor: str | None) -> Page[Photo]:
    """Photos from public accounts the viewer does not follow, each with its ``reason``.

    First the photos liked lately by the accounts the viewer follows (by
    more of them first, then newest first), then recent popular photos (most
    liked first), so that a viewer who follows nobody still finds some.

    Raises:
        BadCursor: a cursor this list did not make.
    """
    offset = _position(ctx, cursor, _EXPLORE)
    ranking = _explore_ranking(ctx, viewer_id)
    items = _explore_photos(ctx, viewer_id, ranking[offset : offset + limit])
    return _page(ctx, items, offset + limit, _EXPLORE, more=len(ranking) > offset + limit)


def _ranked(ctx: Context, viewer_id: int, *, offset: int, limit: int) -> list[Row]:
    """The live ranking from ``offset``: each account's card row with ``mutual_count`` and ``mutuals``."""
    return ctx.graph.read(
        "discovery/suggestions_page",
        viewer=viewer_id,
        horizon=_followings_horizon(ctx, viewer_id),
        offset=offset,
        limit=limit,
    )


def _suggestion(row: Row, viewer_id: int) -> Suggestion:
    return _item(row, viewer_id, row["mutual_count"], _named(row["mutuals"]))


def _item(card_row: Row, viewer_id: int, mutual_count: int, named: Sequence[str]) -> Suggestion:
    return {
        "user": user_card(card_row, viewer_id),
        "mutual_count": mutual_count,
        "reason": f"Followed by {_names(named, mutual_count, others='others')}",
    }


def _stored_suggestions(ctx: Context, viewer_id: int) -> list[Suggested] | None:
    """The viewer's stored list while it is fresh; ``None`` without one, or when Redis does not answer."""
    if ctx.cache is None:
        return None
    store = SuggestionStore(ctx.cache, timedelta(seconds=ctx.settings.suggestions_max_age))
    try:
        return store.load(viewer_id, ctx.now())
    except CacheUnavailable:
        return None


def _stored_page(ctx: Context, viewer_id: int, stored: list[Suggested], offset: int, limit: int) -> Page[Suggestion]:
    """The first ``limit`` items of ``stored`` from ``offset`` that still hold; the cursor is a stored position.

    Stored items are checked a page's worth (and one more) at a time until
    the page is full and one more item is known to follow, or the list ends.
    """
    shown: list[tuple[int, Suggestion]] = []  # each item with the position after it
    position = offset
    while len(shown) <= limit and position < len(stored):
        chunk = stored[position : position + limit + 1 - len(shown)]
        shown += [(position + index + 1, item) for index, item in _still_suggested(ctx, viewer_id, chunk)]
        position += len(chunk)
    more = len(shown) > limit
    page = shown[:limit]
    return _page(ctx, [item for _, item in page], page[-1][0] if more else position, _SUGGESTIONS, more=more)


def _still_suggested(ctx: Context, viewer_id: int, chunk: list[Suggested]) -> list[tuple[int, Suggestion]]:
    """The items of ``chunk`` the graph still allows, each with its index in ``chunk``."""
    ids = [stored.user_id for stored in chunk]
    cards = {row["id"]: row for row in ctx.graph.read("discovery/suggested_cards", ids=ids, viewer=viewer_id)}
    names = sorted({name for stored in chunk for name in stored.named})
    links = {
        (row["username"], row["suggested"])
        for row in ctx.graph.read("discovery/named_mutuals", viewer=viewer_id, names=names, ids=ids)
    }
    return [
        (index, _item(cards[stored.user_id], viewer_id, stored.mutual_count, stored.named))
        for index, stored in enumerate(chunk)
        if stored.user_id in cards
        and _suggestible(cards[stored.user_id], viewer_id)
        and all((name, stored.user_id) in links for name in stored.named)
    ]


def _suggestible(card_row: Row, viewer_id: int) -> bool:
    """Whether the account is still one to suggest: not the viewer, not followed or asked, no block either way."""
    related = ("viewer_follows", "viewer_requested", "viewer_blocks", "blocks_viewer")
    return card_row["id"] != viewer_id and not any(card_row[column] for column in related)


def _explore_ranking(ctx: Context, viewer_id: int) -> Ranking:
    """Every explore candidate in order: liked by accounts the viewer follows, then popular."""
    liked = ctx.graph.read(
        "discovery/liked_by_followings",
        viewer=viewer_id,
        horizon=_followings_horizon(ctx, viewer_id),
        since=ctx.now() - LIKE_WINDOW,
    )
    popular = _popular_photos(ctx, viewer_id)
    ranked = {
        row["id"]: f"Liked by {_names(_named(row['likers']), len(row['likers']), others='others you follow')}"
        for row in liked
    }
    for row in popular:
        ranked.setdefault(row["id"], POPULAR if row["like_count"] else NEW)
    return list(ranked.items())


def _popular_photos(ctx: Context, viewer_id: int) -> list[Row]:
    """The shared pool of popular photos less the viewer's own, followed and blocked accounts'."""
    pool = explore_pool.popular(ctx)
    mine = cached.relations(ctx, viewer_id)
    kept_out = {viewer_id} | mine.following | mine.blocking | mine.blocked_by
    return [row for row in pool if row["owner"] not in kept_out]


def _explore_photos(ctx: Context, viewer_id: int, ranking: Ranking) -> list[Photo]:
    """The photos of ``ranking`` with their reasons, less any the viewer may no longer see."""
    if not ranking:  # past the end of the list: no query to make
        return []
    ids = [photo_id for photo_id, _ in ranking]
    rows = visible_through_the_rule(ctx, viewer_id, ids)
    return [
        {**photo_from_row(ctx, rows[photo_id]), "reason": reason} for photo_id, reason in ranking if photo_id in rows
    ]


def _named(people: Sequence[Row]) -> list[str]:
    """The usernames a reason about ``people`` names: all of two or fewer, else the one followed most recently."""
    names = [person["username"] for person in sorted(people, key=lambda person: person["seq"], reverse=True)]
    return names if len(names) <= 2 else names[:1]


def _names(named: Sequence[str], count: int, *, others: str) -> str:
    """``"ann"``, ``"ann and bob"`` or ``"ann and 2 others"``: ``count`` people, ``named`` picked by :func:`_named`."""
    if count <= 2:
        return " and ".join(named)
    return f"{named[0]} and {count - 1} {others}"


def _followings_horizon(ctx: Context, viewer_id: int) -> int:
    """The seq of the oldest of the viewer's :data:`RECENT_FOLLOWINGS` newest follows; 0 if they follow fewer."""
    rows = ctx.graph.read("discovery/followings_horizon", viewer=viewer_id, skip=RECENT_FOLLOWINGS - 1)
    return rows[0]["horizon"] if rows else 0


def _position(ctx: Context, cursor: str | None, scope: str) -> int:
    """Where a page starts: the cursor's position in the list, or its top."""
    return 0 if cursor is None else ctx.cursors.decode(cursor, scope=scope)


def _page(ctx: Context, items: list[T], next_position: int, scope: str, *, more: bool) -> Page[T]:
    return Page(items, ctx.cursors.encode(next_position, scope=scope) if more else None)
