"""Everything derived from :mod:`graph.models`: LadybugDB DDL and the schema document.

Neo4j's constraints and indexes come from neomodel's own install step (see
:mod:`graph.backends.neo4j`); LadybugDB's tables are generated here from the
same classes, so the schema is written exactly once.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

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


def _properties(owner: type) -> tuple[PropertySpec, ...]:
    return tuple(
        PropertySpec(
            name=prop.get_db_property_name(attr),
            kind=_kind(prop),
            required=bool(prop.required),
            unique=bool(prop.unique_index),
            indexed=bool(prop.index),
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


def ladybug_ddl() -> list[str]:
    """``CREATE … TABLE IF NOT EXISTS`` statements for LadybugDB, nodes first."""
    statements = []
    for node in nodes():
        columns = ", ".join(f"{p.name} {p.kind}" for p in node.properties)
        statements.append(
            f"CREATE NODE TABLE IF NOT EXISTS {_quote(node.label)}({columns}, PRIMARY KEY({node.key}))"
        )
    for rel in relationships():
        parts = [f"FROM {_quote(a)} TO {_quote(b)}" for a, b in rel.ends]
        parts += [f"{p.name} {p.kind}" for p in rel.properties]
        statements.append(f"CREATE REL TABLE IF NOT EXISTS {_quote(rel.type)}({', '.join(parts)})")
    return statements


def _describe(props: Iterable[PropertySpec]) -> str:
    lines = []
    for p in props:
        notes = [n for n, on in (("required", p.required), ("unique", p.unique), ("indexed", p.indexed)) if on]
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
