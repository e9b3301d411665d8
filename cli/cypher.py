"""``instagraph cypher``: ad-hoc Cypher against the configured graph, for people.

Statements come from ``-c``, a file, stdin or an interactive prompt. Each one runs
on its own through :meth:`graph.gateway.Graph.execute` and commits on its own.
Write or read is decided per statement: a statement with a write clause
(:data:`cli.statements.WRITE_CLAUSES`, outside strings and comments) goes through
the gateway's write path (the write lock on LadybugDB, the cluster leader on
Neo4j); every other statement goes through the read path. ``--write`` sends
everything through the write path (for procedures that write, say).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from cli import output
from cli.serve import redacted
from cli.statements import Statement, is_transaction_control, is_write, parameters, scan, split_statements

DESCRIPTION = """\
Run Cypher against the graph named by INSTAGRAPH_GRAPH_URL (default: the
embedded LadybugDB file under $INSTAGRAPH_HOME/graph).

Statements come from -c, from FILE, from stdin when it is not a terminal, or
from an interactive prompt. In files, stdin and the prompt a statement ends
with ';' at the end of a line. Each statement commits on its own.

Statements with a write clause (CREATE, MERGE, SET, DELETE, REMOVE, DETACH,
DROP, ALTER, COPY, INSTALL, CHECKPOINT, IMPORT) go through the write path;
all others are reads. --write forces the write path.

The embedded graph has one writing process: while `instagraph serve` runs,
open it with --read-only (you then see the data committed when you opened).
"""

EPILOG = """\
examples:
  instagraph cypher -c "MATCH (u:User) RETURN u.username AS username LIMIT 5"
  instagraph cypher -c "MATCH (u:User {username: \\$name}) RETURN u.id AS id" --param name=alice
  instagraph cypher --read-only --format csv -c "MATCH (p:Photo) RETURN p.id AS id" > photos.csv
  instagraph cypher queries.cypher
  echo "RETURN 1 AS one;" | instagraph cypher --format json
  instagraph cypher             (interactive; :help inside)
"""

REPL_HELP = """\
End a statement with ';' at the end of a line; it may span several lines.
  :param NAME=VALUE   set a parameter (VALUE is JSON; otherwise taken as text)
  :params             show the parameters
  :help               this text
  :quit               leave (Ctrl-D does too; Ctrl-C drops the statement being typed)
