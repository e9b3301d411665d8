"""Response bodies as the marshmallow schemas shape them, at a fraction of ``Schema.dump``'s cost.

The schemas in :mod:`api.schemas` declare every body (the OpenAPI document is
made from them) and stay the reference for its shape. ``Schema.dump`` walks each
value through four layers of calls (the field's ``serialize``, its
``get_value``, the schema's accessor, the key lookup): 0.41 ms for a page of 20
photos, four times what reading that page from the caches costs (0.11 ms), and
the largest part of a feed request's Python time under load. :func:`compile_dump`
reads a schema's fields once and returns a function that gives what
``schema.dump`` gives, in one loop per object:

- a value is found as marshmallow finds it: a key of a ``dict`` directly,
  anything else (attributes, dotted ``attribute`` paths) through
  :func:`marshmallow.utils.get_value`; a missing one takes the field's
  ``dump_default`` or is left out;
- ``Nested`` fields, and ``List`` fields of them, recurse into the compiled
  dump of the nested schema;
- every other value is formatted by its field's own ``_serialize``
  (marshmallow's code for strings, numbers, timestamps…);
- a schema with ``pre_dump``/``post_dump`` hooks, a custom ``get_attribute``,
  ``many=True`` or a field that reads no attribute (``Method``, ``Function``)
  is dumped by marshmallow itself.

``tests/api/test_dumping.py`` holds the compiled dump of every response schema
equal to ``Schema.dump``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from marshmallow import Schema, fields, missing
from marshmallow.decorators import POST_DUMP, PRE_DUMP
from marshmallow.utils import get_value

Dump = Callable[[Any], Any]
Write = Callable[[Any, Any], Any]
"""Formats a field's value, given the object it belongs to (as a field's ``_serialize`` is)."""


class _Step(NamedTuple):
    """One field of a compiled schema (a tuple: the dump loop unpacks it, the quickest way to read it)."""

    key: str
    """Where its value goes in the output (``data_key``, else its name)."""
    attribute: str
    """Where its value comes from (``attribute``, else its name)."""
    keyed: bool
    """Whether a dict holds it under ``attribute`` itself (not a dotted path, which marshmallow follows)."""
    field: fields.Field
    kept: type | None
    """Values of exactly this type are output unchanged (what the field's ``_serialize`` would do)."""
    write: Write


def compile_dump(schema: Schema) -> Dump:
    """A function giving ``schema.dump(obj)`` for any ``obj`` (see the module docstring)."""
    if not _compilable(schema):
        return schema.dump
    steps = [_step(name, field) for name, field in schema.dump_fields.items()]

    def dump(obj: Any) -> dict[str, Any]:
        out = {}
        is_dict = type(obj) is dict
        for key, attribute, keyed, field, kept, write in steps:
            value = obj[attribute] if is_dict and keyed and attribute in obj else get_value(obj, attribute, missing)
            if value is missing:
                default = field.dump_default
                value = default() if callable(default) else default
                if value is missing:
                    continue
            out[key] = value if type(value) is kept else write(value, obj)
        return out

    return dump


def _compilable(schema: Schema) -> bool:
    return (
        not schema.many
        and not schema._hooks[PRE_DUMP]
        and not schema._hooks[POST_DUMP]
        and type(schema).get_attribute is Schema.get_attribute
        and all(field._CHECK_ATTRIBUTE for field in schema.dump_fields.values())
    )


def _step(name: str, field: fields.Field) -> _Step:
    key = field.data_key if field.data_key is not None else name
    attribute = field.attribute or name
    return _Step(key, attribute, "." not in attribute, field, _kept(field), _writer(name, field))


_UNCHANGED = {fields.String: str, fields.Integer: int, fields.Boolean: bool}
"""Fields whose ``_serialize`` gives back a value of this exact type unchanged (``str(s)``, ``int(i)``;
``Boolean`` gives back any value)."""


def _kept(field: fields.Field) -> type | None:
    return None if getattr(field, "as_string", False) else _UNCHANGED.get(type(field))


def _writer(name: str, field: fields.Field) -> Write:
    """Formats a value of ``field`` (named ``name`` in its schema)."""
    nested = _nested(field)
    if nested is not None:
        return lambda value, obj: nested(value)
    if isinstance(field, fields.List) and type(field)._serialize is fields.List._serialize:
        inner = _writer(name, field.inner)
        kept = _kept(field.inner)
        return lambda value, obj: None if value is None else [
            each if type(each) is kept else inner(each, obj) for each in value
        ]
    return lambda value, obj: field._serialize(value, name, obj)


def _nested(field: fields.Field) -> Dump | None:
    """How a ``Nested`` field formats its value (``None`` stays ``None``), or ``None`` for other fields."""
    if not isinstance(field, fields.Nested) or type(field)._serialize is not fields.Nested._serialize:
        return None  # Pluck and other Nested kinds that format their own way
    if not _compilable(field.schema):
        return None
    dump = compile_dump(field.schema)
    if field.many:
        return lambda value: None if value is None else [dump(each) for each in value]
    return lambda value: None if value is None else dump(value)
