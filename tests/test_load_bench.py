"""The load benchmark (``bench/load``) end to end on a tiny graph: wrk's mix reaches every route, the report parses."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from bench.load import report, wrk
from bench.load.report import SizeResult
from bench.load.run import LoadSettings, measure_size
from bench.load.workload import MIX

USERS = 200
SETTINGS = LoadSettings(sizes=(USERS,), shape=wrk.Shape(threads=1, connections=4, seconds=2), warmup=0, tokens=50)


@pytest.fixture(scope="module")
def measured(tmp_path_factory: pytest.TempPathFactory) -> tuple[SizeResult, list[str]]:
    """One short load run of the API and the ceiling, and its progress lines."""
    if shutil.which("wrk") is None:
        pytest.fail("wrk is not installed; `make test` installs Debian's package")
    progress: list[str] = []
    folder: Path = tmp_path_factory.mktemp("load")
    return measure_size(USERS, folder, SETTINGS, progress.append), progress


def test_the_mix_reaches_every_route_and_each_answers(measured: tuple[SizeResult, list[str]]) -> None:
    result, _progress = measured
    names = {route.name for route in MIX}
    assert set(result.mix.wrk.sent) == names
    assert set(result.mix.wrk.statuses) == names  # every response echoed the request id naming its route
    for name in names:
        assert any(200 <= status < 300 for status in result.mix.wrk.statuses[name]), (name, result.mix.wrk.statuses[name])
    assert result.mix.wrk.server_errors == 0
    assert result.mix.wrk.requests == sum(n for by_status in result.mix.wrk.statuses.values() for n in by_status.values())


def test_the_app_timed_every_route_of_the_mix(measured: tuple[SizeResult, list[str]]) -> None:
    result, _progress = measured
    assert len(result.server) == len(MIX)  # (method, template) of each route, and nothing else
    answered = sum(timing.count for timing in result.server.values())
    assert result.mix.wrk.requests <= answered <= sum(result.mix.wrk.sent.values())
    assert "-" not in report.by_route(result).split()


def test_the_ceiling_answers_the_same_mix(measured: tuple[SizeResult, list[str]]) -> None:
    result, _progress = measured
    assert set(result.ceiling.wrk.sent) == {route.name for route in MIX}
    assert result.ceiling.wrk.non_2xx == 0 and result.ceiling.wrk.requests > 0
    assert result.ceiling.wrk.per_second > 0 and 0 < result.ceiling.wrk.p50_ms <= result.ceiling.wrk.p99_ms


def test_the_report_has_a_row_per_size_and_a_verdict_per_target(measured: tuple[SizeResult, list[str]]) -> None:
    result, progress = measured
    printed = report.render([result])

    header, row = report.table([result]).splitlines()
    cells = [float(cell) for cell in row.replace(",", "").split()]
    assert header.split()[:3] == ["users", "mix", "req/s"] and len(cells) == 10
    assert cells[0] == USERS and cells[1] == pytest.approx(result.mix.wrk.per_second, abs=1)
    verdicts = [line for line in printed.splitlines() if line.lstrip().startswith(("PASS", "MISS"))]
    assert len(verdicts) == 4  # one size: no growth target
    assert all(f"  {route.name} " in printed for route in MIX)
    assert any("seeding" in line for line in progress) and any("wrk ceiling" in line for line in progress)
    for load in (result.mix, result.ceiling):
        assert 0 <= load.cpu.others_share <= 1 and 0 <= load.cpu.idle_share <= 1 and load.server_cpu_ms > 0
        assert 0 < load.cpu.server_cores <= load.cpu.machine_cores == os.cpu_count()
        assert load.cpu.others_share + load.cpu.idle_share <= 1
    assert "other processes took" in printed

