"""LadybugDB backend: the graph in-process, in one file under ``$INSTAGRAPH_HOME``.

The engine's rules (see shared/CYPHER.md, each seen to go wrong):

- One ``Database`` object per file per process: :class:`_OpenDatabases` hands out
  the same object to every gateway on a path and closes it after the last one.
- One write transaction at a time, and the engine refuses rather than queues:
  every write in the process takes the file's one write lock (shared by every
  gateway on that file), so ``BEGIN`` is never refused.
- A connection whose ``BEGIN`` failed must never run another query: if anything
  unexpected happens around a transaction the write connection is thrown away.
- Reads need no lock (they see snapshots); each thread reads on its own connection.

:meth:`LadybugGraph.bulk_load` runs the only statements not taken from the
query catalog: ``COPY … FROM 'file.csv'``. The engine takes the file's path
only as a literal (a parameter there must be a dataframe), so the statement is
made here from the file's table, columns and path, checked against
:mod:`graph.models`; no value of a row is ever part of it. It is this engine's
bulk-load command, as the DDL of :func:`graph.schema.ladybug_ddl` is its schema
command; Neo4j has no such statement.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import os
import re
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import ladybug

from graph.catalog import Catalog
from graph.errors import ConstraintViolation, GraphError, GraphUnavailable, WriteConflict
from graph.gateway import CsvTable, Row, T
from graph.schema import ladybug_column_ddl, ladybug_ddl, nodes, relationships

CHECKPOINT_BYTES = 16 * 1024 * 1024
"""The write-ahead log's size past which the commit that crosses it checkpoints (``INSTAGRAPH_GRAPH_CHECKPOINT_BYTES``).

Chosen in the served load mix at 100,000 users (``python -m bench load``'s
95/5 mix on one seeded graph, each run on a fresh copy of it; the
slow-commit warning below timed each checkpoint):

=========  =========================  ===============  ========  =====  ================
threshold  run                        checkpoints      mix p99   req/s  restart after
                                                                        a crash (100k)
=========  =========================  ===============  ========  =====  ================
1 MB       150 s, 8 threads, 1,184/s  6, 508–598 ms    161 ms           253 ms
4 MB       150 s, 8 threads, 1,184/s  1, 752 ms        47.6 ms          534 ms
4 MB       330 s, 4 threads           4, 634–768 ms    39.2 ms  1,547  534 ms
16 MB      330 s, 4 threads           1, 819 ms        21.5 ms  1,621  2,347 ms
=========  =========================  ===============  ========  =====  ================

A checkpoint stalls the writes queued behind the write lock (and the reads
that reach the engine), and at this size of graph most of its cost is
fixed: 16 MB of log cost 1.15 times what 4 MB did and 4 MB 1.4 times what
1 MB did. So the larger the threshold, the less of the time the server
stalls, and with the server faster, writes fill the log sooner: 4 MB, once
every 150 s at 1,184 requests/s, came every 80 s at 1,600 and stalled writes
0.8% of the time (a 120 s run of ``bench load`` with two of them gave p99
84 ms); 16 MB, the engine's default, 0.25%. The price is the restart after
a crash, which replays the log: 2.3 s instead of 0.5 (``python -m bench
checkpoint``); reopening with an empty log takes 60 ms. (An earlier choice of
1 MB came from that benchmark at 40,000 users with one reader and likes only,
where a checkpoint took 76 ms: the served mix pays 0.5 s and more.)
"""

SLOW_COMMIT_SECONDS = 0.1
"""A commit that takes longer is logged (a warning, with whether it checkpointed): every write waits
behind it for the write lock."""

_SLOW_COMMIT = "a commit took %.0f ms (%s); writes wait for it"
_CHECKPOINTED = "a checkpoint: the log went from {before:,} to {after:,} bytes"
_CHECKPOINT_LOGGED = re.compile(r"a commit took (\d+) ms \(a checkpoint")
"""What :data:`_SLOW_COMMIT` says of a commit that checkpointed (read back by :func:`logged_checkpoints`)."""


def logged_checkpoints(log: str) -> tuple[int, ...]:
    """The milliseconds of each checkpointing commit in a server's ``log`` (its slow-commit warnings)."""
    return tuple(int(ms) for ms in _CHECKPOINT_LOGGED.findall(log))


_log = logging.getLogger(__name__)
_DUPLICATE_KEY = "duplicated primary key"
_WRITE_REFUSED = "Only one write transaction at a time"


@dataclasses.dataclass
class _OpenDatabase:
    """One file's ``Database`` and the lock every writer on it takes, however many gateways share it."""

    database: ladybug.Database
    write_lock: threading.Lock = dataclasses.field(default_factory=threading.Lock)
    users: int = 0


