"""Hot reads from the object cache (:mod:`feed.objects`), and what each write forgets.

What is cached, by kind (each loaded by one named query on a miss):

- ``username``: the id a username names (``accounts/id_by_username``);
  forgotten when the account is deleted (the name may be taken again).
- ``user``: an account's public card, the same for every viewer
  (``accounts/public_cards``); forgotten by every write that changes its
  profile or counts: profile edits, follows, approvals, removals, blocks,
  posting and deleting photos, deleting an account it was joined to.
- ``relations``: whom an account follows, has asked to follow, blocks and is
  blocked by (``accounts/relations``), the per-viewer part of cards and of
  the privacy rule's single decisions; forgotten for both accounts of every
  follow, request, approval, denial, removal and block, and for every
  account joined to a deleted one.
- ``photo``: a photo's card, the same for every viewer
  (``photos/public_cards``); its counts changed in place by likes, unlikes
  (:func:`record_photo_like`) and new comments (:func:`record_comment`); forgotten
  by deleted comments, edits and deletions of it, and by deleting an account
  that posted, liked or commented on it.
- ``recent``: an account's newest photo ids (at most :data:`RECENT_DEPTH`),
  which profile grids and the home feed from the graph page through
  (``photos/recent_ids_of``); forgotten when the account posts or deletes a
  photo, or is deleted.
- ``tagged``: a hashtag's newest photo ids (at most :data:`RECENT_DEPTH`), by
  its name, which its page reads first (``hashtags/photo_ids``): that query
  reads every photo the tag has, the kept ids do not; a new photo tagged
  with it joins them in place (:func:`record_tagged_photo`); forgotten when
  a photo is tagged with it or untagged by an edit or a deletion
  (:func:`forget_hashtags`).
- ``liked``: the ids of every photo a viewer likes, by viewer
  (``likes/photos_liked_by``), when there are at most :data:`LIKES_KEPT`
  (a viewer who likes more is asked ``likes/liked_among`` per page);
  changed in place by that viewer's likes and unlikes (:func:`record_photo_like`).
- ``comment``: a comment's columns, the same for every viewer
  (``comments/public_by_ids``); kept as written when it is made
  (:func:`record_comment`); its like count changed in place by likes and
  unlikes (:func:`record_comment_like`); forgotten by its deletion, and by
  deleting an account that liked it.
- ``comments``: a photo's oldest comment ids (at most :data:`RECENT_DEPTH`),
  which its comments page reads first (``comments/ids_of_photo``); a new
  comment joins them in place (:func:`record_comment`); forgotten when one
  is deleted.
- ``liked_comment``: the same for the comments a viewer likes
  (``likes/comments_liked_by``, else ``likes/liked_comments_among``);
  changed in place by that viewer's likes and unlikes of comments
  (:func:`record_comment_like`).
- ``found_users``: the ids of the accounts a search term finds (at most
  the search's candidates; ``search/user_ids``), by term key; forgotten for
  every term of an account that signs up, changes its display name or is
  deleted. Search ranks them by their ``user`` cards.
- ``found_hashtags``: the hashtags a search term finds with their photo
  counts, ranked (``search/hashtags``), by term key; forgotten for every
  term of a hashtag that a photo is tagged with or untagged from (posting,
  editing and deleting photos, deleting an account) and of a hashtag a
  comment makes.
- ``session``: who a token's hash authenticates (``sessions/viewer``);
  forgotten when the session ends (log out, ending it, a password change,
  deleting the account) and when its last use is written.

Writes call the ``forget_*`` functions after their transaction commits (see
:mod:`feed.objects` for why that order is exact).
"""

from __future__ import annotations

import bisect
import dataclasses
import heapq
import itertools
import operator
from collections.abc import Callable, Collection, Iterable
from typing import Any

from feed.objects import Loader
from graph import search_index
from graph.catalog import Catalog
from graph.gateway import Row
from graph.ids import MAX_ID
from social.context import Context

