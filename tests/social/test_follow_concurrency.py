"""Follows under concurrency: many threads doing the same thing at the same moment leave the graph as one would.

The rules run on a real LadybugDB file (16 threads released together by a
barrier); the last tests do the same over HTTP against the real server
process (``instagraph serve``: gunicorn, gthread workers).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import pytest

from social import accounts, blocks, follows
from social.context import Context
from social.errors import NotFound
from tests.concurrency import all_at_once as run_together
from tests.ports import free_port
from tests.factories.users import PASSWORD, make_user

THREADS = 16
T = TypeVar("T")


def all_at_once(work: Callable[[int], T], threads: int = THREADS) -> list[T | BaseException]:
    """:func:`tests.concurrency.all_at_once` with this file's 16 threads."""
    return run_together(work, threads)


def count(ctx: Context, pattern: str, **params: Any) -> int:
    """``count(*)`` of a raw ``MATCH`` pattern."""
    return ctx.graph.execute(f"MATCH {pattern} RETURN count(*)", params)[1][0][0]


def edges(ctx: Context, relationship: str, a: int, b: int) -> int:
    """How many ``(a)-[:relationship]->(b)`` there are."""
    return count(ctx, f"(:User {{id: $a}})-[:{relationship}]->(:User {{id: $b}})", a=a, b=b)


def test_sixteen_users_following_one_account_at_once_all_follow_it(context: Context) -> None:
    target = make_user(context, "star")
    fans = [make_user(context, f"fan{i}") for i in range(THREADS)]

    answers = all_at_once(lambda i: follows.follow(context, fans[i]["id"], "star"))

    assert answers == [follows.FOLLOWING] * THREADS
    assert count(context, "(:User)-[:FOLLOWS]->(:User {id: $t})", t=target["id"]) == THREADS
    assert accounts.profile(context, "star")["counts"]["followers"] == THREADS


def test_one_user_following_from_sixteen_threads_makes_one_follow(context: Context) -> None:
    fan, star = make_user(context, "fan"), make_user(context, "star")

    answers = all_at_once(lambda _: follows.follow(context, fan["id"], "star"))

    assert answers == [follows.FOLLOWING] * THREADS
    assert edges(context, "FOLLOWS", fan["id"], star["id"]) == 1
    assert accounts.profile(context, "star")["counts"]["followers"] == 1


def test_one_user_requesting_a_private_account_from_sixteen_threads_makes_one_request(context: Context) -> None:
    fan, owner = make_user(context, "fan"), make_user(context, "owner", private=True)

    answers = all_at_once(lambda _: follows.follow(context, fan["id"], "owner"))

    assert answers == [follows.REQUESTED] * THREADS
    assert edges(context, "REQUESTED", fan["id"], owner["id"]) == 1
    assert edges(context, "FOLLOWS", fan["id"], owner["id"]) == 0


def test_sixteen_approvals_of_one_request_make_one_follow_and_all_answer_following(context: Context) -> None:
    fan, owner = make_user(context, "fan"), make_user(context, "owner", private=True)
    assert follows.follow(context, fan["id"], "owner") == follows.REQUESTED

    answers = all_at_once(lambda _: follows.approve_request(context, owner["id"], "fan"))

    assert answers == [follows.FOLLOWING] * THREADS
    assert edges(context, "FOLLOWS", fan["id"], owner["id"]) == 1
    assert edges(context, "REQUESTED", fan["id"], owner["id"]) == 0


def test_the_owner_approving_sixteen_requests_at_once_gets_sixteen_followers(context: Context) -> None:
    owner = make_user(context, "owner", private=True)
    fans = [make_user(context, f"fan{i}") for i in range(THREADS)]
    for fan in fans:
        assert follows.follow(context, fan["id"], "owner") == follows.REQUESTED

    answers = all_at_once(lambda i: follows.approve_request(context, owner["id"], fans[i]["username"]))

    assert answers == [follows.FOLLOWING] * THREADS
    assert count(context, "(:User)-[:FOLLOWS]->(:User {id: $o})", o=owner["id"]) == THREADS
    assert count(context, "(:User)-[:REQUESTED]->(:User {id: $o})", o=owner["id"]) == 0
    assert accounts.profile(context, "owner")["counts"]["followers"] == THREADS


