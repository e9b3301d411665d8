"""Accounts and sessions over HTTP: the contract of API.md, and bad input stores nothing."""

from __future__ import annotations

import falcon.testing
import pytest

from social.context import Context
from tests.concurrency import all_at_once
from tests.factories.users import PASSWORD, api_user

PROBLEM = "application/problem+json"


def user_count(context: Context) -> int:
    return context.graph.execute("MATCH (u:User) RETURN count(*)")[1][0][0]


def session_count(context: Context) -> int:
    return context.graph.execute("MATCH (s:Session) RETURN count(*)")[1][0][0]


def assert_problem(result: falcon.testing.Result, status: int) -> dict:
    assert result.status_code == status, result.text
    assert result.headers["content-type"] == PROBLEM
    body = result.json
    assert body["status"] == status and body["title"] and body["detail"] and body["type"]
    return body


def test_sign_up_answers_201_with_the_card(client: falcon.testing.TestClient) -> None:
    result = client.simulate_post(
        "/v1/accounts",
        json={"username": "Alice", "password": PASSWORD, "display_name": "Alice A.", "bio": "hi", "private": True},
    )
    assert result.status_code == 201
    assert result.headers["location"] == "/v1/users/alice"
    card = result.json
    assert isinstance(card["id"], str) and card["id"].isdigit()
    assert {k: card[k] for k in ("username", "display_name", "bio", "private")} == {
        "username": "alice",
        "display_name": "Alice A.",
        "bio": "hi",
        "private": True,
    }
    assert card["counts"] == {"photos": 0, "followers": 0, "following": 0}
    assert "password" not in card and "password_hash" not in card
    assert "relationship" not in card  # asked without a token


def test_a_taken_username_answers_409_whatever_its_case(client: falcon.testing.TestClient, context: Context) -> None:
    api_user(client, "bob")
    assert_problem(client.simulate_post("/v1/accounts", json={"username": "BOB", "password": PASSWORD}), 409)
    assert user_count(context) == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"password": PASSWORD}, "username"),
        ({"username": "carol"}, "password"),
        ({"username": "carol", "password": "short"}, "password"),
        ({"username": "", "password": PASSWORD}, "username"),
        ({"username": "c" * 31, "password": PASSWORD}, "username"),
        ({"username": "car ol", "password": PASSWORD}, "username"),
        ({"username": "car-ol", "password": PASSWORD}, "username"),
        ({"username": 42, "password": PASSWORD}, "username"),
        ({"username": "carol", "password": 12345678}, "password"),
        ({"username": "carol", "password": PASSWORD, "bio": "b" * 151}, "bio"),
        ({"username": "carol", "password": PASSWORD, "private": "yes"}, "private"),
        ({"username": "carol", "password": PASSWORD, "admin": True}, "admin"),
    ],
)
def test_bad_sign_ups_answer_422_per_field_and_store_nothing(
    client: falcon.testing.TestClient, context: Context, body: dict, field: str
) -> None:
    problem = assert_problem(client.simulate_post("/v1/accounts", json=body), 422)
    assert field in problem["errors"] and all(problem["errors"][field])
    assert user_count(context) == 0


@pytest.mark.parametrize("body", ["{not json", "", "[1, 2", "\xff"])
def test_malformed_json_answers_400_and_stores_nothing(client: falcon.testing.TestClient, context: Context, body: str) -> None:
    result = client.simulate_post("/v1/accounts", body=body, headers={"Content-Type": "application/json"})
    assert_problem(result, 400)
    assert user_count(context) == 0


@pytest.mark.parametrize("body", ["[]", '"alice"', "null", "3"])
def test_a_body_that_is_not_an_object_answers_4xx(client: falcon.testing.TestClient, context: Context, body: str) -> None:
    result = client.simulate_post("/v1/accounts", body=body, headers={"Content-Type": "application/json"})
    assert result.status_code in (400, 422)
    assert result.headers["content-type"] == PROBLEM
    assert user_count(context) == 0


def test_a_body_over_the_limit_answers_413_and_stores_nothing(client: falcon.testing.TestClient, context: Context) -> None:
    body = {"username": "dave", "password": PASSWORD, "bio": "x" * (context.settings.max_body_bytes + 1)}
    assert_problem(client.simulate_post("/v1/accounts", json=body), 413)
    assert user_count(context) == 0


def test_log_in_answers_201_with_a_token_and_the_card(client: falcon.testing.TestClient) -> None:
    api_user(client, "erin")
    result = client.simulate_post("/v1/sessions", json={"username": "ERIN", "password": PASSWORD})
    assert result.status_code == 201
    assert len(result.json["token"]) >= 40
    assert result.json["user"]["username"] == "erin"


