"""The load run's table, its breakdown by route, and PASS/MISS for each target of the performance issue."""

from __future__ import annotations

import dataclasses
import re

from bench.load.machine import CpuUsage
from bench.load.server_time import RouteKey, Timing
from bench.load.workload import MIX, Route
from bench.load.wrk import Result

TARGET_PER_SECOND = 2_000
TARGET_P99_MS = 50.0
TARGET_SHARE_OF_CEILING = 0.5
TARGET_GROWTH = 0.8
"""The mix's requests/s at the largest size over the one at the smallest, at least."""


BUSY_MACHINE = 0.1
"""A share of the CPU taken by other processes during a run past which the report warns."""


@dataclasses.dataclass(frozen=True)
class Load:
    """One measured wrk run, and where the machine's CPU went meanwhile."""

    wrk: Result
    cpu: CpuUsage

    @property
    def server_cpu_ms(self) -> float:
        """CPU milliseconds the server spent per request answered."""
        return self.cpu.server_seconds / self.wrk.requests * 1e3

    def cpu_summary(self) -> str:
        return (
            f"server CPU {self.server_cpu_ms:.2f} ms per request, {self.cpu.server_cores:.2f} of {self.cpu.machine_cores} cores;"
            f" the machine idle {self.cpu.idle_share:.0%}; other processes took {self.cpu.others_share:.0%} of the CPU"
        )


@dataclasses.dataclass(frozen=True)
class SizeResult:
    """What one graph size measured: the mix against the API, the ceiling, and the API's own timings."""

    users: int
    mix: Load
    ceiling: Load
    server: dict[RouteKey, Timing]
    checkpoints: tuple[int, ...] = ()
    """Milliseconds of each checkpoint the graph took during the mix (every write waits for one)."""

    @property
    def share_of_ceiling(self) -> float:
        return self.mix.wrk.per_second / self.ceiling.wrk.per_second


@dataclasses.dataclass(frozen=True)
class Verdict:
    """One target: what it asks, what was measured, whether it was met."""

    target: str
    measured: str
    met: bool

    def __str__(self) -> str:
        return f"  {'PASS' if self.met else 'MISS'}  {self.target:42} {self.measured}"


def table(results: list[SizeResult]) -> str:
    """One row per size: the mix, the ceiling, the mix's share of it."""
    header = (
        f"{'users':>9} {'mix req/s':>10} {'p50 ms':>8} {'p99 ms':>8} {'non-2xx':>8} {'5xx':>6}"
        f" {'ceiling req/s':>14} {'p50 ms':>8} {'p99 ms':>8} {'ratio':>6}"
    )
    return "\n".join([header, *map(_row, results)])


def _row(result: SizeResult) -> str:
    mix, ceiling = result.mix.wrk, result.ceiling.wrk
    return (
        f"{result.users:>9,} {mix.per_second:>10,.0f} {mix.p50_ms:>8.2f} {mix.p99_ms:>8.2f} {mix.non_2xx:>8,}"
        f" {mix.server_errors:>6,} {ceiling.per_second:>14,.0f} {ceiling.p50_ms:>8.2f} {ceiling.p99_ms:>8.2f}"
        f" {result.share_of_ceiling:>6.2f}"
    )


def _template(method: str, path: str) -> RouteKey:
    """A route's key with its placeholders' names and the query string dropped, to match the server's templates."""
    return method, re.sub(r"\{[^}]*\}", "{}", path.split("?")[0])


