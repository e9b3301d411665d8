"""The home feed's and grids' first pages come from accounts' cached newest ids (social.cached.newest_among):
they give what merging every account's whole list would, or say they cannot."""

from __future__ import annotations

import heapq

from hypothesis import given
from hypothesis import strategies as st

from social.cached import RECENT_DEPTH, newest_among, recent_row

ids = st.lists(st.integers(min_value=1, max_value=10_000), unique=True, max_size=RECENT_DEPTH + 40)


@given(
    accounts=st.lists(ids, max_size=6),
    before=st.integers(min_value=1, max_value=10_001),
    count=st.integers(min_value=1, max_value=30),
)
def test_the_kept_ids_give_the_whole_merge_or_nothing(accounts: list[list[int]], before: int, count: int) -> None:
    whole = [sorted(photos, reverse=True) for photos in accounts]
    expected = [photo_id for photo_id in heapq.merge(*whole, reverse=True) if photo_id < before][:count]
    found = newest_among([recent_row(photos) for photos in whole], before, count)
    if all(len(photos) <= RECENT_DEPTH for photos in whole):
        assert found == expected
    else:
        assert found in (None, expected)


def test_a_page_past_a_cut_list_asks_the_graph() -> None:
    cut = recent_row(list(range(RECENT_DEPTH + 10, 0, -1)))  # kept down to id 11
    assert newest_among([cut], before=15, count=3) == [14, 13, 12]
    assert newest_among([cut], before=15, count=5) is None
    assert newest_among([cut, recent_row([500])], before=10**6, count=2) == [500, 110]
