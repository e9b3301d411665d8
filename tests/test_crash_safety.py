"""Crash safety: the real server is SIGKILLed in the middle of a stream of writes, again and again.

Several clients upload photos, like, comment and follow over real HTTP
while the server is killed at random moments (master and worker at once,
nothing gets to clean up), restarted on the same home, and written to again.
Afterwards:

- every write that was acknowledged (a 2xx reached its client) is there;
- nothing unacknowledged is half there: once ``instagraph media sweep`` has
  run, every photo has its image bytes and every stored image belongs to a
  photo;
- every stored counter equals the live count it stands for.
"""

from __future__ import annotations

import dataclasses
import http.client
import random
import subprocess
import sys
import threading
import time
from pathlib import Path

from graph.backends.ladybug import LadybugGraph
from social.media import keys_of
from tests.counters import assert_counters_match
from tests.factories.images import jpeg_bytes
from tests.served import REPO, Server, environment

ROUNDS = 3
CLIENTS = 4
PASSWORD = "correct horse battery"
IMAGE = jpeg_bytes(48, 32)


@dataclasses.dataclass
class Ledger:
    """The writes the server acknowledged, as their clients saw them."""

    photos: set[int] = dataclasses.field(default_factory=set)
    likes: set[tuple[int, int]] = dataclasses.field(default_factory=set)
    comments: set[int] = dataclasses.field(default_factory=set)
    follows: set[tuple[int, int]] = dataclasses.field(default_factory=set)
    answered: int = 0
    failures: list[str] = dataclasses.field(default_factory=list)
    lock: threading.Lock = dataclasses.field(default_factory=threading.Lock)

    def known_photos(self) -> list[int]:
        with self.lock:
            return sorted(self.photos)


@dataclasses.dataclass(frozen=True)
class Client:
    id: int
    username: str
    token: str


def _write(server: Server, me: Client, everyone: list[Client], ledger: Ledger, rng: random.Random) -> None:
    """One random write as ``me``; recorded in the ledger only when acknowledged."""
    photos = ledger.known_photos()
    kind = rng.choice(["upload", "like", "comment", "follow"] if photos else ["upload"])
    if kind == "upload":
        answer = server.upload(me.token, IMAGE, caption=f"#crash {rng.random()}")
        record = lambda: ledger.photos.add(int(answer.json()["id"]))  # noqa: E731
    elif kind == "like":
        photo = rng.choice(photos)
        answer = server.request("POST", f"/v1/photos/{photo}/like", token=me.token)
        record = lambda: ledger.likes.add((me.id, photo))  # noqa: E731
    elif kind == "comment":
        photo = rng.choice(photos)
        answer = server.request("POST", f"/v1/photos/{photo}/comments", {"text": "still here?"}, token=me.token)
        record = lambda: ledger.comments.add(int(answer.json()["id"]))  # noqa: E731
    else:
        them = rng.choice([c for c in everyone if c is not me])
        answer = server.request("POST", f"/v1/users/{them.username}/follow", token=me.token)
        record = lambda: ledger.follows.add((me.id, them.id))  # noqa: E731
    if answer.status >= 500 and answer.status != 503:  # 503: the graph went away under it
        with ledger.lock:
            ledger.failures.append(f"{kind}: {answer.status} {answer.body[:300]!r}")
    if 200 <= answer.status < 300:
        with ledger.lock:
            record()
            ledger.answered += 1


def _stream(server: Server, me: Client, everyone: list[Client], ledger: Ledger, stop: threading.Event, seed: int) -> None:
    rng = random.Random(seed)
    while not stop.is_set():
        try:
            _write(server, me, everyone, ledger, rng)
        except (OSError, http.client.HTTPException):  # the server is down: keep trying until the round ends
            time.sleep(0.01)


def _sign_up(server: Server, username: str) -> Client:
    assert server.request("POST", "/v1/accounts", {"username": username, "password": PASSWORD}).status == 201
    token = server.request("POST", "/v1/sessions", {"username": username, "password": PASSWORD}).json()["token"]
    return Client(int(server.request("GET", "/v1/me", token=token).json()["id"]), username, token)


def _sweep(home: Path) -> None:
    swept = subprocess.run(
        [sys.executable, "-m", "cli.main", "media", "sweep", "--older-than", "0"],
        cwd=REPO,
        env=environment(home),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert swept.returncode == 0, swept.stderr


def test_acknowledged_writes_survive_sigkill_and_nothing_is_half_written(tmp_path: Path) -> None:
    server = Server(tmp_path / "home", tmp_path)
    server.start()
    clients = [_sign_up(server, f"crash{n}") for n in range(CLIENTS)]
    ledger, rng = Ledger(), random.Random(7)
    for round_ in range(ROUNDS):
        stop = threading.Event()
        streams = [
            threading.Thread(target=_stream, args=(server, me, clients, ledger, stop, round_ * CLIENTS + n))
            for n, me in enumerate(clients)
        ]
        for stream in streams:
            stream.start()
        time.sleep(rng.uniform(1.0, 2.5))
        server.kill()
        stop.set()
        for stream in streams:
            stream.join(timeout=60)
        server.start()
    _sweep(server.home)
    assert server.stop() == 0
    assert ledger.answered > 20, "too few writes reached the server to say anything"
    assert not ledger.failures, ledger.failures
    _assert_whole(server.home, ledger)


def _assert_whole(home: Path, ledger: Ledger) -> None:
    graph = LadybugGraph(home / "graph", read_only=True)
    try:
        column = lambda query: {row[0] for row in graph.execute(query)[1]}  # noqa: E731
        pairs = lambda query: {tuple(row) for row in graph.execute(query)[1]}  # noqa: E731
        photos = {row[0]: row[1] for row in graph.execute("MATCH (p:Photo) RETURN p.id, p.media")[1]}
        assert ledger.photos <= set(photos)
        assert ledger.likes <= pairs("MATCH (u:User)-[:LIKED]->(p:Photo) RETURN u.id, p.id")
        assert ledger.comments <= column("MATCH (c:Comment) RETURN c.id")
        assert ledger.follows <= pairs("MATCH (a:User)-[:FOLLOWS]->(b:User) RETURN a.id, b.id")
        assert_counters_match(graph)
    finally:
        graph.close()
    stored = {path.relative_to(home / "media").as_posix() for path in (home / "media").rglob("*.jpg")}
    referenced = {key for media in photos.values() for key in keys_of(media)}
    assert referenced <= stored, "a photo lost its image bytes"
    assert stored <= referenced, "image bytes outlived the sweep without a photo"

