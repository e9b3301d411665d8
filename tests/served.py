"""``instagraph serve`` as a real process on a free port, for the tests that talk to it over real HTTP."""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.ports import free_port

REPO = Path(__file__).resolve().parents[1]
START_TIMEOUT = 60.0
ALICE = {"username": "alice", "password": "correct horse"}


def environment(home: Path, **settings: str) -> dict[str, str]:
    """The test's environment without any INSTAGRAPH_* of the caller's, the home in ``home``, plus ``settings``."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("INSTAGRAPH_")}
    env.update(INSTAGRAPH_HOME=str(home), PYTHONUNBUFFERED="1", **settings)
    return env


def answered_in_time(process: subprocess.Popen[bytes], answers: Callable[[], bool], timeout: float) -> bool:
    """Whether ``answers()`` came true (an ``OSError``, such as a refused connection, is a not yet) before
    ``process`` ended and within ``timeout`` seconds; asked every 0.1 s."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if answers():
                return True
        except OSError:
            pass
        time.sleep(0.1)
    return False


class Response:
    """What the server answered: status, headers (lower-case names) and the decoded JSON body."""

    def __init__(self, status: int, headers: dict[str, str], body: bytes) -> None:
        self.status = status
        self.headers = headers
        self.body = body

    def json(self) -> Any:
        return json.loads(self.body)


class Server:
    """``instagraph serve`` in a child process on a free port, its output kept in files.

    ``settings`` are extra ``INSTAGRAPH_*`` variables (``INSTAGRAPH_REDIS_URL=…``).
    """

    def __init__(self, home: Path, logs: Path, **settings: str) -> None:
        self.home = home
        self.logs = logs
        self.settings = settings
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None
        self.starts = 0

    @property
    def stdout(self) -> str:
        return (self.logs / f"stdout-{self.starts}.log").read_text(errors="replace")

    @property
    def stderr(self) -> str:
        return (self.logs / f"stderr-{self.starts}.log").read_text(errors="replace")

    def start(self) -> None:
        """Start the server and wait until ``/healthz`` answers (another port if this one was taken)."""
        for _attempt in range(3):
            self.starts += 1
            self.port = free_port()
            with (
                open(self.logs / f"stdout-{self.starts}.log", "wb") as out,
                open(self.logs / f"stderr-{self.starts}.log", "wb") as err,
            ):
                self.process = subprocess.Popen(
                    [sys.executable, "-m", "cli.main", "serve", "--port", str(self.port), "--threads", "4"],
                    cwd=REPO,
                    env=environment(self.home, **self.settings),
                    stdin=subprocess.DEVNULL,
                    stdout=out,
                    stderr=err,
                )
            if self._wait_until_healthy():
                return
            if "in use" not in self.stderr:  # lost a race for the port: try another
                break
        pytest.fail(f"the server did not start\n--- stdout\n{self.stdout}\n--- stderr\n{self.stderr}")

    def _wait_until_healthy(self) -> bool:
        assert self.process is not None
        if answered_in_time(self.process, lambda: self.request("GET", "/healthz").status == 200, START_TIMEOUT):
            return True
        self.process.kill()
        self.process.wait()
        return False

    def kill(self) -> None:
        """SIGKILL gunicorn's master and its workers at once: a crash, not a stop (nothing gets to clean up)."""
        assert self.process is not None
        for pid in [*_descendants(self.process.pid), self.process.pid]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> int:
        """SIGTERM to gunicorn's master; its exit code."""
        assert self.process is not None
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
                pytest.fail("the server did not stop within 40 s of SIGTERM")
        return self.process.returncode

    def request(self, method: str, path: str, body: Any = None, token: str | None = None) -> Response:
        """One HTTP request over a fresh connection (a JSON body unless ``None``)."""
        if body is None:
            return self.send(method, path, token=token)
        return self.send(method, path, json.dumps(body).encode(), "application/json", token)

    def upload(self, token: str, image: bytes, **fields: str) -> Response:
        """``POST /v1/photos`` with a multipart body."""
        from tests.factories.photos import multipart

        body, content_type = multipart(image, **fields)
        return self.send("POST", "/v1/photos", body, content_type, token)

    def send(
        self,
        method: str,
        path: str,
        payload: bytes | None = None,
        content_type: str | None = None,
        token: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> Response:
        """One HTTP request with a raw body (and any extra ``headers``) over a fresh connection."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Accept": "application/json", **(headers or {})}
        if content_type is not None:
            headers["Content-Type"] = content_type
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        try:
            connection.request(method, path, body=payload, headers=headers)
            answer = connection.getresponse()
            return Response(answer.status, {k.lower(): v for k, v in answer.getheaders()}, answer.read())
        finally:
            connection.close()


def _descendants(pid: int) -> list[int]:
    """The processes below ``pid``, children first (from /proc, Linux)."""
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            for child in (task / "children").read_text().split():
                found += [int(child), *_descendants(int(child))]
    return found


def log_in(server: Server) -> Response:
    return server.request("POST", "/v1/sessions", ALICE)
