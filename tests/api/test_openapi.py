"""The OpenAPI 3.1 document: built from routes and docstrings, every route and method present, refs resolving."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path
from typing import Any

import falcon
import falcon.testing
import pytest
from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from marshmallow import Schema, fields
from prometheus_client import CollectorRegistry

from api import openapi
from api.openapi import HTTP_METHODS, build_spec, register_schemas
from api.operations import operation, operation_of, responder_of
from api.routes import Route
from api.schemas import PageQuery
from social.context import Context


class OpenApiTestWidgetSchema(Schema):
    """A widget, for these tests only."""

    id = fields.String()
    name = fields.String(required=True)


class OpenApiTestWidgetPageSchema(Schema):
    """A page of widgets, for these tests only."""

    items = fields.List(fields.Nested(OpenApiTestWidgetSchema))
    next_cursor = fields.String(allow_none=True)


class _Widgets:
    """A collection and its items through one class, as the app's resources do."""

    @operation(query=PageQuery, responses={200: OpenApiTestWidgetPageSchema})
    def on_get(self, req: falcon.Request, resp: falcon.Response, query: dict) -> None:
        """List widgets.

        Longer prose that becomes the description.
        """

    @operation(
        auth=True,
        body=OpenApiTestWidgetSchema,
        responses={201: (OpenApiTestWidgetSchema, "The widget.")},
        errors={409: "A widget of that name exists."},
        supplies={"id": "/id"},
    )
    def on_post(self, req: falcon.Request, resp: falcon.Response, body: dict) -> None:
        """Make a widget."""

    def on_get_item(self, req: falcon.Request, resp: falcon.Response, id: int) -> None:
        """One widget."""

    def on_delete_item(self, req: falcon.Request, resp: falcon.Response, id: int) -> None:
        pass


WIDGET_ROUTES = [Route("/widgets", _Widgets()), Route("/widgets/{id:int}", _Widgets(), suffix="item")]


def _responder_methods(route: Route) -> set[str]:
    suffix = f"_{route.suffix}" if route.suffix else ""
    return {m.lower() for m in falcon.COMBINED_METHODS if callable(getattr(route.resource, f"on_{m.lower()}{suffix}", None))}


def _openapi_path(path: str) -> str:
    return re.sub(r"\{(\w+):[^}]*\}", r"{\1}", path)


def _assert_valid_31(document: dict[str, Any]) -> None:
    """The structural rules of OpenAPI 3.1 this document must keep (no validator is installed)."""
    assert document["openapi"] == "3.1.0"
    assert document["info"]["title"] and isinstance(document["info"]["version"], str)
    assert document["components"]["securitySchemes"]["bearerAuth"] == {"type": "http", "scheme": "bearer"}
    assert {"Problem", "ValidationProblem"} <= set(document["components"]["schemas"])
    operation_ids = []
    for path, item in document["paths"].items():
        assert path.startswith("/")
        declared = {p["name"] for p in item.get("parameters", []) if p["in"] == "path"}
        assert declared == set(re.findall(r"\{(\w+)\}", path)), path
        for method, published in item.items():
            if method == "parameters":
                continue
            assert method in HTTP_METHODS
            assert published["summary"]
            operation_ids.append(published["operationId"])
            assert published["responses"]
            for code, response in published["responses"].items():
                assert re.fullmatch(r"[1-5][0-9X]{2}|default", code)
                assert "$ref" in response or response["description"], (path, method, code)
    assert len(operation_ids) == len(set(operation_ids))
    for ref in _refs(document):
        node: Any = document
        for part in ref.removeprefix("#/").split("/"):
            node = node[part]
    json.dumps(document)


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        return [node["$ref"]] if "$ref" in node else [r for v in node.values() for r in _refs(v)]
    if isinstance(node, list):
        return [r for v in node for r in _refs(v)]
    return []


def test_every_route_appears_with_its_methods() -> None:
    document = build_spec(WIDGET_ROUTES)
    _assert_valid_31(document)
    assert set(document["paths"]) == {"/widgets", "/widgets/{id}"}
    for route in WIDGET_ROUTES:
        assert set(document["paths"][_openapi_path(route.path)]) - {"parameters"} == _responder_methods(route)


