"""Declared operations: what a declaration publishes is what the server checks, every broken field at once."""

from __future__ import annotations

import falcon
import falcon.testing
import pytest
from marshmallow import Schema, fields, validate

from api import errors
from api.operations import operation
from api.schemas import PageQuery, StrictBoolean
from tests.factories.users import PASSWORD, api_user

PROBLEM = "application/problem+json"


class _GadgetSchema(Schema):
    name = fields.String(required=True, validate=validate.Length(min=2))
    shiny = StrictBoolean()


class _Gadgets:
    @operation(query=PageQuery, body=_GadgetSchema, responses={201: _GadgetSchema}, idempotent=True)
    def on_post(self, req: falcon.Request, resp: falcon.Response, query: dict, body: dict) -> None:
        """Make a gadget."""
        resp.media = {"query": query, "body": body}
        resp.status = falcon.HTTP_201

    @operation(auth=True, responses={204: "Gone."})
    def on_delete(self, req: falcon.Request, resp: falcon.Response) -> None:
        """Needs a token (the hook runs before anything is read)."""
        raise AssertionError("never reached without a token")


@pytest.fixture
def tiny() -> falcon.testing.TestClient:
    app = falcon.App(middleware=[_NoViewer()])
    errors.install(app)
    app.add_route("/gadgets", _Gadgets())
    return falcon.testing.TestClient(app)


class _NoViewer:
    def process_request(self, req: falcon.Request, resp: falcon.Response) -> None:
        req.context.viewer = None


def _problem(result: falcon.testing.Result, status: int) -> dict:
    assert result.status_code == status, result.text
    assert result.headers["content-type"] == PROBLEM
    return result.json


def test_the_responder_gets_the_loaded_query_and_body(tiny: falcon.testing.TestClient) -> None:
    result = tiny.simulate_post("/gadgets", params={"limit": "5", "Limit": "7"}, json={"name": "cog", "shiny": True})
    assert result.status_code == 201
    assert result.json == {"query": {"limit": 5, "cursor": None}, "body": {"name": "cog", "shiny": True}}


def test_every_broken_field_is_reported_at_once(tiny: falcon.testing.TestClient) -> None:
    result = tiny.simulate_post(
        "/gadgets", params={"limit": "0"}, json={"name": "x", "shiny": 0}, headers={"Idempotency-Key": "k" * 256}
    )
    assert set(_problem(result, 422)["errors"]) == {"limit", "name", "shiny", "Idempotency-Key"}


def test_only_bad_paging_is_a_400(tiny: falcon.testing.TestClient) -> None:
    body = _problem(tiny.simulate_post("/gadgets", params={"cursor": ""}, json={"name": "cog"}), 400)
    assert body["type"].endswith("/invalid-parameter") and set(body["errors"]) == {"cursor"}


@pytest.mark.parametrize("value", [0, 1, "true", "yes", None])
def test_booleans_are_json_booleans(tiny: falcon.testing.TestClient, value: object) -> None:
    assert "shiny" in _problem(tiny.simulate_post("/gadgets", json={"name": "cog", "shiny": value}), 422)["errors"]


def test_auth_is_checked_first(tiny: falcon.testing.TestClient) -> None:
    _problem(tiny.simulate_delete("/gadgets"), 401)


def test_a_bad_username_and_a_short_password_are_both_reported(client: falcon.testing.TestClient) -> None:
    result = client.simulate_post("/v1/accounts", json={"username": "no spaces", "password": "short"})
    assert set(_problem(result, 422)["errors"]) == {"username", "password"}


@pytest.mark.parametrize("username", ["ann\n", " ann", "ann-b", "a" * 31, "", "änn"])
def test_a_username_the_document_refuses_is_refused(client: falcon.testing.TestClient, username: str) -> None:
    assert "username" in _problem(client.simulate_post("/v1/accounts", json={"username": username, "password": PASSWORD}), 422)["errors"]


def test_private_zero_is_not_a_boolean(client: falcon.testing.TestClient) -> None:
    me = api_user(client, "ann")
    assert "private" in _problem(client.simulate_patch("/v1/me", json={"private": 0}, headers=me.headers), 422)["errors"]
    assert "private" in _problem(
        client.simulate_post("/v1/accounts", json={"username": "bob", "password": PASSWORD, "private": 0}), 422
    )["errors"]


def test_a_path_username_in_any_case_is_found_and_one_that_cannot_be_a_username_is_404(
    client: falcon.testing.TestClient,
) -> None:
    api_user(client, "ann.b_1")
    assert client.simulate_get("/v1/users/ANN.B_1").json["username"] == "ann.b_1"
    _problem(client.simulate_get("/v1/users/ann-b"), 404)


def test_the_document_s_paging_parameters_are_read_and_others_ignored(client: falcon.testing.TestClient) -> None:
    for name in ("a", "b", "c"):
        api_user(client, name)
    me = api_user(client, "me")
    for name in ("a", "b", "c"):
        client.simulate_post(f"/v1/users/{name}/follow", headers=me.headers)
    assert len(client.simulate_get("/v1/users/me/following", params={"limit": 2}).json["items"]) == 2
    assert len(client.simulate_get("/v1/users/me/following", params={"Limit": 2}).json["items"]) == 3


@pytest.mark.parametrize("q", ["\x1c", "@#", " \u3000 "])
def test_a_query_of_blanks_and_marks_is_refused_as_the_document_says(client: falcon.testing.TestClient, q: str) -> None:
    assert "q" in _problem(client.simulate_get("/v1/search", params={"q": q}), 422)["errors"]


@pytest.mark.parametrize("q", ["\uff20", "ß" * 30, "\ufeff"])
def test_a_query_the_document_allows_is_answered(client: falcon.testing.TestClient, q: str) -> None:
    assert client.simulate_get("/v1/search", params={"q": q}).status_code == 200
