"""Request ids on every response, metrics labelled by route template, per-resource body limits."""

from __future__ import annotations

import re

import falcon
import falcon.testing
import pytest
from prometheus_client import CollectorRegistry, generate_latest

from api import errors, middleware


class _Users:
    def on_get(self, req: falcon.Request, resp: falcon.Response, username: str) -> None:
        resp.media = {"username": username, "request_id": req.context.request_id}


class _Uploads:
    max_body_bytes = {"POST": 4096}

    def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
        resp.media = {"read": len(req.bounded_stream.read())}

    def on_put(self, req: falcon.Request, resp: falcon.Response) -> None:
        self.on_post(req, resp)


class _Big:
    max_body_bytes = 2048

    def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
        resp.media = {"read": len(req.bounded_stream.read())}


@pytest.fixture
def registry() -> CollectorRegistry:
    return CollectorRegistry()


@pytest.fixture
def tiny(registry: CollectorRegistry) -> falcon.testing.TestClient:
    app = falcon.App(
        middleware=[
            middleware.RequestIdMiddleware(),
            middleware.MetricsMiddleware(registry),
            middleware.BodyLimitMiddleware(1024),
        ]
    )
    errors.install(app)
    app.add_route("/users/{username}", _Users())
    app.add_route("/uploads", _Uploads())
    app.add_route("/big", _Big())
    return falcon.testing.TestClient(app)


# -- request ids ---------------------------------------------------------------------------


@pytest.mark.parametrize("incoming", ["abc", "req-1.2_3", "A" * 64])
def test_a_sane_incoming_request_id_is_kept(tiny, incoming) -> None:
    result = tiny.simulate_get("/users/ann", headers={"X-Request-ID": incoming})
    assert result.headers["X-Request-ID"] == incoming
    assert result.json["request_id"] == incoming


@pytest.mark.parametrize("incoming", ["", "A" * 65, "has space", "semi;colon", "new\u00e9", "<script>"])
def test_an_insane_incoming_request_id_is_replaced(tiny, incoming) -> None:
    result = tiny.simulate_get("/users/ann", headers={"X-Request-ID": incoming})
    assert re.fullmatch(r"[0-9a-f]{32}", result.headers["X-Request-ID"])
    assert result.json["request_id"] == result.headers["X-Request-ID"]


def test_a_request_id_is_made_when_none_comes_and_differs_per_request(tiny) -> None:
    first, second = (tiny.simulate_get("/users/ann").headers["X-Request-ID"] for _ in range(2))
    assert re.fullmatch(r"[0-9a-f]{32}", first) and re.fullmatch(r"[0-9a-f]{32}", second)
    assert first != second


@pytest.mark.filterwarnings("ignore::wsgiref.validate.WSGIWarning")
@pytest.mark.parametrize(
    ("method", "path", "status"), [("GET", "/nowhere", 404), ("DELETE", "/users/ann", 405), ("PROPFIND", "/users/ann", 405)]
)
def test_error_responses_carry_the_request_id(tiny, method, path, status) -> None:
    result = tiny.simulate_request(method, path, headers={"X-Request-ID": "trace-me"})
    assert result.status_code == status
    assert result.headers["X-Request-ID"] == "trace-me"


# -- metrics -------------------------------------------------------------------------------


def _requests(registry: CollectorRegistry, **labels: str) -> float:
    return registry.get_sample_value("instagraph_http_requests_total", labels) or 0.0


def test_requests_are_counted_by_route_template_and_status(tiny, registry) -> None:
    for name in ("ann", "bob", "cyd"):
        tiny.simulate_get(f"/users/{name}")
    tiny.simulate_delete("/users/ann")
    assert _requests(registry, method="GET", route="/users/{username}", status="200") == 3
    assert _requests(registry, method="DELETE", route="/users/{username}", status="405") == 1
    count = registry.get_sample_value(
        "instagraph_http_request_duration_seconds_count", {"method": "GET", "route": "/users/{username}"}
    )
    assert count == 3


def test_unmatched_paths_share_one_label_and_raw_paths_never_appear(tiny, registry) -> None:
    for n in range(5):
        tiny.simulate_get(f"/random/{n}")
    assert _requests(registry, method="GET", route="unmatched", status="404") == 5
    exposition = generate_latest(registry).decode()
    assert "/random/" not in exposition
    assert "/users/ann" not in exposition


@pytest.mark.filterwarnings("ignore::wsgiref.validate.WSGIWarning")
def test_unknown_methods_share_one_label(tiny, registry) -> None:
    status = tiny.simulate_request("BREW", "/users/ann").status_code
    assert _requests(registry, method="other", route="/users/{username}", status=str(status)) == 1
    assert not any(
        sample.labels.get("method") == "BREW"
        for family in registry.collect()
        for sample in family.samples
    )


# -- body limits ---------------------------------------------------------------------------


def _post(tiny: falcon.testing.TestClient, path: str, size: int, method: str = "POST") -> falcon.testing.Result:
    return tiny.simulate_request(method, path, body=b"x" * size, headers={"Content-Type": "application/octet-stream"})


@pytest.mark.parametrize(
    ("method", "path", "size", "status"),
    [
        ("POST", "/uploads", 4096, 200),  # the resource's own limit for POST
        ("POST", "/uploads", 4097, 413),
        ("PUT", "/uploads", 1024, 200),  # PUT is not in the mapping: the default applies
        ("PUT", "/uploads", 1025, 413),
        ("POST", "/big", 2048, 200),  # an int applies to every method
        ("POST", "/big", 2049, 413),
    ],
)
def test_a_resource_may_declare_its_own_limit(tiny, method, path, size, status) -> None:
    result = _post(tiny, path, size, method)
    assert result.status_code == status
    if status == 200:
        assert result.json == {"read": size}
    else:
        assert result.headers["Content-Type"] == "application/problem+json"


def test_limit_for() -> None:
    limits = middleware.BodyLimitMiddleware(10)
    assert limits.limit_for(None, "POST") == 10
    assert limits.limit_for(_Uploads(), "POST") == 4096
    assert limits.limit_for(_Uploads(), "PATCH") == 10
    assert limits.limit_for(_Big(), "DELETE") == 2048


def test_the_real_app_names_and_counts_requests_by_template(client: falcon.testing.TestClient) -> None:
    missing = client.simulate_get("/v1/users/nobody", headers={"X-Request-ID": "real-1"})
    assert (missing.status_code, missing.headers["X-Request-ID"]) == (404, "real-1")
    exposition = client.simulate_get("/metrics").text
    assert 'route="/v1/users/{username}"' in exposition
    assert "nobody" not in exposition
