"""The recommendation job: every user's people-you-may-know list, computed from the graph and stored in Redis.

Each list is the live ranking's (:func:`social.discovery.rank_suggestions`,
what ``GET /v1/me/suggestions`` runs without a stored list), cut to
:data:`feed.suggestions.MAX_ITEMS`, and stored with the time the job
started as its ``computed_at``: every list is at least as fresh as that.
The job ranks a whole batch of users at once, from three queries of plain
lists (each user's follows, the follows of the accounts they followed
lately, and whom they asked or block), counted here: with the live query per user
the job ran ~120 users/s at 10,000 and 40,000 users; batched, the whole job
(Redis included) 1,019 and 874 users/s, with the same lists (2,000 users
compared on the seeded graphs; tests/test_suggestions_ranking.py holds the two
to each other).
The job only reads the graph, through the read path, so it runs beside the
servers: on Neo4j the reads go to the followers; on the embedded graph the
caller opens the file read-only, beside ``instagraph serve``, and the job
sees the graph as it was when the file was opened (what the stamp says).
"""

from __future__ import annotations

import collections
import dataclasses
import time
from collections.abc import Callable

from feed.suggestions import MAX_ITEMS, Suggested, SuggestionStore
from graph.gateway import Row
from social import discovery
from social.context import Context

BATCH = 500
"""Users whose lists are computed, then written to Redis in one round trip, at a time."""


@dataclasses.dataclass
class Report:
    """How far the job got.

    Attributes:
        users: users whose lists are stored.
        total: users in the graph when the job started (a server may add some meanwhile).
        suggestions: the suggestions stored, all lists together.
        without: users whose list is empty (they follow nobody who follows anyone new to them).
        seconds: since the job started.
    """

    total: int
    users: int = 0
    suggestions: int = 0
    without: int = 0
    seconds: float = 0.0

    @property
    def per_user(self) -> float:
        """Suggestions per user, on average."""
        return self.suggestions / self.users if self.users else 0.0


def store_suggestions(
    ctx: Context,
    store: SuggestionStore,
    *,
    batch: int = BATCH,
    progress: Callable[[Report], None] = lambda report: None,
) -> Report:
    """Compute and store the suggestions of every user, ``batch`` users at a time, in id order.

    Args:
        ctx: the graph to read (only read) and the clock.
        store: where the lists go.
        batch: users per graph page and per Redis round trip.
        progress: called with the report after each batch.

    Raises:
        feed.cache.CacheUnavailable: Redis failed; the lists of the batches before are stored.
    """
    started = time.perf_counter()
    computed_at = ctx.now()
    report = Report(total=ctx.graph.read("jobs/user_count")[0]["users"])
    after = 0  # no user has id 0
    while ids := [row["id"] for row in ctx.graph.read("jobs/user_ids", after=after, limit=batch)]:
        lists = rank_batch(ctx, ids)
        store.save(lists, computed_at)
        report.users += len(lists)
        report.suggestions += sum(len(items) for items in lists.values())
        report.without += sum(not items for items in lists.values())
        report.seconds = time.perf_counter() - started
        progress(report)
        after = ids[-1]
    report.seconds = time.perf_counter() - started
    return report


def rank_batch(ctx: Context, user_ids: list[int]) -> dict[int, list[Suggested]]:
    """The first :data:`MAX_ITEMS` of each user's live ranking (:func:`social.discovery.rank_suggestions`), all at once.

    The same rule: accounts followed by the accounts the user followed among
    their :data:`social.discovery.RECENT_FOLLOWINGS` newest follows, by how
    many of those follow them, then newest account first; never the user,
    an account they follow or asked to follow, or one blocked either way.
    """
    follows: dict[int, list[Row]] = {user_id: [] for user_id in user_ids}
    for row in ctx.graph.read("jobs/followings", users=user_ids):
        if row["id"] is not None:
            follows[row["user"]].append(row)
    recent = {
        user_id: sorted(rows, key=lambda row: row["seq"], reverse=True)[: discovery.RECENT_FOLLOWINGS]
        for user_id, rows in follows.items()
    }
    theirs = _followed_ids(ctx, sorted({row["id"] for rows in recent.values() for row in rows}))
    kept_out = {row["user"]: {*row["asked"], *row["blocked"]} for row in ctx.graph.read("jobs/kept_out", users=user_ids)}
    return {
        user_id: _ranking(recent[user_id], theirs, {user_id, *kept_out.get(user_id, ()), *(row["id"] for row in follows[user_id])})
        for user_id in user_ids
    }


def _followed_ids(ctx: Context, user_ids: list[int]) -> dict[int, list[int]]:
    """The ids each of ``user_ids`` follows."""
    followed: dict[int, list[int]] = collections.defaultdict(list)
    for row in ctx.graph.read("jobs/followed_ids", users=user_ids) if user_ids else ():
        if row["id"] is not None:
            followed[row["user"]].append(row["id"])
    return followed


def _ranking(recent: list[Row], theirs: dict[int, list[int]], never: set[int]) -> list[Suggested]:
    """One user's list from their ``recent`` follows, whom those follow, and whom ``never`` to suggest."""
    mutuals: dict[int, list[Row]] = collections.defaultdict(list)
    for mutual in recent:
        for candidate in theirs.get(mutual["id"], ()):
            if candidate not in never:
                mutuals[candidate].append(mutual)
    best = sorted(mutuals.items(), key=lambda item: (len(item[1]), item[0]), reverse=True)[:MAX_ITEMS]
    return [discovery.suggested(candidate, len(rows), rows) for candidate, rows in best]
