"""The home feed from the graph over HTTP: whose photos, in what order, stable paging, privacy."""

from __future__ import annotations

import falcon.testing

from tests.api.test_accounts_api import assert_problem
from tests.factories.photos import api_photo
from tests.factories.users import ApiUser, api_user


def feed_ids(client: falcon.testing.TestClient, user: ApiUser, **params: object) -> list[str]:
    result = client.simulate_get("/v1/feed", params=params, headers=user.headers)
    assert result.status_code == 200, result.text
    return [photo["id"] for photo in result.json["items"]]


def test_the_feed_holds_my_photos_and_those_i_follow_newest_first(client: falcon.testing.TestClient) -> None:
    me, friend, stranger = api_user(client, "me"), api_user(client, "friend"), api_user(client, "stranger")
    client.simulate_post("/v1/users/friend/follow", headers=me.headers)
    posted = [api_photo(client, who)["id"] for who in (me, friend, stranger, friend, me)]
    assert feed_ids(client, me) == [posted[4], posted[3], posted[1], posted[0]]
    assert feed_ids(client, stranger) == [posted[2]]


def test_a_private_account_shows_only_once_approved_and_not_after_a_block(client: falcon.testing.TestClient) -> None:
    me, shy = api_user(client, "me"), api_user(client, "shy", private=True)
    photo = api_photo(client, shy)["id"]
    client.simulate_post("/v1/users/shy/follow", headers=me.headers)
    assert feed_ids(client, me) == []  # a pending request shows nothing
    client.simulate_post("/v1/me/follow-requests/me/approve", headers=shy.headers)
    assert feed_ids(client, me) == [photo]
    client.simulate_post("/v1/users/me/block", headers=shy.headers)
    assert feed_ids(client, me) == []
    client.simulate_delete("/v1/users/me/block", headers=shy.headers)
    assert feed_ids(client, me) == []  # unblocking does not bring the follow back


def test_unfollowing_and_deleting_take_photos_out(client: falcon.testing.TestClient) -> None:
    me, ann = api_user(client, "me"), api_user(client, "ann")
    client.simulate_post("/v1/users/ann/follow", headers=me.headers)
    kept, deleted = api_photo(client, ann)["id"], api_photo(client, ann)["id"]
    client.simulate_delete(f"/v1/photos/{deleted}", headers=ann.headers)
    assert feed_ids(client, me) == [kept]
    client.simulate_delete("/v1/users/ann/follow", headers=me.headers)
    assert feed_ids(client, me) == []


def test_paging_is_stable_while_photos_arrive(client: falcon.testing.TestClient) -> None:
    me, ann = api_user(client, "me"), api_user(client, "ann")
    client.simulate_post("/v1/users/ann/follow", headers=me.headers)
    posted = [api_photo(client, ann if i % 2 else me)["id"] for i in range(7)]
    first = client.simulate_get("/v1/feed", params={"limit": 3}, headers=me.headers).json
    api_photo(client, ann)  # arrives mid-walk
    seen, cursor = [p["id"] for p in first["items"]], first["next_cursor"]
    while cursor:
        page = client.simulate_get("/v1/feed", params={"limit": 3, "cursor": cursor}, headers=me.headers).json
        seen += [p["id"] for p in page["items"]]
        cursor = page["next_cursor"]
    assert seen == posted[::-1]


def test_the_feed_needs_a_token_and_a_good_cursor(client: falcon.testing.TestClient) -> None:
    me = api_user(client)
    assert_problem(client.simulate_get("/v1/feed"), 401)
    assert_problem(client.simulate_get("/v1/feed", params={"cursor": "nope"}, headers=me.headers), 400)
