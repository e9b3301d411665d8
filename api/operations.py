"""One declaration per operation: what it takes, what it answers and who may call it.

A responder is declared once, with :func:`operation`; the declaration is both what
is checked before the responder runs and what ``/openapi.json`` publishes
(:mod:`api.openapi`), so the document and the server cannot drift apart::

    @operation(auth=True, body=PatchMeSchema, responses={200: UserSchema}, errors={403: "Not yours."})
    def on_patch(self, req, resp, body):
        \"\"\"Change my profile.

        Making an account public approves all its pending follow requests.
        \"\"\"

The docstring is prose only: its first line is the summary, the rest the description.

Before the responder runs, in this order:

- ``auth=True``: a request without a valid token is refused (401);
- the query string is loaded with the ``query`` schema, the ``Idempotency-Key``
  header checked when ``idempotent=True``, and the JSON body loaded with the
  ``body`` schema (or the ``multipart/form-data`` body with the ``form`` schema);
  every field that breaks them is reported in one problem, ``errors`` per field:
  422, or 400 when only the paging parameters are wrong (a bad ``limit`` is a
  malformed request, as a bad cursor is, API.md).

The responder receives the loaded values as the keyword arguments ``query`` and
``body`` (only those declared). A form's binary parts are spooled files, closed
once the responder returns.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Mapping
from typing import Any

import falcon
import marshmallow
from marshmallow import Schema

from api.auth import login_required
from api.resources import schema as shared
from api.schemas import PAGING_PARAMETERS, IdempotencyHeaderSchema
from api.uploads import read_photo_form

IDEMPOTENCY_HEADER = "Idempotency-Key"
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
"""The methods OpenAPI knows; a resource's ``on_<method>[_<suffix>]`` responders are looked up for each."""

Answer = type[Schema] | str | tuple[type[Schema], str] | Mapping[str, Any]
"""A declared answer: a dump schema (JSON body), a description (no body), both, or an OpenAPI response object."""

Responder = Callable[..., None]


@dataclasses.dataclass(frozen=True)
class Operation:
    """What one responder takes and answers; see the module's docstring.

    Attributes:
        auth: the caller must be logged in (API.md's *(auth)*).
        query: the query string's schema (unknown parameters are ignored).
        body: the JSON body's schema.
        form: the ``multipart/form-data`` body's schema (binary parts are ``fields.Raw``).
        responses: the answers it gives on success, by status.
        errors: the refusals of its own rules, by status, each with what it means here.
        idempotent: takes an ``Idempotency-Key`` header (API.md's retries).
        supplies: path parameters its first success answer supplies to other
            operations, each with a JSON pointer into that answer's body
            (``{"username": "/username"}``): published as OpenAPI links.
    """

    auth: bool = False
    query: type[Schema] | None = None
    body: type[Schema] | None = None
    form: type[Schema] | None = None
    responses: Mapping[int, Answer] = dataclasses.field(default_factory=dict)
    errors: Mapping[int, str] = dataclasses.field(default_factory=dict)
    idempotent: bool = False
    supplies: Mapping[str, str] = dataclasses.field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.body and self.form:
            raise ValueError("an operation takes a JSON body or a form, not both")

    @property
    def request_schema(self) -> type[Schema] | None:
        """The body's schema, JSON or form."""
        return self.body or self.form

    def inputs(self, req: falcon.Request, resource: object) -> dict[str, Any]:
        """The declared inputs of ``req``, loaded: ``{"query": ..., "body": ...}`` (those declared).

        Raises:
            falcon.HTTPError: no body or one that is not JSON (400), not a form (415), too large (413).
            marshmallow.ValidationError: every field that breaks the declaration (422, or 400, see above).
        """
        loaded: dict[str, Any] = {}
        problems: dict[str, Any] = {}
        if self.query:
            _load_into(loaded, problems, "query", self.query, req.params)
        if self.idempotent:
            _load_into(loaded, problems, "headers", IdempotencyHeaderSchema, _idempotency_header(req))
            loaded.pop("headers", None)  # the key is the idempotency middleware's; only its form is checked here
        if self.body:
            _load_into(loaded, problems, "body", self.body, req.get_media())
        elif self.form:
            form = read_photo_form(req, resource.max_upload_bytes)  # type: ignore[attr-defined]
            _load_into(loaded, problems, "body", self.form, form.parts)
            if problems:
                form.close()
            else:
                loaded["form"] = form
        if problems:
            raise InvalidInput(problems)
        return loaded


class InvalidInput(marshmallow.ValidationError):
    """Every field of a request that breaks its operation's declaration.

    ``status`` is 400 when only paging parameters are wrong, 422 otherwise.
    """

    @property
    def status(self) -> int:
        return 400 if set(self.messages) <= set(PAGING_PARAMETERS) else 422


def operation(**declaration: Any) -> Callable[[Responder], Responder]:
    """Declare a responder (see the module's docstring); the declaration is kept on it as ``operation``."""
    declared = Operation(**declaration)

    def decorate(responder: Responder) -> Responder:
        @functools.wraps(responder)
        def checked(resource: object, req: falcon.Request, resp: falcon.Response, **params: Any) -> None:
            if declared.auth:
                login_required(req, resp, resource, params)
            inputs = declared.inputs(req, resource)
            form = inputs.pop("form", None)
            try:
                responder(resource, req, resp, **params, **inputs)
            finally:
                if form is not None:
                    form.close()

        checked.operation = declared  # type: ignore[attr-defined]
        return checked

    return decorate


def operation_of(responder: object) -> Operation | None:
    """The declaration of a responder, or ``None`` when it has none."""
    return getattr(responder, "operation", None)


def responder_of(resource: object, method: str, suffix: str | None = None) -> Responder | None:
    """The responder of ``method`` requests to ``resource`` (``on_get``, ``on_post_approve``…), if any."""
    responder = getattr(resource, f"on_{method.lower()}{f'_{suffix}' if suffix else ''}", None)
    return responder if callable(responder) else None


def _load_into(loaded: dict[str, Any], problems: dict[str, Any], part: str, kind: type[Schema], data: Any) -> None:
    try:
        loaded[part] = shared(kind).load(data)
    except marshmallow.ValidationError as error:
        messages = error.messages if isinstance(error.messages, dict) else {"_schema": error.messages}
        problems.update(messages)


def _idempotency_header(req: falcon.Request) -> dict[str, str]:
    value = req.get_header(IDEMPOTENCY_HEADER)
    return {} if value is None else {IDEMPOTENCY_HEADER: value}
