"""One mapping of errors to HTTP: every error answer is an RFC 9457 problem+json document.

Conventions (also published in the OpenAPI document):

- ``type`` is always ``https://instagraph.dev/problems/<slug>``; the slug names the
  kind of problem (``not-found``, ``validation-failed``, ``rate-limited``…), see
  :data:`PROBLEM_TYPES`. Clients branch on ``type`` or ``status``, never on ``title``.
- ``title`` is short and the same for every problem of a type; ``detail`` is a
  sentence about this occurrence, safe to show to a person.
- 422 adds ``errors``: ``{field: [message, ...]}`` (nested fields dotted, ``_schema``
  for the body as a whole); 503 from readiness adds ``checks``.
- A 500 says nothing about its cause; it is logged with the request id, which the
  ``detail`` and the ``X-Request-ID`` header repeat so a report can be matched.

Falcon's own errors (no route, 405, bad JSON, bad query parameters, 413, 415) go
through the same serializer because Falcon's default :class:`falcon.HTTPError`
handler calls it; the catch-all ``Exception`` handler does not shadow that one,
since Falcon picks the most specific handler along the exception's MRO.
"""

from __future__ import annotations

import http
import json
import logging
from collections.abc import Callable, Mapping
from typing import Any

import falcon
import marshmallow

from api.middleware import request_id_of
from feed.counters import CountersUnavailable
from graph.errors import GraphUnavailable
from media import errors as media
from social import errors as social

MEDIA_PROBLEM_JSON = "application/problem+json"
TYPE_BASE = "https://instagraph.dev/problems/"

PROBLEM_TYPES: dict[int, tuple[str, str]] = {
    400: ("bad-request", "Bad Request"),
    401: ("unauthenticated", "Not Authenticated"),
    403: ("forbidden", "Forbidden"),
    404: ("not-found", "Not Found"),
    405: ("method-not-allowed", "Method Not Allowed"),
    406: ("not-acceptable", "Not Acceptable"),
    409: ("conflict", "Conflict"),
    411: ("length-required", "Length Required"),
    413: ("content-too-large", "Content Too Large"),
    415: ("unsupported-media-type", "Unsupported Media Type"),
    422: ("validation-failed", "Validation Failed"),
    429: ("rate-limited", "Too Many Requests"),
    500: ("internal-error", "Internal Server Error"),
    503: ("unavailable", "Service Unavailable"),
}
"""Slug and title of each status's problem type, unless the error names its own.

Titles are fixed here rather than taken from :mod:`http` because its reason
phrases change between Python versions (422, 413).
"""

_log = logging.getLogger(__name__)

Handler = Callable[[falcon.Request, falcon.Response, Exception, dict], None]


