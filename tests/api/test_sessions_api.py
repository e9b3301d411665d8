"""My sessions and my password over HTTP: the list, ending one, expiry, a password change, and bad input as 4xx problems."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import falcon.testing
import pytest

from api.app import create_app
from social.context import Context
from tests.api.test_accounts_api import assert_problem
from tests.clock import Clock
from tests.factories.users import PASSWORD, ApiUser, api_user

NEW_PASSWORD = "a new and better one"
PHONE = "Instagraph-iOS/3.2 (iPhone15,2; iOS 18.1)"
LAPTOP = "Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0"
GONE = "The token is not valid or the session has ended."


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def client(context: Context, clock: Clock) -> falcon.testing.TestClient:
    """The real app on a clock the test moves."""
    return falcon.testing.TestClient(create_app(dataclasses.replace(context, now=clock)))


def log_in(client: falcon.testing.TestClient, user: ApiUser, user_agent: str, password: str = PASSWORD) -> ApiUser:
    """Another session of ``user``, from a client calling itself ``user_agent``."""
    result = client.simulate_post(
        "/v1/sessions", json={"username": user.username, "password": password}, headers={"User-Agent": user_agent}
    )
    assert result.status_code == 201, result.text
    return dataclasses.replace(user, token=result.json["token"])


def my_sessions(client: falcon.testing.TestClient, user: ApiUser, **params: object) -> dict:
    result = client.simulate_get("/v1/me/sessions", headers=user.headers, params=params)
    assert result.status_code == 200, result.text
    return result.json


def works(client: falcon.testing.TestClient, user: ApiUser) -> bool:
    """Whether ``user``'s token still authenticates (``GET /v1/me``); a 401 must say the session is over."""
    result = client.simulate_get("/v1/me", headers=user.headers)
    if result.status_code == 401:
        assert assert_problem(result, 401)["detail"] == GONE
        return False
    assert result.status_code == 200, result.text
    return True


def test_the_list_shows_created_last_used_client_and_current(client: falcon.testing.TestClient, clock: Clock) -> None:
    ann = api_user(client, "ann")
    phone = log_in(client, ann, PHONE)
    clock.advance(timedelta(hours=3))
    laptop = log_in(client, ann, LAPTOP + " " + "x" * 400)
    clock.advance(timedelta(hours=2))

    page = my_sessions(client, phone)

    assert page["next_cursor"] is None
    laptop_item, phone_item, first_item = page["items"]
    assert laptop_item == {
        "id": laptop_item["id"],
        "created_at": "2026-06-01T15:00:00Z",
        "last_used_at": "2026-06-01T15:00:00Z",
        "client": (LAPTOP + " " + "x" * 400)[:255],
        "current": False,
    }
    assert phone_item == {
        "id": phone_item["id"],
        "created_at": "2026-06-01T12:00:00Z",
        "last_used_at": "2026-06-01T17:00:00Z",  # this request, the first in over an hour
        "client": PHONE,
        "current": True,
    }
    assert first_item["current"] is False and first_item["client"].startswith("falcon-client/")
    ids = [item["id"] for item in page["items"]]
    assert all(isinstance(i, str) and i.isdigit() for i in ids) and ids == sorted(ids, key=int, reverse=True)
    assert not {ann.token, phone.token, laptop.token} & {value for item in page["items"] for value in item.values()}
    assert [item["current"] for item in my_sessions(client, laptop)["items"]] == [True, False, False]


def test_the_list_pages(client: falcon.testing.TestClient) -> None:
    bob = api_user(client, "bob")
    for n in range(4):
        log_in(client, bob, f"client {n}")
    first = my_sessions(client, bob, limit=3)
    second = my_sessions(client, bob, limit=3, cursor=first["next_cursor"])
    clients = [item["client"] for item in first["items"] + second["items"]]
    assert clients[:4] == ["client 3", "client 2", "client 1", "client 0"] and len(clients) == 5
    assert second["next_cursor"] is None


def test_ending_my_other_session_stops_its_token(client: falcon.testing.TestClient) -> None:
    cat = api_user(client, "cat")
    phone = log_in(client, cat, PHONE)
    phone_id = next(item["id"] for item in my_sessions(client, cat)["items"] if item["client"] == PHONE)

    assert client.simulate_delete(f"/v1/me/sessions/{phone_id}", headers=cat.headers).status_code == 204

    assert not works(client, phone)
    assert works(client, cat)
    assert phone_id not in [item["id"] for item in my_sessions(client, cat)["items"]]
    assert_problem(client.simulate_delete(f"/v1/me/sessions/{phone_id}", headers=cat.headers), 404)


def test_ending_my_current_session_logs_me_out(client: falcon.testing.TestClient) -> None:
    dan = api_user(client, "dan")
    current = my_sessions(client, dan)["items"][0]
    assert client.simulate_delete(f"/v1/me/sessions/{current['id']}", headers=dan.headers).status_code == 204
    assert not works(client, dan)


def test_ending_someone_else_s_session_is_404_and_it_still_works(client: falcon.testing.TestClient) -> None:
    eve, fay = api_user(client, "eve"), api_user(client, "fay")
    fays = my_sessions(client, fay)["items"][0]["id"]
    problem = assert_problem(client.simulate_delete(f"/v1/me/sessions/{fays}", headers=eve.headers), 404)
    assert "session" in problem["detail"]
    assert works(client, fay)
    assert len(my_sessions(client, fay)["items"]) == 1


