"""The capacity plan: docs/capacity.md is what the formulas give for the brief, and the formulas scale as they say."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest

from instagraph.capacity import MEASURED, Parameters, render, report

REPO = Path(__file__).resolve().parents[1]


def values(p: Parameters) -> dict[str, float]:
    return {line.what: line.value for lines in report(p).values() for line in lines}


def test_the_committed_plan_is_what_the_formulas_give_for_the_brief() -> None:
    assert (REPO / "docs" / "capacity.md").read_text() == render(Parameters()), "run `instagraph capacity --output docs/capacity.md`"


def test_the_brief_needs_what_the_formulas_say() -> None:
    plan, m = values(Parameters()), {name: f.value for name, f in MEASURED.items()}
    assert plan["writes at peak"] == pytest.approx(500)
    assert plan["API servers"] == -(-10_000 // (m["server_rps"] * 0.6)) + 1
    assert plan["timelines"] == pytest.approx(10_000_000 * 0.6 * 800 * m["timeline_entry_bytes"] / 1e9)
    assert plan["size on disk, each member"] == pytest.approx(10_000_000 * m["graph_bytes_per_user"] / 1e9)


@pytest.mark.parametrize(
    "line", ["size on disk, each member", "S3 storage added per year", "timelines", "sessions", "uploads", "fan-out pushes"]
)
def test_what_grows_with_users_doubles_with_them(line: str) -> None:
    base = Parameters()
    assert values(dataclasses.replace(base, users=2 * base.users))[line] == pytest.approx(2 * values(base)[line])


def test_more_traffic_needs_more_servers_and_a_cache_spares_the_graph() -> None:
    base = Parameters()
    assert values(dataclasses.replace(base, peak_rps=40_000))["API servers"] > values(base)["API servers"]
    assert values(dataclasses.replace(base, cache_hit_share=0.0))["read queries at peak"] == pytest.approx(
        5 * values(base)["read queries at peak"]
    )


def test_every_figure_says_whether_it_was_measured_or_assumed() -> None:
    assert all(f.source.startswith(("measured", "assumed", "counted")) for f in MEASURED.values())


def test_the_command_takes_every_parameter_and_prints_the_plan() -> None:
    shown = subprocess.run(
        [sys.executable, "-m", "cli.main", "capacity", "--users", "1000000", "--peak-rps", "1000"],
        cwd=REPO, capture_output=True, text=True, timeout=60,
    )
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout == render(Parameters(users=1_000_000, peak_rps=1_000))
    helped = subprocess.run([sys.executable, "-m", "cli.main", "capacity", "--help"], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert all(f"--{field.name.replace('_', '-')}" in helped.stdout for field in dataclasses.fields(Parameters))
