"""The OpenAPI 3.1 document of the service, built once from the route table and the responders' docstrings.

How a responder documents itself: the docstring's first line is the operation's
summary (enough for a trivial endpoint); after a ``---`` line comes the OpenAPI
operation object in YAML. Marshmallow schemas of :mod:`api.schemas` are named by
class (``schema: UserSchema``), other components by their component name
(``schema: Problem``, a response ``404: NotFound``, a parameter ``- Limit``)::

    @falcon.before(login_required)
    def on_patch(self, req, resp):
        \"\"\"Change my profile.
        ---
        summary: Change display_name, bio or private
        security: [{bearerAuth: []}]
        requestBody:
          required: true
          content:
            application/json:
              schema: PatchMeSchema
        responses:
          200:
            description: My card, changed.
            content:
              application/json:
                schema: UserSchema
          422:
            description: The body breaks a rule.
        \"\"\"

Filled in for every operation when left out: ``summary`` (the first line),
a 400 "bad limit or cursor" response for paged lists (``parameters: [Limit, Cursor]``),
``description`` (the prose before ``---``), ``operationId``, ``tags`` (the
resource's module), each response's ``description``, problem+json ``content``
for error responses (with ``errors`` for 422, ``Retry-After`` and the RateLimit
headers for 429, ``WWW-Authenticate`` for 401), a 429 for every rate-limited
operation (:mod:`api.ratelimit`), a ``default`` problem response, and the path
parameters of the route template. A ``$ref`` that points nowhere fails the build.
"""

from __future__ import annotations

import http
import importlib
import importlib.metadata
import inspect
import json
import re
from collections.abc import Iterable, Iterator
from types import ModuleType
from typing import Any

import falcon
import marshmallow
from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin, resolver
from apispec.yaml_utils import load_yaml_from_docstring

from api.errors import MEDIA_PROBLEM_JSON, TYPE_BASE
from api.ratelimit import UNLIMITED, route_class
from api.routes import Route

OPENAPI_PATH = "/openapi.json"
OPENAPI_VERSION = "3.1.0"
SCHEMAS_MODULE = "api.schemas"
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
"""The methods OpenAPI knows; a resource's ``on_<method>[_<suffix>]`` responders are looked up for each."""

_FIELD = re.compile(r"\{(\w+)(?::([a-z]+)[^}]*)?\}")  # a Falcon field, with an optional converter
_CONVERTED_SCHEMAS = {"int": {"type": "string", "pattern": "^[1-9][0-9]{0,18}$", "description": "An id."}}
"""How a field with a Falcon converter is published (ids travel as strings, API.md); others are plain strings."""

PROBLEM_SCHEMA = {
    "type": "object",
    "description": f"RFC 9457 problem details. ``type`` is ``{TYPE_BASE}<slug>``.",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string", "format": "uri", "examples": [f"{TYPE_BASE}not-found"]},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
    },
}
VALIDATION_PROBLEM_SCHEMA = {
    "allOf": [
        {"$ref": "#/components/schemas/Problem"},
        {
            "type": "object",
            "required": ["errors"],
            "properties": {
                "errors": {
                    "type": "object",
                    "description": "Messages per field (nested fields dotted; ``_schema``: the body as a whole).",
                    "additionalProperties": {"type": "array", "items": {"type": "string"}},
                }
            },
        },
    ]
}
_PROBLEM_HEADERS = {
    401: {"WWW-Authenticate": {"description": "Always ``Bearer``.", "schema": {"type": "string"}}},
    405: {"Allow": {"description": "The methods this path allows.", "schema": {"type": "string"}}},
    429: {
        "Retry-After": {"description": "Seconds until one more request fits.", "schema": {"type": "integer"}},
        "RateLimit-Limit": {"description": "Requests allowed in the window.", "schema": {"type": "integer"}},
        "RateLimit-Remaining": {"description": "Requests left in the window (0 here).", "schema": {"type": "integer"}},
        "RateLimit-Reset": {
            "description": "Seconds until every request counted so far has left the window.",
            "schema": {"type": "integer"},
        },
    },
}
_RESPONSES = {
    "Problem": "default",
    "BadRequest": 400,
    "Unauthenticated": 401,
    "Forbidden": 403,
    "NotFound": 404,
    "Conflict": 409,
    "ContentTooLarge": 413,
    "UnsupportedMediaType": 415,
    "ValidationFailed": 422,
    "RateLimited": 429,
    "Unavailable": 503,
}
"""Response components a responder may name (``404: NotFound``)."""


