"""What every user action needs, built once per process and passed in."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from datetime import datetime, timezone

from argon2 import PasswordHasher

from feed.cache import Cache
from feed.counters import Counters
from feed.fanout import FanOut, NoFanOut
from feed.memo import Memo
from feed.objects import LocalObjectCache, ObjectCache
from feed.timelines import Timelines
from graph.gateway import Graph
from graph.ids import IdGenerator
from instagraph.settings import Settings
from media.store import MediaStore
from social.pagination import Cursors


def utc_now() -> datetime:
    """The current time as naive UTC (the graph stores naive UTC, see CYPHER.md)."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


@dataclasses.dataclass(frozen=True)
class Context:
    """The collaborators of the rules.

    Attributes:
        settings: the process's settings.
        graph: the graph gateway.
        counters: windowed counters (login throttling), in Redis or in-process.
        media_store: where photos' image bytes live (local disk or S3).
        cache: the Redis of timelines and stored suggestions (``None``: no Redis).
        timelines: home timelines in that Redis (``None``: feeds come from the graph).
        fanout: keeps timelines current when photos and follows change.
        memo: viewer-independent values this process recomputes once per period.
        objects: hot cards, relations and sessions (:mod:`social.cached`); in
            this process by default (the embedded graph's one process).
        new_id: makes time-sortable ids.
        now: the clock, naive UTC (tests pass their own).
        passwords: the argon2 hasher (tests pass a cheap one).
    """

    settings: Settings
    graph: Graph
    counters: Counters
    media_store: MediaStore
    cache: Cache | None = None
    timelines: Timelines | None = None
    fanout: FanOut = dataclasses.field(default_factory=NoFanOut)
    memo: Memo = dataclasses.field(default_factory=Memo)
    objects: ObjectCache = dataclasses.field(default_factory=LocalObjectCache)
    new_id: Callable[[], int] = dataclasses.field(default_factory=IdGenerator)
    now: Callable[[], datetime] = utc_now
    passwords: PasswordHasher = dataclasses.field(default_factory=PasswordHasher)

    @functools.cached_property
    def cursors(self) -> Cursors:
        """Signs and checks paging cursors with the server's secret."""
        return Cursors(self.settings.secret_key)