def test_operations_come_from_the_declarations_and_the_docstrings() -> None:
    paths = build_spec(WIDGET_ROUTES)["paths"]
    listing, making = paths["/widgets"]["get"], paths["/widgets"]["post"]
    assert listing["summary"] == "List widgets."
    assert listing["description"] == "Longer prose that becomes the description."
    assert [(p["name"], p["in"]) for p in listing["parameters"]] == [("limit", "query"), ("cursor", "query")]
    assert listing["parameters"][0]["schema"] == {"type": "integer", "default": 20, "minimum": 1, "maximum": 100}
    assert listing["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/OpenApiTestWidgetPage"
    }
    assert listing["responses"]["400"]["description"] == "A bad limit or cursor."
    assert "security" not in listing and "401" not in listing["responses"]
    assert making["summary"] == "Make a widget."
    assert making["security"] == [{"bearerAuth": []}]
    assert making["requestBody"] == {
        "required": True,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/OpenApiTestWidget"}}},
    }
    assert making["responses"]["201"]["description"] == "The widget."
    assert making["responses"]["401"] == {"$ref": "#/components/responses/Unauthenticated"}
    assert making["responses"]["409"]["description"] == "A widget of that name exists."
    assert making["responses"]["422"]["content"]["application/problem+json"]["schema"] == {
        "$ref": "#/components/schemas/ValidationProblem"
    }


def test_an_answer_that_supplies_a_parameter_links_to_every_operation_taking_it() -> None:
    links = build_spec(WIDGET_ROUTES)["paths"]["/widgets"]["post"]["responses"]["201"]["links"]
    assert links == {
        name: {"operationId": name, "parameters": {"id": "$response.body#/id"}}
        for name in ("getWidgets2", "deleteWidgets")
    }


def test_a_parameter_supplied_to_no_operation_fails_the_build() -> None:
    class Lonely:
        @operation(responses={201: OpenApiTestWidgetSchema}, supplies={"nobody_takes_this": "/id"})
        def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
            """Lonely."""

    with pytest.raises(ValueError, match="nobody_takes_this"):
        build_spec([Route("/lonely", Lonely())])


def test_an_idempotent_operation_publishes_its_header_and_answers() -> None:
    class Retryable:
        @operation(body=OpenApiTestWidgetSchema, responses={201: OpenApiTestWidgetSchema}, idempotent=True)
        def on_post(self, req: falcon.Request, resp: falcon.Response, body: dict) -> None:
            """Retryable."""

    posting = build_spec([Route("/retryable", Retryable())])["paths"]["/retryable"]["post"]
    [header] = posting["parameters"]
    assert (header["in"], header["name"], header["required"]) == ("header", "Idempotency-Key", False)
    assert (header["schema"]["minLength"], header["schema"]["maxLength"]) == (1, 255)
    assert "still running" in posting["responses"]["409"]["description"]
    assert "another body" in posting["responses"]["422"]["description"]


def test_blanks_are_filled_in() -> None:
    paths = build_spec(WIDGET_ROUTES)["paths"]
    item = paths["/widgets/{id}"]
    assert item["get"]["summary"] == "One widget."
    assert item["delete"]["summary"] == "DELETE /widgets/{id:int}"
    assert item["get"]["tags"] == ["test_openapi"]
    assert item["get"]["responses"]["default"] == {"$ref": "#/components/responses/Problem"}
    assert paths["/widgets"]["get"]["responses"]["200"]["description"] == "OK"


def test_a_reference_to_nothing_fails_the_build() -> None:
    nowhere = {"$ref": "#/components/schemas/NoSuchSchemaAnywhere"}

    class Broken:
        @operation(responses={200: {"description": "x", "content": {"application/json": {"schema": nowhere}}}})
        def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
            """Broken."""

    with pytest.raises(ValueError, match="NoSuchSchemaAnywhere"):
        build_spec([Route("/broken", Broken())])


def _spec() -> APISpec:
    return APISpec("t", "1", "3.1.0", plugins=[MarshmallowPlugin()])


def test_register_schemas_adds_every_schema_of_api_schemas() -> None:
    spec = _spec()
    register_schemas(spec)
    assert {"User", "SignUp", "Session", "PatchMe"} <= set(spec.components.schemas)


def test_register_schemas_skips_a_module_that_does_not_exist_yet() -> None:
    assert register_schemas(_spec(), "api.no_such_schemas_module") == []


