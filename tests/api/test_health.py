"""Liveness, readiness (naming the part that fails) and the Prometheus exposition."""

from __future__ import annotations

import dataclasses
import json
import shutil
import types

import falcon
import falcon.testing
import pytest
from prometheus_client import CollectorRegistry
from prometheus_client.parser import text_string_to_metric_families

from api import errors, middleware
from api.resources import health
from feed.cache import CacheUnavailable
from feed.counters import CountersUnavailable, MemoryCounters
from social.context import Context


class _Down:
    """A part whose ping fails the way its real kind does."""

    def __init__(self, error: Exception) -> None:
        self._error = error
        self.pinged = False

    def ping(self) -> None:
        self.pinged = True
        raise self._error


class _Up:
    def ping(self) -> None:
        return None


def _client(context: object, registry: CollectorRegistry | None = None) -> falcon.testing.TestClient:
    registry = registry or CollectorRegistry()
    app = falcon.App(middleware=[middleware.RequestIdMiddleware(), middleware.MetricsMiddleware(registry)])
    errors.install(app)
    app.add_route("/healthz", health.Health())
    app.add_route("/readyz", health.Ready(context))
    app.add_route("/metrics", health.Metrics(registry))
    return falcon.testing.TestClient(app)


def test_healthz_touches_nothing() -> None:
    down = _Down(RuntimeError("must not be called"))
    result = _client(types.SimpleNamespace(graph=down, counters=down)).simulate_get("/healthz")
    assert (result.status_code, result.json) == (200, {"status": "ok"})
    assert down.pinged is False


def test_readyz_is_ok_when_every_part_answers(client: falcon.testing.TestClient) -> None:
    result = client.simulate_get("/readyz")
    assert result.status_code == 200
    assert result.json == {"status": "ready", "checks": {"graph": "ok", "counters": "ok", "media_store": "ok"}}


def test_readyz_names_a_media_folder_that_is_gone(context: Context) -> None:
    shutil.rmtree(context.media_store.root)
    _assert_not_ready(_client(context).simulate_get("/readyz"), failing="media_store", healthy="graph")


def test_readyz_names_a_closed_graph(context: Context) -> None:
    context.graph.close()  # the fixture closes it again; closing twice is allowed
    result = _client(context).simulate_get("/readyz")
    _assert_not_ready(result, failing="graph", healthy="counters")


@pytest.mark.parametrize("part", ["counters", "cache"])
def test_readyz_stays_ready_but_degraded_when_the_cache_is_down(context: Context, part: str) -> None:
    """Redis holds counters, timelines and stored suggestions; without it the graph answers, slower."""
    broken = dataclasses.replace(context, **{part: _Down(CacheUnavailable("redis://cache-3:6379 refused"))})
    result = _client(broken).simulate_get("/readyz")
    assert result.status_code == 200
    assert result.json["status"] == "degraded"
    assert result.json["checks"][part] == "degraded"
    assert result.json["checks"]["graph"] == "ok"
    assert "cache-3" not in result.text


def test_readyz_is_not_ready_when_the_graph_is_down_even_if_the_cache_is_too(context: Context) -> None:
    broken = dataclasses.replace(context, counters=_Down(CountersUnavailable("refused")))
    broken.graph.close()
    result = _client(broken).simulate_get("/readyz")
    assert result.status_code == 503
    assert result.json["checks"] == {"graph": "unavailable", "media_store": "ok", "counters": "degraded"}


def test_readyz_pings_the_media_store_when_there_is_one() -> None:
    parts = types.SimpleNamespace(graph=_Up(), counters=_Up(), media_store=_Down(OSError("bucket gone")))
    result = _client(parts).simulate_get("/readyz")
    _assert_not_ready(result, failing="media_store", healthy="graph")
    parts.media_store = _Up()
    assert _client(parts).simulate_get("/readyz").json["checks"] == {"graph": "ok", "counters": "ok", "media_store": "ok"}


def _assert_not_ready(result: falcon.testing.Result, failing: str, healthy: str) -> None:
    assert result.status_code == 503
    assert result.headers["Content-Type"] == "application/problem+json"
    assert result.headers["X-Request-ID"]
    body = json.loads(result.text)
    assert body["type"] == "https://instagraph.dev/problems/not-ready"
    assert body["status"] == 503
    assert failing in body["detail"] and healthy not in body["detail"]
    assert body["checks"][failing] == "unavailable"
    assert body["checks"][healthy] == "ok"


def test_metrics_is_prometheus_text() -> None:
    registry = CollectorRegistry()
    tiny = _client(types.SimpleNamespace(graph=_Up(), counters=MemoryCounters()), registry)
    tiny.simulate_get("/healthz")
    tiny.simulate_get("/healthz")
    result = tiny.simulate_get("/metrics")
    assert result.status_code == 200
    assert result.headers["Content-Type"].startswith("text/plain; version=")
    families = {family.name: family for family in text_string_to_metric_families(result.text)}
    assert families["instagraph_http_requests"].type == "counter"
    assert families["instagraph_http_request_duration_seconds"].type == "histogram"
    [healthz] = [
        s for s in families["instagraph_http_requests"].samples
        if s.name == "instagraph_http_requests_total" and s.labels == {"method": "GET", "route": "/healthz", "status": "200"}
    ]
    assert healthz.value == 2


@pytest.mark.parametrize("path", ["/healthz", "/readyz", "/metrics"])
def test_probes_need_no_token(client: falcon.testing.TestClient, path: str) -> None:
    assert client.simulate_get(path).status_code == 200