class OpenApi:
    """``/openapi.json``: the document of ``routes`` and of itself, built when the app is made."""

    def __init__(self, routes: list[Route]) -> None:
        document = build_spec([*routes, Route(OPENAPI_PATH, self)])
        self._body = json.dumps(document, ensure_ascii=False).encode("utf-8")

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        """The OpenAPI 3.1 document of this service.
        ---
        summary: This OpenAPI 3.1 document
        responses:
          200:
            description: The document.
            content:
              application/json:
                schema: {type: object}
        """
        resp.data = self._body
        resp.content_type = falcon.MEDIA_JSON


def build_spec(routes: Iterable[Route]) -> dict[str, Any]:
    """The OpenAPI document (a dict) of ``routes``.

    Raises:
        ValueError: a docstring's YAML is not an operation object, or a ``$ref`` points nowhere.
    """
    spec = _new_spec()
    operation_ids: set[str] = set()
    for route in routes:
        operations = {
            method: _operation(route, method, responder, operation_ids) for method, responder in _responders(route)
        }
        if operations:
            spec.path(path=_FIELD.sub(r"{\1}", route.path), operations=operations, parameters=_path_parameters(route))
    document = spec.to_dict()
    _check_refs(document)
    return document


def register_schemas(spec: APISpec, module_name: str = SCHEMAS_MODULE) -> list[str]:
    """Add every marshmallow schema defined in ``module_name`` to ``spec``'s components.

    Components are named as apispec names them (``UserSchema`` → ``User``), so
    ``schema: UserSchema`` in a docstring and a nested field refer to one component.
    Nothing happens while the module does not exist yet.

    Returns:
        The component names added.
    """
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as error:
        if error.name != module_name:
            raise
        return []
    added = []
    for schema in _schema_classes(module):
        name = resolver(schema)
        if name not in spec.components.schemas:  # a nested schema may have been added already
            spec.components.schema(name, schema=schema)
            added.append(name)
    return added


