"""Cypher scripts as people type them: splitting into statements, spotting writes.

A statement ends with a ``;`` at the end of a line (only blanks or a ``//`` comment
may follow it on that line); a ``;`` inside a string, a backticked name or a
comment never ends one. Write detection looks for write clauses outside strings,
names and comments, so ``RETURN 'CREATE'`` is a read and ``MATCH (n) SET …`` a write.
"""

from __future__ import annotations

import dataclasses
import re

WRITE_CLAUSES = ("CREATE", "MERGE", "SET", "DELETE", "REMOVE", "DETACH", "DROP", "ALTER", "COPY", "INSTALL", "CHECKPOINT", "IMPORT")
"""Keywords that make a statement go through the gateway's write path.

The brief's list plus LadybugDB's ``INSTALL`` (extensions), ``CHECKPOINT`` and
``IMPORT DATABASE``. A read mistaken for a write only waits for the write lock;
a write mistaken for a read would fail on a read connection, so the list errs wide.
"""

TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK")

_WRITE = re.compile(r"(?<![.$:\w])(?:" + "|".join(WRITE_CLAUSES) + r")\b", re.IGNORECASE)
_TRANSACTION = re.compile(r"^\s*(?:" + "|".join(TRANSACTION_CONTROL) + r")\b", re.IGNORECASE)
_PARAMETER = re.compile(r"\$(\w+)")


@dataclasses.dataclass(frozen=True)
class Statement:
    """One statement of a script and the line it starts on (1-based)."""

    text: str
    line: int


@dataclasses.dataclass(frozen=True)
class Scan:
    """A script cut into complete statements and what follows the last ``;``."""

    statements: list[Statement]
    rest: Statement

    @property
    def complete(self) -> bool:
        """True when nothing but blanks and comments follows the last statement."""
        return not code_only(self.rest.text).strip()


def code_only(text: str) -> str:
    """``text`` with string literals, backticked names and comments replaced by blanks.

    The result has the same length and the same newlines, so positions and line
    numbers in it are positions and line numbers in ``text``.
    """
    out = list(text)
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in "'\"`":
            end = i + 1
            while end < n:
                if text[end] == "\\" and ch != "`":
                    end += 2
                    continue
                if text[end] == ch:
                    if ch == "`" and end + 1 < n and text[end + 1] == "`":  # `` inside a name
                        end += 2
                        continue
                    break
                end += 1
            end = min(end + 1, n)
        elif text.startswith("//", i):
            end = text.find("\n", i)
            end = n if end == -1 else end
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            end = n if end == -1 else end + 2
        else:
            i += 1
            continue
        for k in range(i, end):
            if out[k] != "\n":
                out[k] = " "
        i = end
    return "".join(out)


def scan(text: str) -> Scan:
    """Cut ``text`` into statements ending with ``;`` at a line end, and the rest."""
    masked = code_only(text)
    statements: list[Statement] = []
    start = 0
    for match in re.finditer(r";[ \t\r\f\v]*(?=\n|$)", masked):
        body = text[start : match.start()]
        if code_only(body).strip():
            statements.append(_statement(text, start, body))
        start = match.end()
    return Scan(statements, _statement(text, start, text[start:]))


def split_statements(text: str) -> list[Statement]:
    """Every statement of a script; the last one may lack its ``;``."""
    result = scan(text)
    return result.statements + ([] if result.complete else [result.rest])


def _statement(text: str, start: int, body: str) -> Statement:
    """``body`` without the blanks and comments before it, and the line its code starts on."""
    masked = code_only(body)
    lead = len(masked) - len(masked.lstrip())
    body = body[lead:]
    line = text.count("\n", 0, start + lead) + 1
    return Statement(body.strip(), line)


def is_write(statement: str) -> bool:
    """True when ``statement`` has a write clause outside strings, names and comments."""
    return _WRITE.search(code_only(statement)) is not None


def is_transaction_control(statement: str) -> bool:
    """True for ``BEGIN``/``COMMIT``/``ROLLBACK``, which the CLI does not run (each statement commits alone)."""
    return _TRANSACTION.search(code_only(statement)) is not None


def parameters(statement: str) -> set[str]:
    """The ``$names`` a statement uses."""
    return set(_PARAMETER.findall(code_only(statement)))
