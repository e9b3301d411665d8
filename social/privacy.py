"""Who may see what: the one gate every read path goes through.

The rule: a viewer may see an account's content (photos, their likes and
comments, its follower and following lists) when the viewer is the owner, or
when no block stands between the two (in either direction) and the account is
public or the viewer is an approved follower.

It is written in Cypher in ``cypher/privacy/_can_see.fragment.cypher``: the
query catalog includes that fragment into every query that reads content.
Single decisions about one account (its card, its lists, following it) are
made here instead, by :func:`may_see`, from the account's cached card and the
viewer's cached relations (:mod:`social.cached`), which is the same rule
spelled in Python. The privacy property test checks both spellings against
its model on every read path, and a broken copy of either must fail it.
This module also turns a refusal into the right error:

- a block, either way, hides: 404, as if the account did not exist;
- a private account the viewer does not follow: 403 "This account is private".

Photos, their likes and comments follow their owner's rule, but a photo the
viewer may not see is a 404 whatever the reason (API.md): its id says nothing.
A comment is also hidden from a viewer when a block stands between them and
its author.

The profile card itself is public: only an account that blocks the viewer
hides its card (API.md); the blocker still sees the card of the account they
block (with ``relationship.blocking``), so they can lift the block.
"""

from __future__ import annotations

from typing import Any

from social import cached
from social.cached import NO_RELATIONS, Relations
from social.cards import ANONYMOUS, normalize_username
from social.context import Context
from social.errors import NotFound, NotPermitted

Row = dict[str, Any]
_NO_SUCH_USER = "No such user."
_NO_SUCH_PHOTO = "No such photo."
_NO_SUCH_COMMENT = "No such comment."


def find_account(ctx: Context, username: str, viewer_id: int) -> Row:
    """The card row of ``username`` as ``viewer_id`` sees it.

    Raises:
        NotFound: no such user, or the user blocks the viewer.
    """
    account_id = cached.user_id(ctx, normalize_username(username))
    card = cached.public_cards(ctx, [account_id]).get(account_id) if account_id is not None else None
    if card is None:
        raise NotFound(_NO_SUCH_USER)
    mine = _relations_of(ctx, viewer_id)
    if account_id in mine.blocked_by:
        raise NotFound(_NO_SUCH_USER)
    can_see = may_see(viewer_id, account_id, card["private"], mine)
    return {**card, **_relationship(ctx, viewer_id, mine, account_id), "can_see": can_see}


def _relationship(ctx: Context, viewer_id: int, mine: Relations, account_id: int) -> Row:
    """How the viewer (whose relations are ``mine``) relates to ``account_id``: the columns
    ``{{accounts/card_columns}}`` gives in list queries."""
    theirs = cached.relations(ctx, account_id) if viewer_id != ANONYMOUS else NO_RELATIONS
    return {
        "viewer_follows": account_id in mine.following,
        "viewer_requested": account_id in mine.requested,
        "follows_viewer": viewer_id in theirs.following,
        "viewer_blocks": account_id in mine.blocking,
        "blocks_viewer": account_id in mine.blocked_by,
    }


def may_see(viewer_id: int, owner_id: int, owner_private: bool, viewer_relations: Relations) -> bool:
    """THE privacy rule in Python (its Cypher spelling: ``privacy/_can_see.fragment.cypher``).

    The viewer may see the owner's content when they are the owner, or when no
    block stands between them (either direction) and the account is public
    or the viewer is an approved follower.
    """
    if owner_id == viewer_id:
        return True
    if blocked_either_way(viewer_relations, owner_id):
        return False
    return not owner_private or owner_id in viewer_relations.following


def blocked_either_way(viewer_relations: Relations, other_id: int) -> bool:
    """Whether a block stands between the viewer (whose relations these are) and ``other_id``, either way."""
    return other_id in viewer_relations.blocking or other_id in viewer_relations.blocked_by


def unblocked(ctx: Context, viewer_id: int, ids: list[int]) -> list[int]:
    """Those of ``ids`` with no block between them and the viewer, either way, in their order."""
    mine = _relations_of(ctx, viewer_id)
    return [other_id for other_id in ids if not blocked_either_way(mine, other_id)]


def comment_rows(ctx: Context, viewer_id: int, ids: list[int]) -> list[Row]:
    """The ``{{comments/comment_columns}}`` rows of the comments of ``ids`` that exist, in that order, each
    ``blocked`` when a block stands between its author and the viewer (pages leave those out).

    For comments on a photo the viewer may see (the caller checked): from the object cache.
    """
    cards = cached.comment_cards(ctx, ids)
    mine = _relations_of(ctx, viewer_id)
    liked = cached.liked_comments(ctx, viewer_id, cards) if viewer_id != ANONYMOUS and cards else set()
    return [
        {**cards[comment_id], "liked_by_me": comment_id in liked, "blocked": blocked_either_way(mine, cards[comment_id]["author_id"])}
        for comment_id in ids
        if comment_id in cards
    ]


