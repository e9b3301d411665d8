"""The query catalog: every Cypher statement the code runs, loaded by name.

``catalog.text("accounts/create_user")`` is the text of
``cypher/accounts/create_user.cypher``, or of ``create_user.ladybug.cypher``
beside it when the backend is LadybugDB and that file exists.

A query may include a fragment with ``{{area/name}}``, replaced by the text of
``cypher/area/_name.fragment.cypher`` when the query loads (a fragment may
include others). Fragments hold
static text shared by many queries (the privacy predicate); request data only
ever travels as parameters.

``python -m graph.catalog`` prints every expanded Neo4j text as JSON; the Cypher
lint (``npm run lint:cypher``) checks exactly those texts.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import sys
from importlib import resources
from pathlib import Path

from graph.errors import UnknownQuery

DIALECTS = ("neo4j", "ladybug")
_INCLUDE = re.compile(r"\{\{\s*([a-z0-9_]+/[a-z0-9_]+)\s*\}\}")
_FRAGMENT_SUFFIX = ".fragment.cypher"
_LADYBUG_SUFFIX = ".ladybug.cypher"


def default_root() -> Path:
    """The ``cypher/`` folder shipped with the code."""
    return Path(str(resources.files("cypher")))


class Catalog:
    """Named query texts for one dialect, read once and cached.

    Args:
        dialect: ``"neo4j"`` or ``"ladybug"``.
        root: the folder holding ``<area>/<name>.cypher`` (default: the shipped one).
    """

    def __init__(self, dialect: str, root: Path | None = None) -> None:
        if dialect not in DIALECTS:
            raise ValueError(f"unknown dialect {dialect!r}")
        self.dialect = dialect
        self.root = root or default_root()

    @functools.lru_cache(maxsize=None)
    def text(self, name: str) -> str:
        """The expanded text of query ``name`` for this dialect.

        Raises:
            UnknownQuery: no file holds that name.
        """
        if self.dialect == "ladybug":
            override = self.root / f"{name}{_LADYBUG_SUFFIX}"
            if override.is_file():
                return self._expand(override.read_text())
        path = self.root / f"{name}.cypher"
        if not _is_query_name(name) or not path.is_file():
            raise UnknownQuery(f"no query named {name!r} in {self.root}")
        return self._expand(path.read_text())

    def names(self) -> list[str]:
        """Every query name in the catalog (fragments and dialect overrides excluded)."""
        return sorted(
            f"{path.parent.name}/{path.name.removesuffix('.cypher')}"
            for path in self.root.glob("*/*.cypher")
            if not path.name.endswith((_FRAGMENT_SUFFIX, _LADYBUG_SUFFIX))
        )

    def digest(self) -> str:
        """A short hash of every query text: it changes whenever a query's columns may have.

        Rows cached in Redis (:mod:`feed.objects`) are kept under it, so servers
        running another version of the queries never read each other's rows.
        """
        texts = "\0".join(f"{name}\0{self.text(name)}" for name in self.names())
        return hashlib.sha256(texts.encode()).hexdigest()[:12]

    def override_names(self) -> list[str]:
        """Names that have a ``.ladybug.cypher`` replacement."""
        return sorted(
            f"{path.parent.name}/{path.name.removesuffix(_LADYBUG_SUFFIX)}"
            for path in self.root.glob(f"*/*{_LADYBUG_SUFFIX}")
        )

    def _expand(self, text: str) -> str:
        return _INCLUDE.sub(lambda m: self._fragment(m.group(1)), text).strip()

    def _fragment(self, name: str) -> str:
        area, _, base = name.partition("/")
        path = self.root / area / f"_{base}{_FRAGMENT_SUFFIX}"
        if not path.is_file():
            raise UnknownQuery(f"no fragment named {name!r} in {self.root}")
        return self._expand(_strip_comments(path.read_text()))  # a fragment may include fragments


def _is_query_name(name: str) -> bool:
    return re.fullmatch(r"[a-z0-9_]+/[a-z0-9_]+", name) is not None


def _strip_comments(text: str) -> str:
    """Drop ``//`` comment lines so a fragment can document itself and still be inlined."""
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("//"))


def _lint_schema() -> dict[str, object]:
    """Labels, relationship types, property keys and (from, type, to) triples of :mod:`graph.models`."""
    from graph.schema import nodes, relationships  # imports neomodel: only when asked

    node_specs, rel_specs = nodes(), relationships()
    keys = {p.name for spec in (*node_specs, *rel_specs) for p in spec.properties}
    return {
        "labels": [node.label for node in node_specs],
        "relationshipTypes": [rel.type for rel in rel_specs],
        "propertyKeys": sorted(keys),
        "graphSchema": [{"from": a, "to": b, "relType": rel.type} for rel in rel_specs for a, b in rel.ends],
    }


def main(argv: list[str] | None = None) -> None:
    """Print ``{name: expanded Neo4j text}`` for the Cypher lint, or with ``--schema`` the schema it checks against."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m graph.catalog", description=main.__doc__)
    parser.add_argument("--root", type=Path, help="catalog folder to read (default: the shipped cypher/)")
    parser.add_argument("--schema", action="store_true", help="print the schema of graph/models.py instead")
    args = parser.parse_args(argv)
    if args.root is not None and not args.root.is_dir():
        parser.error(f"--root {args.root}: not a folder")
    if args.schema:
        json.dump(_lint_schema(), sys.stdout, indent=1)
        return
    catalog = Catalog("neo4j", root=args.root.resolve() if args.root else None)
    json.dump({name: catalog.text(name) for name in catalog.names()}, sys.stdout, indent=1)


if __name__ == "__main__":
    main()