def test_register_schemas_does_not_hide_a_broken_import(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "openapi_probe_schemas.py").write_text("import no_such_dependency_at_all\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(ModuleNotFoundError, match="no_such_dependency_at_all"):
        register_schemas(_spec(), "openapi_probe_schemas")


def test_register_schemas_takes_only_the_module_s_own_schemas(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "openapi_probe_own.py").write_text(
        textwrap.dedent(
            """
            from marshmallow import Schema, fields
            from marshmallow.schema import Schema as Imported

            class PetSchema(Schema):
                name = fields.String()

            class _PrivateSchema(Schema):
                x = fields.String()
            """
        )
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    assert register_schemas(_spec(), "openapi_probe_own") == ["Pet"]


def test_the_app_s_routes_and_the_document_itself_appear(context: Context, client: falcon.testing.TestClient) -> None:
    from api.app import routes

    table = routes(context, CollectorRegistry())
    result = client.simulate_get(openapi.OPENAPI_PATH)
    assert result.status_code == 200
    assert result.headers["Content-Type"].startswith("application/json")
    document = result.json
    _assert_valid_31(document)
    for route in table:
        methods = _responder_methods(route)
        assert methods, route.path
        assert set(document["paths"][_openapi_path(route.path)]) - {"parameters"} == methods, route.path
    assert set(document["paths"][openapi.OPENAPI_PATH]) == {"get"}
    assert len(document["paths"]) == len(table) + 1


def test_every_responder_of_the_app_is_declared(context: Context) -> None:
    from api.app import routes

    for route in routes(context, CollectorRegistry()):
        for method in _responder_methods(route):
            assert operation_of(responder_of(route.resource, method, route.suffix)), f"{method} {route.path}"


def test_id_and_username_fields_are_published_with_their_patterns(client: falcon.testing.TestClient) -> None:
    document = client.simulate_get("/openapi.json").json
    [photo_id] = document["paths"]["/v1/photos/{photo_id}"]["parameters"]
    assert photo_id["name"] == "photo_id" and photo_id["schema"]["pattern"] == "^[1-9][0-9]{0,18}$"
    [username] = document["paths"]["/v1/users/{username}"]["parameters"]
    assert username["schema"]["pattern"] == "^[A-Za-z0-9._]{1,30}$"
    sign_up = document["components"]["schemas"]["SignUp"]["properties"]["username"]
    assert sign_up["pattern"] == username["schema"]["pattern"]


def test_paging_parameters_are_published_as_the_server_reads_them(client: falcon.testing.TestClient) -> None:
    feed = client.simulate_get("/openapi.json").json["paths"]["/v1/feed"]["get"]
    assert [p["name"] for p in feed["parameters"]] == ["limit", "cursor"]


def test_sign_up_and_posting_a_photo_link_to_the_routes_that_take_their_name_and_id(
    client: falcon.testing.TestClient,
) -> None:
    paths = client.simulate_get("/openapi.json").json["paths"]
    from_sign_up = paths["/v1/accounts"]["post"]["responses"]["201"]["links"]
    assert {"postUsersFollow", "getUsers", "getUsersPhotos", "postUsersBlock"} <= set(from_sign_up)
    assert from_sign_up["postUsersFollow"]["parameters"] == {"username": "$response.body#/username"}
    from_photo = paths["/v1/photos"]["post"]["responses"]["201"]["links"]
    assert {"getPhotos", "postPhotosLike", "postPhotosComments", "getPhotosComments"} <= set(from_photo)
    assert from_photo["getPhotos"]["parameters"] == {"photo_id": "$response.body#/id"}


@pytest.mark.parametrize("path", ["/v1/accounts", "/v1/photos", "/v1/photos/{photo_id}/comments"])
def test_retryable_posts_take_an_idempotency_key(client: falcon.testing.TestClient, path: str) -> None:
    posting = client.simulate_get("/openapi.json").json["paths"][path]["post"]
    assert "Idempotency-Key" in {p["name"] for p in posting["parameters"] if p["in"] == "header"}
    assert {"409", "422"} <= set(posting["responses"])


def test_every_paged_list_documents_its_400(client: falcon.testing.TestClient) -> None:
    document = client.simulate_get("/openapi.json").json
    paged = [
        (path, method, published)
        for path, item in document["paths"].items()
        for method, published in item.items()
        if method in HTTP_METHODS and "cursor" in {p["name"] for p in published.get("parameters", [])}
    ]
    assert len(paged) >= 10
    for path, method, published in paged:
        assert "400" in published["responses"] or 400 in published["responses"], f"{method} {path}"
