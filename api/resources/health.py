"""Operations endpoints: liveness, readiness and Prometheus metrics."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import falcon
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest

from api.errors import Problem
from api.operations import operation
from api.ratelimit import UNLIMITED
from social.context import Context

ESSENTIAL_PARTS = ("graph", "media_store")
"""Parts of the context without which requests fail: one down makes the server not ready (503)."""

CACHE_PARTS = ("counters", "cache")
"""Parts in Redis when it is configured: one down degrades the server (feeds come from the graph) but it stays ready."""

_log = logging.getLogger(__name__)


def _json(description: str, properties: dict[str, Any]) -> dict[str, Any]:
    """A probe's answer: a JSON object of ``properties``."""
    return {
        "description": description,
        "content": {falcon.MEDIA_JSON: {"schema": {"type": "object", "properties": properties}}},
    }


class Health:
    """``/healthz``: the process answers; no dependency is touched."""

    rate_limit = UNLIMITED  # probes come at the prober's pace, and must never see a 429

    @operation(responses={200: _json("The process is alive.", {"status": {"type": "string", "enum": ["ok"]}})})
    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        """Liveness probe; touches no dependency."""
        resp.media = {"status": "ok"}


class Ready:
    """``/readyz``: every part a request needs answers its ``ping()``; a dead cache only degrades."""

    rate_limit = UNLIMITED

    def __init__(self, context: Context) -> None:
        self._context = context

    @operation(
        responses={
            200: _json(
                "The graph and the media store answer; ``checks`` maps each part to ``ok`` or ``degraded``.",
                {
                    "status": {"type": "string", "enum": ["ready", "degraded"]},
                    "checks": {"type": "object", "additionalProperties": {"type": "string", "enum": ["ok", "degraded"]}},
                },
            )
        },
        errors={
            503: (
                "The graph or the media store does not answer; ``checks`` maps each part to ``ok``, "
                "``degraded`` or ``unavailable`` and ``detail`` names the failing ones."
            )
        },
    )
    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        """Readiness probe; pings the graph, the media store and the cache (Redis).

        Ready (200) while the graph and the media store answer. Redis is a cache: when it does not
        answer, feeds are read from the graph and the server stays in service, so the answer is still
        200 with ``status`` ``degraded``.
        """
        checks = {name: _check(name, part, "unavailable") for name, part in self._parts(ESSENTIAL_PARTS)}
        checks |= {name: _check(name, part, "degraded") for name, part in self._parts(CACHE_PARTS)}
        failing = [name for name, state in checks.items() if state == "unavailable"]
        if failing:
            detail = f"Not ready: {', '.join(failing)} unavailable."
            raise Problem(503, detail, slug="not-ready", title="Not Ready", extensions={"checks": checks})
        resp.media = {"status": "degraded" if "degraded" in checks.values() else "ready", "checks": checks}

    def _parts(self, names: tuple[str, ...]) -> Iterator[tuple[str, Any]]:
        for name in names:
            part = getattr(self._context, name, None)
            if part is not None and callable(getattr(part, "ping", None)):
                yield name, part


def _check(name: str, part: Any, failed: str) -> str:
    """``"ok"`` when ``part.ping()`` returns, else ``failed`` (and the failure is logged)."""
    try:
        part.ping()
    except Exception as error:  # a probe reports every failure instead of raising it
        _log.warning("readiness: %s %s: %s", name, failed, error)
        return failed
    return "ok"


class Metrics:
    """``/metrics``: the registry in Prometheus text exposition format."""

    rate_limit = UNLIMITED

    def __init__(self, registry: CollectorRegistry) -> None:
        self._registry = registry

    @operation(
        responses={
            200: {
                "description": "Counters and histograms of this process.",
                "content": {"text/plain": {"schema": {"type": "string"}}},
            }
        }
    )
    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        """Prometheus metrics in text exposition format."""
        resp.data = generate_latest(self._registry)
        resp.content_type = CONTENT_TYPE_LATEST