def test_requests_racing_the_account_going_public_all_end_as_follows(context: Context) -> None:
    owner = make_user(context, "owner", private=True)
    fans = [make_user(context, f"fan{i}") for i in range(THREADS - 1)]

    def act(i: int) -> Any:
        if i == THREADS - 1:
            return accounts.update_profile(context, owner["id"], private=False)["private"]
        return follows.follow(context, fans[i]["id"], "owner")

    answers = all_at_once(act)

    assert answers[-1] is False
    assert set(answers[:-1]) <= {follows.FOLLOWING, follows.REQUESTED}, answers
    assert count(context, "(:User)-[:REQUESTED]->(:User {id: $o})", o=owner["id"]) == 0
    assert count(context, "(:User)-[:FOLLOWS]->(:User {id: $o})", o=owner["id"]) == THREADS - 1


def test_follows_racing_the_account_going_private_end_as_their_answers_say(context: Context) -> None:
    owner = make_user(context, "owner")
    fans = [make_user(context, f"fan{i}") for i in range(THREADS - 1)]

    def act(i: int) -> Any:
        if i == THREADS - 1:
            return accounts.update_profile(context, owner["id"], private=True)["private"]
        return follows.follow(context, fans[i]["id"], "owner")

    answers = all_at_once(act)

    assert answers[-1] is True
    for fan, answer in zip(fans, answers):  # going private keeps followers: nothing changes after the answer
        assert answer in (follows.FOLLOWING, follows.REQUESTED), answer
        assert edges(context, "FOLLOWS", fan["id"], owner["id"]) == (answer == follows.FOLLOWING)
        assert edges(context, "REQUESTED", fan["id"], owner["id"]) == (answer == follows.REQUESTED)


def test_a_request_withdrawn_while_it_is_approved_leaves_nothing(context: Context) -> None:
    fan, owner = make_user(context, "fan"), make_user(context, "owner", private=True)
    for _ in range(5):
        assert follows.follow(context, fan["id"], "owner") == follows.REQUESTED

        def act(i: int) -> Any:
            if i % 2:
                return follows.unfollow(context, fan["id"], "owner")
            return follows.approve_request(context, owner["id"], "fan")

        answers = all_at_once(act)

        for i, answer in enumerate(answers):
            expected = (None,) if i % 2 else (follows.FOLLOWING,)
            assert answer in expected or (not i % 2 and isinstance(answer, NotFound)), answer
        assert edges(context, "FOLLOWS", fan["id"], owner["id"]) == 0
        assert edges(context, "REQUESTED", fan["id"], owner["id"]) == 0


