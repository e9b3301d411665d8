"""Every error answers RFC 9457 problem+json: domain errors, marshmallow's, Falcon's own and the unexpected."""

from __future__ import annotations

import io
import json
import logging

import falcon
import falcon.testing
import pytest
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from api import errors, middleware
from api.errors import flatten_messages
from feed.counters import CountersUnavailable
from graph.errors import GraphUnavailable
from social import errors as social

PROBLEM = "application/problem+json"
TYPE_BASE = "https://instagraph.dev/problems/"


class _NestedSchema(Schema):
    city = fields.String(required=True)


class _BodySchema(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=5))
    address = fields.Nested(_NestedSchema)

    @validates_schema
    def _not_bob(self, data: dict, **kwargs: object) -> None:
        if data.get("name") == "bob":
            raise ValidationError("bob may not sign up")


class _Raiser:
    """Raises whatever the test put in ``error``; validates bodies; reads query params."""

    def __init__(self) -> None:
        self.error: Exception | None = None
        self.read = False

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        if self.error is not None:
            raise self.error
        resp.media = {"limit": req.get_param_as_int("limit", required=True, min_value=1, max_value=100)}

    def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
        self.read = True
        resp.media = _BodySchema().load(req.get_media())


@pytest.fixture
def raiser() -> _Raiser:
    return _Raiser()


@pytest.fixture
def tiny(raiser: _Raiser) -> falcon.testing.TestClient:
    """A tiny app: the real middleware and error mapping around a throwaway resource."""
    app = falcon.App(middleware=[middleware.RequestIdMiddleware(), middleware.BodyLimitMiddleware(1024)])
    errors.install(app)
    app.add_route("/things", raiser)
    return falcon.testing.TestClient(app)


def _assert_problem(result: falcon.testing.Result, status: int, slug: str) -> dict:
    assert result.status_code == status
    assert result.headers["Content-Type"] == PROBLEM
    assert result.headers["X-Request-ID"]
    body = json.loads(result.text)
    assert body["type"] == TYPE_BASE + slug
    assert body["status"] == status
    assert isinstance(body["title"], str) and body["title"]
    assert isinstance(body["detail"], str) and body["detail"]
    return body


@pytest.mark.parametrize(
    ("error", "status", "slug", "title"),
    [
        (social.NotFound("No such user."), 404, "not-found", "Not Found"),
        (social.NotPermitted("This account is private."), 403, "forbidden", "Forbidden"),
        (social.Unauthenticated("Log in first."), 401, "unauthenticated", "Not Authenticated"),
        (social.Conflict("That username is taken."), 409, "conflict", "Conflict"),
        (social.Throttled("Too many failed logins.", retry_after=42), 429, "rate-limited", "Too Many Requests"),
    ],
)
def test_domain_errors_map_to_their_status(tiny, raiser, error, status, slug, title) -> None:
    raiser.error = error
    body = _assert_problem(tiny.simulate_get("/things"), status, slug)
    assert body["title"] == title
    assert body["detail"] == error.detail


def test_unauthenticated_asks_for_a_bearer_token(tiny, raiser) -> None:
    raiser.error = social.Unauthenticated("Log in first.")
    assert tiny.simulate_get("/things").headers["WWW-Authenticate"] == "Bearer"


def test_throttled_says_when_to_retry(tiny, raiser) -> None:
    raiser.error = social.Throttled("Too many failed logins.", retry_after=42)
    assert tiny.simulate_get("/things").headers["Retry-After"] == "42"


def test_invalid_lists_errors_per_field(tiny, raiser) -> None:
    raiser.error = social.Invalid({"username": ["You cannot follow yourself."]})
    body = _assert_problem(tiny.simulate_get("/things"), 422, "validation-failed")
    assert body["errors"] == {"username": ["You cannot follow yourself."]}


def test_marshmallow_errors_are_422_per_field(tiny) -> None:
    body = _assert_problem(tiny.simulate_post("/things", json={"name": "too long", "address": {}}), 422, "validation-failed")
    assert body["errors"] == {"name": ["Length must be between 1 and 5."], "address.city": ["Missing data for required field."]}


def test_marshmallow_unknown_fields_are_named(tiny) -> None:
    body = _assert_problem(tiny.simulate_post("/things", json={"name": "ann", "admin": True}), 422, "validation-failed")
    assert body["errors"] == {"admin": ["Unknown field."]}


def test_whole_body_errors_go_under_schema(tiny) -> None:
    body = _assert_problem(tiny.simulate_post("/things", json={"name": "bob"}), 422, "validation-failed")
    assert body["errors"] == {"_schema": ["bob may not sign up"]}


@pytest.mark.parametrize(
    ("messages", "flat"),
    [
        ({"a": ["x"]}, {"a": ["x"]}),
        ({"a": {"b": ["x"], "_schema": ["y"]}}, {"a.b": ["x"], "a": ["y"]}),
        ({"tags": {0: ["bad"], 2: ["worse"]}}, {"tags.0": ["bad"], "tags.2": ["worse"]}),
        (["whole"], {"_schema": ["whole"]}),
        ("whole", {"_schema": ["whole"]}),
        ({"_schema": ["whole"], "a": ["x"]}, {"_schema": ["whole"], "a": ["x"]}),
    ],
)
def test_flatten_messages(messages, flat) -> None:
    assert flatten_messages(messages) == flat