USERNAME = "username"
USER = "user"
RELATIONS = "relations"
PHOTO = "photo"
RECENT = "recent"
TAGGED = "tagged"
LIKED = "liked"
COMMENT = "comment"
COMMENTS = "comments"
LIKED_COMMENT = "liked_comment"
RECENT_DEPTH = 100
"""Ids kept per list (an account's newest photos, a photo's oldest comments): five pages of 20; the rest
come from the graph."""
SESSION = "session"
ROWS_VERSION = 2
"""The shape of the rows the loaders here make, beside the catalog's digest in the Redis keys (see
:class:`feed.objects.RedisObjectCache`): raise it when a loader changes what it keeps (2: id sets as
frozensets), so that servers of two releases keep apart during a rolling deploy."""
FOUND_USERS = "found_users"
FOUND_HASHTAGS = "found_hashtags"
LIKES_KEPT = 1_000
"""Likes (of photos, and of comments) one viewer's entry holds whole: every "do I like this?" of the
viewer's pages is then answered with no query, as TAO answers from a cached association list. A viewer
who likes more is asked the graph per page, which costs the same whoever asks (likes/liked_among); the
two cost the same at about this many likes."""


@dataclasses.dataclass(frozen=True)
class Relations:
    """The accounts one account has a relationship with, by kind (ids)."""

    following: frozenset[int] = frozenset()
    requested: frozenset[int] = frozenset()
    blocking: frozenset[int] = frozenset()
    blocked_by: frozenset[int] = frozenset()


NO_RELATIONS = Relations()
"""What an anonymous viewer has."""


def rows_version(dialect: str) -> str:
    """The version the Redis object cache keys its rows under (see :func:`feed.objects.open_object_cache`): the
    query catalog's digest (the columns the loaders read) and :data:`ROWS_VERSION` (what they make of them)."""
    return f"{Catalog(dialect).digest()}.{ROWS_VERSION}"


def user_id(ctx: Context, username: str) -> int | None:
    """The id ``username`` (normalized) names, or ``None``."""

    def load(name: str) -> Row | None:
        rows = ctx.graph.read("accounts/id_by_username", username=name)
        return rows[0] if rows else None

    row = ctx.objects.get(USERNAME, username, load)
    return None if row is None else row["id"]


def public_cards(ctx: Context, ids: Iterable[int]) -> dict[int, Row]:
    """The public card rows (``{{accounts/public_card_columns}}``) of the ids that exist."""

    def load(missing: list[int]) -> dict[int, Row]:
        return {row["id"]: row for row in ctx.graph.read("accounts/public_cards", ids=missing)}

    return ctx.objects.get_many(USER, ids, load)


def relations(ctx: Context, account_id: int) -> Relations:
    """Whom ``account_id`` follows, has asked to follow, blocks and is blocked by."""

    def load(keys: list[int]) -> dict[int, Row]:
        kinds: dict[str, list[int]] = {field.name: [] for field in dataclasses.fields(Relations)}
        for row in ctx.graph.read("accounts/relations", id=keys[0]):
            kinds[row["kind"]].append(row["id"])
        return {keys[0]: {kind: frozenset(ids) for kind, ids in kinds.items()}}

    return Relations(**ctx.objects.get_many(RELATIONS, [account_id], load)[account_id])


def photo_cards(ctx: Context, ids: Iterable[int]) -> dict[int, Row]:
    """The public columns (``{{photos/public_photo_columns}}``) of the photos of ``ids`` that exist."""

    def load(missing: list[int]) -> dict[int, Row]:
        return {row["id"]: row for row in ctx.graph.read("photos/public_cards", ids=missing)}

    return ctx.objects.get_many(PHOTO, ids, load)


def newest_photo_ids(ctx: Context, owners: Iterable[int], before: int, count: int) -> list[int] | None:
    """The ``count`` newest ids older than ``before`` of the photos of ``owners``, from their cached recent ids.

    ``None`` when those cannot say: an account whose kept ids were cut at
    :data:`RECENT_DEPTH` may have older photos the page needs, or the object
    cache keeps no rows (the caller asks the graph).
    """

    def load(missing: list[int]) -> dict[int, Row]:
        rows = ctx.graph.read("photos/recent_ids_of", owners=missing)
        return {row["id"]: recent_row(sorted(row["ids"], reverse=True)) for row in rows}

    kept = _kept(ctx, RECENT, owners, load)
    return None if kept is None else newest_among(kept.values(), before, count)


def newest_tagged_ids(ctx: Context, name: str, before: int, count: int) -> list[int] | None:
    """The ``count`` newest ids older than ``before`` of the photos tagged ``name``, from its cached newest ids;
    ``None`` when those cannot say or the object cache keeps no rows (the caller asks the graph)."""

    def load(keys: list[str]) -> dict[str, Row]:
        rows = ctx.graph.read("hashtags/photo_ids", name=keys[0], cursor=MAX_ID, limit=RECENT_DEPTH + 1)
        return {keys[0]: recent_row([row["id"] for row in rows])}

    kept = _kept(ctx, TAGGED, [name], load)
    return None if kept is None else newest_among(kept.values(), before, count)


