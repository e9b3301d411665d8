"""Query results printed for people (an aligned table) or for programs (JSON, CSV)."""

from __future__ import annotations

import base64
import csv
import datetime
import decimal
import io
import json
from collections.abc import Sequence
from typing import Any

FORMATS = ("table", "json", "csv")

_MIN_COLUMN = 4
_ESCAPES = str.maketrans({"\n": "\\n", "\r": "\\r", "\t": "\\t"})


def plain(value: Any) -> Any:
    """``value`` as JSON-compatible data: timestamps as ISO 8601 text, sums as numbers.

    Handles what both drivers return: LadybugDB's ``datetime``/``Decimal``/node
    dicts and the Neo4j driver's temporal types (which have ``iso_format``).
    """
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, decimal.Decimal):  # LadybugDB's sum()
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if hasattr(value, "iso_format"):  # neo4j.time.DateTime, Date, Time, Duration
        return value.iso_format()
    if isinstance(value, datetime.timedelta):
        return _iso_duration(value)
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [plain(v) for v in value]
    if hasattr(value, "items"):  # neo4j Node/Relationship/Record behave like mappings
        return {str(k): plain(v) for k, v in value.items()}
    return str(value)


def _iso_duration(delta: datetime.timedelta) -> str:
    seconds = f"{delta.seconds}.{delta.microseconds:06d}".rstrip("0").rstrip(".")
    return f"P{delta.days}DT{seconds}S"


def text(value: Any) -> str:
    """One value as a table or CSV cell: ``null``, ``true``, ISO times, JSON for lists and maps."""
    value = plain(value)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _numeric(value: Any) -> bool:
    return isinstance(value, (int, float, decimal.Decimal)) and not isinstance(value, bool)


def _fit(widths: list[int], limit: int | None) -> list[int]:
    """Narrow the widest columns until a row fits in ``limit`` characters."""
    widths = list(widths)
    if limit is None:
        return widths
    overhead = 3 * (len(widths) - 1) + 2  # " | " between cells, a blank at each end
    while sum(widths) + overhead > limit:
        widest = max(range(len(widths)), key=widths.__getitem__)
        if widths[widest] <= _MIN_COLUMN:
            break  # as narrow as is still readable: let the terminal wrap
        widths[widest] -= 1
    return widths


def _clip(cell: str, width: int) -> str:
    return cell if len(cell) <= width else cell[: width - 1] + "…"


def table(columns: Sequence[str], rows: Sequence[Sequence[Any]], width: int | None = None) -> str:
    """An aligned table with a header, the rows and a row count.

    Args:
        columns: the column names.
        rows: the values, one sequence per row.
        width: the terminal's width; long cells are cut to fit (``None``: never cut).
    """
    cells = [[text(v).translate(_ESCAPES) for v in row] for row in rows]
    count = f"{len(rows)} row" + ("" if len(rows) == 1 else "s")
    if not columns:
        return count + "\n"
    natural = [max([len(name), *(len(row[i]) for row in cells)]) for i, name in enumerate(columns)]
    widths = _fit(natural, width)

    def line(values: Sequence[str], right: Sequence[bool]) -> str:
        parts = [
            _clip(v, w).rjust(w) if r else _clip(v, w).ljust(w) for v, w, r in zip(values, widths, right)
        ]
        return (" " + " | ".join(parts)).rstrip()

    out = [line(columns, [False] * len(columns)), "-" + "-+-".join("-" * w for w in widths) + "-"]
    out += [line(row_cells, [_numeric(v) for v in row]) for row_cells, row in zip(cells, rows)]
    out.append(count)
    return "\n".join(out) + "\n"


def as_json(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """One line of JSON: an array with an object per row, keys in column order."""
    return json.dumps([dict(zip(columns, plain(list(row)))) for row in rows], ensure_ascii=False) + "\n"


def as_csv(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """RFC 4180 CSV with a header row; null is an empty field."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([["" if v is None else text(v) for v in row] for row in rows])
    return buffer.getvalue()


def render(fmt: str, columns: Sequence[str], rows: Sequence[Sequence[Any]], width: int | None = None) -> str:
    """The result in ``fmt`` (one of :data:`FORMATS`)."""
    if fmt == "json":
        return as_json(columns, rows)
    if fmt == "csv":
        return as_csv(columns, rows)
    return table(columns, rows, width)
