"""Pages of lists and their cursors.

A list is read in pages ordered by a unique, time-sortable key (an id from
:mod:`graph.ids`: a photo's id, a follow's ``seq``). The cursor remembers the
last key handed out, so paging while new items arrive never repeats or skips
one that existed when paging began. A ranked list (:mod:`social.discovery`)
has no such key: its cursor remembers a position, signed for that list alone.
Cursors are signed with the server's secret: a client can store and send one
back, but not make or edit one.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import hmac
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from graph.ids import MAX_ID
from social.errors import BadCursor

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
_SIGNATURE_BYTES = 12

T = TypeVar("T")


@dataclasses.dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a list: ``{"items": [...], "next_cursor": "..." | None}``."""

    items: list[T]
    next_cursor: str | None


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _scoped(scope: str, payload: bytes) -> bytes:
    """What a cursor's signature covers; an unscoped one, its payload alone (so cursors handed out stay valid)."""
    return f"{scope}\0".encode() + payload if scope else payload


class Cursors:
    """Makes and checks cursors with the server's secret key."""

    def __init__(self, secret: str) -> None:
        self._key = hashlib.sha256(b"instagraph cursor\0" + secret.encode()).digest()

    def _sign(self, payload: bytes) -> bytes:
        return hmac.new(self._key, payload, hashlib.sha256).digest()[:_SIGNATURE_BYTES]

    def encode(self, key: int, scope: str = "") -> str:
        """The cursor that continues a list after ``key``.

        Args:
            key: the last key handed out, or a position in a ranked list.
            scope: names the list, for cursors that must not be taken for
                another list's (a position is not a key): the signature
                covers it, so only :meth:`decode` with the same scope accepts
                the cursor. Unscoped cursors are the lists ordered by ids.
        """
        payload = str(key).encode()
        return f"{_b64(payload)}.{_b64(self._sign(_scoped(scope, payload)))}"

    def decode(self, cursor: str, scope: str = "") -> int:
        """The key a cursor continues after.

        Only the exact text :meth:`encode` made is accepted: a cursor is
        decoded, then made again and compared, so no other spelling of the
        same bytes (padding, leading zeros) gets through.

        Raises:
            BadCursor: the cursor was not made by :meth:`encode` with this secret and ``scope``.
        """
        try:
            key = int(_unb64(cursor.partition(".")[0]).decode("ascii"))
            genuine = 0 <= key <= MAX_ID and hmac.compare_digest(cursor.encode(), self.encode(key, scope).encode())
        except (ValueError, UnicodeError) as error:  # not base64, not a number, a lone surrogate
            raise BadCursor("The cursor is not valid.") from error
        if not genuine:
            raise BadCursor("The cursor is not valid.")
        return key


def paginate(
    fetch: Callable[[int], Sequence[dict[str, Any]]],
    *,
    limit: int,
    cursors: Cursors,
    make_item: Callable[[dict[str, Any]], T],
    key: str = "seq",
    keep: Callable[[dict[str, Any]], bool] | None = None,
) -> Page[T]:
    """A page from ``fetch(limit + 1)``; the extra row only tells whether a next page exists.

    ``keep`` leaves rows out of the items without moving the cursor (a
    last check on rows a query chose without it), so nothing after them is skipped.
    """
    rows = list(fetch(limit + 1))
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = cursors.encode(rows[-1][key]) if more else None
    return Page([make_item(row) for row in rows if keep is None or keep(row)], next_cursor)


def start_after(cursors: Cursors, cursor: str | None, *, newest_first: bool) -> int:
    """The key a page query starts after: the cursor's, or the list's very start."""
    if cursor is not None:
        return cursors.decode(cursor)
    return MAX_ID if newest_first else 0