def _relations_of(ctx: Context, viewer_id: int) -> Relations:
    return cached.relations(ctx, viewer_id) if viewer_id != ANONYMOUS else NO_RELATIONS


def find_reachable_account(ctx: Context, username: str, viewer_id: int) -> Row:
    """Like :func:`find_account`, but a block in either direction hides the account.

    For acting on an account (follow, list its content): across a block there
    is nothing to act on.
    """
    row = find_account(ctx, username, viewer_id)
    if row["viewer_blocks"]:
        raise NotFound(_NO_SUCH_USER)
    return row


def require_visible_content(ctx: Context, username: str, viewer_id: int) -> Row:
    """The card row of ``username`` if ``viewer_id`` may see its content.

    Raises:
        NotFound: no such user, or a block either way.
        NotPermitted: a private account the viewer does not follow.
    """
    row = find_reachable_account(ctx, username, viewer_id)
    if not row["can_see"]:
        raise NotPermitted("This account is private.")
    return row


def require_visible_photo(ctx: Context, photo_id: int, viewer_id: int) -> Row:
    """The public columns (``{{photos/public_photo_columns}}``) of a photo ``viewer_id`` may see: what liking,
    commenting on, editing or deleting it checks (whether the viewer likes it is not read: :func:`with_likes`).

    Raises:
        NotFound: no such photo, or the viewer may not see it (private or blocked).
    """
    found = visible_photo_cards(ctx, viewer_id, [photo_id])
    if photo_id not in found:
        raise NotFound(_NO_SUCH_PHOTO)
    return found[photo_id]


def visible_photos(ctx: Context, viewer_id: int, ids: list[int], *, followed_only: bool = False) -> dict[int, Row]:
    """The ``{{photos/photo_columns}}`` rows of the photos of ``ids`` that ``viewer_id`` may see, by id: their
    :func:`visible_photo_cards` :func:`with_likes`."""
    return with_likes(ctx, viewer_id, visible_photo_cards(ctx, viewer_id, ids, followed_only=followed_only))


def visible_photo_cards(ctx: Context, viewer_id: int, ids: list[int], *, followed_only: bool = False) -> dict[int, Row]:
    """The public columns of the photos of ``ids`` that ``viewer_id`` may see, by id.

    From the object cache: the photos' and owners' cards and the viewer's
    relations. ``followed_only`` also leaves out photos of accounts the
    viewer does not follow (their own stay): the home feed's rule.
    """
    photos = cached.photo_cards(ctx, ids)
    owners = cached.public_cards(ctx, {row["owner_id"] for row in photos.values()})
    mine = _relations_of(ctx, viewer_id)
    return {
        photo_id: row
        for photo_id, row in photos.items()
        if row["owner_id"] in owners
        and may_see(viewer_id, row["owner_id"], owners[row["owner_id"]]["private"], mine)
        and not (followed_only and row["owner_id"] != viewer_id and row["owner_id"] not in mine.following)
    }


def with_likes(ctx: Context, viewer_id: int, cards: dict[int, Row]) -> dict[int, Row]:
    """Photo cards (by id) with ``liked_by_me``: whether ``viewer_id`` likes each, from their cached likes."""
    liked = cached.liked(ctx, viewer_id, cards) if viewer_id != ANONYMOUS and cards else set()
    return {photo_id: {**row, "liked_by_me": photo_id in liked} for photo_id, row in cards.items()}


def require_visible_comment(ctx: Context, comment_id: int, viewer_id: int) -> Row:
    """The ``comments/get`` row of a comment ``viewer_id`` may see.

    Raises:
        NotFound: no such comment, the viewer may not see its photo, or a block
            stands between the viewer and its author.
    """
    rows = ctx.graph.read("comments/get", id=comment_id, viewer=viewer_id)
    if not rows or not rows[0]["can_see"] or rows[0]["author_blocked"]:
        raise NotFound(_NO_SUCH_COMMENT)
    return rows[0]


def require_one_of(owners: tuple[int, ...], viewer_id: int, detail: str) -> None:
    """Refuse a viewer who may see a thing but is none of the accounts that may change it.

    Raises:
        NotPermitted: ``viewer_id`` is not in ``owners``.
    """
    if viewer_id not in owners:
        raise NotPermitted(detail)
