"""Falcon resources, one module per area; each responder is one call into ``social``."""

from __future__ import annotations

from social.context import Context


class Resource:
    """A resource whose responders act through the rules' shared context."""

    def __init__(self, context: Context) -> None:
        self._context = context