@pytest.mark.parametrize("session_id", ["0", "-1", "abc", "9223372036854775808", "1e3", "12345"])
def test_a_session_id_that_is_nothing_of_mine_is_404(client: falcon.testing.TestClient, session_id: str) -> None:
    gus = api_user(client, "gus")
    assert_problem(client.simulate_delete(f"/v1/me/sessions/{session_id}", headers=gus.headers), 404)
    assert works(client, gus)


def test_an_idle_session_answers_401_like_an_unknown_token(client: falcon.testing.TestClient, clock: Clock) -> None:
    hal = api_user(client, "hal")
    used = log_in(client, hal, PHONE)
    clock.advance(timedelta(days=20))
    assert works(client, used)
    clock.advance(timedelta(days=29))  # hal's first session: 49 days idle; used: 29 days
    assert not works(client, hal)
    assert works(client, used)
    assert [item["client"] for item in my_sessions(client, used)["items"]] == [PHONE]
    unknown = client.simulate_get("/v1/me", headers={"Authorization": "Bearer not-a-token-at-all"})
    assert assert_problem(unknown, 401)["detail"] == GONE


def test_a_session_in_use_ends_at_its_lifetime(client: falcon.testing.TestClient, clock: Clock) -> None:
    ida = api_user(client, "ida")
    for _ in range(8):
        clock.advance(timedelta(days=11))
        assert works(client, ida)  # 88 days
    clock.advance(timedelta(days=2))
    assert not works(client, ida)
    assert works(client, log_in(client, ida, PHONE))  # logging in again is all it takes


def test_changing_the_password_keeps_my_session_and_ends_every_other(client: falcon.testing.TestClient) -> None:
    jon, kim = api_user(client, "jon"), api_user(client, "kim")
    phone, laptop = log_in(client, jon, PHONE), log_in(client, jon, LAPTOP)
    body = {"current_password": PASSWORD, "new_password": NEW_PASSWORD}

    result = client.simulate_post("/v1/me/password", json=body, headers=laptop.headers)

    assert result.status_code == 204 and not result.text
    assert works(client, laptop) and works(client, kim)
    assert not works(client, jon) and not works(client, phone)
    assert [item["client"] for item in my_sessions(client, laptop)["items"]] == [LAPTOP]
    old = client.simulate_post("/v1/sessions", json={"username": "jon", "password": PASSWORD})
    assert_problem(old, 401)
    assert works(client, log_in(client, jon, PHONE, password=NEW_PASSWORD))


def test_a_wrong_current_password_is_403_and_counts_as_a_failed_login(client: falcon.testing.TestClient) -> None:
    lou = api_user(client, "lou")
    phone = log_in(client, lou, PHONE)
    body = {"current_password": "not my password", "new_password": NEW_PASSWORD}
    for _ in range(10):
        problem = assert_problem(client.simulate_post("/v1/me/password", json=body, headers=lou.headers), 403)
        assert problem["detail"] == "The current password is wrong."
    assert works(client, phone)
    throttled = client.simulate_post("/v1/sessions", json={"username": "lou", "password": PASSWORD})
    assert_problem(throttled, 429)
    right = {"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    assert_problem(client.simulate_post("/v1/me/password", json=right, headers=lou.headers), 429)
    assert works(client, phone)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"current_password": PASSWORD, "new_password": "short"}, "new_password"),
        ({"current_password": PASSWORD, "new_password": "x" * 1025}, "new_password"),
        ({"current_password": PASSWORD, "new_password": 12345678}, "new_password"),
        ({"current_password": PASSWORD, "new_password": None}, "new_password"),
        ({"current_password": PASSWORD}, "new_password"),
        ({"new_password": NEW_PASSWORD}, "current_password"),
        ({"current_password": "", "new_password": NEW_PASSWORD}, "current_password"),
        ({"current_password": ["x"], "new_password": NEW_PASSWORD}, "current_password"),
        ({"current_password": PASSWORD, "new_password": NEW_PASSWORD, "logout_others": False}, "logout_others"),
    ],
)
def test_bad_password_changes_are_422_and_change_nothing(client: falcon.testing.TestClient, body: dict, field: str) -> None:
    max_ = api_user(client, "max")
    phone = log_in(client, max_, PHONE)
    problem = assert_problem(client.simulate_post("/v1/me/password", json=body, headers=max_.headers), 422)
    assert field in problem["errors"] and all(problem["errors"][field])
    assert works(client, phone)
    assert works(client, log_in(client, max_, LAPTOP))  # the password is what it was


@pytest.mark.parametrize("body", ["{not json", "", "[1, 2]", '"x"', "null", "\xff"])
def test_a_body_that_is_not_an_object_is_a_4xx_problem(client: falcon.testing.TestClient, body: str) -> None:
    ned = api_user(client, "ned")
    headers = {**ned.headers, "Content-Type": "application/json"}
    result = client.simulate_post("/v1/me/password", body=body, headers=headers)
    assert result.status_code in (400, 422)
    assert_problem(result, result.status_code)
    assert works(client, ned)


@pytest.mark.parametrize("params", [{"cursor": "garbage"}, {"limit": "0"}, {"limit": "101"}, {"limit": "x"}])
def test_a_bad_page_of_sessions_is_400(client: falcon.testing.TestClient, params: dict) -> None:
    oli = api_user(client, "oli")
    assert_problem(client.simulate_get("/v1/me/sessions", headers=oli.headers, params=params), 400)


@pytest.mark.parametrize(
    ("method", "path"), [("GET", "/v1/me/sessions"), ("DELETE", "/v1/me/sessions/1"), ("POST", "/v1/me/password")]
)
def test_each_needs_a_token(client: falcon.testing.TestClient, method: str, path: str) -> None:
    body = {"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    assert_problem(client.simulate_request(method, path, json=body), 401)
