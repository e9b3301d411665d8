"""Neo4j backend: the graph on a Neo4j 5 server or cluster, through the official driver.

How statements travel:

- ``read()`` runs in ``session.execute_read``. With a ``neo4j://`` URL the driver
  routes it to a follower of the cluster (a ``bolt://`` URL talks to that one server
  for everything); Neo4j refuses a write inside it.
- ``write()`` and ``transaction(work)`` run in ``session.execute_write``, which goes
  to the leader and retries the whole unit of work on a transient failure (a leader
  change, a deadlock, a lost connection) for up to the driver's retry time. Errors
  are therefore translated to :mod:`graph.errors` only once the driver has given up:
  inside ``work`` a retryable driver error must reach the driver untouched, while a
  constraint violation (never retried) surfaces as ``ConstraintViolation`` there too.
- Every session of one gateway shares one bookmark manager, so a read sees every write
  this process has committed before it (causal consistency: a follower waits until it
  has caught up). Writes of *other* processes are seen when the follower has them.
- ``execute()`` (``instagraph cypher``) runs an auto-commit transaction in a read or
  write session, so people may also run ``CALL … IN TRANSACTIONS`` and schema commands;
  it is not retried.

Rows come back as dicts of plain Python values: Neo4j temporal values become
``datetime`` objects (a ``DateTime`` becomes a naive UTC ``datetime.datetime``: the app
stores naive UTC, and LadybugDB returns the same), nodes and relationships become dicts
shaped like LadybugDB's.
"""

from __future__ import annotations

import datetime
import io
import threading
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import neo4j
import neo4j.graph
import neo4j.time
from neo4j.exceptions import (
    AuthError,
    ConnectionPoolError,
    ConstraintError,
    DatabaseUnavailable,
    DriverError,
    ForbiddenOnReadOnlyDatabase,
    Neo4jError,
    NotALeader,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)

from graph.catalog import Catalog
from graph.errors import ConstraintViolation, GraphError, GraphUnavailable, WriteConflict
from graph.gateway import Row, T

if TYPE_CHECKING:
    from instagraph.settings import Settings

_UNAVAILABLE = (
    ServiceUnavailable,  # includes routing/read/write service unavailable and IncompleteCommit
    SessionExpired,
    DatabaseUnavailable,
    NotALeader,
    ForbiddenOnReadOnlyDatabase,
    AuthError,
    ConnectionPoolError,
)

_NEOMODEL_LOCK = threading.Lock()
"""neomodel's connection is one per process: installs from two gateways must not interleave."""


def _translate(error: Exception) -> GraphError:
    """The gateway's error for a driver or server error."""
    message = str(error) or type(error).__name__
    if isinstance(error, ConstraintError):
        return ConstraintViolation(message)
    if isinstance(error, _UNAVAILABLE):
        return GraphUnavailable(message)
    if isinstance(error, TransientError):  # a deadlock or lock timeout the retries did not outlast
        return WriteConflict(message)
    return GraphError(message)


def _retryable(error: Exception) -> bool:
    return isinstance(error, (DriverError, Neo4jError)) and error.is_retryable()


