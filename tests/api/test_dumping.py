"""The compiled dumps of api.dumping give exactly what ``Schema.dump`` gives, for every schema of the API."""

from __future__ import annotations

import types
from datetime import datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from marshmallow import Schema, fields, post_dump

from api import schemas
from api.dumping import compile_dump
from api.resources import dump

SCHEMAS = sorted(
    (value for value in vars(schemas).values() if isinstance(value, type) and issubclass(value, Schema) and value.__module__ == schemas.__name__),
    key=lambda kind: kind.__name__,
)


def values(field: fields.Field) -> st.SearchStrategy[Any]:
    """Values a field may be given: of its own kind, of the kinds it converts (ids as ints), and None."""
    if isinstance(field, fields.Nested):
        one = objects(field.schema)
        return st.none() | (st.lists(one, max_size=2) if field.many else one)
    if isinstance(field, fields.List):
        return st.none() | st.lists(values(field.inner), max_size=3)
    if isinstance(field, fields.DateTime):
        return st.none() | st.datetimes()
    if isinstance(field, fields.Boolean):
        return st.none() | st.booleans() | st.integers()
    if isinstance(field, fields.Integer):
        return st.none() | st.integers() | st.booleans()
    return st.none() | st.text(max_size=5) | st.integers()


def objects(schema: Schema) -> st.SearchStrategy[Any]:
    """What a schema dumps: a dict with every field (what the social layer gives), or a dict or an object with
    any of its fields missing."""
    members = {field.attribute or name: values(field) for name, field in schema.dump_fields.items()}
    as_dicts = st.fixed_dictionaries({}, optional=members)
    return st.fixed_dictionaries(members) | as_dicts | as_dicts.map(lambda members: types.SimpleNamespace(**members))


def outcome(dumping: Any, obj: Any) -> tuple[str, Any]:
    """What a dump gives, or the kind of error it raises (a dict without a key "items" makes marshmallow
    read the dict's own ``items`` method: both ways must fail alike)."""
    try:
        return "gave", dumping(obj)
    except Exception as error:  # noqa: BLE001 (any error: compared, not hidden)
        return "raised", type(error)


@pytest.mark.parametrize("kind", SCHEMAS, ids=lambda kind: kind.__name__)
@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(data=st.data())
def test_a_compiled_dump_is_the_schemas_dump(kind: type[Schema], data: st.DataObject) -> None:
    obj = data.draw(objects(kind()))
    assert outcome(lambda it: dump(kind, it), obj) == outcome(kind().dump, obj)


@given(instant=st.datetimes() | st.datetimes(timezones=st.timezones()))
def test_a_timestamp_is_its_format_by_strftime(instant: datetime) -> None:
    assert schemas.Timestamp()._serialize(instant, "at", {}) == instant.strftime(schemas.TIMESTAMP_FORMAT)


class Tagged(Schema):
    """Every way a field can be found and named, and one left to marshmallow (Method)."""

    id = fields.String(attribute="pk", data_key="identifier")
    path = fields.String(attribute="owner.name")
    kind = fields.String(dump_default="photo")
    made = fields.DateTime(dump_default=lambda: None)
    count = fields.Integer(as_string=True)
    owner = fields.Pluck("OwnerName", "name")


class OwnerName(Schema):
    name = fields.String()


class Hooked(Schema):
    name = fields.String()

    @post_dump
    def shout(self, data: dict[str, Any], **_kwargs: Any) -> dict[str, Any]:
        return {key: value.upper() for key, value in data.items()}


class Computed(Schema):
    name = fields.Method("upper")

    def upper(self, obj: dict[str, Any]) -> str:
        return obj["name"].upper()


@pytest.mark.parametrize(
    "obj",
    [
        {"pk": 7, "owner": {"name": "ann"}, "count": 3},
        {"owner": None},
        {"owner.name": "not read: a dotted attribute is a path", "owner": {"name": "ann"}},
        types.SimpleNamespace(pk="x", owner=types.SimpleNamespace(name="bob"), kind="reel", made=None, count=None),
        {},
    ],
)
def test_attributes_keys_defaults_and_plucks_are_marshmallows(obj: Any) -> None:
    assert outcome(compile_dump(Tagged()), obj) == outcome(Tagged().dump, obj)


def test_schemas_with_hooks_or_computed_fields_are_left_to_marshmallow() -> None:
    assert compile_dump(Hooked())({"name": "ann"}) == {"name": "ANN"}
    assert compile_dump(Computed())({"name": "ann"}) == {"name": "ANN"}
    many = Hooked(many=True)
    assert compile_dump(many) == many.dump
