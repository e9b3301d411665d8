"""A route of the service: a path, its resource and the responder suffix."""

from __future__ import annotations

import dataclasses
import functools
import re

_CONVERTER = re.compile(r"\{(\w+):[^}]*\}")


@dataclasses.dataclass(frozen=True)
class Route:
    """One ``app.add_route`` call, kept as data so the OpenAPI document can list it."""

    path: str
    resource: object
    suffix: str | None = None


@functools.lru_cache(maxsize=256)
def plain_path(path: str) -> str:
    """A route's path with its fields' converters left out (``{photo_id:int}`` → ``{photo_id}``), as metric
    labels and idempotency records name the route; the routes are few, so each is worked out once."""
    return _CONVERTER.sub(r"{\1}", path)