@pytest.mark.parametrize(
    "body", [{"username": "frank", "password": "wrong password"}, {"username": "nobody", "password": PASSWORD}]
)
def test_wrong_credentials_answer_401_and_open_no_session(client: falcon.testing.TestClient, context: Context, body: dict) -> None:
    client.simulate_post("/v1/accounts", json={"username": "frank", "password": PASSWORD})
    result = client.simulate_post("/v1/sessions", json=body)
    assert_problem(result, 401)
    assert session_count(context) == 0


def test_bad_log_in_bodies_answer_422(client: falcon.testing.TestClient) -> None:
    assert "password" in assert_problem(client.simulate_post("/v1/sessions", json={"username": "x"}), 422)["errors"]


def test_ten_failed_logins_answer_429_with_retry_after_even_for_the_right_password(
    client: falcon.testing.TestClient, context: Context
) -> None:
    api_user(client, "gina")
    sessions_before = session_count(context)
    for _ in range(10):
        assert client.simulate_post("/v1/sessions", json={"username": "gina", "password": "wrong!!!!"}).status_code == 401
    result = client.simulate_post("/v1/sessions", json={"username": "gina", "password": PASSWORD})
    assert_problem(result, 429)
    assert 0 < int(result.headers["retry-after"]) <= 900
    assert session_count(context) == sessions_before


def test_me_needs_a_valid_token(client: falcon.testing.TestClient) -> None:
    assert_problem(client.simulate_get("/v1/me"), 401)
    assert_problem(client.simulate_get("/v1/me", headers={"Authorization": "Bearer nonsense"}), 401)
    assert_problem(client.simulate_get("/v1/me", headers={"Authorization": "Basic YWxhZGRpbjpvcGVu"}), 401)
    assert client.simulate_get("/v1/me").headers["www-authenticate"] == "Bearer"


def test_me_and_log_out(client: falcon.testing.TestClient) -> None:
    hank = api_user(client, "hank")
    me = client.simulate_get("/v1/me", headers=hank.headers)
    assert me.status_code == 200 and me.json["username"] == "hank" and me.json["id"] == hank.id
    assert me.json["relationship"] == {"following": False, "requested": False, "followed_by": False, "blocking": False}
    assert client.simulate_delete("/v1/sessions/current", headers=hank.headers).status_code == 204
    assert_problem(client.simulate_get("/v1/me", headers=hank.headers), 401)
    assert_problem(client.simulate_delete("/v1/sessions/current", headers=hank.headers), 401)


def test_patch_me_changes_what_is_given(client: falcon.testing.TestClient) -> None:
    ivan = api_user(client, "ivan", display_name="Ivan")
    result = client.simulate_patch("/v1/me", json={"bio": "photographer", "private": True}, headers=ivan.headers)
    assert result.status_code == 200
    assert (result.json["display_name"], result.json["bio"], result.json["private"]) == ("Ivan", "photographer", True)
    assert client.simulate_get("/v1/users/ivan").json["bio"] == "photographer"


@pytest.mark.parametrize(
    ("body", "field"),
    [({"bio": "b" * 151}, "bio"), ({"private": "no"}, "private"), ({"username": "other"}, "username"), ({"bio": None}, "bio")],
)
def test_bad_patches_answer_422_and_change_nothing(client: falcon.testing.TestClient, body: dict, field: str) -> None:
    judy = api_user(client, "judy", bio="before")
    problem = assert_problem(client.simulate_patch("/v1/me", json=body, headers=judy.headers), 422)
    assert field in problem["errors"]
    card = client.simulate_get("/v1/users/judy").json
    assert (card["username"], card["bio"], card["private"]) == ("judy", "before", False)


def test_a_user_card_is_public_and_shows_relationship_only_with_a_token(client: falcon.testing.TestClient) -> None:
    kate = api_user(client, "kate")
    anonymous = client.simulate_get("/v1/users/KATE")
    assert anonymous.status_code == 200 and "relationship" not in anonymous.json
    assert "relationship" in client.simulate_get("/v1/users/kate", headers=kate.headers).json
    assert_problem(client.simulate_get("/v1/users/nobody"), 404)


def test_routes_answer_405_for_other_methods(client: falcon.testing.TestClient) -> None:
    result = client.simulate_put("/v1/accounts", json={})
    assert_problem(result, 405)
    assert "POST" in result.headers["allow"]


def test_concurrent_sign_ups_of_one_name_answer_exactly_one_201(client: falcon.testing.TestClient, context: Context) -> None:
    body = {"username": "rush", "password": PASSWORD}
    answers = all_at_once(lambda i: client.simulate_post("/v1/accounts", json={**body, "username": "RUSH" if i % 2 else "rush"}), 12)
    assert sorted(answer.status_code for answer in answers) == [201] + [409] * 11
    assert user_count(context) == 1