"""

_QUIT = {":quit", ":q", ":exit"}


class QueryError(Exception):
    """A statement failed; the message is for the person who typed it."""


def register(commands: argparse._SubParsersAction) -> None:
    """Add the ``cypher`` command to the CLI."""
    parser = commands.add_parser(
        "cypher",
        help="run Cypher against the graph (one-off, from a file or interactively)",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    source = parser.add_mutually_exclusive_group()
    source.add_argument("-c", "--command", dest="query", metavar="QUERY", help="run QUERY and exit")
    source.add_argument("file", nargs="?", help="run the statements in FILE ('-' for stdin) and exit")
    parser.add_argument(
        "-p",
        "--param",
        dest="params",
        action="append",
        default=[],
        type=parse_param,
        metavar="NAME=VALUE",
        help="a query parameter $NAME; VALUE is JSON (42, true, [1,2], \"text\"), otherwise plain text; repeatable",
    )
    access = parser.add_mutually_exclusive_group()
    access.add_argument(
        "--read-only",
        action="store_true",
        help="read only: open the LadybugDB file read-only (works beside a running server); "
        "every statement goes through the read path, so writes are refused (on Neo4j too)",
    )
    access.add_argument("--write", action="store_true", help="send every statement through the write path")
    parser.add_argument(
        "-f", "--format", choices=output.FORMATS, default="table", help="how to print results (default: table)"
    )
    parser.set_defaults(func=run)


def parse_param(text: str) -> tuple[str, Any]:
    """``name=value`` as ``(name, value)``; the value is JSON, or text when it is not JSON."""
    name, sep, raw = text.partition("=")
    if not sep or not name.isidentifier():
        raise argparse.ArgumentTypeError(f"expected NAME=VALUE, got {text!r}")
    try:
        return name, json.loads(raw)
    except ValueError:
        return name, raw


class Session:
    """Runs statements on one open graph and prints what they return.

    Args:
        graph: the gateway (only :meth:`execute` is used).
        params: the parameters every statement may use.
        fmt: one of :data:`cli.output.FORMATS`.
        force_write: send every statement through the write path.
        read_only: send every statement through the read path (the engine refuses writes there).
        out / err: where results and errors go.
    """

    def __init__(
        self,
        graph: Any,
        params: dict[str, Any],
        fmt: str,
        *,
        force_write: bool = False,
        read_only: bool = False,
        out: TextIO,
        err: TextIO,
    ) -> None:
        self.graph = graph
        self.params = dict(params)
        self.fmt = fmt
        self.force_write = force_write
        self.read_only = read_only
        self.out = out
        self.err = err

    def execute(self, statement: str) -> tuple[list[str], list[list[Any]]]:
        """Run one statement and return its columns and rows.

        Raises:
            QueryError: the statement cannot run or the engine refused it.
        """
        if is_transaction_control(statement):
            raise QueryError("transaction control is not supported here: each statement commits on its own")
        missing = sorted(parameters(statement) - self.params.keys())
        if missing:
            names = ", ".join(f"${m}" for m in missing)
            raise QueryError(f"missing parameter {names} (pass --param NAME=VALUE, or :param in the prompt)")
        write = not self.read_only and (self.force_write or is_write(statement))
        try:
            return self.graph.execute(statement, self.params, write=write)
        except Exception as error:  # whatever the driver raises, it is the query's failure for the user
            raise QueryError(str(error) or type(error).__name__) from error

    def show(self, statement: str) -> None:
        """Run one statement and print its result."""
        columns, rows = self.execute(statement)
        width = shutil.get_terminal_size().columns if self.out.isatty() else None
        self.out.write(output.render(self.fmt, columns, rows, width))
        self.out.flush()

    def script(self, text: str) -> int:
        """Run every statement of ``text`` in order; stop at the first error.

        Returns:
            0 when all ran, 1 after an error (printed to ``err``).
        """
        statements = split_statements(text)
        for number, statement in enumerate(statements, 1):
            if self.fmt == "table" and number > 1:
                self.out.write("\n")
            try:
                self.show(statement.text)
            except QueryError as error:
                where = f" (statement {number}, line {statement.line})" if len(statements) > 1 else ""
                print(f"error{where}: {error}", file=self.err)
                return 1
        return 0


def repl(
    session: Session,
    *,
    read_line: Callable[[str], str] = input,
    history: Path | None = None,
    where: str = "the graph",
) -> int:
    """The interactive prompt: errors are printed and the prompt goes on.

    Args:
        session: where statements run.
        read_line: reads one line after showing a prompt (``input`` in real use).
        history: readline history file (``None``: no history).
        where: what the banner says the session is connected to.
    """
    readline = _history(history)
    print(f"Connected to {where}. End statements with ';'. :help for help, :quit or Ctrl-D to leave.", file=session.out)
    lines: list[str] = []
    try:
        while True:
            try:
                line = read_line("cypher> " if not lines else "   ...> ")
            except EOFError:
                print(file=session.out)
                return 0
            except KeyboardInterrupt:
                print(file=session.out)
                lines.clear()
                continue
            if not lines and line.strip().startswith(":"):
                if readline:
                    readline.add_history(line.strip())
                if line.strip() in _QUIT:
                    return 0
                _command(session, line.strip())
                continue
            if not lines and not line.strip():
                continue
            lines.append(line)
            pending = scan("\n".join(lines))
            if not pending.complete:
                continue
            if readline:
                readline.add_history(" ".join(part.strip() for part in lines))
            lines.clear()
            for statement in pending.statements:
                _interactive(session, statement)
    finally:
        if readline and history:
            history.parent.mkdir(parents=True, exist_ok=True)
            readline.write_history_file(history)


def _interactive(session: Session, statement: Statement) -> None:
    try:
        session.show(statement.text)
    except QueryError as error:
        print(f"error: {error}", file=session.err)
    except KeyboardInterrupt:
        print("interrupted", file=session.err)


def _command(session: Session, line: str) -> None:
    name, _, argument = line.partition(" ")
    if name == ":help":
        print(REPL_HELP, file=session.out, end="")
    elif name == ":params":
        for key, value in sorted(session.params.items()):
            print(f"${key} = {json.dumps(output.plain(value), ensure_ascii=False)}", file=session.out)
    elif name == ":param":
        try:
            key, value = parse_param(argument.strip())
        except argparse.ArgumentTypeError as error:
            print(f"error: {error}", file=session.err)
            return
        session.params[key] = value
    else:
        print(f"error: unknown command {name}; :help lists them", file=session.err)


def _history(path: Path | None) -> Any:
    """GNU readline (or libedit) with ``path`` loaded, or ``None`` where there is none."""
    if path is None:
        return None
    try:
        import readline
    except ImportError:
        return None
    readline.set_auto_history(False)  # a statement of several lines is kept as one entry
    readline.set_history_length(1000)
    try:
        readline.read_history_file(path)
    except OSError:
        pass
    return readline


def _open(settings: Any, read_only: bool) -> Any:
    """The graph of ``settings``, or :class:`QueryError` saying why not and what to do."""
    from graph import open_graph

    # Set up the embedded schema (idempotent) so that a fresh home can be queried at once;
    # a Neo4j server needs no labels to be queried, and its schema is the server's business.
    embedded = settings.graph_url.startswith("ladybug://")
    try:
        return open_graph(settings, read_only=read_only, migrate=embedded)
    except Exception as error:
        message = str(error)
        hint = ""
        if "lock" in message.lower():
            hint = "\nanother process (a running `instagraph serve`?) has it open for writing; add --read-only to read beside it"
        elif "READ ONLY" in message:
            hint = "\nthere is no graph there yet: start `instagraph serve` once, or run without --read-only"
        raise QueryError(f"cannot open the graph at {settings.graph_url}: {message}{hint}") from error


def run(args: argparse.Namespace) -> int:
    """Run the ``cypher`` command."""
    from instagraph.settings import Settings

    settings = Settings.from_env()
    try:
        graph = _open(settings, args.read_only)
    except QueryError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    session = Session(
        graph,
        dict(args.params),
        args.format,
        force_write=args.write,
        read_only=args.read_only,
        out=sys.stdout,
        err=sys.stderr,
    )
    try:
        if args.query is not None:
            return session.script(args.query)
        if args.file not in (None, "-"):
            try:
                text = Path(args.file).read_text(encoding="utf-8")
            except OSError as error:
                print(f"error: {error}", file=sys.stderr)
                return 1
            return session.script(text)
        if args.file is None and sys.stdin.isatty():
            where = redacted(settings.graph_url) + (" (read-only)" if args.read_only else "")
            return repl(session, history=settings.home / ".cypher_history", where=where)
        return session.script(sys.stdin.read())
    finally:
        graph.close()