def to_python(value: Any) -> Any:
    """A value returned by the driver as a plain Python value.

    ``neo4j.time.DateTime`` becomes a naive UTC :class:`datetime.datetime` (an aware one
    is converted to UTC first); ``Date``, ``Time`` become :mod:`datetime` objects; a
    ``Duration`` without months becomes a :class:`datetime.timedelta` (with months, its
    ISO 8601 text); nanoseconds are truncated to microseconds. Nodes, relationships and
    paths become dicts shaped like LadybugDB's (``_ID``, ``_LABEL``, ``_SRC``/``_DST``,
    ``_NODES``/``_RELS``) for people running ad-hoc Cypher; queries of the app return
    scalar columns.
    """
    if value is None or isinstance(value, (bool, int, float, str, bytes)):
        return value
    if isinstance(value, neo4j.time.DateTime):
        native = value.to_native()
        if native.tzinfo is not None:
            native = native.astimezone(datetime.timezone.utc).replace(tzinfo=None)
        return native
    if isinstance(value, (neo4j.time.Date, neo4j.time.Time)):
        return value.to_native()
    if isinstance(value, neo4j.time.Duration):
        if value.months:
            return value.iso_format()
        return datetime.timedelta(days=value.days, seconds=value.seconds, microseconds=value.nanoseconds // 1000)
    if isinstance(value, neo4j.graph.Node):
        return {"_ID": value.element_id, "_LABEL": ":".join(sorted(value.labels)), **_properties(value)}
    if isinstance(value, neo4j.graph.Relationship):
        return {
            "_ID": value.element_id,
            "_LABEL": value.type,
            "_SRC": value.start_node.element_id if value.start_node is not None else None,
            "_DST": value.end_node.element_id if value.end_node is not None else None,
            **_properties(value),
        }
    if isinstance(value, neo4j.graph.Path):
        return {"_NODES": [to_python(n) for n in value.nodes], "_RELS": [to_python(r) for r in value.relationships]}
    if isinstance(value, Mapping):
        return {key: to_python(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):  # also spatial points, which are tuples of coordinates
        return [to_python(item) for item in value]
    to_native = getattr(value, "to_native", None)  # neo4j.vector.Vector and future types
    if callable(to_native):
        return to_python(to_native())
    return value


def _properties(entity: neo4j.graph.Entity) -> dict[str, Any]:
    return {key: to_python(item) for key, item in entity.items()}


def _columns_and_rows(result: neo4j.Result) -> tuple[list[str], list[list[Any]]]:
    """Read a result to the end (inside its transaction) as plain values."""
    columns = list(result.keys())
    return columns, [[to_python(value) for value in record.values()] for record in result]


def _rows(result: neo4j.Result) -> list[Row]:
    columns, rows = _columns_and_rows(result)
    return [dict(zip(columns, values)) for values in rows]


class Neo4jTransaction:
    """Named queries inside one managed write transaction of the driver."""

    def __init__(self, catalog: Catalog, tx: neo4j.ManagedTransaction) -> None:
        self._catalog = catalog
        self._tx = tx
        self._after_commit: list[Callable[[], object]] = []

    def after_commit(self, callback: Callable[[], object]) -> None:
        self._after_commit.append(callback)

    def run(self, name: str, /, **params: Any) -> list[Row]:
        text = self._catalog.text(name)
        try:
            return _rows(self._tx.run(text, params))
        except (DriverError, Neo4jError) as error:
            if _retryable(error):
                raise  # the driver retries the whole unit of work
            raise _translate(error) from error


class Neo4jGraph:
    """The graph gateway on Neo4j.

    Args:
        driver: a driver from ``neo4j.GraphDatabase.driver``; the gateway owns it and
            closes it in :meth:`close`.
        catalog: query texts (default: the shipped ``cypher/`` folder, Neo4j dialect).
    """

    dialect = "neo4j"

    def __init__(self, driver: neo4j.Driver, *, catalog: Catalog | None = None) -> None:
        self.catalog = catalog or Catalog(self.dialect)
        if self.catalog.dialect != self.dialect:
            raise ValueError(f"a Neo4j gateway needs a {self.dialect!r} catalog, not {self.catalog.dialect!r}")
        self._driver = driver
        self._bookmarks = neo4j.GraphDatabase.bookmark_manager()
        self._closed = False

    @classmethod
    def from_url(
        cls,
        url: str,
        *,
        user: str = "neo4j",
        password: str = "",
        catalog: Catalog | None = None,
        **driver_options: Any,
    ) -> Neo4jGraph:
        """Connect to ``url`` (``neo4j://`` routes in a cluster, ``bolt://`` talks to one server).

        No connection is made until the first query; an empty ``password`` sends no
        credentials (a server with authentication disabled). ``driver_options`` go to
        ``neo4j.GraphDatabase.driver`` (``max_transaction_retry_time``, pool sizes…).
        """
        auth = (user, password) if password else None
        driver_options.setdefault("user_agent", "instagraph")
        return cls(neo4j.GraphDatabase.driver(url, auth=auth, **driver_options), catalog=catalog)

    @classmethod
    def from_settings(cls, settings: Settings) -> Neo4jGraph:
        """The gateway for ``settings.graph_url`` with ``settings.neo4j_user``/``neo4j_password``."""
        return cls.from_url(settings.graph_url, user=settings.neo4j_user, password=settings.neo4j_password)

    # -- the gateway ------------------------------------------------------------

    def read(self, name: str, /, **params: Any) -> list[Row]:
        text = self.catalog.text(name)
        with self._session(neo4j.READ_ACCESS) as session:
            return self._call(session.execute_read, lambda tx: _rows(tx.run(text, params)))

    def write(self, name: str, /, **params: Any) -> list[Row]:
        return self.transaction(lambda tx: tx.run(name, **params))

    def transaction(self, work: Callable[[Neo4jTransaction], T]) -> T:
        attempts: list[Neo4jTransaction] = []  # the driver may run work again; the last attempt committed

        def attempt(tx: neo4j.ManagedTransaction) -> T:
            attempts.append(Neo4jTransaction(self.catalog, tx))
            return work(attempts[-1])

        with self._session(neo4j.WRITE_ACCESS) as session:
            result = self._call(session.execute_write, attempt)
        for callback in attempts[-1]._after_commit:
            callback()
        return result

    def execute(self, text: str, params: dict[str, Any] | None = None, *, write: bool = False) -> tuple[list[str], list[list[Any]]]:
        with self._session(neo4j.WRITE_ACCESS if write else neo4j.READ_ACCESS) as session:
            try:
                return _columns_and_rows(session.run(text, params or {}))
            except (DriverError, Neo4jError) as error:
                raise _translate(error) from error

    def install_schema(self) -> None:
        """The uniqueness constraints and indexes of :mod:`graph.models`, by neomodel's own install step.

        Each constraint is named after its label and property; one that exists already
        is left as it is, so this is idempotent.
        """
        from neomodel import db, get_config
        from neomodel.exceptions import NeomodelException

        from graph.models import NODE_CLASSES

        self._check_open()
        with _NEOMODEL_LOCK:
            # A driver handed to neomodel stays ours: it never closes it.
            get_config().driver = self._driver
            try:
                db.set_connection(driver=self._driver)
                for cls in NODE_CLASSES:  # only our schema, not every StructuredNode imported anywhere
                    db.install_labels(cls, quiet=True, stdout=io.StringIO())
            except (DriverError, Neo4jError) as error:
                raise _translate(error) from error
            except NeomodelException as error:
                raise GraphError(str(error)) from error

    def ping(self) -> None:
        # An auto-commit query: a health check should fail at once, not after the
        # managed transactions' retries (30 s by default).
        try:
            with self._session(neo4j.READ_ACCESS) as session:
                session.run("RETURN 1 AS ok").consume()
        except GraphUnavailable:
            raise
        except (DriverError, Neo4jError, OSError) as error:
            raise GraphUnavailable(str(error) or type(error).__name__) from error

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._release_neomodel()
        self._driver.close()

    # -- helpers ---------------------------------------------------------------

    def _check_open(self) -> None:
        if self._closed:
            raise GraphUnavailable("the graph is closed")

    def _session(self, access_mode: str) -> neo4j.Session:
        self._check_open()
        try:
            return self._driver.session(default_access_mode=access_mode, bookmark_manager=self._bookmarks)
        except (DriverError, Neo4jError) as error:
            raise _translate(error) from error

    @staticmethod
    def _call(execute: Callable[[Callable[[Any], T]], T], work: Callable[[Any], T]) -> T:
        """``session.execute_read``/``execute_write`` with the errors the driver gave up on translated."""
        try:
            return execute(work)
        except (DriverError, Neo4jError) as error:
            raise _translate(error) from error

    def _release_neomodel(self) -> None:
        """Forget our driver in neomodel, which would otherwise keep using it once closed."""
        from neomodel import db, get_config

        with _NEOMODEL_LOCK:
            if get_config().driver is self._driver:
                get_config().driver = None
            if db.driver is self._driver:
                db.driver = None