@pytest.mark.parametrize(
    ("error", "secret"),
    [(GraphUnavailable("bolt://db-7.internal:7687 refused"), "db-7"), (CountersUnavailable("redis://cache-3 timeout"), "cache-3")],
)
def test_unavailable_backends_are_503_without_their_address(tiny, raiser, error, secret) -> None:
    raiser.error = error
    result = tiny.simulate_get("/things")
    _assert_problem(result, 503, "unavailable")
    assert secret not in result.text


def test_unexpected_errors_are_500_that_leak_nothing_and_are_logged_with_the_request_id(tiny, raiser, caplog) -> None:
    raiser.error = RuntimeError("password=hunter2 in /srv/secret.py")
    with caplog.at_level(logging.ERROR, logger="api.errors"):
        result = tiny.simulate_get("/things", headers={"X-Request-ID": "req-500"})
    body = _assert_problem(result, 500, "internal-error")
    assert result.headers["X-Request-ID"] == "req-500"
    assert "req-500" in body["detail"]
    for leak in ("hunter2", "secret", "RuntimeError", "Traceback", ".py"):
        assert leak not in result.text
    [record] = [r for r in caplog.records if r.name == "api.errors"]
    assert "req-500" in record.getMessage()
    assert record.request_id == "req-500"
    assert record.exc_info and record.exc_info[0] is RuntimeError


def test_http_errors_are_not_swallowed_by_the_catch_all(tiny, raiser) -> None:
    raiser.error = falcon.HTTPForbidden(title="Nope", description="Not today.")
    body = _assert_problem(tiny.simulate_get("/things"), 403, "forbidden")
    assert (body["title"], body["detail"]) == ("Nope", "Not today.")


def test_unknown_route_is_404(tiny) -> None:
    body = _assert_problem(tiny.simulate_get("/nowhere"), 404, "not-found")
    assert body["title"] == "Not Found"


def test_wrong_method_is_405_with_allow(tiny) -> None:
    result = tiny.simulate_delete("/things")
    _assert_problem(result, 405, "method-not-allowed")
    assert {m.strip() for m in result.headers["Allow"].split(",")} >= {"GET", "POST"}


def test_malformed_json_is_400(tiny) -> None:
    result = tiny.simulate_post("/things", body="{not json", headers={"Content-Type": "application/json"})
    _assert_problem(result, 400, "malformed-body")


@pytest.mark.parametrize("query", ["", "limit=lots", "limit=0", "limit=101"])
def test_missing_or_invalid_query_parameter_is_400(tiny, query) -> None:
    body = _assert_problem(tiny.simulate_get("/things", query_string=query), 400, "invalid-parameter")
    assert "limit" in body["detail"]


def test_valid_query_parameter_passes(tiny) -> None:
    assert tiny.simulate_get("/things", query_string="limit=7").json == {"limit": 7}


def test_unsupported_media_type_is_415(tiny) -> None:
    result = tiny.simulate_post("/things", body="name,ann", headers={"Content-Type": "text/csv"})
    _assert_problem(result, 415, "unsupported-media-type")


class _Untouchable(io.BytesIO):
    """A request body that fails the test if anyone reads it."""

    def read(self, *args: object) -> bytes:
        raise AssertionError("the body was read")

    readline = readlines = read


def test_body_over_the_limit_is_413_before_it_is_read(tiny, raiser) -> None:
    result = tiny.simulate_post(
        "/things",
        headers={"Content-Type": "application/json"},
        extras={"wsgi.input": _Untouchable(), "CONTENT_LENGTH": "1025"},
    )
    body = _assert_problem(result, 413, "content-too-large")
    assert "1024" in body["detail"]
    assert raiser.read is False


def test_problem_ignores_accept_and_stays_json(tiny) -> None:
    result = tiny.simulate_get("/nowhere", headers={"Accept": "application/xml"})
    _assert_problem(result, 404, "not-found")


def test_real_app_answers_problems(client: falcon.testing.TestClient) -> None:
    """Through ``api.app.create_app`` (the conftest ``client``): 404, 401 and 422 are problems."""
    _assert_problem(client.simulate_get("/v1/nowhere"), 404, "not-found")
    _assert_problem(client.simulate_get("/v1/me"), 401, "unauthenticated")
    body = _assert_problem(client.simulate_post("/v1/accounts", json={"username": "ann"}), 422, "validation-failed")
    assert "password" in body["errors"]


def test_body_at_the_limit_is_read(tiny, raiser) -> None:
    body = json.dumps({"name": "ann", "pad": ""}).encode()
    body = body.replace(b'""', b'"' + b" " * (1024 - len(body)) + b'"')
    assert len(body) == 1024
    result = tiny.simulate_post("/things", body=body, headers={"Content-Type": "application/json"})
    _assert_problem(result, 422, "validation-failed")  # read and validated: "pad" is unknown
    assert raiser.read is True
