"""Discovery over HTTP: people you may know and explore, their shape, paging, tokens and the privacy matrix."""

from __future__ import annotations

import dataclasses

import falcon.testing
import pytest

from tests.api.test_accounts_api import assert_problem
from tests.api.test_follows_api import VIEWERS, World, build_world
from tests.factories.photos import api_photo
from tests.factories.users import ApiUser, api_user

ROUTES = ("/v1/me/suggestions", "/v1/explore")


def follow(client: falcon.testing.TestClient, user: ApiUser, *usernames: str) -> None:
    for username in usernames:
        assert client.simulate_post(f"/v1/users/{username}/follow", headers=user.headers).status_code == 200


def like(client: falcon.testing.TestClient, photo_id: str, *users: ApiUser) -> None:
    for user in users:
        assert client.simulate_post(f"/v1/photos/{photo_id}/like", headers=user.headers).status_code == 204


@pytest.mark.parametrize("route", ROUTES)
def test_discovery_needs_a_token(client: falcon.testing.TestClient, route: str) -> None:
    assert_problem(client.simulate_get(route), 401)


def test_a_suggestion_is_the_user_s_card_with_how_many_mutuals_and_why(client: falcon.testing.TestClient) -> None:
    me, ann, bob = api_user(client, "me"), api_user(client, "ann"), api_user(client, "bob")
    api_user(client, "tom")
    follow(client, me, "ann", "bob")
    follow(client, ann, "tom")
    follow(client, bob, "tom")
    result = client.simulate_get("/v1/me/suggestions", headers=me.headers)
    assert result.status_code == 200
    card = client.simulate_get("/v1/users/tom", headers=me.headers).json
    assert result.json == {
        "items": [{"user": card, "mutual_count": 2, "reason": "Followed by bob and ann"}],
        "next_cursor": None,
    }


def test_an_explore_item_is_the_photo_with_why_it_is_there(client: falcon.testing.TestClient) -> None:
    me, ann, oz = api_user(client, "me"), api_user(client, "ann"), api_user(client, "oz")
    follow(client, me, "ann")
    photo = api_photo(client, oz, caption="#sea at dawn")
    like(client, photo["id"], ann)
    result = client.simulate_get("/v1/explore", headers=me.headers)
    assert result.status_code == 200
    seen = client.simulate_get(f"/v1/photos/{photo['id']}", headers=me.headers).json
    assert result.json == {"items": [{**seen, "reason": "Liked by ann"}], "next_cursor": None}


def test_a_newcomer_who_follows_nobody_explores_popular_public_photos(client: falcon.testing.TestClient) -> None:
    oz, pri, fan = api_user(client, "oz"), api_user(client, "pri", private=True), api_user(client, "fan")
    quiet, liked, hidden = api_photo(client, oz), api_photo(client, oz), api_photo(client, pri)
    like(client, liked["id"], fan)
    like(client, hidden["id"], pri)
    newcomer = api_user(client, "newcomer")
    items = client.simulate_get("/v1/explore", headers=newcomer.headers).json["items"]
    assert [(item["id"], item["reason"]) for item in items] == [(liked["id"], "Popular now"), (quiet["id"], "New")]


@pytest.mark.parametrize("route", ROUTES)
def test_pages_follow_each_other_without_repeats_or_skips(client: falcon.testing.TestClient, route: str) -> None:
    me, ann = api_user(client, "me"), api_user(client, "ann")
    follow(client, me, "ann")
    for i in range(5):  # five accounts ann follows, each with a photo, ann liked three of them
        photo = api_photo(client, api_user(client, f"c{i}"))
        follow(client, ann, f"c{i}")
        if i < 3:
            like(client, photo["id"], ann)
    everything = client.simulate_get(route, headers=me.headers).json["items"]
    pages, params = [], {"limit": 2}
    while True:
        page = client.simulate_get(route, params=params, headers=me.headers).json
        pages.append(page["items"])
        if page["next_cursor"] is None:
            break
        params = {"limit": 2, "cursor": page["next_cursor"]}
    assert [len(items) for items in pages] == [2, 2, 1]
    assert [item for items in pages for item in items] == everything


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize(
    "params", [{"limit": 0}, {"limit": 101}, {"cursor": "garbage"}, {"cursor": "MQ.AAAAAAAAAAAAAAAA"}]
)
def test_bad_paging_parameters_answer_400(client: falcon.testing.TestClient, route: str, params: dict) -> None:
    me = api_user(client, "me")
    assert_problem(client.simulate_get(route, params=params, headers=me.headers), 400)


