"""Where fan-out jobs run: `instagraph worker` (Neo4j), or inside `instagraph serve` on the embedded graph."""

from __future__ import annotations

import io
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from cli.worker import work_until
from feed.timelines import key
from graph.gateway import Graph
from instagraph.settings import Settings
from social import follows
from tests.conftest import RedisServer
from tests.factories.images import jpeg_bytes
from tests.feed.conftest import redis_feeds
from tests.feed.test_home_feed import post, walk
from tests.factories.users import make_user
from tests.served import REPO, Server, environment


def worker_command(home: Path, **settings: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cli.main", "worker"],
        cwd=REPO,
        env=environment(home, **settings),
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_worker_refuses_the_embedded_graph_whose_server_runs_the_jobs(tmp_path: Path, redis_url: str) -> None:
    result = worker_command(tmp_path, INSTAGRAPH_REDIS_URL=redis_url)
    assert result.returncode == 2
    assert "instagraph serve` runs the fan-out jobs itself" in result.stderr
    assert not (tmp_path / "graph").exists()  # it did not even open the file


def test_the_worker_refuses_to_run_without_redis(tmp_path: Path) -> None:
    result = worker_command(tmp_path, INSTAGRAPH_GRAPH_URL="neo4j://graph.invalid:7687")
    assert result.returncode == 2
    assert "INSTAGRAPH_REDIS_URL is not set" in result.stderr


def test_the_worker_loop_runs_jobs_reports_progress_and_sums_up(
    settings: Settings, graph: Graph, redis_client: redis.Redis, redis_url: str
) -> None:
    feeds = redis_feeds(settings, graph, redis_url, start=False)  # an API server that only enqueues
    ctx = feeds.ctx
    me, ann = make_user(ctx), make_user(ctx, "ann")
    follows.follow(ctx, me["id"], "ann")
    walk(ctx, me)
    photo = post(ctx, ann)
    out, stop = io.StringIO(), threading.Event()
    loop = threading.Thread(target=work_until, args=(feeds.jobs, stop), kwargs={"threads": 1, "out": out, "every": 0.05})
    loop.start()
    feeds.settle()
    time.sleep(0.1)
    stop.set()
    loop.join(timeout=30)
    assert redis_client.zscore(key(me["id"]), f"{photo:019d}") == 0
    lines = out.getvalue().splitlines()
    assert "running fan-out jobs with 1 threads" in lines[0]
    assert any("jobs done, 0 failed (retried)" in line for line in lines[1:-1])
    assert lines[-1] == "worker: stopped; 2 jobs done, 0 failed"  # the follow's merge and the post's push


@pytest.fixture
def redis_server(tmp_path: Path, own_redis: RedisServer) -> Iterator[tuple[Server, RedisServer]]:
    server = Server(tmp_path / "home", tmp_path, INSTAGRAPH_REDIS_URL=own_redis.url)
    server.start()
    yield server, own_redis
    server.stop()


def test_the_embedded_server_fans_out_in_its_own_process_and_outlives_redis(redis_server: tuple[Server, RedisServer]) -> None:
    server, redis_process = redis_server
    tokens = {}
    for name in ("ann", "bob"):
        assert server.request("POST", "/v1/accounts", {"username": name, "password": "correct horse"}).status == 201
        tokens[name] = server.request("POST", "/v1/sessions", {"username": name, "password": "correct horse"}).json()["token"]
    bob_id = server.request("GET", "/v1/me", token=tokens["bob"]).json()["id"]
    assert server.request("POST", "/v1/users/ann/follow", token=tokens["bob"]).status == 200
    assert server.request("GET", "/v1/feed", token=tokens["bob"]).json()["items"] == []  # builds bob's timeline
    posted = server.upload(tokens["ann"], jpeg_bytes(32, 32), caption="fanned out")
    assert posted.status == 201, posted.body
    photo = posted.json()["id"]

    client = redis.Redis.from_url(redis_process.url)
    deadline = time.monotonic() + 10
    while client.zscore(key(int(bob_id)), f"{int(photo):019d}") is None:  # pushed by the server's own worker
        assert time.monotonic() < deadline, "the photo was never fanned out"
        time.sleep(0.05)
    assert [p["id"] for p in server.request("GET", "/v1/feed", token=tokens["bob"]).json()["items"]] == [photo]
    assert server.request("GET", "/readyz").json() == {
        "status": "ready",
        "checks": {"graph": "ok", "media_store": "ok", "counters": "ok", "cache": "ok"},
    }

    redis_process.kill()
    feed = server.request("GET", "/v1/feed", token=tokens["bob"])
    assert (feed.status, [p["id"] for p in feed.json()["items"]]) == (200, [photo])
    ready = server.request("GET", "/readyz")
    assert (ready.status, ready.json()["status"], ready.json()["checks"]["cache"]) == (200, "degraded", "degraded")