def by_route(result: SizeResult) -> str:
    """The mix route by route: requests sent, their share, the app's time, the statuses other than 2xx; the CPU."""
    mix = result.mix.wrk
    server = {_template(*key): timing for key, timing in result.server.items()}
    total = sum(mix.sent.values())
    lines = [
        f"{result.users:,} users, by route:",
        f"  {'route':9} {'sent':>8} {'share':>6} {'app mean ms':>12} {'app p99 ≤ ms':>13}  non-2xx",
    ]
    for route in MIX:
        sent = mix.sent.get(route.name, 0)
        lines.append(
            f"  {route.name:9} {sent:>8,} {sent / total:>6.1%} {_app_time(route, server)}  {_other_statuses(mix, route.name)}"
        )
    unmatched = mix.statuses.get("?")
    if unmatched:
        lines.append(f"  responses without the request id echoed: {unmatched}")
    errors = {kind: n for kind, n in mix.socket_errors.items() if n}
    if errors:
        lines.append(f"  wrk socket errors: {errors}")
    lines.append(f"  mix: {result.mix.cpu_summary()}; {_checkpoints(result.checkpoints)}")
    lines.append(f"  ceiling: {result.ceiling.cpu_summary()}")
    return "\n".join(lines)


def _checkpoints(taken: tuple[int, ...]) -> str:
    if not taken:
        return "no checkpoint of the graph meanwhile"
    return f"{len(taken)} checkpoint(s) of the graph meanwhile, each stalling writes ({', '.join(f'{ms:,} ms' for ms in taken)})"


def _app_time(route: Route, server: dict[RouteKey, Timing]) -> str:
    timing = server.get(_template(route.method, route.path))
    if timing is None:
        return f"{'-':>12} {'-':>13}"
    return f"{timing.mean_ms:>12.2f} {timing.quantile_bound_ms(0.99):>13g}"


def _other_statuses(result: Result, route: str) -> str:
    others = {status: n for status, n in sorted(result.statuses.get(route, {}).items()) if not 200 <= status < 300}
    return ", ".join(f"{n:,}×{status}" for status, n in others.items()) or "none"


def verdicts(results: list[SizeResult]) -> list[Verdict]:
    """Each target of the issue, per size, then the growth from the smallest size to the largest."""
    found = []
    for r in results:
        size, mix, ceiling = f"{r.users:,} users:", r.mix.wrk, r.ceiling.wrk
        found += [
            Verdict(f"{size} mix ≥ {TARGET_PER_SECOND:,} req/s", f"{mix.per_second:,.0f}", mix.per_second >= TARGET_PER_SECOND),
            Verdict(f"{size} mix p99 < {TARGET_P99_MS:g} ms", f"{mix.p99_ms:.1f} ms", mix.p99_ms < TARGET_P99_MS),
            Verdict(f"{size} no 5xx", f"{mix.server_errors:,}", mix.server_errors == 0),
            Verdict(
                f"{size} mix ≥ {TARGET_SHARE_OF_CEILING:g} of the ceiling",
                f"{r.share_of_ceiling:.2f} ({mix.per_second:,.0f} of {ceiling.per_second:,.0f})",
                r.share_of_ceiling >= TARGET_SHARE_OF_CEILING,
            ),
        ]
    if len(results) > 1:
        first, last = results[0], results[-1]
        growth = last.mix.wrk.per_second / first.mix.wrk.per_second
        found.append(
            Verdict(
                f"{last.users:,} vs {first.users:,} users: ≥ {TARGET_GROWTH:g}×",
                f"{growth:.2f}× ({last.mix.wrk.per_second:,.0f} vs {first.mix.wrk.per_second:,.0f} req/s)",
                growth >= TARGET_GROWTH,
            )
        )
    return found


def render(results: list[SizeResult]) -> str:
    """The whole report: table, routes, targets and a closing line naming the misses."""
    found = verdicts(results)
    missed = [v.target for v in found if not v.met]
    closing = f"missed {len(missed)} of {len(found)} targets: " + "; ".join(missed) if missed else f"all {len(found)} targets met"
    busiest = max(load.cpu.others_share for r in results for load in (r.mix, r.ceiling))
    if busiest > BUSY_MACHINE:
        closing += f"\nwarning: other processes took up to {busiest:.0%} of the CPU during a run: its numbers understate"
    return "\n\n".join(
        [table(results), *(by_route(r) for r in results), "targets:\n" + "\n".join(map(str, found)), closing]
    )