def _kept(ctx: Context, kind: str, keys: Iterable[Any], load: Loader) -> dict[Any, Row] | None:
    """The rows of ``keys`` under ``kind``, a kind worth loading only to keep for later reads (an account's or a
    hashtag's newest ids, a photo's oldest comment ids, a viewer's likes); ``None`` when the object cache keeps
    no rows (:attr:`feed.objects.ObjectCache.keeps_rows`): the caller asks the graph for just what it needs."""
    return ctx.objects.get_many(kind, keys, load) if ctx.objects.keeps_rows else None


def newest_among(recent: Collection[Row], before: int, count: int) -> list[int] | None:
    """The ``count`` newest ids older than ``before`` of some accounts' ``recent`` rows, or ``None`` when those
    cannot say (see :func:`newest_photo_ids`)."""
    horizon = max((row["ids"][-1] for row in recent if not row["whole"]), default=0)
    older = (_older_than(row["ids"], before, count) for row in recent)
    ids = list(itertools.islice(heapq.merge(*older, reverse=True), count))
    cut_short = horizon and (len(ids) < count or ids[-1] < horizon)
    return None if cut_short else ids


def _older_than(newest_first: list[int], before: int, count: int) -> list[int]:
    """The first ``count`` ids below ``before`` of a list sorted newest first (found by bisection: a deep page
    skips the newer ids without merging them, 250 µs to 28 for 40 accounts)."""
    start = 0 if not newest_first or newest_first[0] < before else bisect.bisect_right(newest_first, -before, key=operator.neg)
    return newest_first[start : start + count]


def recent_row(ids: list[int]) -> Row:
    """The ``recent`` (and ``comments``) row of a list of ids: the first :data:`RECENT_DEPTH`, and whether that
    is all of them."""
    return {"ids": ids[:RECENT_DEPTH], "whole": len(ids) <= RECENT_DEPTH}


def comment_ids_after(ctx: Context, photo_id: int, after: int, count: int) -> list[int] | None:
    """The ``count`` oldest comment ids of the photo newer than ``after``, from its cached oldest ids.

    ``None`` when those cannot say: the photo has more comments than are
    kept and the page goes past them, the photo is gone, or the object cache
    keeps no rows (the caller asks the graph).
    """

    def load(keys: list[int]) -> dict[int, Row]:
        rows = ctx.graph.read("comments/ids_of_photo", photo=keys[0])
        return {keys[0]: recent_row(sorted(rows[0]["ids"]))} if rows else {}

    kept = (_kept(ctx, COMMENTS, [photo_id], load) or {}).get(photo_id)
    if kept is None:
        return None
    ids = [comment_id for comment_id in kept["ids"] if comment_id > after][:count]
    return ids if len(ids) == count or kept["whole"] else None


def comment_cards(ctx: Context, ids: Iterable[int]) -> dict[int, Row]:
    """The public columns (``{{comments/public_comment_columns}}``) of the comments of ``ids`` that exist."""

    def load(missing: list[int]) -> dict[int, Row]:
        return {row["id"]: row for row in ctx.graph.read("comments/public_by_ids", ids=missing)}

    return ctx.objects.get_many(COMMENT, ids, load)


def liked(ctx: Context, viewer_id: int, photo_ids: Iterable[int]) -> set[int]:
    """Which of ``photo_ids`` the viewer likes."""
    def whole_set(limit: int) -> list[Row]:
        return ctx.graph.read("likes/photos_liked_by", viewer=viewer_id, limit=limit)

    def among(ids: list[int]) -> list[Row]:
        return ctx.graph.read("likes/liked_among", viewer=viewer_id, ids=ids)

    return _liked(ctx, LIKED, viewer_id, photo_ids, (whole_set, among))


def liked_comments(ctx: Context, viewer_id: int, comment_ids: Iterable[int]) -> set[int]:
    """Which of ``comment_ids`` the viewer likes."""
    def whole_set(limit: int) -> list[Row]:
        return ctx.graph.read("likes/comments_liked_by", viewer=viewer_id, limit=limit)

    def among(ids: list[int]) -> list[Row]:
        return ctx.graph.read("likes/liked_comments_among", viewer=viewer_id, ids=ids)

    return _liked(ctx, LIKED_COMMENT, viewer_id, comment_ids, (whole_set, among))


