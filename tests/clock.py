"""A clock the test moves by hand, passed to the rules as ``Context.now``."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta


@dataclasses.dataclass
class Clock:
    """Naive UTC, standing still until :meth:`advance` moves it."""

    now: datetime = datetime(2026, 6, 1, 12, 0)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta
