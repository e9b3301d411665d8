"""The child processes of a load run: ``instagraph seed``, then a server (the API or the ceiling) on loopback.

Each child gets the caller's environment without its ``INSTAGRAPH_*``
settings (so a developer's own home, graph or Redis never leak in) except
``INSTAGRAPH_THREADS``, which the API and the ceiling both read, plus the run's
home, a fixed secret and ``INSTAGRAPH_RATE_LIMITS=off`` (the documented switch
for load tests: a few hundred tokens making thousands of requests a second
are no abuse).
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from types import TracebackType
from typing import Any

from cli.serve import gunicorn_options
from instagraph.settings import Settings
from tests.ports import free_port
from tests.served import answered_in_time

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "load test password"
"""Every seeded user's password."""

PASSED_ON = ("INSTAGRAPH_THREADS",)
"""The caller's settings the children keep: the thread count, to try others (``INSTAGRAPH_THREADS=16 make bench``)."""

START_TIMEOUT = 180.0
"""Seconds a server may take to answer /healthz (opening a large graph included)."""
STOP_TIMEOUT = 60.0
HOST = "127.0.0.1"


class BenchError(Exception):
    """A part of the load run failed; the message says which, with the end of its output."""


def environment(home: Path) -> dict[str, str]:
    """The environment of every child of a run whose data lives in ``home``."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("INSTAGRAPH_") or key in PASSED_ON}
    env.update(
        INSTAGRAPH_HOME=str(home),
        INSTAGRAPH_SECRET_KEY="load benchmark",
        INSTAGRAPH_RATE_LIMITS="off",
        PYTHONUNBUFFERED="1",
    )
    return env


def gunicorn_shape() -> str:
    """How both servers run: ``instagraph serve``'s gunicorn options in the children's environment."""
    options = gunicorn_options(Settings.from_env(environment(REPO / "var")))
    return (
        f"gunicorn {options['worker_class']}, {options['workers']} worker(s) × {options['threads']} threads, "
        f"{options['http_parser']} HTTP parser"
    )


def _tail(text: str, lines: int = 30) -> str:
    return "\n".join(text.splitlines()[-lines:])


def seed(home: Path, users: int) -> str:
    """``instagraph seed --users USERS --password PASSWORD`` into ``home``; its summary, on one line.

    Raises:
        BenchError: the command failed.
    """
    command = [sys.executable, "-m", "cli.main", "seed", "--users", str(users), "--password", PASSWORD]
    done = subprocess.run(command, cwd=REPO, env=environment(home), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BenchError(f"instagraph seed failed (exit {done.returncode}):\n{_tail(done.stderr)}")
    return ", ".join(" ".join(line.split()) for line in done.stdout.splitlines())


class Served:
    """A server in a child process on a free loopback port, from ``with`` to its end; its output in files.

    Args:
        name: what it is, for messages and log file names (``api``, ``ceiling``).
        command: its command line, without ``--port``, which is added.
        home: the run's home (logs go there too).
    """

    def __init__(self, name: str, command: list[str], home: Path) -> None:
        self.name = name
        self.command = command
        self.home = home
        self.port = 0
        self._process: subprocess.Popen[bytes] | None = None

    @classmethod
    def api(cls, home: Path) -> Served:
        """``instagraph serve`` on ``home``'s graph."""
        return cls("api", [sys.executable, "-m", "cli.main", "serve"], home)

    @classmethod
    def ceiling(cls, home: Path) -> Served:
        """The bare Falcon app under the same gunicorn settings (:mod:`bench.load.ceiling`)."""
        return cls("ceiling", [sys.executable, "-m", "bench.load.ceiling"], home)

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def pid(self) -> int:
        """The gunicorn master's process id (its worker is its child)."""
        assert self._process is not None, "not started"
        return self._process.pid

    @property
    def _stderr_log(self) -> Path:
        return self.home / f"{self.name}.stderr.log"

    def stderr(self) -> str:
        """What the server wrote to stderr (its log: tracebacks of 5xx land here)."""
        return self._stderr_log.read_text(errors="replace")

    def __enter__(self) -> Served:
        self.home.mkdir(parents=True, exist_ok=True)
        for _attempt in range(3):
            self.port = free_port()
            with open(self.home / f"{self.name}.stdout.log", "wb") as out, open(self._stderr_log, "wb") as err:
                self._process = subprocess.Popen(
                    [*self.command, "--port", str(self.port)],
                    cwd=REPO,
                    env=environment(self.home),
                    stdin=subprocess.DEVNULL,
                    stdout=out,
                    stderr=err,
                )
            if self._wait_until_healthy():
                return self
            if "in use" not in self.stderr():  # only a port lost to a race deserves another try
                break
        raise BenchError(f"the {self.name} server did not start:\n{_tail(self.stderr())}")

    def _wait_until_healthy(self) -> bool:
        assert self._process is not None
        if answered_in_time(self._process, lambda: self.request("GET", "/healthz")[0] == 200, START_TIMEOUT):
            return True
        self._stop()
        return False

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        self._stop()

    def _stop(self) -> None:
        """SIGTERM (gunicorn's graceful stop), SIGKILL if it does not end in time."""
        if self._process is None or self._process.poll() is not None:
            return
        self._process.send_signal(signal.SIGTERM)
        try:
            self._process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()

    def request(self, method: str, path: str, body: Any = None, token: str | None = None) -> tuple[int, Any]:
        """One request; the status and the decoded JSON body (``None`` when empty)."""
        headers = {"Accept": "application/json"}
        payload = None
        if body is not None:
            payload = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        status, content = self._send(method, path, payload, headers)
        return status, json.loads(content) if content else None

    def text(self, path: str) -> str:
        """A GET's body as text (``/metrics``)."""
        return self._send("GET", path, None, {})[1].decode()

    def _send(self, method: str, path: str, payload: bytes | None, headers: dict[str, str]) -> tuple[int, bytes]:
        """One request over a fresh connection."""
        connection = http.client.HTTPConnection(HOST, self.port, timeout=60)
        try:
            connection.request(method, path, body=payload, headers=headers)
            answer = connection.getresponse()
            return answer.status, answer.read()
        finally:
            connection.close()