LikeReads = tuple[Callable[[int], list[Row]], Callable[[list[int]], list[Row]]]
"""How :func:`_liked` asks the graph: for the ids of (at most a number of) everything the viewer likes, and
whether the viewer likes each of some ids."""


def _liked(ctx: Context, kind: str, viewer_id: int, ids: Iterable[int], reads: LikeReads) -> set[int]:
    """Which of ``ids`` the viewer likes: from the viewer's whole set under ``kind`` when it fits
    :data:`LIKES_KEPT` and the object cache keeps it, else from the graph."""
    whole_set, among = reads

    def load(viewer: list[int]) -> dict[int, Row]:
        rows = whole_set(LIKES_KEPT + 1)
        if len(rows) > LIKES_KEPT:
            return {viewer[0]: {"whole": False, "ids": frozenset()}}
        return {viewer[0]: {"whole": True, "ids": frozenset(row["id"] for row in rows)}}

    ids = list(ids)
    kept = (_kept(ctx, kind, [viewer_id], load) or {}).get(viewer_id)
    if kept is not None and kept["whole"]:
        return kept["ids"].intersection(ids)
    return {row["id"] for row in among(ids) if row["liked"]}


def found_user_ids(ctx: Context, term_key: str, candidates: int) -> list[int]:
    """The ids of at most ``candidates`` accounts the search term ``term_key`` finds (see :mod:`graph.search_index`)."""

    def read(key: str) -> list[int]:
        return [row["id"] for row in ctx.graph.read("search/user_ids", key=key, candidates=candidates)]

    return _found(ctx, FOUND_USERS, term_key, read)


def found_hashtags(ctx: Context, term_key: str, candidates: int) -> list[Row]:
    """``{"name", "photo_count"}`` of at most ``candidates`` hashtags the search term ``term_key`` finds, the
    most used first."""

    def read(key: str) -> list[Row]:
        return ctx.graph.read("search/hashtags", key=key, candidates=candidates, limit=candidates)

    return _found(ctx, FOUND_HASHTAGS, term_key, read)


def _found(ctx: Context, kind: str, term_key: str, read: Callable[[str], list[Any]]) -> list[Any]:
    """What a search term finds, cached under ``kind`` as one row; ``read`` asks the graph."""
    found = ctx.objects.get(kind, term_key, lambda key: {"found": read(key)})
    return found["found"] if found is not None else []


def session(ctx: Context, token_hash: str) -> Row | None:
    """The ``sessions/viewer`` row of a token's hash, or ``None`` when there is no such session."""

    def load(key: str) -> Row | None:
        rows = ctx.graph.read("sessions/viewer", token_hash=key)
        return rows[0] if rows else None

    return ctx.objects.get(SESSION, token_hash, load)


def forget_accounts(ctx: Context, ids: Iterable[int]) -> None:
    """A write changed these accounts' cards or relations."""
    ids = list(ids)
    ctx.objects.forget(USER, ids)
    ctx.objects.forget(RELATIONS, ids)


def forget_photos(ctx: Context, ids: Iterable[int], *, likes_of: int | None = None) -> None:
    """A write changed these photos' cards (or deleted them), and ``likes_of``'s likes of them."""
    ctx.objects.forget(PHOTO, ids)
    if likes_of is not None:
        ctx.objects.forget(LIKED, [likes_of])


def forget_posts_of(ctx: Context, owner_id: int) -> None:
    """The account posted or deleted a photo: its recent ids, and its card (the photo count); its relations stay."""
    ctx.objects.forget(RECENT, [owner_id])
    ctx.objects.forget(USER, [owner_id])


def record_photo_like(ctx: Context, viewer_id: int, photo_id: int, like_count: int, *, likes: bool) -> None:
    """The viewer's like (``likes``) or unlike of the photo committed, leaving it ``like_count`` likes: its card
    and the viewer's liked set change in place (see :meth:`feed.objects.ObjectCache.update`), so the feeds
    that show the photo next need no graph read for it."""
    _record_like(ctx, (PHOTO, LIKED), viewer_id, photo_id, like_count, likes)


def record_comment_like(ctx: Context, viewer_id: int, comment_id: int, like_count: int, *, likes: bool) -> None:
    """The same as :func:`record_photo_like` for a comment: its row and the viewer's liked comments."""
    _record_like(ctx, (COMMENT, LIKED_COMMENT), viewer_id, comment_id, like_count, likes)