class Problem(falcon.HTTPError):
    """An HTTP error with an explicit problem type and extension members.

    Args:
        status: the HTTP status (``422`` or ``falcon.HTTP_422``).
        detail: this occurrence, in a sentence.
        slug: the problem type's last path segment (default: from :data:`PROBLEM_TYPES`).
        title: the type's short title (default: from :data:`PROBLEM_TYPES`).
        headers: extra response headers (``Retry-After``…).
        extensions: extra members of the body (``errors``, ``checks``).
    """

    def __init__(
        self,
        status: int | str,
        detail: str,
        *,
        slug: str | None = None,
        title: str | None = None,
        headers: Mapping[str, str] | None = None,
        extensions: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(status, title=title, description=detail, headers=dict(headers or {}) or None)
        self.slug = slug
        self.extensions = dict(extensions or {})


def install(app: falcon.App) -> None:
    """Make every error of ``app`` answer problem+json, domain errors included."""
    app.set_error_serializer(serialize_problem)
    for exception, handler in _handlers().items():
        app.add_error_handler(exception, handler)


def serialize_problem(req: falcon.Request, resp: falcon.Response, error: falcon.HTTPError) -> None:
    """The app's error serializer: ``error`` as an RFC 9457 body (whatever the Accept header says)."""
    resp.content_type = MEDIA_PROBLEM_JSON
    resp.data = json.dumps(problem_body(req, error), ensure_ascii=False).encode("utf-8")


def problem_body(req: falcon.Request, error: falcon.HTTPError) -> dict[str, Any]:
    """The members of the problem document for ``error``."""
    status = error.status_code
    body = {
        "type": TYPE_BASE + (getattr(error, "slug", None) or _slug(error, status)),
        "title": _title(error, status),
        "status": status,
        "detail": error.description or _default_detail(req, error, status),
    }
    body.update(getattr(error, "extensions", {}))
    return body


def _slug(error: falcon.HTTPError, status: int) -> str:
    if isinstance(error, falcon.MediaMalformedError):
        return "malformed-body"
    if isinstance(error, (falcon.HTTPInvalidParam, falcon.HTTPMissingParam)):
        return "invalid-parameter"
    known = PROBLEM_TYPES.get(status)
    return known[0] if known else _phrase(status).lower().replace(" ", "-")


def _phrase(status: int) -> str:
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def _title(error: falcon.HTTPError, status: int) -> str:
    # Falcon's default title is the status line ("404 Not Found"); a problem's title is the phrase.
    if error.title and error.title != falcon.code_to_http_status(status):
        return error.title
    known = PROBLEM_TYPES.get(status)
    return known[1] if known else _phrase(status)


def _default_detail(req: falcon.Request, error: falcon.HTTPError, status: int) -> str:
    if status == 404:
        return f"Nothing is found at {req.path}."
    if status == 405:
        allowed = dict(error.headers or {}).get("Allow", "")
        return f"{req.method} is not allowed on {req.path}; allowed: {allowed}."
    try:
        return http.HTTPStatus(status).description + "."
    except ValueError:
        return _phrase(status) + "."


# -- handlers --------------------------------------------------------------------------------


def _handlers() -> dict[type[Exception], Handler]:
    return {
        social.BadCursor: _raises(400),
        social.NotFound: _raises(404),
        social.NotPermitted: _raises(403),
        social.Conflict: _raises(409),
        social.Unauthenticated: _raises(401, lambda ex: {"WWW-Authenticate": "Bearer"}),
        social.Throttled: _raises(429, lambda ex: {"Retry-After": str(max(1, int(ex.retry_after)))}),
        social.Invalid: _invalid,
        media.UnsupportedImage: _raises(415),
        media.UndecodableImage: _raises(422),
        media.ImageTooLarge: _raises(422),
        marshmallow.ValidationError: _validation_error,
        GraphUnavailable: _unavailable("The graph database is not answering; try again shortly."),
        CountersUnavailable: _unavailable("The cache is not answering; try again shortly."),
        media.MediaUnavailable: _unavailable("The media store is not answering; try again shortly."),
        Exception: _unexpected,
    }


def _raises(status: int, headers: Callable[[Any], dict[str, str]] | None = None) -> Handler:
    """A handler turning a rule's refusal (anything with a ``detail``) into ``status``."""

    def handler(req: falcon.Request, resp: falcon.Response, ex: Exception, params: dict) -> None:
        raise Problem(status, ex.detail, headers=headers(ex) if headers else None) from ex

    return handler


def _invalid(req: falcon.Request, resp: falcon.Response, ex: social.Invalid, params: dict) -> None:
    raise Problem(422, ex.detail, extensions={"errors": flatten_messages(ex.errors)}) from ex


def _validation_error(req: falcon.Request, resp: falcon.Response, ex: marshmallow.ValidationError, params: dict) -> None:
    """422 with ``errors`` per field; 400 for an error that says so (:class:`api.operations.InvalidInput`: paging)."""
    errors = flatten_messages(ex.messages)
    if getattr(ex, "status", 422) == 400:
        raise Problem(400, "A paging parameter is not valid; see errors.", slug="invalid-parameter", extensions={"errors": errors}) from ex
    raise Problem(422, "The request is not valid; see errors.", extensions={"errors": errors}) from ex


def _unavailable(detail: str) -> Handler:
    def handler(req: falcon.Request, resp: falcon.Response, ex: Exception, params: dict) -> None:
        _log.warning("%s on %s %s (request %s): %s", type(ex).__name__, req.method, req.path, request_id_of(req), ex)
        raise Problem(503, detail) from ex

    return handler


def _unexpected(req: falcon.Request, resp: falcon.Response, ex: Exception, params: dict) -> None:
    request_id = request_id_of(req)
    _log.error(
        "unhandled error on %s %s (request %s)", req.method, req.path, request_id,
        exc_info=ex, extra={"request_id": request_id},
    )
    detail = f"Something went wrong on our side; it has been logged as request {request_id}."
    raise Problem(500, detail) from None


def flatten_messages(messages: Any, prefix: str = "") -> dict[str, list[str]]:
    """Marshmallow's (possibly nested) messages as ``{"a.b": [message, ...]}``.

    A ``_schema`` entry stays ``_schema`` at the top (the body as a whole) and
    becomes its parent's path when nested; list indexes become path segments.
    """
    flat: dict[str, list[str]] = {}
    if isinstance(messages, Mapping):
        for key, value in messages.items():
            path = prefix if key == "_schema" and prefix else _join(prefix, key)
            _merge(flat, flatten_messages(value, path))
    elif isinstance(messages, (list, tuple)):
        for item in messages:
            _merge(flat, flatten_messages(item, prefix))
    else:
        flat[prefix or "_schema"] = [str(messages)]
    return flat


def _join(prefix: str, key: object) -> str:
    return f"{prefix}.{key}" if prefix else str(key)


def _merge(into: dict[str, list[str]], more: dict[str, list[str]]) -> None:
    for key, values in more.items():
        into.setdefault(key, []).extend(values)
