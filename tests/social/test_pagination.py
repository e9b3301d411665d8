"""Paging: signed cursors, and lists that stay whole while they change under the reader."""

from __future__ import annotations

import base64
import itertools
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, note, settings, strategies as st

from graph.backends.ladybug import LadybugGraph
from graph.ids import MAX_ID
from graph.migrations import setup_schema
from instagraph.settings import Settings
from social import follows
from social.cards import ANONYMOUS
from social.context import Context
from social.errors import BadCursor
from social.pagination import Cursors
from tests.conftest import make_context
from tests.factories.users import make_user

CURSORS = Cursors("test-secret")
keys = st.integers(min_value=0, max_value=MAX_ID)


def b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def signed(payload: bytes, cursors: Cursors = CURSORS) -> str:
    """A cursor around any payload, correctly signed: what only someone with the secret could make."""
    return f"{b64(payload)}.{b64(cursors._sign(payload))}"


# -- cursors ------------------------------------------------------------------------


@given(key=keys)
def test_a_cursor_gives_back_its_key(key: int) -> None:
    cursor = CURSORS.encode(key)
    assert CURSORS.decode(cursor) == key
    assert Cursors("test-secret").decode(cursor) == key  # another process with the same secret


@given(a=keys, b=keys)
def test_different_keys_make_different_cursors(a: int, b: int) -> None:
    assert (CURSORS.encode(a) == CURSORS.encode(b)) == (a == b)


@pytest.mark.parametrize(
    "garbage",
    ["", ".", "..", "abc", "abc.def", "a.b.c", "%%%.%%%", "null", "0", "-1", "MTIz", "MTIz.", ".MTIz", "é.é", "\0.\0"]
    + ["\ud800.\ud800", "MA.\udcff"],  # lone surrogates: what a surrogateescape'd request decodes to
    ids=repr,
)
def test_garbage_is_a_bad_cursor(garbage: str) -> None:
    with pytest.raises(BadCursor):
        CURSORS.decode(garbage)


@given(text=st.text())
def test_any_text_is_a_bad_cursor(text: str) -> None:
    with pytest.raises(BadCursor):
        CURSORS.decode(text)


@given(key=keys, data=st.data())
def test_a_truncated_cursor_is_bad(key: int, data: st.DataObject) -> None:
    cursor = CURSORS.encode(key)
    cut = data.draw(st.integers(0, len(cursor) - 1), label="length kept")
    with pytest.raises(BadCursor):
        CURSORS.decode(cursor[:cut])


@given(key=keys)
def test_a_cursor_signed_with_another_secret_is_bad(key: int) -> None:
    with pytest.raises(BadCursor):
        CURSORS.decode(Cursors("another-secret").encode(key))


@given(key=keys, other=keys)
def test_an_edited_payload_is_bad(key: int, other: int) -> None:
    _, signature = CURSORS.encode(key).split(".")
    edited = f"{CURSORS.encode(other).split('.')[0]}.{signature}"
    if other == key:
        assert CURSORS.decode(edited) == key
    else:
        with pytest.raises(BadCursor):
            CURSORS.decode(edited)


@given(key=keys, data=st.data())
def test_changing_any_character_never_yields_another_key(key: int, data: st.DataObject) -> None:
    cursor = CURSORS.encode(key)
    at = data.draw(st.integers(0, len(cursor) - 1), label="position")
    char = data.draw(st.characters(codec="ascii").filter(lambda c: c != cursor[at]), label="new character")
    edited = cursor[:at] + char + cursor[at + 1 :]
    try:
        decoded = CURSORS.decode(edited)
    except BadCursor:
        return
    assert decoded == key  # at most the same key (base64's ignored low bits), never another one


@pytest.mark.parametrize(
    "payload",
    [b"", b"abc", b"12abc", b"1.5", b"1e9", b"0x10", b"nan", "١٢".encode(), b"\xff\xfe", b"-1", b"-9223372036854775808"]
    + [b"007", b" 7", b"7 ", b"+7", b"7_0"],  # keys int() reads, in a spelling encode() never makes
    ids=repr,
)
def test_a_correctly_signed_payload_that_is_not_a_key_is_bad(payload: bytes) -> None:
    with pytest.raises(BadCursor):
        CURSORS.decode(signed(payload))


@given(key=st.integers(max_value=-1) | st.integers(min_value=MAX_ID + 1))
def test_a_correctly_signed_key_out_of_range_is_bad(key: int) -> None:
    with pytest.raises(BadCursor):
        CURSORS.decode(signed(str(key).encode()))


