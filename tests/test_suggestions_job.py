"""``instagraph jobs suggestions`` as a real process: its help, its refusal without Redis, and a run beside
a running ``instagraph serve`` on the embedded graph whose stored lists the server then serves."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from feed import suggestions
from tests.served import REPO, Server

PASSWORD = "correct horse battery"


def jobs(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """``instagraph jobs ARGS`` in a child process with exactly ``env``'s INSTAGRAPH_* settings."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith("INSTAGRAPH_")}
    return subprocess.run(
        [sys.executable, "-m", "cli.main", "jobs", *args],
        cwd=REPO,
        env={**environment, **env},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_help_says_what_the_job_does_and_what_it_needs(tmp_path: Path) -> None:
    shown = jobs({"INSTAGRAPH_HOME": str(tmp_path)}, "suggestions", "--help")
    assert shown.returncode == 0, shown.stderr
    text = " ".join(shown.stdout.split())
    for needed in ("--batch-size", "INSTAGRAPH_REDIS_URL", "INSTAGRAPH_SUGGESTIONS_MAX_AGE", "read-only", "exit 2"):
        assert needed in text, needed


def test_without_redis_the_job_refuses_in_one_line(tmp_path: Path) -> None:
    refused = jobs({"INSTAGRAPH_HOME": str(tmp_path / "home")}, "suggestions")
    assert refused.returncode == 2
    assert refused.stdout == ""
    [line] = refused.stderr.splitlines()
    assert line.startswith("error: INSTAGRAPH_REDIS_URL is not set") and "live" in line
    assert not (tmp_path / "home" / "graph").exists()  # refused before touching the graph


@pytest.fixture
def server(tmp_path: Path, redis_url: str, redis_client: redis.Redis) -> Iterator[Server]:
    """``instagraph serve`` on a fresh embedded home with the session's (emptied) Redis as its cache."""
    running = Server(tmp_path / "home", tmp_path, INSTAGRAPH_REDIS_URL=redis_url)
    running.start()
    yield running
    assert running.stop() == 0, running.stderr


def sign_up(server: Server, username: str) -> str:
    """Sign ``username`` up and log in over HTTP; the token."""
    credentials = {"username": username, "password": PASSWORD}
    assert server.request("POST", "/v1/accounts", credentials).status == 201
    session = server.request("POST", "/v1/sessions", credentials)
    assert session.status == 201, session.body
    return session.json()["token"]


def follow(server: Server, token: str, username: str) -> None:
    answer = server.request("POST", f"/v1/users/{username}/follow", token=token)
    assert answer.status == 200, answer.body


def suggested(server: Server, token: str) -> list[tuple[str, int, str]]:
    page = server.request("GET", "/v1/me/suggestions", token=token)
    assert page.status == 200, page.body
    return [(item["user"]["username"], item["mutual_count"], item["reason"]) for item in page.json()["items"]]


def test_a_run_beside_the_running_server_stores_what_the_server_then_serves(
    server: Server, redis_url: str, redis_client: redis.Redis
) -> None:
    tokens = {name: sign_up(server, name) for name in ("me", "ann", "bob", "tom", "zed")}
    follow(server, tokens["me"], "ann")
    follow(server, tokens["ann"], "tom")
    follow(server, tokens["bob"], "ann")
    assert suggested(server, tokens["me"]) == [("tom", 1, "Followed by ann")]  # live: nothing stored yet

    ran = jobs(
        {"INSTAGRAPH_HOME": str(server.home), "INSTAGRAPH_REDIS_URL": redis_url}, "suggestions", "--batch-size", "2"
    )

    assert ran.returncode == 0, ran.stderr
    progress = [line for line in ran.stderr.splitlines() if line]
    assert [re.sub(r"^\[ *[0-9.]+ s\] ", "", line) for line in progress] == [
        "suggestions: 2/5 users",
        "suggestions: 4/5 users",
        "suggestions: 5/5 users",
    ]
    summary = re.fullmatch(
        r"suggestions stored for 5 users in [0-9.]+ s \([0-9,]+ users/s\): 0\.4 per user on average, 3 with none\n",
        ran.stdout,
    )
    assert summary, ran.stdout  # me gets tom and bob gets tom; ann, tom and zed get nobody
    me = server.request("GET", "/v1/me", token=tokens["me"]).json()["id"]
    assert [item[0] for item in json.loads(redis_client.get(suggestions.key(int(me))))["items"]] == [
        int(server.request("GET", "/v1/users/tom", token=tokens["me"]).json()["id"])
    ]

    follow(server, tokens["ann"], "zed")  # the live answer would now suggest zed too
    assert suggested(server, tokens["me"]) == [("tom", 1, "Followed by ann")]
    follow(server, tokens["me"], "tom")  # followed since the job: left out of the stored list
    assert suggested(server, tokens["me"]) == []
