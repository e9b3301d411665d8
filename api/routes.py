"""A route of the service: a path, its resource and the responder suffix."""

from __future__ import annotations

import dataclasses


@dataclasses.dataclass(frozen=True)
class Route:
    """One ``app.add_route`` call, kept as data so the OpenAPI document can list it."""

    path: str
    resource: object
    suffix: str | None = None
