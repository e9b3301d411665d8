"""Values computed at most once per period in this process: viewer-independent results every request shares.

For what is the same for every viewer and may be a little old (explore's
pool of popular photos): each server recomputes it once per period instead
of once per request. Whatever a viewer is shown from it is checked against
the privacy rule when it is shown, so an old value can only leave something
out, never show what may not be seen.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


class Memo:
    """Named values, each recomputed when older than the age a caller accepts; safe under threads.

    Args:
        clock: monotonic seconds (tests pass their own).
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._values: dict[str, tuple[float, Any]] = {}

    def get(self, name: str, max_age: float, compute: Callable[[], T]) -> T:
        """The value of ``name`` if computed less than ``max_age`` seconds ago, else ``compute()`` (kept)."""
        now = self._clock()
        with self._lock:
            found = self._values.get(name)
        if found is not None and now - found[0] < max_age:
            return found[1]
        value = compute()
        with self._lock:
            self._values[name] = (now, value)
        return value

    def forget(self, name: str) -> None:
        """Compute ``name`` afresh on its next :meth:`get` (a write changed what it holds)."""
        with self._lock:
            self._values.pop(name, None)