def test_a_request_denied_while_it_is_approved_ends_as_the_approvals_said(context: Context) -> None:
    fan, owner = make_user(context, "fan"), make_user(context, "owner", private=True)
    for _ in range(5):
        follows.unfollow(context, fan["id"], "owner")
        assert follows.follow(context, fan["id"], "owner") == follows.REQUESTED

        def act(i: int) -> Any:
            if i % 2:
                return follows.deny_request(context, owner["id"], "fan")
            return follows.approve_request(context, owner["id"], "fan")

        answers = all_at_once(act)

        approvals = answers[0::2]
        assert all(a == follows.FOLLOWING or isinstance(a, NotFound) for a in approvals), approvals
        assert answers[1::2] == [None] * (THREADS // 2)
        approved = follows.FOLLOWING in approvals  # a denial does not undo a follow
        assert edges(context, "FOLLOWS", fan["id"], owner["id"]) == approved
        assert edges(context, "REQUESTED", fan["id"], owner["id"]) == 0


@pytest.mark.parametrize("private", [False, True], ids=["public", "private"])
@pytest.mark.parametrize("blocker", ["target", "follower"])
def test_a_follow_racing_a_block_leaves_nothing_between_them(context: Context, private: bool, blocker: str) -> None:
    fan, star = make_user(context, "fan"), make_user(context, "star", private=private)
    by, blocked = (star, fan) if blocker == "target" else (fan, star)

    for _ in range(5):
        blocks.unblock(context, by["id"], blocked["username"])

        def act(i: int) -> Any:
            if i % 2:
                return blocks.block(context, by["id"], blocked["username"])
            return follows.follow(context, fan["id"], "star")

        answers = all_at_once(act)

        for i, answer in enumerate(answers):
            if i % 2:
                assert answer is None, answer
            else:  # a follow either got in before the block (and was undone by it) or was refused
                assert answer in (follows.FOLLOWING, follows.REQUESTED) or isinstance(answer, NotFound), answer
        assert edges(context, "BLOCKED", by["id"], blocked["id"]) == 1
        for a, b in ((fan, star), (star, fan)):
            assert edges(context, "FOLLOWS", a["id"], b["id"]) == 0
            assert edges(context, "REQUESTED", a["id"], b["id"]) == 0
        with pytest.raises(NotFound):
            follows.follow(context, fan["id"], "star")


# -- the real server process --------------------------------------------------------


def http(base: str, method: str, path: str, token: str | None = None, body: Any = None) -> tuple[int, Any]:
    """One request with urllib; the status and the decoded JSON body (``None`` when empty)."""
    request = urllib.request.Request(base + path, method=method)
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, data=data, timeout=60) as response:
            status, raw = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, raw = error.code, error.read()
    return status, json.loads(raw) if raw else None


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``instagraph serve`` in its own process (8 threads) on a free port; its base URL."""
    home = tmp_path_factory.mktemp("serve") / "home"
    env = {key: value for key, value in os.environ.items() if not key.startswith("INSTAGRAPH_")}
    env.update(INSTAGRAPH_HOME=str(home), INSTAGRAPH_SECRET_KEY="test-secret", INSTAGRAPH_LOG_LEVEL="warning")
    port = free_port()
    log = (home.parent / "server.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "cli.main", "serve", "--port", str(port), "--threads", "8"],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                pytest.fail(f"the server exited ({process.returncode}):\n{(home.parent / 'server.log').read_text()}")
            try:
                if http(base, "GET", "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("the server did not answer /healthz within 60 s")
            time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def sign_up_over_http(base: str, username: str, **fields: Any) -> str:
    """``POST /v1/accounts`` and ``POST /v1/sessions``; the token."""
    status, body = http(base, "POST", "/v1/accounts", body={"username": username, "password": PASSWORD, **fields})
    assert status == 201, body
    status, body = http(base, "POST", "/v1/sessions", body={"username": username, "password": PASSWORD})
    assert status == 201, body
    return body["token"]


def sign_up_many(base: str, usernames: list[str]) -> list[str]:
    with ThreadPoolExecutor(4) as pool:  # argon2 at full cost: a few at a time
        return list(pool.map(lambda name: sign_up_over_http(base, name), usernames))


def test_sixteen_clients_following_one_account_over_http_all_follow_it(server: str) -> None:
    star = sign_up_over_http(server, "http_star")
    tokens = sign_up_many(server, [f"http_fan{i}" for i in range(THREADS)])

    answers = all_at_once(lambda i: http(server, "POST", "/v1/users/http_star/follow", tokens[i]))

    assert answers == [(200, {"state": "following"})] * THREADS
    status, card = http(server, "GET", "/v1/users/http_star", star)
    assert status == 200 and card["counts"]["followers"] == THREADS


def test_sixteen_approvals_of_one_request_over_http_make_one_follow(server: str) -> None:
    owner = sign_up_over_http(server, "http_owner", private=True)
    fan = sign_up_over_http(server, "http_requester")
    assert http(server, "POST", "/v1/users/http_owner/follow", fan) == (200, {"state": "requested"})

    answers = all_at_once(lambda _: http(server, "POST", "/v1/me/follow-requests/http_requester/approve", owner))

    assert answers == [(200, {"state": "following"})] * THREADS
    status, card = http(server, "GET", "/v1/users/http_owner", owner)
    assert status == 200 and card["counts"]["followers"] == 1
    status, pending = http(server, "GET", "/v1/me/follow-requests", owner)
    assert status == 200 and pending["items"] == []
    status, card = http(server, "GET", "/v1/users/http_owner", fan)
    assert card["relationship"] == {"following": True, "requested": False, "followed_by": False, "blocking": False}
