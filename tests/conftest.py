"""Fixtures that build real parts: a fresh LadybugDB file per test, a real redis-server, the app."""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import falcon.testing
import pytest
import redis
from argon2 import PasswordHasher

from feed.counters import MemoryCounters
from graph.backends.ladybug import LadybugGraph
from graph.gateway import Graph
from graph.ids import IdGenerator
from graph.migrations import setup_schema
from instagraph.settings import Settings
from media.local import LocalMediaStore
from social.context import Context
from tests.ports import free_port
from tests.served import Server


CHEAP_PASSWORDS = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
"""argon2id with the smallest sensible cost: tests hash hundreds of passwords."""


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    """``instagraph serve`` running on a fresh home, stopped after the test."""
    running = Server(tmp_path / "home", tmp_path)
    running.start()
    yield running
    running.stop()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings for an embedded instance under a fresh temporary home."""
    return Settings.from_env({"INSTAGRAPH_HOME": str(tmp_path / "home"), "INSTAGRAPH_SECRET_KEY": "test-secret"})


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An embedded home for in-process runs of the CLI (``cli.main.main``), the caller's INSTAGRAPH_* cleared."""
    for key in [k for k in os.environ if k.startswith("INSTAGRAPH_")]:
        monkeypatch.delenv(key)
    folder = tmp_path / "home"
    monkeypatch.setenv("INSTAGRAPH_HOME", str(folder))
    monkeypatch.setenv("INSTAGRAPH_SECRET_KEY", "test-secret")
    return folder


@pytest.fixture
def graph(settings: Settings) -> Iterator[LadybugGraph]:
    """A fresh LadybugDB file with the schema installed."""
    graph = LadybugGraph.from_url(settings.graph_url)
    setup_schema(graph)
    yield graph
    graph.close()


def make_context(settings: Settings, graph: Graph) -> Context:
    """The rules' collaborators for tests: in-process counters, media on disk under the settings' home."""
    return Context(
        settings=settings,
        graph=graph,
        counters=MemoryCounters(),
        media_store=LocalMediaStore.from_settings(settings),
        new_id=IdGenerator(),
        passwords=CHEAP_PASSWORDS,
    )


@pytest.fixture
def context(settings: Settings, graph: LadybugGraph) -> Context:
    """The rules' collaborators over the fresh graph, with in-process counters and media on disk."""
    return make_context(settings, graph)


@pytest.fixture
def client(context: Context) -> falcon.testing.TestClient:
    """Falcon's testing client around the real app."""
    from api.app import create_app

    return falcon.testing.TestClient(create_app(context))


class RedisServer:
    """A real ``redis-server`` on a free port, without persistence, that a test may kill."""

    def __init__(self, folder: Path) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            pytest.fail("redis-server is not installed; `make test` installs it")
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self._process = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(folder)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port)
        for attempt in itertools.count():
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if self._process.poll() is not None or attempt > 200:
                    pytest.fail("redis-server did not start")
                time.sleep(0.02)
        client.close()

    def kill(self) -> None:
        """SIGKILL the server (what a crashed or unreachable Redis looks like to clients)."""
        self._process.kill()
        self._process.wait(timeout=10)

    def stop(self) -> None:
        self._process.terminate()
        self._process.wait(timeout=10)


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real ``redis-server`` on a free port for the whole test session."""
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    yield server.url
    server.stop()


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[RedisServer]:
    """A ``redis-server`` of this test's own, which the test may kill."""
    server = RedisServer(tmp_path)
    yield server
    server.stop()


@pytest.fixture
def redis_client(redis_url: str) -> Iterator[redis.Redis]:
    """A client of the session's redis-server, emptied before each test."""
    client = redis.Redis.from_url(redis_url)
    client.flushdb()
    yield client
    client.close()
