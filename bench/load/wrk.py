"""wrk (Debian's package) driving ``mix.lua`` against a server, and what it measured.

wrk is a closed loop: each connection sends its next request when the last
one is answered, so requests/s is the server's throughput at that concurrency
and the percentiles are those of the answered requests. Its timeout is set past
the run's length so that no slow answer drops out of the percentiles.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

from bench.load.processes import BenchError

SCRIPT = Path(__file__).with_name("mix.lua")
RESULT_PREFIX = "wrk-result "
"""How ``mix.lua``'s ``done()`` starts its one line of JSON."""


@dataclasses.dataclass(frozen=True)
class Shape:
    """How hard wrk pushes: its threads, its connections (concurrent requests) and the seconds of a run."""

    threads: int
    connections: int
    seconds: int


@dataclasses.dataclass(frozen=True)
class Result:
    """One wrk run.

    Attributes:
        requests: responses received.
        seconds: how long the run took.
        p50_ms / p99_ms: latency percentiles of the responses.
        sent: requests sent, by route of the mix.
        statuses: responses by route (``?`` when a response did not echo its request id) and status.
        socket_errors: wrk's connect, read, write and timeout errors.
    """

    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    sent: dict[str, int]
    statuses: dict[str, dict[int, int]]
    socket_errors: dict[str, int]

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds

    def count(self, accept: Any) -> int:
        """Responses whose status ``accept(status)`` is true."""
        return sum(n for by_status in self.statuses.values() for status, n in by_status.items() if accept(status))

    @property
    def non_2xx(self) -> int:
        return self.count(lambda status: not 200 <= status < 300)

    @property
    def server_errors(self) -> int:
        return self.count(lambda status: status >= 500)

    @classmethod
    def parse(cls, output: str) -> Result:
        """The result line of ``mix.lua`` in wrk's output.

        Raises:
            BenchError: there is none.
        """
        line = next((line for line in output.splitlines() if line.startswith(RESULT_PREFIX)), None)
        if line is None:
            raise BenchError(f"wrk printed no result line:\n{output}")
        raw = json.loads(line[len(RESULT_PREFIX) :])
        statuses: dict[str, dict[int, int]] = {}
        for key, number in raw["answered"].items():
            route, status = key.split(" ")
            statuses.setdefault(route, {})[int(status)] = number
        errors = {kind: n for kind, n in raw["errors"].items() if kind != "status"}  # statuses are counted above
        return cls(
            requests=raw["requests"],
            seconds=raw["duration_us"] / 1e6,
            p50_ms=raw["latency_us"]["p50"] / 1e3,
            p99_ms=raw["latency_us"]["p99"] / 1e3,
            sent=raw["sent"],
            statuses=statuses,
            socket_errors=errors,
        )


def run(url: str, data_file: Path, shape: Shape) -> Result:
    """wrk with ``mix.lua`` against ``url`` for ``shape.seconds``, the requests drawn from ``data_file``.

    Raises:
        BenchError: wrk is not installed, or failed.
    """
    binary = shutil.which("wrk")
    if binary is None:
        raise BenchError("wrk is not installed: `make bench` installs Debian's package")
    timeout = max(shape.seconds, 10)
    command = [
        binary,
        f"--threads={shape.threads}",
        f"--connections={shape.connections}",
        f"--duration={shape.seconds}s",
        f"--timeout={timeout}s",
        f"--script={SCRIPT}",
        url,
        "--",
        str(data_file),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=shape.seconds + 120, check=False)
    if done.returncode != 0:
        raise BenchError(f"wrk failed (exit {done.returncode}):\n{done.stderr}{done.stdout}")
    return Result.parse(done.stdout)
