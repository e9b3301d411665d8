"""The OpenAPI 3.1 document of the service, built once from the route table and the operations' declarations.

Each responder is declared with :func:`api.operations.operation`: the schemas it
loads (query, JSON body or form, the ``Idempotency-Key`` header), the answers it
gives and the refusals of its rules. The same declaration is what the responder
validates before it runs, so the document cannot promise what the server does not
check. Its docstring is prose: the first line the summary, the rest the description.

Filled in from the declaration: ``security`` and a 401 for ``auth=True``; the
parameters and request body; a 400 (a bad ``limit`` or cursor) for paged lists
and a 422 (``errors`` per field) for anything else that is validated; the
``Idempotency-Key`` header with its 409 and 422; a 429 for every rate-limited
operation (:mod:`api.ratelimit`); links from each answer that ``supplies`` a path
parameter to every operation that takes it; problem+json ``content`` for error
responses (with ``Retry-After`` and the RateLimit headers for 429,
``WWW-Authenticate`` for 401); a ``default`` problem response; ``operationId``,
``tags`` (the resource's module) and the path parameters of the route template.
A ``$ref`` that points nowhere fails the build.
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

from api.errors import MEDIA_PROBLEM_JSON, TYPE_BASE
from api.operations import HTTP_METHODS, IDEMPOTENCY_HEADER, Operation, operation, operation_of, responder_of
from api.ratelimit import UNLIMITED, route_class
from api.routes import Route
from api.schemas import ID_PATTERN, USERNAME_PATTERN, IdempotencyHeaderSchema, PageQuery, Timestamp

OPENAPI_PATH = "/openapi.json"
OPENAPI_VERSION = "3.1.0"
SCHEMAS_MODULE = "api.schemas"

_FIELD = re.compile(r"\{(\w+)(?::([a-z]+)[^}]*)?\}")  # a Falcon field, with an optional converter
_CONVERTED_SCHEMAS = {
    "int": {"type": "string", "pattern": ID_PATTERN, "description": "An id."},
    "username": {"type": "string", "pattern": USERNAME_PATTERN, "description": "A username (any case)."},
}
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

    @operation(responses={200: {"description": "The document.", "content": {"application/json": {"schema": {"type": "object"}}}}})
    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        """This OpenAPI 3.1 document."""
        resp.data = self._body
        resp.content_type = falcon.MEDIA_JSON


def build_spec(routes: Iterable[Route]) -> dict[str, Any]:
    """The OpenAPI document (a dict) of ``routes``.

    Raises:
        ValueError: a ``$ref`` points nowhere, or a declaration supplies a parameter no operation takes.
    """
    spec = _new_spec()
    operation_ids: set[str] = set()
    paths: dict[str, tuple[Route, dict[str, Any]]] = {}
    declared: list[tuple[dict[str, Any], Operation]] = []
    for route in routes:
        operations = {}
        for method, responder in _responders(route):
            operations[method] = _operation(route, method, responder, operation_ids)
            if (declaration := operation_of(responder)) is not None and declaration.supplies:
                declared.append((operations[method], declaration))
        if operations:
            paths[_FIELD.sub(r"{\1}", route.path)] = (route, operations)
    for source, declaration in declared:
        _add_links(source, declaration, paths)
    for path, (route, operations) in paths.items():
        spec.path(path=path, operations=operations, parameters=_path_parameters(route))
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
    """Add the problem+json schemas and responses, and the bearer scheme."""
    spec.components.schema("Problem", PROBLEM_SCHEMA)
    spec.components.schema("ValidationProblem", VALIDATION_PROBLEM_SCHEMA)
    for name, status in _RESPONSES.items():
        spec.components.response(name, _problem_response(status))
    spec.components.security_scheme("bearerAuth", {"type": "http", "scheme": "bearer"})


def _new_spec() -> APISpec:
    plugin = MarshmallowPlugin()
    spec = APISpec(
        title="Instagraph",
        version=_version(),
        openapi_version=OPENAPI_VERSION,
        plugins=[plugin],
        info={
            "description": (
                "An Instagram-style photo-sharing API on a property graph. Errors are RFC 9457 "
                f"problem details (``{MEDIA_PROBLEM_JSON}``) whose ``type`` is ``{TYPE_BASE}<slug>``. "
                "Every operation that can answer 429 is rate limited: each of its answers carries "
                "``RateLimit-Limit``, ``RateLimit-Remaining`` and ``RateLimit-Reset`` (seconds)."
            )
        },
    )
    assert plugin.converter is not None  # made when the spec took the plugin
    plugin.converter.add_attribute_function(_timestamp_properties)
    register_problems(spec)
    register_schemas(spec)
    return spec


def _timestamp_properties(self: Any, field: marshmallow.fields.Field, ret: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """A :class:`api.schemas.Timestamp` is a ``date-time`` (apispec has no format for a strftime pattern)."""
    if isinstance(field, Timestamp):
        ret.pop("pattern", None)
        return {"format": "date-time"}
    return {}


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
    for method in HTTP_METHODS:
        responder = responder_of(route.resource, method, route.suffix)
        if responder is not None:
            yield method, responder


def _path_parameters(route: Route) -> list[dict[str, Any]]:
    return [
        {"in": "path", "name": name, "required": True, "schema": _CONVERTED_SCHEMAS.get(converter, {"type": "string"})}
        for name, converter in _FIELD.findall(route.path)
    ]


def _operation(route: Route, method: str, responder: Any, operation_ids: set[str]) -> dict[str, Any]:
    """The operation object of one responder: its declaration and its docstring's prose."""
    summary, description = _prose(inspect.getdoc(responder) or "")
    operation: dict[str, Any] = {"summary": summary or f"{method.upper()} {route.path}"}
    if description:
        operation["description"] = description
    operation["operationId"] = _operation_id(route, method, operation_ids)
    operation["tags"] = [type(route.resource).__module__.rpartition(".")[2]]
    declaration = operation_of(responder) or Operation()
    responses: dict[Any, Any] = {code: _answer(answer) for code, answer in declaration.responses.items()}
    if declaration.auth:
        operation["security"] = [{"bearerAuth": []}]
        responses[401] = "Unauthenticated"
    parameters = _parameters(declaration)
    if parameters:
        operation["parameters"] = parameters
    if declaration.request_schema:
        media = falcon.MEDIA_JSON if declaration.body else falcon.MEDIA_MULTIPART
        operation["requestBody"] = {"required": True, "content": {media: {"schema": declaration.request_schema}}}
    responses.update(_input_refusals(declaration))
    for code, meaning in declaration.errors.items():
        _add_refusal(responses, code, meaning)
    if route_class(route.resource, method.upper()) != UNLIMITED:
        responses.setdefault(429, "RateLimited")
    operation["responses"] = _complete_responses(responses)
    return operation


