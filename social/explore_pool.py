"""Explore's pool of popular photos: the same for every viewer, so each server reads it once a minute.

The pool is the photos of public accounts among the :data:`RECENT_PHOTOS`
newest, most liked first (``discovery/popular_pool``); finding them scans
the newest photos, a cost that grows with the graph, so it is paid once per
``INSTAGRAPH_EXPLORE_POOL_AGE`` per server instead of once per request.
:mod:`social.discovery` takes each viewer's own, followed and blocked
accounts out of it, and every photo shown is checked against the privacy
rule as it is fetched, so an old pool can never show what may not be seen.
The writes that would leave it ranking photos no one may be shown (an
account going private, a photo or an account deleted) call :func:`forget`,
so in this process the next request reads a fresh pool; other servers' pools
catch up within the age.
"""

from __future__ import annotations

from graph.gateway import Row
from social.context import Context

RECENT_PHOTOS = 1000
"""Among how many of the newest photos explore picks its popular ones."""

_NAME = "explore/popular"


def popular(ctx: Context) -> list[Row]:
    """The pool: ``id``, ``owner`` and ``like_count`` of each photo, most liked first, then newest."""
    return ctx.memo.get(
        _NAME, ctx.settings.explore_pool_age, lambda: ctx.graph.read("discovery/popular_pool", horizon=_horizon(ctx))
    )


def forget(ctx: Context) -> None:
    """Read the pool afresh on its next use (a photo in it may have become one nobody may see)."""
    ctx.memo.forget(_NAME)


def _horizon(ctx: Context) -> int:
    """The id of the oldest of the :data:`RECENT_PHOTOS` newest photos; 0 if there are fewer."""
    rows = ctx.graph.read("discovery/photo_horizon", skip=RECENT_PHOTOS - 1)
    return rows[0]["horizon"] if rows else 0
