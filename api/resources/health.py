"""Operations endpoints: liveness, readiness and Prometheus metrics."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import falcon
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest

from api.errors import Problem
from social.context import Context

PROBED_PARTS = ("graph", "counters", "media_store")
"""Attributes of the context that readiness pings, when present (each has ``ping()``)."""

_log = logging.getLogger(__name__)


class Health:
    """``/healthz``: the process answers; no dependency is touched."""

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        """Liveness probe.
        ---
        summary: Liveness probe; touches no dependency
        responses:
          200:
            description: The process is alive.
            content:
              application/json:
                schema:
                  type: object
                  properties:
                    status: {type: string, enum: [ok]}
        """
        resp.media = {"status": "ok"}


class Ready:
    """``/readyz``: every part a request may need answers its ``ping()``."""

    def __init__(self, context: Context) -> None:
        self._context = context

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        """Readiness probe.
        ---
        summary: Readiness probe; pings the graph, the counters/cache and the media store
        responses:
          200:
            description: Every part answers.
            content:
              application/json:
                schema:
                  type: object
                  properties:
                    status: {type: string, enum: [ready]}
                    checks: {type: object, additionalProperties: {type: string, enum: [ok]}}
          503:
            description: >-
              A part does not answer; ``checks`` maps each part to ``ok`` or ``unavailable``
              and ``detail`` names the failing ones.
        """
        checks = {name: _check(name, part) for name, part in self._parts()}
        failing = [name for name, state in checks.items() if state != "ok"]
        if failing:
            detail = f"Not ready: {', '.join(failing)} unavailable."
            raise Problem(503, detail, slug="not-ready", title="Not Ready", extensions={"checks": checks})
        resp.media = {"status": "ready", "checks": checks}

    def _parts(self) -> Iterator[tuple[str, Any]]:
        for name in PROBED_PARTS:
            part = getattr(self._context, name, None)
            if part is not None and callable(getattr(part, "ping", None)):
                yield name, part


def _check(name: str, part: Any) -> str:
    """``"ok"`` when ``part.ping()`` returns; any failure means not ready (and is logged)."""
    try:
        part.ping()
    except Exception as error:  # a probe reports every failure instead of raising it
        _log.warning("readiness: %s unavailable: %s", name, error)
        return "unavailable"
    return "ok"


class Metrics:
    """``/metrics``: the registry in Prometheus text exposition format."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self._registry = registry

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        """Prometheus metrics.
        ---
        summary: Prometheus metrics in text exposition format
        responses:
          200:
            description: Counters and histograms of this process.
            content:
              text/plain:
                schema: {type: string}
        """
        resp.data = generate_latest(self._registry)
        resp.content_type = CONTENT_TYPE_LATEST