def _answer(answer: Any) -> Any:
    """A declared success answer as an OpenAPI response object."""
    if isinstance(answer, str):
        return {"description": answer}
    if isinstance(answer, tuple):
        kind, description = answer
        return {"description": description, "content": {falcon.MEDIA_JSON: {"schema": kind}}}
    if isinstance(answer, type) and issubclass(answer, marshmallow.Schema):
        return {"content": {falcon.MEDIA_JSON: {"schema": answer}}}
    return dict(answer)


def _parameters(declaration: Operation) -> list[dict[str, Any]]:
    parameters = []
    if declaration.query:
        parameters.append({"in": "query", "schema": declaration.query})
    if declaration.idempotent:
        parameters.append({"in": "header", "schema": IdempotencyHeaderSchema})
    return parameters


def _input_refusals(declaration: Operation) -> dict[Any, Any]:
    """The 400 and 422 answers to input that breaks the declaration, and the idempotency key's 409 and 422."""
    refusals: dict[Any, Any] = {}
    if declaration.query and set(PageQuery._declared_fields) <= set(declaration.query._declared_fields):
        refusals[400] = {"description": "A bad limit or cursor."}
    checked = [
        *(["a query parameter"] if declaration.query and set(declaration.query._declared_fields) - set(PageQuery._declared_fields) else []),
        *(["the body"] if declaration.request_schema else []),
        *([f"the {IDEMPOTENCY_HEADER} header"] if declaration.idempotent else []),
    ]
    if checked:
        refusals[422] = {"description": f"{' or '.join(checked).capitalize()} breaks a rule; ``errors`` says which."}
    if declaration.idempotent:
        refusals[409] = {"description": f"The first request with this {IDEMPOTENCY_HEADER} is still running."}
        _add_refusal(refusals, 422, f"This {IDEMPOTENCY_HEADER} was used with another body.")
    return refusals


def _add_refusal(responses: dict[Any, Any], code: int, meaning: str) -> None:
    """Add ``meaning`` to the answer ``code`` (a sentence more when it already has one)."""
    known = responses.get(code)
    if isinstance(known, dict) and known.get("description"):
        responses[code] = {**known, "description": f"{known['description']} {meaning}"}
    else:
        responses[code] = {"description": meaning}


def _add_links(source: dict[str, Any], declaration: Operation, paths: dict[str, tuple[Route, dict[str, Any]]]) -> None:
    """Links from ``source``'s first success answer to every operation taking a parameter it supplies."""
    status = min(code for code in source["responses"] if _is_success(code))
    links = source["responses"][status].setdefault("links", {})
    for name, pointer in declaration.supplies.items():
        targets = [
            target
            for path, (_route, operations) in paths.items()
            if f"{{{name}}}" in path
            for target in operations.values()
        ]
        if not targets:
            raise ValueError(f"{source['operationId']} supplies {name!r}, which no operation takes")
        for target in targets:
            links[target["operationId"]] = {
                "operationId": target["operationId"],
                "parameters": {name: f"$response.body#{pointer}"},
            }


def _is_success(code: Any) -> bool:
    status = _status(code)
    return status is not None and 200 <= status < 300


def _prose(docstring: str) -> tuple[str, str]:
    """The first line and the rest of the text."""
    summary, _, description = docstring.strip().partition("\n")
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
    completed = {code: _complete_response(code, response) for code, response in sorted(responses.items(), key=_order)}
    completed.setdefault("default", "Problem")
    return completed


def _order(item: tuple[Any, Any]) -> tuple[int, str]:
    return (_status(item[0]) or 999, str(item[0]))


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
