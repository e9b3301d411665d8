"""Run the same work on many threads released at the same moment."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


def all_at_once(work: Callable[[int], T], threads: int) -> list[T | BaseException]:
    """Run ``work(0..threads-1)`` on as many threads, released together; each one's answer or exception."""
    start = threading.Barrier(threads)
    outcomes: list[Any] = [None] * threads

    def run(i: int) -> None:
        start.wait()
        try:
            outcomes[i] = work(i)
        except BaseException as error:  # kept, so the test can say which thread failed how
            outcomes[i] = error

    workers = [threading.Thread(target=run, args=(i,)) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert not any(worker.is_alive() for worker in workers), "a thread hung"
    return outcomes


def errors_of(outcomes: list[Any]) -> list[BaseException]:
    """The exceptions among :func:`all_at_once`'s outcomes."""
    return [outcome for outcome in outcomes if isinstance(outcome, BaseException)]
