"""A graph wrapper that notes which named queries the code runs, for tests of how many reads a rule makes."""

from __future__ import annotations

from typing import Any


class CountingGraph:
    """The real graph, noting which named queries the code runs (``calls``) and with what (``params``)."""

    def __init__(self, graph: Any) -> None:
        self._graph = graph
        self.calls: list[tuple[str, str]] = []
        self.params: list[dict[str, Any]] = []

    def read(self, name: str, /, **params: Any) -> list[dict[str, Any]]:
        self._note("read", name, params)
        return self._graph.read(name, **params)

    def write(self, name: str, /, **params: Any) -> list[dict[str, Any]]:
        self._note("write", name, params)
        return self._graph.write(name, **params)

    def names(self) -> list[str]:
        """The names of the queries run, in order."""
        return [name for _, name in self.calls]

    def _note(self, kind: str, name: str, params: dict[str, Any]) -> None:
        self.calls.append((kind, name))
        self.params.append(params)

    def __getattr__(self, attribute: str) -> Any:
        return getattr(self._graph, attribute)
