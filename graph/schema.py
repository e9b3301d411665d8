"""Everything derived from :mod:`graph.models`: LadybugDB DDL and the schema document.

Neo4j's constraints and indexes come from neomodel's own install step (see
:mod:`graph.backends.neo4j`); LadybugDB's tables are generated here from the
same classes, so the schema is written exactly once. ``CREATE … TABLE IF NOT
EXISTS`` leaves an existing table as it was, so :func:`ladybug_column_ddl`
adds the columns later versions of the models declared to tables made before.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

from neomodel import (
    ArrayProperty,
    BooleanProperty,
    DateTimeProperty,
    FloatProperty,
    IntegerProperty,
    JSONProperty,
    StringProperty,
)
from neomodel.properties import Property

from graph.models import NODE_CLASSES

_LADYBUG_TYPES: tuple[tuple[type[Property], str], ...] = (
    (BooleanProperty, "BOOLEAN"),
    (IntegerProperty, "INT64"),
    (FloatProperty, "DOUBLE"),
    (DateTimeProperty, "TIMESTAMP"),
    (JSONProperty, "STRING"),
    (StringProperty, "STRING"),
)


@dataclasses.dataclass(frozen=True)
class PropertySpec:
    """One stored property: its name in the database, type and constraints."""

    name: str
    kind: str
    required: bool = False
    unique: bool = False
    indexed: bool = False
    default: str | None = None
    """The declared default as a Cypher literal (``0``, ``''``, ``false``, ``[]``); ``None``: no default."""


@dataclasses.dataclass(frozen=True)
class NodeSpec:
    """One node label, with its key (the first unique property) and properties."""

    label: str
    key: str
    properties: tuple[PropertySpec, ...]
    doc: str


@dataclasses.dataclass(frozen=True)
class RelSpec:
    """One relationship type and every (from label, to label) pair it joins."""

    type: str
    ends: tuple[tuple[str, str], ...]
    properties: tuple[PropertySpec, ...]


def _kind(prop: Property) -> str:
    if isinstance(prop, ArrayProperty):
        return _kind(prop.base_property) + "[]"
    for cls, kind in _LADYBUG_TYPES:
        if isinstance(prop, cls):
            return kind
    raise TypeError(f"no LadybugDB type for {type(prop).__name__}")


def _literal(value: Any) -> str:
    """``value`` written as a Cypher literal both engines read alike."""
    if isinstance(value, bool):  # before int: a bool is an int
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_literal(item) for item in value) + "]"
    raise TypeError(f"no Cypher literal for a default of type {type(value).__name__}")


def _default(prop: Property) -> str | None:
    if not prop.has_default:
        return None
    return _literal(prop.default() if callable(prop.default) else prop.default)


def _properties(owner: type) -> tuple[PropertySpec, ...]:
    return tuple(
        PropertySpec(
            name=prop.get_db_property_name(attr),
            kind=_kind(prop),
            required=bool(prop.required),
            unique=bool(prop.unique_index),
            indexed=bool(prop.index),
            default=_default(prop),
        )
        for attr, prop in owner.defined_properties(aliases=False, rels=False).items()
    )


def nodes() -> tuple[NodeSpec, ...]:
    """Every node label of the schema."""
    specs = []
    for cls in NODE_CLASSES:
        props = _properties(cls)
        key = next(p.name for p in props if p.unique)
        specs.append(NodeSpec(cls.__label__, key, props, (cls.__doc__ or "").strip()))
    return tuple(specs)


def relationships() -> tuple[RelSpec, ...]:
    """Every relationship type, its end labels folded together."""
    ends: dict[str, list[tuple[str, str]]] = {}
    props: dict[str, tuple[PropertySpec, ...]] = {}
    for cls in NODE_CLASSES:
        for rel in cls.defined_properties(aliases=False, properties=False).values():
            rel_type = rel.definition["relation_type"]
            pair = (cls.__label__, rel._raw_class)
            if pair not in ends.setdefault(rel_type, []):
                ends[rel_type].append(pair)
            model_props = _properties(rel.definition["model"]) if rel.definition["model"] else ()
            if props.setdefault(rel_type, model_props) != model_props:
                raise TypeError(f"{rel_type} is declared with different properties")
    return tuple(RelSpec(t, tuple(ends[t]), props[t]) for t in ends)


def _quote(name: str) -> str:
    return f"`{name}`"


def _column(prop: PropertySpec) -> str:
    """A column definition: name, type and the declared default (Neo4j has none; writes set every value)."""
    return f"{prop.name} {prop.kind}" + (f" DEFAULT {prop.default}" if prop.default is not None else "")


def ladybug_ddl() -> list[str]:
    """``CREATE … TABLE IF NOT EXISTS`` statements for LadybugDB, nodes first."""
    statements = []
    for node in nodes():
        columns = ", ".join(_column(p) for p in node.properties)
        statements.append(
            f"CREATE NODE TABLE IF NOT EXISTS {_quote(node.label)}({columns}, PRIMARY KEY({node.key}))"
        )
    for rel in relationships():
        parts = [f"FROM {_quote(a)} TO {_quote(b)}" for a, b in rel.ends]
        parts += [_column(p) for p in rel.properties]
        statements.append(f"CREATE REL TABLE IF NOT EXISTS {_quote(rel.type)}({', '.join(parts)})")
    return statements


def ladybug_column_ddl() -> list[str]:
    """``ALTER TABLE … ADD IF NOT EXISTS`` for every column but the keys, to run after :func:`ladybug_ddl`.

    On a table made by an older version of the models each missing column is
    added, existing rows taking its default; columns already there are left as
    they are (LadybugDB answers "already has property"), so this is idempotent.
    """
    tables = [(node.label, [p for p in node.properties if p.name != node.key]) for node in nodes()]
    tables += [(rel.type, list(rel.properties)) for rel in relationships()]
    return [f"ALTER TABLE {_quote(table)} ADD IF NOT EXISTS {_column(p)}" for table, props in tables for p in props]


def _describe(props: Iterable[PropertySpec]) -> str:
    lines = []
    for p in props:
        notes = [n for n, on in (("required", p.required), ("unique", p.unique), ("indexed", p.indexed)) if on]
        notes += [f"default {p.default}"] if p.default is not None else []
        lines.append(f"  - {p.name}: {p.kind}" + (f" ({', '.join(notes)})" if notes else ""))
    return "\n".join(lines) or "  (no properties)"


def schema_document() -> str:
    """The schema as text for people who write Cypher (``instagraph schema``)."""
    out = ["# Instagraph graph schema", "", "## Nodes", ""]
    for node in nodes():
        out += [f"(:{node.label})  key: {node.key}", f"  {node.doc}", _describe(node.properties), ""]
    out += ["## Relationships", ""]
    for rel in relationships():
        for a, b in rel.ends:
            out.append(f"(:{a})-[:{rel.type}]->(:{b})")
        out += [_describe(rel.properties), ""]
    out += [
        "## Constraints",
        "",
        *(f"- {n.label}.{p.name} is unique" for n in nodes() for p in n.properties if p.unique),
        "",
        "Ids are 64-bit integers, time-sortable (newer is larger). Timestamps are naive UTC.",
        "Write the relationship type ON with backticks: -[:`ON`]->.",
    ]
    return "\n".join(out) + "\n"
