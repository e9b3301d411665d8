"""Notifications over HTTP: each kind, newest first, none of my own doing, none across a block or a privacy rule."""

from __future__ import annotations

import falcon.testing

from tests.api.test_accounts_api import assert_problem
from tests.factories.photos import api_photo
from tests.factories.users import ApiUser, api_user


def notes(client: falcon.testing.TestClient, user: ApiUser, **params: object) -> list[tuple[str, str]]:
    """``(type, actor)`` of each of ``user``'s notifications, newest first."""
    result = client.simulate_get("/v1/me/notifications", params=params, headers=user.headers)
    assert result.status_code == 200, result.text
    return [(n["type"], n["actor"]["username"]) for n in result.json["items"]]


def walk(client: falcon.testing.TestClient, user: ApiUser, limit: int) -> list[tuple[str, str]]:
    """``(type, actor)`` of every notification, read ``limit`` at a time through the cursors."""
    walked, cursor = [], None
    while True:
        params = {"limit": limit, **({"cursor": cursor} if cursor else {})}
        page = client.simulate_get("/v1/me/notifications", params=params, headers=user.headers).json
        walked += [(n["type"], n["actor"]["username"]) for n in page["items"]]
        if not (cursor := page["next_cursor"]):
            return walked


def comment(client: falcon.testing.TestClient, user: ApiUser, photo: str, text: str) -> str:
    result = client.simulate_post(f"/v1/photos/{photo}/comments", json={"text": text}, headers=user.headers)
    assert result.status_code == 201, result.text
    return result.json["id"]


def test_every_kind_newest_first_with_its_photo_and_comment(client: falcon.testing.TestClient) -> None:
    ann, ben, cat = api_user(client, "ann"), api_user(client, "ben"), api_user(client, "cat", private=True)
    client.simulate_post("/v1/users/ann/follow", headers=ben.headers)
    photo = api_photo(client, ann, caption="mine")["id"]
    client.simulate_post(f"/v1/photos/{photo}/like", headers=ben.headers)
    said = comment(client, ben, photo, "nice one")
    mine = comment(client, ann, api_photo(client, ben)["id"], "thanks")
    client.simulate_post(f"/v1/comments/{mine}/like", headers=ben.headers)
    api_photo(client, ben, caption="with @ann")
    comment(client, ben, api_photo(client, ben)["id"], "hey @ann")
    client.simulate_post("/v1/users/cat/follow", headers=ann.headers)
    client.simulate_post("/v1/users/ann/follow", headers=cat.headers)

    assert notes(client, ann) == [
        ("follow", "cat"),
        ("mention", "ben"),
        ("mention", "ben"),
        ("like", "ben"),
        ("comment", "ben"),
        ("like", "ben"),
        ("follow", "ben"),
    ]
    items = client.simulate_get("/v1/me/notifications", headers=ann.headers).json["items"]
    assert items[5]["photo"]["id"] == photo and items[4]["comment"] == {"id": said, "text": "nice one"}
    assert items[3]["comment"]["id"] == mine and "comment" not in items[6] and "photo" not in items[6]
    assert items[0]["created_at"].endswith("Z")
    assert notes(client, cat) == [("follow_request", "ann")]
    client.simulate_post("/v1/me/follow-requests/ann/approve", headers=cat.headers)
    assert notes(client, cat) == []  # answered: the request is gone, and approving was cat's own doing
    assert notes(client, ann)[0] == ("follow_approved", "cat")


def test_my_own_actions_notify_nobody(client: falcon.testing.TestClient) -> None:
    ann = api_user(client, "ann")
    photo = api_photo(client, ann, caption="me @ann")["id"]
    client.simulate_post(f"/v1/photos/{photo}/like", headers=ann.headers)
    said = comment(client, ann, photo, "me again @ann")
    client.simulate_post(f"/v1/comments/{said}/like", headers=ann.headers)
    assert notes(client, ann) == []


def test_undoing_takes_the_notification_away(client: falcon.testing.TestClient) -> None:
    ann, ben = api_user(client, "ann"), api_user(client, "ben")
    photo = api_photo(client, ann)["id"]
    client.simulate_post("/v1/users/ann/follow", headers=ben.headers)
    client.simulate_post(f"/v1/photos/{photo}/like", headers=ben.headers)
    said = comment(client, ben, photo, "hi")
    assert len(notes(client, ann)) == 3
    client.simulate_delete(f"/v1/photos/{photo}/like", headers=ben.headers)
    client.simulate_delete(f"/v1/comments/{said}", headers=ben.headers)
    client.simulate_delete("/v1/users/ann/follow", headers=ben.headers)
    assert notes(client, ann) == []