@given(key=keys, data=st.data())
def test_only_the_exact_text_encode_made_is_accepted(key: int, data: st.DataObject) -> None:
    """``decode`` promises BadCursor for any cursor ``encode`` did not make, not only for forged keys."""
    cursor = CURSORS.encode(key)
    at = data.draw(st.integers(0, len(cursor)), label="position")
    junk = data.draw(st.sampled_from(["!", "=", " ", "\n", "==", "*"]), label="inserted")
    with pytest.raises(BadCursor):
        CURSORS.decode(cursor[:at] + junk + cursor[at:])


# -- a list that changes while it is paged ------------------------------------------


def walk(ctx: Context, username: str, limit: int, between_pages) -> list[int]:
    """Every follower id of ``username`` page by page, calling ``between_pages(n)`` after page n."""
    seen: list[int] = []
    cursor = None
    for page_number in itertools.count():
        page = follows.followers(ctx, ANONYMOUS, username, limit=limit, cursor=cursor)
        assert len(page.items) <= limit
        seen.extend(card["id"] for card in page.items)
        if page.next_cursor is None:
            return seen
        between_pages(page_number)
        cursor = page.next_cursor


def test_paging_followers_while_people_follow_and_unfollow_never_repeats_or_skips(context: Context) -> None:
    make_user(context, "owner")
    early = [make_user(context, f"early{i}") for i in range(12)]
    for fan in early:
        follows.follow(context, fan["id"], "owner")
    # Newest first, so page 0 is early11, early10, early9: some leave after being listed, some before.
    leave_after_page = {0: [early[11], early[5]], 1: [early[10], early[1]]}
    newcomers = iter(make_user(context, f"late{i}") for i in range(15))

    def churn(page_number: int) -> None:
        for _ in range(3):  # a page's worth of newcomers each time
            follows.follow(context, next(newcomers)["id"], "owner")
        for fan in leave_after_page.get(page_number, []):
            follows.unfollow(context, fan["id"], "owner")

    seen = walk(context, "owner", 3, churn)

    assert len(seen) == len(set(seen)), "someone was listed twice"
    left = {fan["id"] for fans in leave_after_page.values() for fan in fans}
    stayed = [fan["id"] for fan in early if fan["id"] not in left]
    assert set(stayed) <= set(seen), "a follower from before paging began was skipped"
    assert [i for i in seen if i in stayed] == stayed[::-1], "not newest first"
    assert early[11]["id"] in seen and early[5]["id"] not in seen


@pytest.fixture(scope="module")
def shared_context(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Context]:
    """One graph for all examples of a property test (each example makes its own owner)."""
    folder = tmp_path_factory.mktemp("pagination")
    graph = LadybugGraph(folder / "graph")
    setup_schema(graph)
    yield make_context(
        Settings.from_env({"INSTAGRAPH_HOME": str(folder / "home"), "INSTAGRAPH_SECRET_KEY": "test-secret"}), graph
    )
    graph.close()


_owners = itertools.count()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    before=st.integers(0, 10),
    limit=st.integers(1, 4),
    churn=st.lists(
        st.tuples(st.integers(0, 3), st.lists(st.integers(0, 30), max_size=3), st.lists(st.integers(0, 30), max_size=2)),
        max_size=12,
    ),
)
def test_paging_under_random_churn_never_repeats_or_skips(shared_context: Context, before, limit, churn) -> None:
    """Between pages: some newcomers follow, some followers leave, some leave and come back (a new follow)."""
    ctx = shared_context
    owner = make_user(ctx, f"owner{next(_owners)}")["username"]
    people = [make_user(ctx) for _ in range(before)]
    for person in people:
        follows.follow(ctx, person["id"], owner)
    following = {person["id"] for person in people}
    at_start = [person["id"] for person in people]
    left: set[int] = set()

    def between_pages(page_number: int) -> None:
        if page_number >= len(churn):
            return
        arrivals, leavers, returners = churn[page_number]
        for _ in range(arrivals):
            people.append(make_user(ctx))
            follows.follow(ctx, people[-1]["id"], owner)
        for index in leavers:
            if index < len(people):
                follows.unfollow(ctx, people[index]["id"], owner)
                following.discard(people[index]["id"])
                left.add(people[index]["id"])
        for index in returners:  # a new follow: a new item, which paging may or may not show
            if index < len(people):
                follows.follow(ctx, people[index]["id"], owner)
                following.add(people[index]["id"])
                left.add(people[index]["id"])
        note(f"after page {page_number}: following {sorted(following)}")

    seen = walk(ctx, owner, limit, between_pages)

    note(f"seen {seen}")
    assert len(seen) == len(set(seen)), "someone was listed twice"
    kept = [i for i in at_start if i not in left]
    assert set(kept) <= set(seen), "a follower from before paging began was skipped"
    assert [i for i in seen if i in kept] == kept[::-1], "not newest first"
