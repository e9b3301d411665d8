"""Timelines in Redis: each user's newest feed photo ids, and big accounts' newest posts.

Two kinds, one structure: a user's :data:`HOME` timeline (their feed,
pushed by fan-out) and, for accounts too big to fan out, their :data:`POSTS`
(their own photos, merged into each follower's feed when it is read). This
module alone knows a timeline's key (:func:`key`) and length
(:data:`MAX_ITEMS`); every write that adds ids has its inverse here
(:meth:`Timelines.push` / :meth:`Timelines.unpush`).

A timeline is a sorted set ordered by photo id. Ids are 64-bit and a sorted
set's score is a double (53 bits exact), so every member has score 0 and is
the id written as 19 zero-padded digits: equal scores sort by member, and
those strings sort exactly as the ids do. Paging is then a lexicographic
range before the cursor's id.

A timeline built from the graph holds the member :data:`_BUILT` ("0…0",
always first): without it the set is only what fan-out pushed since it
expired (pushes go to every follower and may create the key), and the
reader rebuilds it from the graph, merging what was pushed meanwhile.
A timeline keeps the newest :data:`MAX_ITEMS` ids; one that has reached that
length may have lost older ones, so a page that runs past its end is
continued from the graph.

What a timeline holds is a hint, never a grant: every id read from one goes
through the privacy rule before it is shown (:mod:`social.feeds`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

import redis

from feed.cache import Cache

MAX_ITEMS = 800
"""Ids a timeline keeps (Mastodon keeps 800 too): about 40 pages of 20, weeks of a typical feed."""

PUSH_BATCH = 1000
"""Followers' timelines written per pipeline during fan-out."""

HOME = "timeline"
POSTS = "posts"
"""The kinds of timeline: a user's home feed, an account's own posts."""

_DIGITS = 19  # len(str(2**63 - 1))
_BUILT = "0" * _DIGITS


def key(user_id: int, kind: str = HOME) -> str:
    """The Redis key of ``user_id``'s timeline of ``kind``."""
    return f"instagraph:{kind}:{user_id}"


def _member(photo_id: int) -> str:
    return f"{photo_id:0{_DIGITS}d}"


@dataclasses.dataclass(frozen=True)
class Slice:
    """Ids of a timeline before a cursor, newest first.

    Attributes:
        ids: at most the number asked for.
        whole: the timeline holds every feed photo older than these (it was
            never trimmed), so running short of ids means the feed ends.
    """

    ids: list[int]
    whole: bool


class Timelines:
    """Users' home timelines in Redis.

    Args:
        cache: the Redis behind a breaker; its failures surface as
            :class:`feed.cache.CacheUnavailable`.
        ttl: seconds an unread timeline lives (a read renews it).
        max_items: ids a timeline keeps (:data:`MAX_ITEMS`; tests pass a small one).
    """

    def __init__(self, cache: Cache, ttl: int, max_items: int = MAX_ITEMS) -> None:
        self._cache = cache
        self._ttl = ttl
        self.max_items = max_items

    def before(self, user_id: int, before: int, count: int, kind: str = HOME) -> Slice | None:
        """Up to ``count`` ids older than ``before``; ``None`` when the timeline must be rebuilt first."""
        return self.before_each([user_id], before, count, kind)[user_id]

    def before_each(self, user_ids: list[int], before: int, count: int, kind: str = HOME) -> dict[int, Slice | None]:
        """:meth:`before` for several timelines in one round trip."""

        def work(pipe: redis.client.Pipeline) -> None:
            for user_id in user_ids:
                name = key(user_id, kind)
                pipe.zscore(name, _BUILT)
                pipe.zcard(name)
                pipe.zrange(name, f"({_member(before)}", f"({_BUILT}", desc=True, bylex=True, offset=0, num=count)
                pipe.expire(name, self._ttl)

        answers = self._cache.pipeline(work)
        return {user_id: self._slice(*answers[4 * n : 4 * n + 3]) for n, user_id in enumerate(user_ids)}

    def _slice(self, built: float | None, size: int, members: list[bytes]) -> Slice | None:
        if built is None:
            return None
        return Slice([int(member) for member in members], whole=size - 1 < self.max_items)

    def fill(self, user_id: int, photo_ids: Iterable[int], kind: str = HOME) -> None:
        """Build a timeline from the graph's newest ids, keeping what fan-out pushed meanwhile."""
        members = {_member(photo_id): 0 for photo_id in photo_ids}
        members[_BUILT] = 0
        self._cache.pipeline(lambda pipe: self._add(pipe, key(user_id, kind), members, renew=True))

    def push(self, user_ids: Iterable[int], photo_id: int, kind: str = HOME) -> None:
        """Add a new photo to each user's timeline (fan-out), trimming each to ``max_items``."""
        member = {_member(photo_id): 0}
        for batch in _batches(user_ids):
            self._cache.pipeline(lambda pipe, batch=batch: [self._add(pipe, key(user_id, kind), member) for user_id in batch])

    def unpush(self, user_ids: Iterable[int], photo_ids: Iterable[int], kind: str = HOME) -> None:
        """Take photos out of each user's timeline (a deleted photo, an account unfollowed)."""
        members = [_member(photo_id) for photo_id in photo_ids]
        if not members:
            return
        for batch in _batches(user_ids):
            self._cache.pipeline(lambda pipe, batch=batch: [pipe.zrem(key(user_id, kind), *members) for user_id in batch])

    def merge(self, user_id: int, photo_ids: Iterable[int]) -> None:
        """Add an account's recent photos to one timeline (the user just followed it)."""
        members = {_member(photo_id): 0 for photo_id in photo_ids}
        if not members:
            return
        self._cache.pipeline(lambda pipe: self._add(pipe, key(user_id), members))

    def _add(self, pipe: redis.client.Pipeline, name: str, members: dict[str, int], *, renew: bool = False) -> None:
        """Add ids and trim to the newest ``max_items`` (the built mark stays at rank 0).

        A rebuild renews the timeline's life; a push only gives one to a key
        it created, so that pushes alone never keep an unread timeline alive.
        """
        pipe.zadd(name, members)
        pipe.zremrangebyrank(name, 1, -(self.max_items + 1))
        pipe.expire(name, self._ttl, nx=not renew)


def _batches(user_ids: Iterable[int]) -> Iterable[list[int]]:
    batch: list[int] = []
    for user_id in user_ids:
        batch.append(user_id)
        if len(batch) == PUSH_BATCH:
            yield batch
            batch = []
    if batch:
        yield batch
