"""Blocks: a block removes follows and requests both ways and hides each account from the other."""

from __future__ import annotations

from social import cached, privacy
from social.context import Context
from social.errors import Invalid


def block(ctx: Context, viewer_id: int, username: str) -> None:
    """Block ``username``; idempotent.

    Raises:
        NotFound: no such user, or the user already blocks the viewer (hidden).
        Invalid: the viewer tried to block themselves.
    """
    target = privacy.find_account(ctx, username, viewer_id)["id"]
    if target == viewer_id:
        raise Invalid({"username": ["You cannot block yourself."]}, "You cannot block yourself.")
    ctx.graph.write("blocks/block", viewer=viewer_id, target=target, seq=ctx.new_id(), now=ctx.now())
    cached.forget_accounts(ctx, [viewer_id, target])
    ctx.fanout.follow_changed(viewer_id, target)  # a block ends follows both ways
    ctx.fanout.follow_changed(target, viewer_id)


def unblock(ctx: Context, viewer_id: int, username: str) -> None:
    """Lift the viewer's block of ``username``; idempotent.

    Raises:
        NotFound: no such user, or the user blocks the viewer.
    """
    target = privacy.find_account(ctx, username, viewer_id)["id"]
    ctx.graph.write("blocks/unblock", viewer=viewer_id, target=target)
    cached.forget_accounts(ctx, [viewer_id, target])