def test_a_cursor_of_another_list_answers_400(client: falcon.testing.TestClient) -> None:
    me, ann = api_user(client, "me"), api_user(client, "ann")
    for i in range(2):
        follow(client, api_user(client, f"fan{i}"), "me")
        follow(client, ann, f"fan{i}")
    follow(client, me, "ann")
    followers, suggestions = (
        client.simulate_get(path, params={"limit": 1}, headers=me.headers).json["next_cursor"]
        for path in ("/v1/users/me/followers", "/v1/me/suggestions")
    )
    assert followers and suggestions
    for path, cursor in [
        ("/v1/me/suggestions", followers),
        ("/v1/explore", suggestions),
        ("/v1/users/me/followers", suggestions),
    ]:
        assert_problem(client.simulate_get(path, params={"cursor": cursor}, headers=me.headers), 400)


def test_both_routes_are_documented(client: falcon.testing.TestClient) -> None:
    paths = client.simulate_get("/openapi.json").json["paths"]
    for route, schema in zip(ROUTES, ("SuggestionPage", "ExplorePage")):
        ok = paths[route]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        assert ok == {"$ref": f"#/components/schemas/{schema}"}


# -- who discovers the owner and their photo -------------------------------------------------


@dataclasses.dataclass
class DiscoveryWorld:
    """A :class:`World` whose follower liked the owner's photo, and whom every other viewer follows."""

    world: World
    photo_id: str
    private: bool

    def get(self, route: str, viewer: str) -> falcon.testing.Result:
        return self.world.client.simulate_get(route, headers=self.world.headers(viewer))


@pytest.fixture(params=[True, False], ids=["private", "public"])
def discovery_world(request: pytest.FixtureRequest, client: falcon.testing.TestClient) -> DiscoveryWorld:
    world = build_world(client, request.param)
    photo = api_photo(client, world.owner)
    like(client, photo["id"], world.users["follower"])
    for viewer in ("owner", "requester", "stranger", "blocked", "blocking"):
        follow(client, world.users[viewer], "follower")
    return DiscoveryWorld(world, photo["id"], request.param)


EXPLORES_THE_PHOTO = {
    "owner": False, "follower": False, "requester": True, "stranger": True, "blocked": False, "blocking": False
}
"""Who explores a public owner's photo: not its owner, nor a follower, nor across a block.

The requester withdrew their request before the owner went public: a stranger now.
"""


@pytest.mark.parametrize("viewer", VIEWERS)
def test_explore_shows_only_a_public_stranger_s_photo(discovery_world: DiscoveryWorld, viewer: str) -> None:
    result = discovery_world.get("/v1/explore", viewer)
    if viewer == "anonymous":
        assert_problem(result, 401)
        return
    assert result.status_code == 200
    shown = [(item["id"], item["reason"]) for item in result.json["items"]]
    expected = not discovery_world.private and EXPLORES_THE_PHOTO[viewer]
    assert shown == ([(discovery_world.photo_id, "Liked by follower")] if expected else [])


SUGGESTS_THE_OWNER = {"owner": False, "follower": False, "stranger": True, "blocked": False, "blocking": False}
"""Whom the owner, followed by the follower, is suggested to (the requester: only without a pending request)."""


@pytest.mark.parametrize("viewer", VIEWERS)
def test_suggestions_never_cross_a_block(discovery_world: DiscoveryWorld, viewer: str) -> None:
    result = discovery_world.get("/v1/me/suggestions", viewer)
    if viewer == "anonymous":
        assert_problem(result, 401)
        return
    assert result.status_code == 200
    names = [item["user"]["username"] for item in result.json["items"]]
    expected = SUGGESTS_THE_OWNER.get(viewer, not discovery_world.private)
    assert names == (["owner"] if expected else [])
