"""Follows: follow and unfollow, follow requests to private accounts, follower lists.

Following a public account makes ``(me)-[:FOLLOWS]->(them)`` at once; a private
account gets ``(me)-[:REQUESTED]->(them)`` until its owner approves (the request
becomes a follow in the same transaction) or denies it. Every action is
idempotent: doing it twice leaves the graph as doing it once, also when many
clients do it at the same moment.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graph.gateway import Row, Transaction
from social import cached, privacy
from social.cards import Card, user_card
from social.context import Context
from social.errors import Conflict, Invalid, NotFound
from social.pagination import Page, paginate, start_after

FOLLOWING = "following"
REQUESTED = "requested"
_ATTEMPTS = 3


def follow(ctx: Context, viewer_id: int, username: str) -> str:
    """Follow ``username``, or ask to when the account is private.

    Returns:
        ``"following"`` or ``"requested"``.

    Raises:
        NotFound: no such user, or a block either way.
        Invalid: the viewer tried to follow themselves.
    """
    target = privacy.find_reachable_account(ctx, username, viewer_id)["id"]
    if target == viewer_id:
        raise Invalid({"username": ["You cannot follow yourself."]}, "You cannot follow yourself.")
    seq, now = ctx.new_id(), ctx.now()
    for _ in range(_ATTEMPTS):  # another attempt only if the account changed under us
        state = ctx.graph.transaction(lambda tx: _follow_in(tx, viewer_id, target, seq, now))
        cached.forget_accounts(ctx, [viewer_id, target])
        if state == FOLLOWING:
            ctx.fanout.follow_changed(viewer_id, target)
        if state is not None:
            return state
    raise Conflict("The account changed while following it; try again.")


def _follow_in(tx: Transaction, viewer_id: int, target: int, seq: int, now: Any) -> str | None:
    """Decide and write in one transaction; ``None`` when the guarded write found things changed."""
    rows = tx.run("follows/state", viewer=viewer_id, target=target)
    if not rows or rows[0]["blocked"]:
        raise NotFound("No such user.")
    if rows[0]["following"]:
        return FOLLOWING
    if not rows[0]["private"]:
        return FOLLOWING if tx.run("follows/follow", viewer=viewer_id, target=target, seq=seq, now=now) else None
    return REQUESTED if tx.run("follows/request", viewer=viewer_id, target=target, seq=seq, now=now) else None


def unfollow(ctx: Context, viewer_id: int, username: str) -> None:
    """Stop following ``username`` or withdraw a pending request; idempotent.

    Raises:
        NotFound: no such user, or a block either way.
    """
    target = privacy.find_reachable_account(ctx, username, viewer_id)["id"]
    ctx.graph.write("follows/unfollow", viewer=viewer_id, target=target)
    cached.forget_accounts(ctx, [viewer_id, target])
    ctx.fanout.follow_changed(viewer_id, target)


def remove_follower(ctx: Context, viewer_id: int, username: str) -> None:
    """Make ``username`` stop following the viewer; idempotent.

    Raises:
        NotFound: no such user, or the user blocks the viewer.
    """
    follower = privacy.find_account(ctx, username, viewer_id)["id"]
    ctx.graph.write("follows/remove_follower", viewer=viewer_id, follower=follower)
    cached.forget_accounts(ctx, [viewer_id, follower])
    ctx.fanout.follow_changed(follower, viewer_id)


def approve_request(ctx: Context, viewer_id: int, username: str) -> str:
    """Approve ``username``'s request: they now follow the viewer.

    Approving again once they follow answers the same, so a client may retry.

    Raises:
        NotFound: no pending request from that user (and they do not follow the viewer).
    """
    requester = privacy.find_account(ctx, username, viewer_id)["id"]
    approvals = [{"requester": requester, "seq": ctx.new_id()}]
    approved = ctx.graph.write("follows/approve", viewer=viewer_id, approvals=approvals, now=ctx.now())
    cached.forget_accounts(ctx, [viewer_id, requester])
    if approved:
        ctx.fanout.follow_changed(requester, viewer_id)
        return FOLLOWING
    if privacy.find_account(ctx, username, viewer_id)["follows_viewer"]:
        return FOLLOWING
    raise NotFound("No follow request from this user.")


def approve_pending(tx: Transaction, ctx: Context, viewer_id: int) -> list[int]:
    """Inside ``tx``: approve every request pending for the viewer (the account went public).

    Returns:
        The new followers' ids (tell :meth:`~feed.fanout.FanOut.follow_changed` once ``tx`` commits).
    """
    requesters = [row["requester"] for row in tx.run("follows/pending_requesters", viewer=viewer_id)]
    if requesters:
        approvals = [{"requester": requester, "seq": ctx.new_id()} for requester in requesters]
        tx.run("follows/approve", viewer=viewer_id, approvals=approvals, now=ctx.now())
    return requesters


def deny_request(ctx: Context, viewer_id: int, username: str) -> None:
    """Refuse ``username``'s request; idempotent.

    Raises:
        NotFound: no such user, or the user blocks the viewer.
    """
    requester = privacy.find_account(ctx, username, viewer_id)["id"]
    ctx.graph.write("follows/deny", viewer=viewer_id, requester=requester)
    cached.forget_accounts(ctx, [viewer_id, requester])


def follow_requests(ctx: Context, viewer_id: int, *, limit: int, cursor: str | None) -> Page[Card]:
    """Pending requests to the viewer, oldest first, as requesters' cards."""
    after = start_after(ctx.cursors, cursor, newest_first=False)
    return _card_page(
        ctx, viewer_id, limit, lambda n: ctx.graph.read("follows/requests_page", viewer=viewer_id, cursor=after, limit=n)
    )


def followers(ctx: Context, viewer_id: int, username: str, *, limit: int, cursor: str | None) -> Page[Card]:
    """Who follows ``username``, newest first (the privacy rule applies).

    Raises:
        BadCursor: a cursor this service did not make.
        NotFound: no such user, or a block either way.
        NotPermitted: a private account the viewer does not follow.
    """
    owner, before = _visible_list_owner(ctx, viewer_id, username, cursor)
    return _card_page(
        ctx,
        viewer_id,
        limit,
        lambda n: ctx.graph.read("follows/followers_page", owner=owner, viewer=viewer_id, cursor=before, limit=n),
    )


def following(ctx: Context, viewer_id: int, username: str, *, limit: int, cursor: str | None) -> Page[Card]:
    """Whom ``username`` follows, newest first (the privacy rule applies).

    Raises:
        BadCursor, NotFound, NotPermitted: as for :func:`followers`.
    """
    owner, before = _visible_list_owner(ctx, viewer_id, username, cursor)
    return _card_page(
        ctx,
        viewer_id,
        limit,
        lambda n: ctx.graph.read("follows/following_page", owner=owner, viewer=viewer_id, cursor=before, limit=n),
    )


def _visible_list_owner(ctx: Context, viewer_id: int, username: str, cursor: str | None) -> tuple[int, int]:
    """The list owner's id once the viewer may see it, and where the page starts."""
    before = start_after(ctx.cursors, cursor, newest_first=True)
    return privacy.require_visible_content(ctx, username, viewer_id)["id"], before


def _card_page(ctx: Context, viewer_id: int, limit: int, fetch: Callable[[int], list[Row]]) -> Page[Card]:
    return paginate(fetch, limit=limit, cursors=ctx.cursors, make_item=lambda row: user_card(row, viewer_id))
