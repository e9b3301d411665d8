"""Edge middleware: request ids, security headers, Prometheus metrics, request body limits.

Order in ``create_app``: :class:`RequestIdMiddleware` first (so everything after
it, error handlers included, can name the request), then :class:`SecurityHeadersMiddleware`,
:class:`MetricsMiddleware`, :class:`BodyLimitMiddleware`, authentication, then the rate limits
between the two stages of :mod:`api.idempotency`.
"""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Mapping
from typing import Any

import falcon
from prometheus_client import CollectorRegistry, Counter, Histogram

from api.routes import plain_path

REQUEST_ID_HEADER = "X-Request-ID"
_SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")

UNMATCHED_ROUTE = "unmatched"
"""The ``route`` label of requests no route matched (the raw path would explode the label set)."""

_KNOWN_METHODS = frozenset(falcon.COMBINED_METHODS)


def request_id_of(req: falcon.Request) -> str:
    """The id of ``req``, made now if no middleware gave it one yet."""
    request_id = getattr(req.context, "request_id", None)
    if request_id is None:
        request_id = req.context.request_id = uuid.uuid4().hex
    return request_id


class RequestIdMiddleware:
    """Names every request: ``req.context.request_id`` and the ``X-Request-ID`` response header.

    An incoming ``X-Request-ID`` (from a proxy or the client) is kept when it is a
    sane token, ≤ 64 characters of ``[A-Za-z0-9._-]``, so logs line up across hops;
    anything else is replaced by a fresh uuid4 hex.
    """

    def process_request(self, req: falcon.Request, resp: falcon.Response) -> None:
        incoming = req.get_header(REQUEST_ID_HEADER)
        sane = incoming is not None and _SANE_REQUEST_ID.fullmatch(incoming)
        req.context.request_id = incoming if sane else uuid.uuid4().hex

    def process_response(self, req: falcon.Request, resp: falcon.Response, resource: Any, req_succeeded: bool) -> None:
        # Runs for every response, errors included (Falcon calls every process_response).
        resp.set_header(REQUEST_ID_HEADER, request_id_of(req))


SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'; sandbox",
}
"""Headers of every answer.

The API answers JSON, problem+json and image bytes, never a page meant to be
rendered: a browser must not guess another type (``nosniff``), and should one
open an answer as a document (an image URL opened in a tab, a JSON error echoing
input), it may load nothing, run nothing and be framed by no one.
"""


class SecurityHeadersMiddleware:
    """Puts :data:`SECURITY_HEADERS` on every answer, errors and 304s included.

    A resource whose answers are meant to be rendered (the web client's page and files) names its
    own policy in a ``content_security_policy`` attribute, which replaces the default one.
    """

    def process_response(self, req: falcon.Request, resp: falcon.Response, resource: Any, req_succeeded: bool) -> None:
        resp.set_headers(SECURITY_HEADERS)
        policy = getattr(resource, "content_security_policy", None)
        if policy is not None:
            resp.set_header("Content-Security-Policy", policy)


class MetricsMiddleware:
    """Counts requests and times them, labelled by route template, never by raw path.

    Metrics: ``instagraph_http_requests_total{method, route, status}`` and
    ``instagraph_http_request_duration_seconds{method, route}``, where ``route``
    is the matched template (``/v1/users/{username}``) or ``"unmatched"``.
    """

    def __init__(self, registry: CollectorRegistry) -> None:
        self._requests = Counter(
            "instagraph_http_requests_total",
            "HTTP requests answered, by method, route template and status.",
            ("method", "route", "status"),
            registry=registry,
        )
        self._duration = Histogram(
            "instagraph_http_request_duration_seconds",
            "Time from the first middleware to the response, by method and route template.",
            ("method", "route"),
            registry=registry,
        )
        self._children: dict[tuple[str, str | None, int], tuple[Any, Any]] = {}

    def process_request(self, req: falcon.Request, resp: falcon.Response) -> None:
        req.context.metrics_started_at = time.perf_counter()

    def process_response(self, req: falcon.Request, resp: falcon.Response, resource: Any, req_succeeded: bool) -> None:
        method = req.method if req.method in _KNOWN_METHODS else "other"
        count, duration = self._series(method, req.uri_template, resp.status_code)
        count.inc()
        started = getattr(req.context, "metrics_started_at", None)
        if started is not None:  # None when an earlier middleware refused the request
            duration.observe(time.perf_counter() - started)

    def _series(self, method: str, uri_template: str | None, status: int) -> tuple[Any, Any]:
        """The counter and histogram children of a request's labels, found once per label set: ``labels()``
        checks, locks and looks up on every call. The label sets are few (methods × routes × statuses)."""
        labels = (method, uri_template, status)
        series = self._children.get(labels)
        if series is None:
            route = plain_path(uri_template) if uri_template else UNMATCHED_ROUTE  # {photo_id}, as in OpenAPI
            series = self._children[labels] = (
                self._requests.labels(method, route, str(status)),
                self._duration.labels(method, route),
            )
        return series


class BodyLimitMiddleware:
    """Answers 413 to a request whose ``Content-Length`` is over the limit, before its body is read.

    The limit is ``max_bytes`` unless the matched resource says otherwise with a
    ``max_body_bytes`` attribute: an int for all its responders, or a mapping from
    HTTP method to bytes (methods it leaves out keep the default). An upload
    resource declares, for example::

        class Photos:
            max_body_bytes = {"POST": 20 * 1024 * 1024}

    Requests without a ``Content-Length`` (chunked) are not checked here: Falcon's
    ``req.bounded_stream`` and ``req.get_media()`` read nothing of such a body.
    """

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes

    def process_resource(self, req: falcon.Request, resp: falcon.Response, resource: Any, params: dict) -> None:
        length = req.content_length
        limit = self.limit_for(resource, req.method)
        if length is not None and length > limit:
            raise falcon.HTTPContentTooLarge(
                description=f"The request body is {length} bytes; at most {limit} are accepted here."
            )

    def limit_for(self, resource: Any, method: str) -> int:
        """The byte limit of a ``method`` request to ``resource``."""
        declared = getattr(resource, "max_body_bytes", None)
        if isinstance(declared, Mapping):
            declared = declared.get(method)
        return self.max_bytes if declared is None else int(declared)
