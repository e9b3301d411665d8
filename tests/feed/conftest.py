"""Feeds over a real redis-server: the app's cache, timelines and fan-out jobs, with the in-process worker."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator

import dramatiq
import pytest
import redis

from feed.cache import Cache
from feed.fanout import FanOutJobs
from feed.timelines import MAX_ITEMS, Timelines
from graph.gateway import Graph
from instagraph.settings import Settings
from social.context import Context
from tests.conftest import make_context


@dataclasses.dataclass
class Feeds:
    """A context whose feeds run on Redis, and the fan-out jobs' worker (running, or stopped by the test)."""

    ctx: Context
    jobs: FanOutJobs
    timelines: Timelines
    worker: dramatiq.Worker
    running: bool = True
    started: bool = True

    def settle(self) -> None:
        """Wait until every fan-out job enqueued so far has run."""
        self.jobs.join()

    def run_jobs(self) -> None:
        """Start the worker if it never ran (jobs queued until now run in any order), then :meth:`settle`."""
        if not self.started:
            self.worker.start()
            self.running = self.started = True
        self.settle()

    def stop_jobs(self) -> None:
        """Stop the worker: what is enqueued from now on is never run (read-time checks alone must hold)."""
        if self.running:
            self.worker.stop()
            self.running = False


def redis_feeds(
    settings: Settings,
    graph: Graph,
    redis_url: str,
    *,
    max_followers: int = 10_000,
    max_items: int = MAX_ITEMS,
    start: bool = True,
) -> Feeds:
    """A context with Redis timelines and an in-process fan-out worker (started unless told), as the embedded server runs them."""
    settings = settings.replace(redis_url=redis_url, fanout_max_followers=max_followers)
    cache = Cache.from_settings(settings)
    timelines = Timelines(cache, settings.timeline_ttl, max_items=max_items)
    jobs = FanOutJobs(graph, timelines, cache, max_followers)
    ctx = dataclasses.replace(make_context(settings, graph), cache=cache, timelines=timelines, fanout=jobs)
    worker = jobs.worker()
    if start:
        worker.start()
    return Feeds(ctx, jobs, timelines, worker, running=start, started=start)


@pytest.fixture
def feeds_with(
    settings: Settings, graph: Graph, redis_client: redis.Redis, redis_url: str
) -> Iterator[Callable[..., Feeds]]:
    """Makes feeds on the session's redis-server (emptied for this test) with other settings; stops their jobs after."""
    made: list[Feeds] = []

    def make(**options: int) -> Feeds:
        made.append(redis_feeds(settings, graph, redis_url, **options))
        return made[-1]

    yield make
    for one in made:
        one.stop_jobs()


@pytest.fixture
def feeds(feeds_with: Callable[..., Feeds]) -> Feeds:
    """Feeds on the session's redis-server (emptied for this test), with the default settings."""
    return feeds_with()
