"""Idempotency-Key over a real ``instagraph serve``: a retry after the server crashed and came back is a replay."""

from __future__ import annotations

import json
from pathlib import Path

from tests.factories.images import jpeg_bytes
from tests.factories.photos import multipart
from tests.served import ALICE, Response, Server

IMAGE = jpeg_bytes(64, 48)


def sign_up(server: Server, key: str) -> Response:
    return server.send("POST", "/v1/accounts", json.dumps(ALICE).encode(), "application/json", headers={"Idempotency-Key": key})


def post_photo(server: Server, token: str, key: str, caption: str = "Before the crash") -> Response:
    body, content_type = multipart(IMAGE, caption=caption)  # a new boundary each time, as a client rebuilding it would
    return server.send("POST", "/v1/photos", body, content_type, token, headers={"Idempotency-Key": key})


def test_retries_after_a_crash_and_restart_replay_the_first_answers(tmp_path: Path) -> None:
    server = Server(tmp_path / "home", tmp_path)
    server.start()
    try:
        signed_up = sign_up(server, "sign-up-1")
        assert signed_up.status == 201, signed_up.body
        token = server.request("POST", "/v1/sessions", ALICE).json()["token"]
        posted = post_photo(server, token, "photo-1")
        assert posted.status == 201, posted.body

        server.kill()
        server.start()

        for retry, first in ((sign_up(server, "sign-up-1"), signed_up), (post_photo(server, token, "photo-1"), posted)):
            assert (retry.status, retry.body) == (first.status, first.body)
            assert retry.headers["location"] == first.headers["location"]
            assert retry.headers["idempotent-replayed"] == "true"
        assert len(server.request("GET", "/v1/users/alice/photos").json()["items"]) == 1
        assert post_photo(server, token, "photo-1", caption="Another photo").status == 422
        assert "Traceback" not in server.stderr
    finally:
        server.stop()
