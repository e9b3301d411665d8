"""Security headers on every answer of the real app: successes, refusals, failures and image bytes."""

from __future__ import annotations

import dataclasses

import falcon
import falcon.testing
import pytest

from api.app import create_app
from api.middleware import SECURITY_HEADERS
from instagraph.settings import Rate
from social.context import Context
from tests.factories.photos import api_photo
from tests.factories.users import api_user


class _Boom:
    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        raise RuntimeError("a bug")


def assert_secured(result: falcon.testing.Result) -> None:
    assert result.headers["x-content-type-options"] == "nosniff"
    assert result.headers["content-security-policy"] == "default-src 'none'; frame-ancestors 'none'; sandbox"


def test_the_policy_is_strict() -> None:
    policy = SECURITY_HEADERS["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "sandbox" in policy


@pytest.fixture
def app(context: Context) -> falcon.App:
    """The real app, with sign-ups limited to one and a route that fails."""
    settings = context.settings.replace(rate_limit_signups=Rate(1, 3600))
    app = create_app(dataclasses.replace(context, settings=settings))
    app.add_route("/boom", _Boom())
    return app


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "status"),
    [
        ("GET", "/healthz", {}, 200),
        ("GET", "/openapi.json", {}, 200),
        ("GET", "/nowhere", {}, 404),
        ("GET", "/v1/me", {}, 401),
        ("GET", "/v1/me", {"headers": {"Authorization": "Bearer forged"}}, 401),
        ("DELETE", "/healthz", {}, 405),
        ("POST", "/v1/accounts", {"json": {"username": "", "password": "x"}}, 422),
        ("POST", "/v1/accounts", {"body": "{not json", "content_type": "application/json"}, 400),
        ("POST", "/v1/accounts", {"body": "x" * 70_000, "content_type": "application/json"}, 413),
        ("GET", "/boom", {}, 500),
    ],
)
def test_every_answer_is_secured(app: falcon.App, method: str, path: str, kwargs: dict, status: int) -> None:
    result = falcon.testing.TestClient(app).simulate_request(method, path, **kwargs)
    assert result.status_code == status, result.text
    assert_secured(result)


def test_a_rate_limited_answer_is_secured(app: falcon.App) -> None:
    client = falcon.testing.TestClient(app)
    signed_up = client.simulate_post("/v1/accounts", json={"username": "ann", "password": "a good password"})
    assert signed_up.status_code == 201
    refused = client.simulate_post("/v1/accounts", json={"username": "bob", "password": "a good password"})
    assert refused.status_code == 429
    assert_secured(refused)


def test_image_bytes_are_secured(app: falcon.App) -> None:
    client = falcon.testing.TestClient(app)
    photo = api_photo(client, api_user(client, "cy"))
    url = photo["media"]["thumb"]["url"]
    image = client.simulate_get(url)
    assert image.status_code == 200 and image.headers["content-type"] == "image/jpeg"
    assert_secured(image)
    assert_secured(client.simulate_head(url))
    not_modified = client.simulate_get(url, headers={"If-None-Match": image.headers["etag"]})
    assert not_modified.status_code == 304
    assert_secured(not_modified)
    missing = client.simulate_get(url.replace(".jpg", "0.jpg"))
    assert missing.status_code == 404
    assert_secured(missing)