def register_problems(spec: APISpec) -> None:
    """Add the problem+json schemas, responses, paging parameters and the bearer scheme."""
    spec.components.schema("Problem", PROBLEM_SCHEMA)
    spec.components.schema("ValidationProblem", VALIDATION_PROBLEM_SCHEMA)
    for name, status in _RESPONSES.items():
        spec.components.response(name, _problem_response(status))
    spec.components.parameter(
        "Limit", "query", {"schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}}
    )
    spec.components.parameter(
        "Cursor", "query", {"description": "``next_cursor`` of the previous page.", "schema": {"type": "string"}}
    )
    spec.components.security_scheme("bearerAuth", {"type": "http", "scheme": "bearer"})


def _new_spec() -> APISpec:
    spec = APISpec(
        title="Instagraph",
        version=_version(),
        openapi_version=OPENAPI_VERSION,
        plugins=[MarshmallowPlugin()],
        info={
            "description": (
                "An Instagram-style photo-sharing API on a property graph. Errors are RFC 9457 "
                f"problem details (``{MEDIA_PROBLEM_JSON}``) whose ``type`` is ``{TYPE_BASE}<slug>``. "
                "Every operation that can answer 429 is rate limited: each of its answers carries "
                "``RateLimit-Limit``, ``RateLimit-Remaining`` and ``RateLimit-Reset`` (seconds)."
            )
        },
    )
    register_problems(spec)
    register_schemas(spec)
    return spec


def _version() -> str:
    try:
        return importlib.metadata.version("instagraph")
    except importlib.metadata.PackageNotFoundError:
        return "0.0.0"


def _schema_classes(module: ModuleType) -> Iterator[type[marshmallow.Schema]]:
    for value in vars(module).values():
        if (
            isinstance(value, type)
            and issubclass(value, marshmallow.Schema)
            and value.__module__.startswith(module.__name__)
            and not value.__name__.startswith("_")
        ):
            yield value


def _responders(route: Route) -> Iterator[tuple[str, Any]]:
    suffix = f"_{route.suffix}" if route.suffix else ""
    for method in HTTP_METHODS:
        responder = getattr(route.resource, f"on_{method}{suffix}", None)
        if callable(responder):
            yield method, responder


def _path_parameters(route: Route) -> list[dict[str, Any]]:
    return [
        {"in": "path", "name": name, "required": True, "schema": _CONVERTED_SCHEMAS.get(converter, {"type": "string"})}
        for name, converter in _FIELD.findall(route.path)
    ]


def _operation(route: Route, method: str, responder: Any, operation_ids: set[str]) -> dict[str, Any]:
    """The operation object of one responder: its docstring's YAML, with the blanks filled in."""
    docstring = inspect.getdoc(responder) or ""
    operation = _yaml(docstring, responder)
    summary, description = _prose(docstring)
    operation.setdefault("summary", summary or f"{method.upper()} {route.path}")
    if description:
        operation.setdefault("description", description)
    operation.setdefault("operationId", _operation_id(route, method, operation_ids))
    operation.setdefault("tags", [type(route.resource).__module__.rpartition(".")[2]])
    responses = operation.get("responses") or {}
    if "Cursor" in (operation.get("parameters") or []):  # every paged list refuses a bad limit or cursor
        responses.setdefault(400, {"description": "A bad limit or cursor."})
    if route_class(route.resource, method.upper()) != UNLIMITED:
        responses.setdefault(429, "RateLimited")
    operation["responses"] = _complete_responses(responses)
    return operation


def _yaml(docstring: str, responder: Any) -> dict[str, Any]:
    where = getattr(responder, "__qualname__", repr(responder))
    try:
        operation = load_yaml_from_docstring(docstring)
    except Exception as error:  # yaml's errors have no common public base worth importing
        raise ValueError(f"{where}: the YAML after '---' does not parse: {error}") from error
    if not isinstance(operation, dict):
        raise ValueError(f"{where}: the YAML after '---' must be an operation object (a mapping)")
    return operation


def _prose(docstring: str) -> tuple[str, str]:
    """The first line and the rest of the text before ``---``."""
    lines = []
    for line in docstring.splitlines():
        if line.strip().startswith("---"):
            break
        lines.append(line)
    text = "\n".join(lines).strip()
    summary, _, description = text.partition("\n")
    return summary.strip(), description.strip()


def _operation_id(route: Route, method: str, taken: set[str]) -> str:
    """``method`` plus the path's fixed words: ``GET /v1/users/{username}/followers`` is ``getUsersFollowers``."""
    fixed = [part for part in route.path.split("/")[1:] if not part.startswith("{") and part != "v1"]
    words = [word for part in fixed for word in re.split(r"[-_.]", part)]
    base = method + "".join(word.title() for word in words)
    operation_id, n = base, 1
    while operation_id in taken:  # two routes with the same fixed words
        n += 1
        operation_id = f"{base}{n}"
    taken.add(operation_id)
    return operation_id


def _complete_responses(responses: dict[Any, Any]) -> dict[Any, Any]:
    completed = {code: _complete_response(code, response) for code, response in responses.items()}
    completed.setdefault("default", "Problem")
    return completed


def _complete_response(code: Any, response: Any) -> Any:
    if not isinstance(response, dict) or "$ref" in response:
        return response  # a component name or reference
    status = _status(code)
    filled = {**response}
    filled.setdefault("description", _phrase(status) if status else "Error")
    if (status is None or status >= 400) and "content" not in filled:
        filled = {**_problem_response(status or "default"), **filled}
    return filled


def _problem_response(status: int | str) -> dict[str, Any]:
    code = status if isinstance(status, int) else None
    schema = "ValidationProblem" if code == 422 else "Problem"
    response: dict[str, Any] = {
        "description": _phrase(code) if code else "An error, as RFC 9457 problem details.",
        "content": {MEDIA_PROBLEM_JSON: {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
    }
    if code in _PROBLEM_HEADERS:
        response["headers"] = _PROBLEM_HEADERS[code]
    return response


def _status(code: Any) -> int | None:
    try:
        return int(code)
    except (TypeError, ValueError):
        return None  # "default", "4XX"


def _phrase(status: int) -> str:
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return f"HTTP {status}"


def _check_refs(document: dict[str, Any]) -> None:
    dangling = sorted({ref for ref in _refs(document) if not _resolves(document, ref)})
    if dangling:
        raise ValueError(f"OpenAPI references that point nowhere: {', '.join(dangling)}")


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


def _resolves(document: dict[str, Any], ref: str) -> bool:
    if not ref.startswith("#/"):
        return True  # an external reference: not ours to check
    node: Any = document
    for part in ref[2:].split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        if not isinstance(node, dict) or part not in node:
            return False
        node = node[part]
    return True