def _record_like(ctx: Context, kinds: tuple[str, str], viewer_id: int, liked_id: int, like_count: int, likes: bool) -> None:
    """``kinds``: where the liked thing's row is kept, and the viewer's set of such things."""
    row_kind, set_kind = kinds
    ctx.objects.update(row_kind, liked_id, lambda row: {**row, "like_count": like_count})
    ctx.objects.update(set_kind, viewer_id, lambda kept: _with_like(kept, liked_id, likes))


def _with_like(kept: Row, liked_id: int, likes: bool) -> Row | None:
    """A viewer's ``liked`` (or ``liked_comment``) row once they liked or unliked ``liked_id``; ``None`` when it
    must be loaded again."""
    if not kept["whole"]:
        return kept if likes else None  # past LIKES_KEPT: an unlike may bring the viewer back under it
    ids = kept["ids"] | {liked_id} if likes else kept["ids"] - {liked_id}
    return {"whole": True, "ids": ids} if len(ids) <= LIKES_KEPT else {"whole": False, "ids": frozenset()}


def record_comment(ctx: Context, card: Row, *, comment_count: int) -> None:
    """A new comment (its ``comment`` row: ``card``) committed, leaving its photo ``comment_count`` comments:
    the photo's card and kept oldest comment ids change in place, and the comment's row is kept (see
    :meth:`feed.objects.ObjectCache.update` and :meth:`~feed.objects.ObjectCache.add`)."""
    photo_id = card["photo_id"]
    ctx.objects.update(PHOTO, photo_id, lambda photo: {**photo, "comment_count": comment_count})
    ctx.objects.update(COMMENTS, photo_id, lambda kept: _with_id(kept, card["id"], newest_first=False))
    ctx.objects.add(COMMENT, card["id"], card)


def _with_id(kept: Row, new_id: int, *, newest_first: bool) -> Row:
    """A ``recent``-shaped row (``comments``: oldest first; ``tagged``: newest first) once ``new_id`` was made.

    It may be there already (the row was loaded after the commit). A row cut
    short holds exactly :data:`RECENT_DEPTH` ids, so an id that sorts past all
    of them is cut off again: the ids between are in the graph only.
    """
    row = recent_row(sorted({*kept["ids"], new_id}, reverse=newest_first))
    return {**row, "whole": kept["whole"] and row["whole"]}


def forget_comments_on(ctx: Context, photo_ids: Iterable[int], deleted: Iterable[int] = ()) -> None:
    """Comments on these photos were made or deleted (``deleted``: those that went)."""
    ctx.objects.forget(COMMENTS, photo_ids)
    ctx.objects.forget(COMMENT, deleted)


def forget_comment_like(ctx: Context, viewer_id: int, comment_ids: Iterable[int]) -> None:
    """The viewer liked or unliked these comments: their like counts, and whether the viewer likes them."""
    ctx.objects.forget(COMMENT, comment_ids)
    ctx.objects.forget(LIKED_COMMENT, [viewer_id])


def forget_username(ctx: Context, username: str) -> None:
    """The account ``username`` named is gone."""
    ctx.objects.forget(USERNAME, [username])


def forget_user_terms(ctx: Context, term_keys: Iterable[str]) -> None:
    """The accounts these search terms find changed (an account was indexed, reindexed or deleted)."""
    ctx.objects.forget(FOUND_USERS, term_keys)


def record_tagged_photo(ctx: Context, photo_id: int, names: Iterable[str]) -> None:
    """A new photo tagged with ``names`` committed: it joins each hashtag's kept newest ids in place (see
    :meth:`feed.objects.ObjectCache.update`), so a popular tag's page is not read again from every tagged photo
    after each post."""
    for name in names:
        ctx.objects.update(TAGGED, name, lambda kept: _with_id(kept, photo_id, newest_first=True))


def forget_hashtags(ctx: Context, names: Iterable[str]) -> None:
    """Photos were tagged with these hashtags or untagged (an edit, a deletion): the photos each lists, and the
    searches that find them."""
    names = list(names)
    ctx.objects.forget(TAGGED, names)
    forget_hashtag_terms(ctx, names)


def forget_hashtag_terms(ctx: Context, names: Iterable[str]) -> None:
    """These hashtags were made, or photos were tagged with them or untagged: the searches that find them."""
    ctx.objects.forget(FOUND_HASHTAGS, [key for name in names for key in search_index.hashtag_keys(name)])


def forget_sessions(ctx: Context, token_hashes: Iterable[str]) -> None:
    """These sessions ended or changed."""
    ctx.objects.forget(SESSION, token_hashes)
