"""Fan-out: the background jobs that keep Redis timelines current, on Dramatiq.

Jobs keep timelines in step with the graph (:mod:`feed.timelines` pairs
every write with its inverse): a posted photo is pushed into its owner's
followers' timelines and a deleted one taken out of them; a follow, an
unfollow or a block makes the follower's timeline agree with the follow as
it stands (the account's recent photos in, or out), so jobs may run in any
order. The request that caused a job only enqueues it (one Redis call),
so posting to 100,000 followers answers as fast as posting to 10. Accounts
with more than ``INSTAGRAPH_FANOUT_MAX_FOLLOWERS`` followers are not fanned
out: their photos go to their own posts timeline, which :mod:`social.feeds`
merges into each follower's feed when it is read.

Why Dramatiq rather than RQ: Dramatiq's :class:`~dramatiq.Worker` is a plain
object of threads that any process can start and stop (no fork per job, no
signal handlers), so the embedded deployment runs it inside the server
process: the one process allowed to open the LadybugDB file for writing, the
only one that sees current follows (a read-only open sees a snapshot). On
Neo4j, ``instagraph worker`` runs the same jobs in processes of their own.
Retries with exponential backoff, and redelivery of the messages of a worker
that died, come with it.

Jobs are idempotent (adding or removing the same ids twice changes nothing),
so a message delivered twice does no harm. What a timeline holds is checked
against the privacy rule when it is read, so a job that runs late or not at
all never shows anyone a photo they may not see; it only leaves a timeline
short until its next rebuild. A post made while Redis is unreachable cannot
be enqueued at all: its followers see it once their timelines are rebuilt
(after ``INSTAGRAPH_TIMELINE_TTL`` without a read) — availability over
consistency.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable, Iterator
from typing import Protocol

import dramatiq
from dramatiq.brokers.redis import RedisBroker

from feed.cache import Cache, CacheUnavailable
from feed.timelines import POSTS, PUSH_BATCH, Timelines
from graph.gateway import Graph
from instagraph.settings import Settings

QUEUE = "timelines"
NAMESPACE = "instagraph:jobs"
WORKER_THREADS = 2
IDLE_POLL_MS = 250
"""How long an idle worker thread waits between polls of the queue (Dramatiq backs off up to this)."""

_log = logging.getLogger(__name__)


class FanOut(Protocol):
    """What the rules tell the feed when feeds change."""

    def photo_posted(self, photo_id: int, owner_id: int) -> None:
        """A photo was posted."""

    def photo_deleted(self, photo_id: int, owner_id: int) -> None:
        """A photo was deleted."""

    def follow_changed(self, follower_id: int, owner_id: int) -> None:
        """Whether ``follower_id`` follows ``owner_id`` may have changed (a follow, an approval, an unfollow, a
        removal, a block): the job reads the follow as it stands, so one kind serves both directions."""


class NoFanOut:
    """The embedded default without Redis: feeds are read from the graph, so there is nothing to keep current."""

    def photo_posted(self, photo_id: int, owner_id: int) -> None:
        pass

    def photo_deleted(self, photo_id: int, owner_id: int) -> None:
        pass

    def follow_changed(self, follower_id: int, owner_id: int) -> None:
        pass


class Tally(dramatiq.Middleware):
    """Counts the jobs this process ran, by outcome (what ``instagraph worker`` reports)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.done = 0
        self.failed = 0

    def after_process_message(self, broker: dramatiq.Broker, message: dramatiq.Message, *, result: object = None, exception: BaseException | None = None) -> None:
        with self._lock:
            if exception is None:
                self.done += 1
            else:
                self.failed += 1  # Dramatiq retries it with backoff


