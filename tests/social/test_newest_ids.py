"""The home feed's and grids' first pages come from accounts' cached newest ids (social.cached.newest_among):
they give what merging every account's whole list would, or say they cannot."""

from __future__ import annotations

import heapq

from hypothesis import given
from hypothesis import strategies as st

from social.cached import RECENT_DEPTH, _with_id, newest_among, recent_row

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


@given(data=st.data(), newest_first=st.booleans())
def test_a_new_id_changes_kept_ids_as_loading_them_again_would(data: st.DataObject, newest_first: bool) -> None:
    """The kept ids of a photo's comments or a hashtag's photos, changed in place by a new one, are those a load
    after the write gives, whether or not the row was already loaded with it and whether or not it was cut short."""
    size = data.draw(st.integers(0, RECENT_DEPTH + 5))  # some past RECENT_DEPTH: rows cut short
    known = data.draw(st.lists(st.integers(1, 10_000), unique=True, min_size=size, max_size=size))
    new_id = data.draw(st.sampled_from(known) if known and data.draw(st.booleans()) else st.integers(1, 10_000))
    kept = recent_row(sorted(known, reverse=newest_first))
    assert _with_id(kept, new_id, newest_first=newest_first) == recent_row(sorted({*known, new_id}, reverse=newest_first))
