"""``instagraph serve`` over real HTTP: no server banner, security headers, rate limits, no token in the logs."""

from __future__ import annotations

import secrets
from pathlib import Path

from tests.served import ALICE, Response, Server, log_in


def assert_hardened(answer: Response) -> None:
    assert answer.headers["server"] == "instagraph"  # not gunicorn, no version
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert "default-src 'none'" in answer.headers["content-security-policy"]


def test_a_served_instance_hides_its_software_limits_by_address_and_never_logs_a_token(tmp_path: Path) -> None:
    server = Server(
        tmp_path / "home",
        tmp_path,
        INSTAGRAPH_LOG_LEVEL="debug",
        INSTAGRAPH_ACCESS_LOG="-",
        INSTAGRAPH_RATE_LIMIT_ADDRESS="3/3600",
    )
    server.start()  # its /healthz probes are not counted
    forged = secrets.token_urlsafe(32)
    try:
        assert_hardened(server.request("POST", "/v1/accounts", ALICE))  # a sign-up: not an anonymous request
        session = log_in(server)  # anonymous request 1
        assert session.status == 201, session.body
        token = session.json()["token"]
        answers = [
            server.request("GET", "/v1/me", token=token),
            server.request("GET", "/v1/users/nobody", token=token),
            server.request("GET", "/v1/me", token=forged),
            server.request("GET", "/healthz"),
        ]
        assert [answer.status for answer in answers] == [200, 404, 401, 200]
        for answer in answers:
            assert_hardened(answer)

        anonymous = [server.request("GET", "/v1/users/alice") for _ in range(3)]  # requests 2, 3, 4
        assert [answer.status for answer in anonymous] == [200, 200, 429]
        refused = anonymous[-1]
        assert_hardened(refused)
        assert refused.headers["content-type"] == "application/problem+json"
        assert (refused.headers["ratelimit-limit"], refused.headers["ratelimit-remaining"]) == ("3", "0")
        assert 0 < int(refused.headers["retry-after"]) <= 3600
        assert server.request("GET", "/v1/me", token=token).status == 200  # alice counts apart from her address

        assert server.request("DELETE", "/v1/sessions/current", token=token).status == 204
    finally:
        assert server.stop() == 0
    logs = server.stdout + server.stderr
    assert "GET /v1/me" in logs and "DELETE /v1/sessions/current" in logs  # the requests were logged…
    assert token not in logs and forged not in logs  # …their tokens were not
