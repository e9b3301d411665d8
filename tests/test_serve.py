"""``instagraph serve`` as a real process: accounts over real HTTP, clean stop, durability, and
``instagraph cypher --read-only`` beside it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.served import ALICE, REPO, Server, environment, log_in


def cypher(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``instagraph cypher ARGS`` on ``home`` in a child process."""
    return subprocess.run(
        [sys.executable, "-m", "cli.main", "cypher", *args],
        cwd=REPO,
        env=environment(home),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_accounts_over_http_then_clean_stop_and_durable_restart(server: Server) -> None:
    assert f"serving on http://127.0.0.1:{server.port}/" in server.stdout
    assert "GET /healthz" not in server.stdout + server.stderr  # no access log unless INSTAGRAPH_ACCESS_LOG asks

    signed_up = server.request("POST", "/v1/accounts", ALICE)
    assert signed_up.status == 201, signed_up.body
    assert signed_up.json()["username"] == "alice"

    session = log_in(server)
    assert session.status == 201, session.body
    token = session.json()["token"]
    assert token

    me = server.request("GET", "/v1/me", token=token)
    assert me.status == 200, me.body
    assert me.json()["username"] == "alice"

    logged_out = server.request("DELETE", "/v1/sessions/current", token=token)
    assert logged_out.status == 204, logged_out.body

    after = server.request("GET", "/v1/me", token=token)
    assert after.status == 401
    assert after.headers["content-type"].startswith("application/problem+json")
    assert after.json()["status"] == 401

    assert server.stop() == 0, server.stderr
    assert "Traceback" not in server.stderr

    server.start()  # same home: the graph file must still hold alice
    again = log_in(server)
    assert again.status == 201, again.body
    assert server.request("GET", "/v1/me", token=again.json()["token"]).json()["username"] == "alice"


def test_read_only_cypher_beside_the_running_server(server: Server) -> None:
    assert server.request("POST", "/v1/accounts", {"username": "bob", "password": "hunter2hunter2"}).status == 201

    result = cypher(server.home, "--read-only", "-c", "MATCH (u:User) RETURN u.username AS username")

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0].split() == ["username"]
    assert "bob" in result.stdout
    assert "1 row" in result.stdout


def test_read_write_cypher_beside_the_running_server_says_to_use_read_only(server: Server) -> None:
    result = cypher(server.home, "-c", "RETURN 1 AS one")

    assert result.returncode == 1
    assert "--read-only" in result.stderr
    assert result.stdout == ""
    assert server.request("GET", "/healthz").status == 200  # the server is unharmed


def test_a_photo_uploaded_over_real_http_is_served_and_survives_a_sweep_beside_the_server(server: Server) -> None:
    from tests.factories.images import rotated_jpeg_with_gps

    assert server.request("POST", "/v1/accounts", ALICE).status == 201
    token = log_in(server).json()["token"]
    posted = server.upload(token, rotated_jpeg_with_gps(), caption="Over the wire #real")
    assert posted.status == 201, posted.body
    photo = posted.json()
    thumb = server.request("GET", photo["media"]["thumb"]["url"])
    assert thumb.status == 200 and thumb.headers["content-type"] == "image/jpeg" and thumb.headers["etag"]

    swept = subprocess.run(
        [sys.executable, "-m", "cli.main", "media", "sweep", "--older-than", "0"],
        cwd=REPO,
        env=environment(server.home),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert swept.returncode == 0, swept.stderr
    assert "3 referenced by a photo" in swept.stderr and "0 removed" in swept.stderr
    assert server.request("GET", photo["media"]["large"]["url"]).status == 200
