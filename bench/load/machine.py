"""Where the machine's CPU went during a wrk run (Linux ``/proc``).

Server and load generator share one small machine, and so may other work:
the CPU time every process used during a run, less the server's (its whole
process tree) and wrk's (a child of this process), is what others took. A
share well above zero means the run's numbers understate the server. What no
process used is the idle share: a server that stops short of the requests/s
it is asked for while the machine idles is bound by something other than the
CPU (for one Python process, its interpreter lock).
"""

from __future__ import annotations

import dataclasses
import os
import resource
from pathlib import Path

_TICK = os.sysconf("SC_CLK_TCK")
_PROC = Path("/proc")


def _busy_seconds() -> float:
    """CPU seconds every core has spent on anything but idling and waiting for I/O, since boot."""
    user, nice, system, _idle, _iowait, irq, softirq, steal = map(int, (_PROC / "stat").read_text().split()[1:9])
    return (user + nice + system + irq + softirq + steal) / _TICK


def _stat_fields(pid: str) -> list[str]:
    """``/proc/PID/stat`` after the command name (which may hold spaces): the state is field 0."""
    return (_PROC / pid / "stat").read_text().rsplit(")", 1)[1].split()


def _tree_seconds(pid: int) -> float:
    """CPU seconds used so far by ``pid`` and its live descendants (found by parent id: no other way is sure)."""
    fields = {}
    for entry in _PROC.iterdir():
        if entry.name.isdigit():
            try:
                fields[int(entry.name)] = _stat_fields(entry.name)
            except (FileNotFoundError, ProcessLookupError):  # ended meanwhile
                continue
    children: dict[int, list[int]] = {}
    for child, stat in fields.items():
        children.setdefault(int(stat[1]), []).append(child)
    total, pending = 0.0, [pid]
    while pending:
        current = pending.pop()
        if current in fields:
            total += (int(fields[current][11]) + int(fields[current][12])) / _TICK  # utime, stime
        pending += children.get(current, [])
    return total


def _children_seconds() -> float:
    """CPU seconds of this process's finished, waited-for children (wrk's, once it has ended)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


@dataclasses.dataclass(frozen=True)
class CpuUsage:
    """Where the CPU went during a run.

    Attributes:
        server_seconds: CPU seconds the server's processes used.
        server_cores: how many cores' worth the server used, on average (its CPU seconds per second).
        machine_cores: how many cores the machine has.
        others_share: the share of the machine's CPU taken by processes neither the server's nor this one's children.
        idle_share: the share of the machine's CPU that no process used.
    """

    server_seconds: float
    server_cores: float
    machine_cores: int
    others_share: float
    idle_share: float


@dataclasses.dataclass(frozen=True)
class CpuSnapshot:
    """CPU seconds so far: the machine's, the server's, and this process's finished children's."""

    machine: float
    server: float
    children: float

    @classmethod
    def take(cls, server_pid: int) -> CpuSnapshot:
        return cls(_busy_seconds(), _tree_seconds(server_pid), _children_seconds())

    def until(self, later: CpuSnapshot, seconds: float) -> CpuUsage:
        """The CPU used from this snapshot to ``later``, ``seconds`` of wall-clock time apart."""
        server = later.server - self.server
        busy = later.machine - self.machine
        others = busy - server - (later.children - self.children)
        cores = os.cpu_count() or 1
        capacity = seconds * cores
        return CpuUsage(server, server / seconds, cores, max(others, 0.0) / capacity, max(capacity - busy, 0.0) / capacity)
