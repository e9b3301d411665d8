"""Generated ids: time-sortable, unique under threads, carrying their shard and time."""

from __future__ import annotations

import threading
from datetime import datetime, timezone

import pytest

from graph.ids import EPOCH_MS, MAX_SEQUENCE, SEQUENCE_BITS, SHARD_BITS, IdGenerator, id_created_at


def test_ids_made_later_sort_after_ids_made_earlier() -> None:
    now = [EPOCH_MS + 5_000]
    make = IdGenerator(clock=lambda: now[0])
    first = make()
    now[0] += 1
    assert make() > first


def test_ids_stay_increasing_when_the_clock_steps_back() -> None:
    now = [EPOCH_MS + 5_000]
    make = IdGenerator(clock=lambda: now[0])
    first = make()
    now[0] -= 1_000
    assert make() > first


def test_a_millisecond_holds_1024_ids_then_borrows_the_next() -> None:
    make = IdGenerator(clock=lambda: EPOCH_MS + 7)
    ids = [make() for _ in range(MAX_SEQUENCE + 2)]
    assert ids == sorted(set(ids))
    assert ids[-1] >> (SHARD_BITS + SEQUENCE_BITS) == 8


def test_ids_are_unique_under_threads() -> None:
    make = IdGenerator()
    made: list[list[int]] = [[] for _ in range(8)]

    def work(bucket: list[int]) -> None:
        bucket.extend(make() for _ in range(5_000))

    threads = [threading.Thread(target=work, args=(bucket,)) for bucket in made]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    every = [i for bucket in made for i in bucket]
    assert len(set(every)) == len(every) == 40_000
    assert all(bucket == sorted(bucket) for bucket in made)


def test_an_id_carries_its_shard_and_creation_time() -> None:
    moment = datetime(2026, 11, 25, 10, 0, tzinfo=timezone.utc)
    make = IdGenerator(shard_id=4321, clock=lambda: int(moment.timestamp() * 1000))
    made = make()
    assert (made >> SEQUENCE_BITS) & ((1 << SHARD_BITS) - 1) == 4321
    assert id_created_at(made) == moment
    assert 0 < made < 2**63


@pytest.mark.parametrize("shard", [-1, 8192])
def test_shards_outside_13_bits_are_refused(shard: int) -> None:
    with pytest.raises(ValueError):
        IdGenerator(shard_id=shard)