def test_nothing_from_across_a_block(client: falcon.testing.TestClient) -> None:
    ann, ben = api_user(client, "ann"), api_user(client, "ben")
    photo = api_photo(client, ann)["id"]
    client.simulate_post(f"/v1/photos/{photo}/like", headers=ben.headers)
    comment(client, ben, photo, "hi @ann")
    client.simulate_post("/v1/users/ben/block", headers=ann.headers)
    assert notes(client, ann) == []
    client.simulate_delete("/v1/users/ben/block", headers=ann.headers)
    assert [kind for kind, _ in notes(client, ann)] == ["comment", "like"]


def test_a_mention_on_a_photo_i_may_not_see_notifies_me_only_once_i_may(client: falcon.testing.TestClient) -> None:
    ann, shy = api_user(client, "ann"), api_user(client, "shy", private=True)
    api_photo(client, shy, caption="look @ann")
    assert notes(client, ann) == []
    client.simulate_post("/v1/users/shy/follow", headers=ann.headers)
    client.simulate_post("/v1/me/follow-requests/ann/approve", headers=shy.headers)
    assert notes(client, ann) == [("follow_approved", "shy"), ("mention", "shy")]


def test_pages_merge_the_kinds_without_repeats_or_skips(client: falcon.testing.TestClient) -> None:
    ann = api_user(client, "ann")
    photo = api_photo(client, ann)["id"]
    for i in range(4):
        fan = api_user(client, f"fan{i}")
        client.simulate_post("/v1/users/ann/follow", headers=fan.headers)
        client.simulate_post(f"/v1/photos/{photo}/like", headers=fan.headers)
        comment(client, fan, photo, f"c{i}")
    everything = notes(client, ann, limit=100)
    assert walk(client, ann, 5) == everything and len(everything) == 12


def test_notifications_need_a_token(client: falcon.testing.TestClient) -> None:
    assert_problem(client.simulate_get("/v1/me/notifications"), 401)


def test_a_like_of_my_comment_on_a_photo_gone_private_is_left_out(client: falcon.testing.TestClient) -> None:
    ann, ben, cat = api_user(client, "ann"), api_user(client, "ben"), api_user(client, "cat")
    mine = comment(client, ann, api_photo(client, ben)["id"], "lovely")
    client.simulate_post(f"/v1/comments/{mine}/like", headers=cat.headers)
    assert notes(client, ann) == [("like", "cat")]
    client.simulate_patch("/v1/me", json={"private": True}, headers=ben.headers)
    assert notes(client, ann) == []


def test_a_walk_through_comments_and_likes_by_two_people_repeats_nothing(client: falcon.testing.TestClient) -> None:
    # Found by the privacy property test: LadybugDB dropped the cursor condition of these queries.
    ann, ben, cat = api_user(client, "ann"), api_user(client, "ben"), api_user(client, "cat")
    photo = api_photo(client, ann)["id"]
    for who in (ben, cat, ben, cat):
        comment(client, who, photo, "again")
    client.simulate_post(f"/v1/photos/{photo}/like", headers=ben.headers)
    assert walk(client, ann, 2) == [("like", "ben"), ("comment", "cat"), ("comment", "ben"), ("comment", "cat"), ("comment", "ben")]


def test_a_page_is_full_however_many_newer_notifications_a_block_hides(client: falcon.testing.TestClient) -> None:
    # A page reads keys first and checks the rules on a few spare ones: more hidden ones than that must not shorten it.
    ann, ben = api_user(client, "ann"), api_user(client, "ben")
    for i in range(3):
        client.simulate_post("/v1/users/ann/follow", headers=api_user(client, f"fan{i}").headers)
    photo = api_photo(client, ann)["id"]
    for i in range(9):
        comment(client, ben, photo, f"again {i}")
    client.simulate_post("/v1/users/ben/block", headers=ann.headers)
    first = client.simulate_get("/v1/me/notifications", params={"limit": 2}, headers=ann.headers).json
    assert [n["actor"]["username"] for n in first["items"]] == ["fan2", "fan1"] and first["next_cursor"]
    assert walk(client, ann, 2) == [("follow", "fan2"), ("follow", "fan1"), ("follow", "fan0")]
