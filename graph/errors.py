"""Errors the graph gateway raises, the same whichever backend runs."""


class GraphError(Exception):
    """Base class of gateway errors."""


class GraphUnavailable(GraphError):
    """The graph cannot be reached or is not answering."""


class ConstraintViolation(GraphError):
    """A write broke a uniqueness constraint; nothing of it was stored."""


class UnknownQuery(GraphError, LookupError):
    """The code asked for a query name that has no file in ``cypher/``."""


class WriteConflict(GraphError):
    """The engine refused a write because another one held it; safe to retry."""
