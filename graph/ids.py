"""Time-sortable 64-bit ids, made by the app (Instagram's scheme).

An id is ``milliseconds since EPOCH`` (41 bits, good for 69 years) shifted
left 23 bits, then a shard number (13 bits), then a per-millisecond sequence
(10 bits). Ids made later sort after ids made earlier, so ``ORDER BY id`` is
``ORDER BY creation time`` and a cursor can be the last id seen.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import datetime, timezone

EPOCH = datetime(2026, 1, 1, tzinfo=timezone.utc)
EPOCH_MS = int(EPOCH.timestamp() * 1000)
SHARD_BITS = 13
SEQUENCE_BITS = 10
MAX_SHARD = (1 << SHARD_BITS) - 1
MAX_SEQUENCE = (1 << SEQUENCE_BITS) - 1
MAX_ID = (1 << 63) - 1


def _now_ms() -> int:
    return time.time_ns() // 1_000_000


class IdGenerator:
    """Makes unique ids for one shard; safe to share between threads.

    Args:
        shard_id: this process's shard (0–8191); processes writing to the same
            graph at once must use different shards.
        clock: returns the current time in Unix milliseconds (tests pass their own).
    """

    def __init__(self, shard_id: int = 0, clock: Callable[[], int] = _now_ms) -> None:
        if not 0 <= shard_id <= MAX_SHARD:
            raise ValueError(f"shard_id must be within 0..{MAX_SHARD}")
        self._shard_id = shard_id
        self._clock = clock
        self._lock = threading.Lock()
        self._last_ms = -1
        self._sequence = 0

    def __call__(self) -> int:
        """Return a new id, larger than every id this generator made before."""
        with self._lock:
            now = max(self._clock() - EPOCH_MS, self._last_ms)
            if now == self._last_ms:
                self._sequence = (self._sequence + 1) & MAX_SEQUENCE
                if self._sequence == 0:  # 1,024 ids this millisecond: borrow the next one
                    now += 1
            else:
                self._sequence = 0
            self._last_ms = now
            return (now << (SHARD_BITS + SEQUENCE_BITS)) | (self._shard_id << SEQUENCE_BITS) | self._sequence


def id_created_at(id_: int) -> datetime:
    """The moment (UTC, millisecond precision) an id was made."""
    ms = (id_ >> (SHARD_BITS + SEQUENCE_BITS)) + EPOCH_MS
    return datetime.fromtimestamp(ms / 1000, tz=timezone.utc)


def id_at(moment: datetime, low_bits: int) -> int:
    """An id as if made at ``moment`` (naive means UTC), ``low_bits`` standing in for its shard and sequence.

    For rows made before their kind had ids: a migration numbers them by when
    they were made, so they sort among ids made later by time, and the same
    row gets the same id when the migration runs again.
    """
    aware = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    ms = max(int(aware.timestamp() * 1000) - EPOCH_MS, 0)
    return (ms << (SHARD_BITS + SEQUENCE_BITS)) | (low_bits & ((1 << (SHARD_BITS + SEQUENCE_BITS)) - 1))
