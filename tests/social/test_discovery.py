"""Discovery: who is suggested and which photos explore shows, in what order, why, and page by page."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import timedelta
from io import BytesIO
from typing import Any

import pytest

from graph.gateway import Graph, Row
from social import accounts, blocks, discovery, explore_pool, follows, likes, photos
from social.context import Context, utc_now
from social.errors import BadCursor
from social.pagination import Page
from tests.factories.images import jpeg_bytes
from tests.factories.users import make_user


@dataclasses.dataclass
class People:
    """Users made by name through the rules, and what they do, each action after the one before."""

    ctx: Context
    ids: dict[str, int] = dataclasses.field(default_factory=dict)

    def add(self, *names: str, **fields: Any) -> None:
        for name in names:
            self.ids[name] = make_user(self.ctx, name, **fields)["id"]

    def follow(self, follower: str, *names: str) -> None:
        for name in names:
            follows.follow(self.ctx, self.ids[follower], name)

    def block(self, blocker: str, name: str) -> None:
        blocks.block(self.ctx, self.ids[blocker], name)

    def post(self, owner: str) -> int:
        return photos.post_photo(self.ctx, self.ids[owner], BytesIO(jpeg_bytes(32, 24)))["id"]

    def like(self, photo_id: int, *names: str) -> None:
        for name in names:
            likes.like_photo(self.ctx, self.ids[name], photo_id)

    def suggested(self, viewer: str) -> list[tuple[str, int, str]]:
        """``(username, mutual_count, reason)`` of every suggestion, read in small pages."""
        items = every_page(discovery.suggestions, self.ctx, self.ids[viewer])
        return [(item["user"]["username"], item["mutual_count"], item["reason"]) for item in items]

    def explored(self, viewer: str, ctx: Context | None = None) -> list[tuple[int, str]]:
        """``(photo id, reason)`` of every explore photo, read in small pages."""
        items = every_page(discovery.explore, ctx or self.ctx, self.ids[viewer])
        return [(item["id"], item["reason"]) for item in items]


@pytest.fixture
def people(context: Context) -> People:
    return People(context)


def every_page(action: Callable[..., Page[Any]], ctx: Context, viewer_id: int, limit: int = 1) -> list[Any]:
    """Every item of a list, read a page at a time; each page but the last is full, and the last is not empty.

    So a candidate ranked but then not shown (or a next page that holds
    nothing) fails the test that reads the list, unless it is the very last.
    """
    pages, cursor = [], None
    while True:
        page = action(ctx, viewer_id, limit=limit, cursor=cursor)
        pages.append(page.items)
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert all(len(items) == limit for items in pages[:-1]) and (pages[-1] or len(pages) == 1), pages
    return [item for items in pages for item in items]


# -- people you may know --------------------------------------------------------------------


def test_suggestions_rank_by_mutual_followers_then_newest_account_and_name_the_latest_followed(people: People) -> None:
    people.add("me", "ann", "bob", "cat", "xia", "yan", "zed", "wes")  # wes is newer than zed
    people.follow("me", "ann", "bob", "cat")  # cat followed last
    people.follow("ann", "xia", "yan", "zed")
    people.follow("bob", "xia", "yan")
    people.follow("cat", "xia", "wes")
    assert people.suggested("me") == [
        ("xia", 3, "Followed by cat and 2 others"),
        ("yan", 2, "Followed by bob and ann"),
        ("wes", 1, "Followed by cat"),
        ("zed", 1, "Followed by ann"),
    ]


def test_a_suggestion_is_a_card_as_the_viewer_sees_it(people: People) -> None:
    people.add("me", "ann", "tom")
    people.follow("me", "ann")
    people.follow("ann", "tom")
    people.follow("tom", "me")
    [item] = discovery.suggestions(people.ctx, people.ids["me"], limit=20, cursor=None).items
    assert item["user"]["id"] == people.ids["tom"]
    assert item["user"]["counts"] == {"photos": 0, "followers": 1, "following": 1}
    relationship = {"following": False, "requested": False, "followed_by": True, "blocking": False}
    assert item["user"]["relationship"] == relationship


def _viewer_themselves(people: People) -> str:
    people.follow("ann", "me")
    return "me"


def _followed(people: People) -> str:
    people.follow("me", "tom")
    return "tom"


def _requested(people: People) -> str:
    people.add("pri", private=True)
    people.follow("ann", "pri")  # a request too: ann's follow of a private account waits
    follows.approve_request(people.ctx, people.ids["pri"], "ann")
    people.follow("me", "pri")
    return "pri"


def _blocked_by_the_viewer(people: People) -> str:
    people.block("me", "tom")
    return "tom"


def _blocking_the_viewer(people: People) -> str:
    people.block("tom", "me")
    return "tom"


@pytest.mark.parametrize(
    "relate", [_viewer_themselves, _followed, _requested, _blocked_by_the_viewer, _blocking_the_viewer]
)
def test_never_suggested(people: People, relate: Callable[[People], str]) -> None:
    people.add("me", "ann", "tom")
    people.follow("me", "ann")
    people.follow("ann", "tom")
    hidden = relate(people)
    names = [name for name, _, _ in people.suggested("me")]
    assert hidden not in names
    assert names == ([] if hidden == "tom" else ["tom"])


def test_an_account_followed_by_someone_the_viewer_follows_is_suggested(people: People) -> None:
    people.add("me", "ann", "tom")
    people.follow("me", "ann")
    people.follow("ann", "tom")
    assert people.suggested("me") == [("tom", 1, "Followed by ann")]


def test_nobody_is_suggested_to_a_viewer_who_follows_nobody(people: People) -> None:
    people.add("me", "ann", "tom")
    people.follow("ann", "tom")
    assert people.suggested("me") == []


def test_only_the_viewer_s_most_recent_follows_count(people: People, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(discovery, "RECENT_FOLLOWINGS", 2)
    people.add("me", "ann", "bob", "cat", "tom", "old")
    people.follow("me", "ann", "bob", "cat")  # ann is the oldest follow: left out
    people.follow("ann", "tom", "old")
    people.follow("bob", "tom")
    people.follow("cat", "tom")
    assert people.suggested("me") == [("tom", 2, "Followed by cat and bob")]


def test_suggestions_page_without_repeats_or_skips(people: People) -> None:
    people.add("me", "ann", *(f"c{i}" for i in range(7)))
    people.follow("me", "ann")
    people.follow("ann", *(f"c{i}" for i in range(7)))
    in_one_page = discovery.suggestions(people.ctx, people.ids["me"], limit=7, cursor=None)
    assert in_one_page.next_cursor is None
    everyone = [item["user"]["username"] for item in in_one_page.items]
    assert everyone == [f"c{i}" for i in reversed(range(7))]  # all followed by ann alone: newest first
    for limit in (1, 3, 7):
        pages = every_page(discovery.suggestions, people.ctx, people.ids["me"], limit)
        assert [item["user"]["username"] for item in pages] == everyone


# -- explore ----------------------------------------------------------------------------------


def test_explore_ranks_by_followed_likers_then_newest_then_popular(people: People) -> None:
    people.add("me", "ann", "bob", "cat", "dan", "pia", "sam", "sue")
    people.follow("me", "ann", "bob", "cat", "dan")  # dan followed last
    four, two, older_one, newer_one, liked_twice, not_liked = (people.post("pia") for _ in range(6))
    people.like(four, "ann", "bob", "cat", "dan")
    people.like(two, "ann", "bob")
    people.like(older_one, "cat", "sam", "sue")  # more likes, but one by an account the viewer follows
    people.like(newer_one, "ann")
    people.like(liked_twice, "sam", "sue")
    assert people.explored("me") == [
        (four, "Liked by dan and 3 others you follow"),
        (two, "Liked by bob and ann"),
        (newer_one, "Liked by ann"),
        (older_one, "Liked by cat"),
        (liked_twice, discovery.POPULAR),
        (not_liked, discovery.NEW),
    ]


def test_an_explore_item_is_the_photo_as_the_viewer_sees_it_with_its_reason(people: People) -> None:
    people.add("me", "pia")
    photo = people.post("pia")
    people.like(photo, "me")
    [item] = discovery.explore(people.ctx, people.ids["me"], limit=20, cursor=None).items
    assert item == {**photos.get_photo(people.ctx, photo, people.ids["me"]), "reason": discovery.POPULAR}
    assert item["liked_by_me"] is True


def _own(people: People) -> str:
    return "me"


def _followed_owner(people: People) -> str:
    people.follow("me", "oz")
    return "oz"


def _private_owner(people: People) -> str:
    people.add("pri", private=True)
    people.follow("ann", "pri")
    follows.approve_request(people.ctx, people.ids["pri"], "ann")
    return "pri"


def _owner_blocked_by_the_viewer(people: People) -> str:
    people.block("me", "oz")
    return "oz"


def _owner_blocking_the_viewer(people: People) -> str:
    people.block("oz", "me")
    return "oz"


@pytest.mark.parametrize(
    "owner", [_own, _followed_owner, _private_owner, _owner_blocked_by_the_viewer, _owner_blocking_the_viewer]
)
def test_never_explored(people: People, owner: Callable[[People], str]) -> None:
    people.add("me", "ann", "oz", "pia")
    people.follow("me", "ann")
    photo = people.post(owner(people))
    people.like(photo, "ann")  # liked by an account the viewer follows, and popular
    shown = people.post("pia")
    assert people.explored("me") == [(shown, discovery.NEW)]


def test_a_stranger_s_photo_liked_by_someone_the_viewer_follows_is_explored(people: People) -> None:
    people.add("me", "ann", "oz")
    people.follow("me", "ann")
    photo = people.post("oz")
    people.like(photo, "ann")
    assert people.explored("me") == [(photo, "Liked by ann")]


def test_a_viewer_who_follows_nobody_gets_recent_popular_public_photos(people: People) -> None:
    people.add("me", "oz", "pia", "sam", "sue")
    people.add("pri", private=True)
    popular, less, unliked, hidden = people.post("oz"), people.post("pia"), people.post("oz"), people.post("pri")
    people.like(popular, "sam", "sue")
    people.like(less, "sam")
    people.like(hidden, "pri")
    assert people.explored("me") == [(popular, discovery.POPULAR), (less, discovery.POPULAR), (unliked, discovery.NEW)]


def test_likes_older_than_the_window_no_longer_count(people: People) -> None:
    people.add("me", "ann", "oz")
    people.follow("me", "ann")
    photo = people.post("oz")
    people.like(photo, "ann")
    later = dataclasses.replace(people.ctx, now=lambda: utc_now() + discovery.LIKE_WINDOW + timedelta(minutes=1))
    assert people.explored("me", later) == [(photo, discovery.POPULAR)]


def test_only_the_likes_of_the_viewer_s_recent_follows_count(people: People, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(discovery, "RECENT_FOLLOWINGS", 1)
    people.add("me", "ann", "bob", "oz")
    people.follow("me", "ann", "bob")
    by_ann, by_bob = people.post("oz"), people.post("oz")
    people.like(by_ann, "ann")
    people.like(by_bob, "bob")
    assert people.explored("me") == [(by_bob, "Liked by bob"), (by_ann, discovery.POPULAR)]


def test_popular_photos_come_from_the_newest_only(people: People, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(explore_pool, "RECENT_PHOTOS", 2)
    people.add("me", "oz", "sam")
    oldest, older, newer, newest = (people.post("oz") for _ in range(4))
    people.like(oldest, "sam")
    people.like(older, "sam")
    assert people.explored("me") == [(newest, discovery.NEW), (newer, discovery.NEW)]


def test_explore_pages_across_both_parts_without_repeats_or_skips(people: People) -> None:
    people.add("me", "ann", "oz")
    people.follow("me", "ann")
    posted = [people.post("oz") for _ in range(7)]
    for photo in posted[:3]:
        people.like(photo, "ann")
    in_one_page = discovery.explore(people.ctx, people.ids["me"], limit=7, cursor=None)
    assert in_one_page.next_cursor is None
    everything = [item["id"] for item in in_one_page.items]
    assert everything == [*reversed(posted[:3]), *reversed(posted[3:])]
    for limit in (1, 3, 7):
        assert [item["id"] for item in every_page(discovery.explore, people.ctx, people.ids["me"], limit)] == everything


class GraphActingBefore:
    """The graph, but ``action`` runs just before the read named ``name``: what another request could do meanwhile."""

    def __init__(self, graph: Graph, name: str, action: Callable[[], None]) -> None:
        self._graph, self._name, self._action = graph, name, action

    def read(self, name: str, /, **params: Any) -> list[Row]:
        if name == self._name:
            self._action()
        return self._graph.read(name, **params)

    def __getattr__(self, attribute: str) -> Any:
        return getattr(self._graph, attribute)


def _owner_blocks_the_viewer(people: People) -> None:
    people.block("oz", "me")


def _owner_goes_private(people: People) -> None:
    accounts.update_profile(people.ctx, people.ids["oz"], private=True)


@pytest.mark.parametrize("hide", [_owner_blocks_the_viewer, _owner_goes_private])
def test_a_photo_hidden_while_its_page_is_made_is_left_out(people: People, hide: Callable[[People], None]) -> None:
    people.add("me", "oz", "pia")
    hidden, shown = people.post("oz"), people.post("pia")
    meanwhile = GraphActingBefore(people.ctx.graph, "photos/visible_by_ids", lambda: hide(people))
    racing = dataclasses.replace(people.ctx, graph=meanwhile)
    assert [item["id"] for item in discovery.explore(racing, people.ids["me"], limit=2, cursor=None).items] == [shown]
    assert hidden not in [photo for photo, _ in people.explored("me")]


# -- cursors ------------------------------------------------------------------------------------


def _first_cursor(ctx: Context, viewer_id: int, action: Callable[..., Page[Any]]) -> str:
    cursor = action(ctx, viewer_id, limit=1, cursor=None).next_cursor
    assert cursor is not None
    return cursor


def test_a_cursor_works_only_for_the_list_that_made_it(people: People) -> None:
    people.add("me", "ann", "oz", "tom")
    people.follow("me", "ann")
    people.follow("ann", "oz", "tom")
    for _ in range(2):
        people.post("oz")
    me = people.ids["me"]
    from_suggestions = _first_cursor(people.ctx, me, discovery.suggestions)
    from_explore = _first_cursor(people.ctx, me, discovery.explore)
    assert discovery.suggestions(people.ctx, me, limit=1, cursor=from_suggestions).items
    assert discovery.explore(people.ctx, me, limit=1, cursor=from_explore).items
    for action, foreign in [
        (discovery.suggestions, from_explore),
        (discovery.explore, from_suggestions),
        (discovery.explore, people.ctx.cursors.encode(1)),  # a cursor of a list ordered by ids
    ]:
        with pytest.raises(BadCursor):
            action(people.ctx, me, limit=1, cursor=foreign)