class _OpenDatabases:
    """The process's open databases, one per file, reference-counted."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._open: dict[Path, _OpenDatabase] = {}

    def acquire(self, path: Path, read_only: bool, checkpoint_bytes: int) -> _OpenDatabase:
        with self._lock:
            if path not in self._open:
                path.parent.mkdir(parents=True, exist_ok=True)
                database = ladybug.Database(str(path), read_only=read_only, checkpoint_threshold=checkpoint_bytes)
                self._open[path] = _OpenDatabase(database)
            opened = self._open[path]
            opened.users += 1
            return opened

    def release(self, path: Path) -> None:
        with self._lock:
            opened = self._open[path]
            opened.users -= 1
            if not opened.users:
                del self._open[path]
                opened.database.close()


_DATABASES = _OpenDatabases()


def _translate(error: RuntimeError) -> GraphError:
    message = str(error)
    if _DUPLICATE_KEY in message:
        return ConstraintViolation(message)
    if _WRITE_REFUSED in message:
        return WriteConflict(message)
    return GraphError(message)


def _rows(result: Any) -> list[Row]:
    results = result if isinstance(result, list) else [result]
    last = results[-1]
    columns = last.get_column_names()
    rows = [dict(zip(columns, values)) for values in last.get_all()]
    for r in results:
        r.close()
    return rows


def _copy_statement(file: CsvTable) -> str:
    """``COPY`` of ``file`` into its table, once its table, ends, columns and path are known to be sound.

    Raises:
        ValueError: the table, its ends or a column is not in the schema, or the path is not a plain absolute one.
    """
    if file.ends is None:
        known = {node.label: {p.name for p in node.properties} for node in nodes()}.get(file.table)
    else:
        rel = next((rel for rel in relationships() if rel.type == file.table and file.ends in rel.ends), None)
        known = None if rel is None else {p.name for p in rel.properties}
    if known is None or not set(file.columns) <= known:
        raise ValueError(f"not a table and columns of the schema: {file.table} {file.ends or ''} {file.columns}")
    if not file.path.is_absolute() or "'" in str(file.path):
        raise ValueError(f"a bulk-load file needs a plain absolute path, not {str(file.path)!r}")
    columns = f"({', '.join(file.columns)})" if file.columns else ""
    ends = f", from='{file.ends[0]}', to='{file.ends[1]}'" if file.ends else ""
    return f"COPY `{file.table}`{columns} FROM '{file.path}' (HEADER=true{ends})"


class LadybugTransaction:
    """Named queries on the write connection inside an open transaction."""

    def __init__(self, graph: LadybugGraph, connection: ladybug.Connection) -> None:
        self._graph = graph
        self._connection = connection
        self._failed = False
        self._after_commit: list[Callable[[], object]] = []

    def after_commit(self, callback: Callable[[], object]) -> None:
        self._after_commit.append(callback)

    def run(self, name: str, /, **params: Any) -> list[Row]:
        return self._run_text(self._graph.catalog.text(name), params)

    def _run_text(self, text: str, params: dict[str, Any]) -> list[Row]:
        # A failed statement rolls the engine's transaction back; a later statement on
        # the connection would then run (and commit) on its own. Refuse it, as Neo4j does.
        if self._failed:
            raise GraphError("an earlier statement of this transaction failed; it was rolled back")
        try:
            return _rows(self._connection.execute(text, params))
        except RuntimeError as error:
            self._failed = True
            raise _translate(error) from error


class LadybugGraph:
    """The graph gateway on an embedded LadybugDB file.

    Args:
        path: the database file.
        read_only: open beside a running server (batch jobs); writes then fail.
        catalog: query texts (default: the shipped ``cypher/`` folder).
        checkpoint_bytes: the write-ahead log's size past which the commit that
            crosses it checkpoints; ``None``, :data:`CHECKPOINT_BYTES`. Only the
            first gateway to open a file in the process sets it.
    """

    dialect = "ladybug"

    def __init__(
        self,
        path: Path,
        *,
        read_only: bool = False,
        catalog: Catalog | None = None,
        checkpoint_bytes: int | None = None,
    ) -> None:
        self.path = Path(path).resolve()
        self.catalog = catalog or Catalog(self.dialect)
        threshold = CHECKPOINT_BYTES if checkpoint_bytes is None else checkpoint_bytes
        opened = _DATABASES.acquire(self.path, read_only, threshold)
        self._database = opened.database
        self._write_lock = opened.write_lock  # shared: two gateways on one file must not write at once
        self._write_connection: ladybug.Connection | None = None
        self._local = threading.local()
        self._readers: list[ladybug.Connection] = []
        self._readers_lock = threading.Lock()
        self._closed = False

    @classmethod
    def from_url(cls, url: str, **options: Any) -> LadybugGraph:
        """``ladybug:///abs/path`` or ``ladybug://relative/path``."""
        return cls(Path(url.removeprefix("ladybug://")), **options)

    def _reader(self) -> ladybug.Connection:
        if self._closed:  # before the thread's cached connection, which close() closed
            raise GraphUnavailable("the graph is closed")
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = ladybug.Connection(self._database)
            connection.set_max_threads_for_exec(1)
            self._local.connection = connection
            with self._readers_lock:
                self._readers.append(connection)
        return connection

    def read(self, name: str, /, **params: Any) -> list[Row]:
        return self._run(self._reader(), self.catalog.text(name), params)

    def write(self, name: str, /, **params: Any) -> list[Row]:
        return self.transaction(lambda tx: tx.run(name, **params))

    def transaction(self, work: Callable[[LadybugTransaction], T]) -> T:
        with self._write_lock:
            connection = self._writer()
            try:
                connection.execute("BEGIN TRANSACTION")
            except RuntimeError as error:
                self._discard_writer()
                raise _translate(error) from error
            tx = LadybugTransaction(self, connection)
            try:
                result = work(tx)
            except BaseException:
                self._rollback(connection)
                raise
            if tx._failed:  # work swallowed a failed statement: nothing of it may commit
                self._rollback(connection)
                raise GraphError("a statement of this transaction failed; nothing was committed")
            log_before = self.log_bytes()
            started = time.perf_counter()
            try:
                connection.execute("COMMIT")
            except RuntimeError as error:
                self._rollback(connection)
                raise _translate(error) from error
            self._note_slow_commit(time.perf_counter() - started, log_before)
            for callback in tx._after_commit:  # still under the write lock: in commit order
                callback()
            return result

    def log_bytes(self) -> int:
        """The write-ahead log's size in bytes (0 when a checkpoint removed it)."""
        try:
            return os.stat(f"{self.path}.wal").st_size
        except FileNotFoundError:
            return 0

    def _note_slow_commit(self, seconds: float, log_before: int) -> None:
        if seconds < SLOW_COMMIT_SECONDS:
            return
        log_after = self.log_bytes()
        checkpoint = "no checkpoint"
        if log_after < log_before:
            checkpoint = _CHECKPOINTED.format(before=log_before, after=log_after)
        _log.warning(_SLOW_COMMIT, seconds * 1e3, checkpoint)

    def execute(self, text: str, params: dict[str, Any] | None = None, *, write: bool = False) -> tuple[list[str], list[list[Any]]]:
        def run(connection: ladybug.Connection) -> tuple[list[str], list[list[Any]]]:
            try:
                results = connection.execute(text, params or {})
            except RuntimeError as error:
                raise _translate(error) from error
            last = (results if isinstance(results, list) else [results])[-1]
            return last.get_column_names(), last.get_all()

        if not write:
            return run(self._reader())
        with self._write_lock:
            return run(self._writer())

    def bulk_load(self, files: Sequence[CsvTable]) -> None:
        statements = [_copy_statement(file) for file in files]

        def copy_all(tx: LadybugTransaction) -> None:
            for statement in statements:
                tx._run_text(statement, {})

        self.transaction(copy_all)

    def install_schema(self) -> None:
        # New tables first, then the columns a table made by older models lacks.
        for statement in (*ladybug_ddl(), *ladybug_column_ddl()):
            self.execute(statement, write=True)

    def ping(self) -> None:
        try:
            self._reader().execute("RETURN 1").close()
        except RuntimeError as error:
            raise GraphUnavailable(str(error)) from error

    def close(self) -> None:
        with self._write_lock, self._readers_lock:
            if self._closed:
                return
            self._closed = True
            for connection in [*self._readers, self._write_connection]:
                if connection is not None:
                    connection.close()
            self._readers.clear()
            self._write_connection = None
        _DATABASES.release(self.path)

    # -- writes --------------------------------------------------------------

    def _writer(self) -> ladybug.Connection:
        if self._closed:
            raise GraphUnavailable("the graph is closed")
        if self._write_connection is None:
            self._write_connection = ladybug.Connection(self._database)
        return self._write_connection

    def _discard_writer(self) -> None:
        """Never reuse a connection in doubt (a failed BEGIN once crashed the process)."""
        connection, self._write_connection = self._write_connection, None
        if connection is not None:
            with contextlib.suppress(RuntimeError):
                connection.close()

    def _rollback(self, connection: ladybug.Connection) -> None:
        # A failed statement already rolled the transaction back ("No active
        # transaction" then); anything else puts the connection in doubt.
        try:
            connection.execute("ROLLBACK")
        except RuntimeError as error:
            if "No active transaction" not in str(error):
                self._discard_writer()

    @staticmethod
    def _run(connection: ladybug.Connection, text: str, params: dict[str, Any]) -> list[Row]:
        try:
            return _rows(connection.execute(text, params))
        except RuntimeError as error:
            raise _translate(error) from error
