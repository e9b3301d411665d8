"""Explore's shared pool of popular photos: read once per period, never a way to show what may not be seen."""

from __future__ import annotations

import dataclasses

import pytest

from feed.memo import Memo
from social import accounts, discovery, photos
from social.context import Context
from tests.social.test_discovery import People

AGE = 60.0


@pytest.fixture
def clock() -> list[float]:
    return [1000.0]


@pytest.fixture
def people(context: Context, clock: list[float]) -> People:
    """People whose explore pool lives ``AGE`` seconds on a clock the test moves."""
    settings = context.settings.replace(explore_pool_age=AGE)
    return People(dataclasses.replace(context, settings=settings, memo=Memo(clock=lambda: clock[0])))


def test_memo_keeps_a_value_for_its_age_and_forgets_on_demand() -> None:
    now, calls = [0.0], []
    memo = Memo(clock=lambda: now[0])

    def compute() -> int:
        calls.append(1)
        return len(calls)

    assert [memo.get("x", 10, compute), memo.get("x", 10, compute)] == [1, 1]
    now[0] = 10
    assert memo.get("x", 10, compute) == 2
    memo.forget("x")
    assert memo.get("x", 10, compute) == 3


def test_the_pool_is_read_once_per_age(people: People, clock: list[float]) -> None:
    people.add("me", "oz", "sam")
    first = people.post("oz")
    assert people.explored("me") == [(first, discovery.NEW)]
    later = people.post("oz")
    people.like(later, "sam")
    assert people.explored("me") == [(first, discovery.NEW)]  # the pool read a moment ago
    clock[0] += AGE
    assert people.explored("me") == [(later, discovery.POPULAR), (first, discovery.NEW)]


def test_follows_and_blocks_count_at_once_whatever_the_pools_age(people: People) -> None:
    people.add("me", "oz", "pia")
    by_oz, by_pia = people.post("oz"), people.post("pia")
    assert {photo for photo, _ in people.explored("me")} == {by_oz, by_pia}
    people.follow("me", "oz")
    people.block("pia", "me")
    assert people.explored("me") == []


def _goes_private(people: People, photo: int) -> None:
    accounts.update_profile(people.ctx, people.ids["oz"], private=True)


def _deletes_the_photo(people: People, photo: int) -> None:
    photos.delete_photo(people.ctx, people.ids["oz"], photo)


def _deletes_the_account(people: People, photo: int) -> None:
    accounts.delete_account(people.ctx, people.ids["oz"])


@pytest.mark.parametrize("hide", [_goes_private, _deletes_the_photo, _deletes_the_account])
def test_a_write_that_hides_a_pooled_photo_renews_the_pool(people: People, hide) -> None:
    """Not shown, and not ranked either: every page but the last full (``every_page`` checks it)."""
    people.add("me", "oz", "pia")
    hidden, shown = people.post("oz"), people.post("pia")
    assert {photo for photo, _ in people.explored("me")} == {hidden, shown}
    hide(people, hidden)
    assert people.explored("me") == [(shown, discovery.NEW)]
