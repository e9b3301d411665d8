"""The gthread worker of ``instagraph serve`` (:mod:`cli.http_worker`) sends what gunicorn sends, in fewer calls."""

from __future__ import annotations

import email.utils
import http.client
import re
import socket
import time
from pathlib import Path
from typing import Any

import gunicorn.http.wsgi
import gunicorn.util
import pytest
from gunicorn.config import Config
from gunicorn.http.parser import RequestParser
from gunicorn.util import load_class

from cli import http_worker
from cli.serve import gunicorn_options
from instagraph.settings import Settings
from tests.served import Server

DATE = "Thu, 26 Nov 2026 08:00:00 GMT"


class RecordingSocket:
    """Keeps what each ``sendall`` was given."""

    def __init__(self) -> None:
        self.sends: list[bytes] = []

    def sendall(self, data: bytes) -> None:
        self.sends.append(bytes(data))


def _request(head: str, body: bytes = b"") -> Any:
    """gunicorn's parsed request for ``head`` (a request line and headers) followed by ``body``."""
    raw = head.replace("\n", "\r\n").encode() + b"\r\n\r\n" + body
    return next(RequestParser(Config(), iter([raw]), ("127.0.0.1", 4000)))


def _answer(
    response_class: type, head: str, status: str, headers: list[tuple[str, str]], chunks: list[bytes]
) -> list[bytes]:
    """The sends of ``response_class`` answering the request ``head`` as gunicorn's worker drives it."""
    sock = RecordingSocket()
    response = response_class(_request(head), sock, Config())
    response.start_response(status, headers)
    for chunk in chunks:
        response.write(chunk)
    response.close()
    return sock.sends


JSON = [("Content-Type", "application/json"), ("Content-Length", "11")]
ANSWERS = {
    "a whole body, kept alive": ("GET /v1/feed HTTP/1.1\nHost: x", "200 OK", JSON, [b'{"ok":true}'], 1),
    "the client closes": ("GET / HTTP/1.1\nHost: x\nConnection: close", "200 OK", JSON, [b'{"ok":true}'], 1),
    "HTTP/1.0": ("GET / HTTP/1.0", "200 OK", JSON, [b'{"ok":true}'], 1),
    "an empty body": ("GET / HTTP/1.1\nHost: x", "200 OK", [("Content-Length", "0")], [b""], 1),
    "a body in two writes": ("GET / HTTP/1.1\nHost: x", "200 OK", JSON, [b'{"ok":', b"true}"], 2),
    "a body longer than announced": ("GET / HTTP/1.1\nHost: x", "200 OK", JSON, [b'{"ok":true}  extra'], 2),
    "HEAD": ("HEAD / HTTP/1.1\nHost: x", "200 OK", JSON, [b'{"ok":true}'], 1),
    "204": ("DELETE /v1/sessions/current HTTP/1.1\nHost: x", "204 No Content", [], [], 1),
    "304": ("GET / HTTP/1.1\nHost: x", "304 Not Modified", [("ETag", '"1"')], [b""], 1),
    "streamed, chunked": ("GET / HTTP/1.1\nHost: x", "200 OK", [("Content-Type", "text/plain")], [b"ab", b"c"], 4),
}


@pytest.fixture
def fixed_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gunicorn.util, "http_date", lambda timestamp=None: DATE)


@pytest.mark.usefixtures("fixed_date")
@pytest.mark.parametrize("case", ANSWERS.values(), ids=ANSWERS.keys())
def test_the_bytes_on_the_wire_are_gunicorns_in_one_send_when_the_body_is_whole(case: tuple) -> None:
    head, status, headers, chunks, sends = case
    gunicorns = _answer(gunicorn.http.wsgi.Response, head, status, headers, chunks)
    ours = _answer(http_worker.Response, head, status, headers, chunks)
    assert b"".join(ours) == b"".join(gunicorns)
    assert len(ours) == sends


@pytest.mark.usefixtures("fixed_date")
def test_a_whole_body_leaves_with_its_head_where_gunicorn_sends_two() -> None:
    head = "GET /v1/feed HTTP/1.1\nHost: x"
    assert len(_answer(gunicorn.http.wsgi.Response, head, "200 OK", JSON, [b'{"ok":true}'])) == 2
    [sent] = _answer(http_worker.Response, head, "200 OK", JSON, [b'{"ok":true}'])
    assert sent.startswith(b"HTTP/1.1 200 OK\r\n") and sent.endswith(b'\r\n\r\n{"ok":true}')
    assert f"Date: {DATE}\r\n".encode() in sent and b"Connection: keep-alive\r\n" in sent


BODIES = {
    "none (a GET)": ("GET / HTTP/1.1\nHost: x", 0, True),
    "read to its end": ("POST / HTTP/1.1\nHost: x\nContent-Length: 5", 5, True),
    "left unread": ("POST / HTTP/1.1\nHost: x\nContent-Length: 5", 0, False),
    "chunked, left to gunicorn": ("POST / HTTP/1.1\nHost: x\nTransfer-Encoding: chunked", 0, False),
}


@pytest.mark.parametrize("case", BODIES.values(), ids=BODIES.keys())
def test_only_a_body_left_on_the_connection_is_drained(case: tuple[str, int, bool]) -> None:
    head, read, nothing_left = case
    request = _request(head, b"hello" if "Length" in head else b"5\r\nhello\r\n0\r\n\r\n")
    request.body.read(read)
    assert http_worker._body_read(request) is nothing_left


def test_the_date_is_the_current_second_as_gunicorn_writes_it() -> None:
    for _ in range(3):  # a second may turn between the two readings: then the next try agrees
        before = email.utils.formatdate(time.time(), usegmt=True)
        if http_worker.http_date() == before == email.utils.formatdate(time.time(), usegmt=True):
            break
    else:
        pytest.fail("http_date() never agreed with email.utils.formatdate")
    assert http_worker.http_date(0) == "Thu, 01 Jan 1970 00:00:00 GMT"


def test_instagraph_serve_runs_this_worker(tmp_path: Path) -> None:
    settings = Settings.from_env({"INSTAGRAPH_HOME": str(tmp_path)})
    assert load_class(gunicorn_options(settings)["worker_class"]) is http_worker.ThreadWorker


def _exchange(connection: http.client.HTTPConnection, method: str, path: str, body: bytes | None = None) -> int:
    connection.request(method, path, body=body, headers={"Content-Type": "application/json"})
    answer = connection.getresponse()
    answer.read()
    return answer.status


def test_one_kept_alive_connection_serves_requests_after_bodies_read_unread_and_absent(server: Server) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        unread = b'{"padding": "' + b"x" * 20_000 + b'"}'  # no route reads it: gunicorn drains it
        credentials = b'{"username": "nobody", "password": "not a password of anyone"}'  # read, then refused
        statuses = [
            _exchange(connection, "GET", "/healthz"),
            _exchange(connection, "POST", "/v1/no-such-route", unread),
            _exchange(connection, "GET", "/healthz"),
            _exchange(connection, "POST", "/v1/sessions", credentials),
            _exchange(connection, "GET", "/v1/users/nobody"),
        ]
    finally:
        connection.close()
    assert statuses == [200, 404, 200, 401, 404]


def test_pipelined_requests_are_answered_in_order(server: Server) -> None:
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as sock:
        sock.sendall(
            b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
            b"GET /v1/users/nobody HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        )
        received = b"".join(iter(lambda: sock.recv(65536), b""))  # until the server closes, after the second
    assert re.findall(rb"HTTP/1\.1 (\d{3}) ", received) == [b"200", b"404"]  # the second follows the first body