class FanOutJobs:
    """The fan-out jobs on a Dramatiq Redis broker: enqueued by the API, run by a worker.

    Args:
        graph: where followers and photos are read.
        timelines: the timelines the jobs write.
        cache: the Redis the queue lives in (its breaker guards enqueueing).
        max_followers: accounts with more followers are merged at read time instead.
    """

    def __init__(self, graph: Graph, timelines: Timelines, cache: Cache, max_followers: int) -> None:
        self._graph = graph
        self._timelines = timelines
        self._cache = cache
        self._max_followers = max_followers
        self.broker = RedisBroker(client=cache.client, namespace=NAMESPACE)
        self.tally = Tally()
        self.broker.add_middleware(self.tally)
        self._push = self._actor(self.push_photo)
        self._unpush = self._actor(self.unpush_photo)
        self._sync = self._actor(self.sync_account)

    def _actor(self, fn: Callable[..., None]) -> dramatiq.Actor:
        return dramatiq.Actor(fn, broker=self.broker, actor_name=fn.__name__, queue_name=QUEUE, priority=0, options={})

    # What the rules call: enqueue, never fail the request that caused it.

    def photo_posted(self, photo_id: int, owner_id: int) -> None:
        """The owner's own timeline at once (they see their post on their next read), the followers' by a job."""
        try:
            self._timelines.push([owner_id], photo_id)
        except CacheUnavailable as error:
            _log.warning("fan-out: could not push %s to its owner's timeline: %s", photo_id, error)
        self._send(self._push, photo_id)

    def photo_deleted(self, photo_id: int, owner_id: int) -> None:
        self._send(self._unpush, photo_id, owner_id)

    def follow_changed(self, follower_id: int, owner_id: int) -> None:
        self._send(self._sync, follower_id, owner_id)

    def _send(self, actor: dramatiq.Actor, *args: int) -> None:
        try:
            self._cache.run(lambda _: actor.send(*args))
        except CacheUnavailable as error:  # the graph still answers every feed; see the module's docstring
            _log.warning("fan-out: could not enqueue %s%s: %s", actor.actor_name, args, error)

    # The jobs.

    def push_photo(self, photo_id: int) -> None:
        """Push a new photo into its owner's followers' timelines, or, for an account too big, into its posts.

        The owner's own timeline got it when they posted (:meth:`photo_posted`).
        """
        for source in self._graph.read("feeds/fan_out_source", photo=photo_id):
            if source["follower_count"] <= self._max_followers:
                self._timelines.push(self._followers(source["owner"]), photo_id)
            else:
                self._timelines.push([source["owner"]], photo_id, POSTS)

    def unpush_photo(self, photo_id: int, owner_id: int) -> None:
        """Take a deleted photo out of its owner's timeline and posts, and their followers' timelines."""
        self._timelines.unpush([owner_id], [photo_id], POSTS)
        self._timelines.unpush(itertools.chain([owner_id], self._followers(owner_id)), [photo_id])

    def sync_account(self, follower_id: int, owner_id: int) -> None:
        """Make a timeline agree with the graph about one account: its recent photos in while followed, out otherwise.

        A follow and an unfollow of the same account enqueue this same job,
        and Dramatiq runs jobs in no particular order: each reads the follow
        as it stands when it runs, so whichever runs last leaves the timeline
        as the graph says (a merge job and an unmerge job run in the wrong
        order had left a followed account's photos out for good). One's own
        photos always stay ("unfollowing" oneself is a no-op the API allows).
        """
        photos = self._recent_photos(owner_id)
        state = self._graph.read("follows/state", viewer=follower_id, target=owner_id)
        if follower_id == owner_id or (state and state[0]["following"]):
            self._timelines.merge(follower_id, photos)
        else:
            self._timelines.unpush([follower_id], photos)

    def _followers(self, owner_id: int) -> Iterator[int]:
        """Every follower's id, read a page at a time (a huge account's list is never held whole)."""
        after = 0
        while page := self._graph.read("feeds/follower_ids_page", owner=owner_id, after=after, limit=PUSH_BATCH):
            yield from (row["id"] for row in page)
            after = page[-1]["id"]

    def _recent_photos(self, owner_id: int) -> list[int]:
        return [row["id"] for row in self._graph.read("feeds/recent_photo_ids", owner=owner_id, limit=self._timelines.max_items)]

    def worker(self, threads: int = WORKER_THREADS) -> dramatiq.Worker:
        """A worker of these jobs (not started): in the server process on LadybugDB, ``instagraph worker`` on Neo4j."""
        return dramatiq.Worker(self.broker, queues={QUEUE}, worker_threads=threads, worker_timeout=IDLE_POLL_MS)

    def join(self, timeout_ms: int = 30_000) -> None:
        """Wait until every enqueued job has run (tests and benchmarks)."""
        self.broker.join(QUEUE, timeout=timeout_ms)



def open_fanout(settings: Settings, graph: Graph, timelines: Timelines | None, cache: Cache | None) -> FanOut:
    """The fan-out for these settings; on the embedded graph its worker is started in this process.

    No Redis: :class:`NoFanOut`. With Neo4j the jobs are only enqueued here
    and ``instagraph worker`` runs them.
    """
    if timelines is None or cache is None:
        return NoFanOut()
    jobs = FanOutJobs(graph, timelines, cache, settings.fanout_max_followers)
    if settings.embedded_graph:
        jobs.worker().start()
    return jobs
