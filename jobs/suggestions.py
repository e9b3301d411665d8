"""The recommendation job: every user's people-you-may-know list, computed from the graph and stored in Redis.

Each list is the live ranking's (:func:`social.discovery.rank_suggestions`,
the very query ``GET /v1/me/suggestions`` runs without a stored list), cut
to :data:`feed.suggestions.MAX_ITEMS`, and stored with the time the job
started as its ``computed_at``: every list is at least as fresh as that.
The job only reads the graph, through the read path, so it runs beside the
servers: on Neo4j the reads go to the followers; on the embedded graph the
caller opens the file read-only, beside ``instagraph serve``, and the job
sees the graph as it was when the file was opened (what the stamp says).
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable

from feed.suggestions import MAX_ITEMS, SuggestionStore
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
        lists = {user_id: discovery.rank_suggestions(ctx, user_id, limit=MAX_ITEMS) for user_id in ids}
        store.save(lists, computed_at)
        report.users += len(lists)
        report.suggestions += sum(len(items) for items in lists.values())
        report.without += sum(not items for items in lists.values())
        report.seconds = time.perf_counter() - started
        progress(report)
        after = ids[-1]
    report.seconds = time.perf_counter() - started
    return report
