"""Stored suggestions in Redis: each user's people-you-may-know list as ``instagraph jobs suggestions`` computed it.

This module alone knows a stored list's key (:func:`key`), its length
(:data:`MAX_ITEMS`) and its value: JSON ``{"computed_at": ISO 8601 naive
UTC, "items": [[user id, mutual count, [named mutual, …]], …]}``, best
first, arrays rather than objects because a list is stored for every user.
A list is served while it is younger than the max age
(``INSTAGRAPH_SUGGESTIONS_MAX_AGE``); its key expires :data:`TTL_MARGIN`
after that, so a list the job stopped refreshing (a deleted account, a job
no longer run) leaves Redis on its own, and one read in the margin is known
to be stale by its ``computed_at``.

A stored list is a snapshot, never a grant: :mod:`social.discovery` checks
every item against the graph before it is shown.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta

import redis

from feed.cache import Cache

MAX_ITEMS = 100
"""Suggestions stored per user: five pages of 20."""

TTL_MARGIN = timedelta(hours=1)
"""How much longer than the max age a stored list's key lives."""

KEY_PREFIX = "instagraph:suggestions:"


def key(user_id: int) -> str:
    """The Redis key of ``user_id``'s stored suggestions."""
    return f"{KEY_PREFIX}{user_id}"


@dataclasses.dataclass(frozen=True)
class Suggested:
    """One stored suggestion.

    Attributes:
        user_id: the account suggested.
        mutual_count: how many of the viewer's recent follows followed it.
        named: the usernames its reason names, most recently followed first.
    """

    user_id: int
    mutual_count: int
    named: tuple[str, ...]


class SuggestionStore:
    """Users' stored suggestions in Redis.

    Args:
        cache: the Redis behind a breaker; its failures surface as
            :class:`feed.cache.CacheUnavailable`.
        max_age: how long after its ``computed_at`` a list is served.
    """

    def __init__(self, cache: Cache, max_age: timedelta) -> None:
        self._cache = cache
        self._max_age = max_age

    def save(self, lists: Mapping[int, Sequence[Suggested]], computed_at: datetime) -> None:
        """Store each user's list (the first :data:`MAX_ITEMS`), all in one round trip."""
        ttl = self._max_age + TTL_MARGIN
        stamp = computed_at.isoformat()

        def queue(pipe: redis.client.Pipeline) -> None:
            for user_id, items in lists.items():
                rows = [[item.user_id, item.mutual_count, list(item.named)] for item in items[:MAX_ITEMS]]
                value = json.dumps({"computed_at": stamp, "items": rows}, separators=(",", ":"))
                pipe.set(key(user_id), value, ex=ttl)

        self._cache.pipeline(queue)

    def load(self, user_id: int, now: datetime) -> list[Suggested] | None:
        """``user_id``'s stored list if it was computed less than the max age before ``now``, else ``None``."""
        value = self._cache.run(lambda client: client.get(key(user_id)))
        if value is None:
            return None
        stored = json.loads(value)
        if now - datetime.fromisoformat(stored["computed_at"]) > self._max_age:
            return None
        return [Suggested(user_id, mutual_count, tuple(named)) for user_id, mutual_count, named in stored["items"]]
