"""Comments, replies and likes over HTTP: counts, ordering, deletion rules, idempotency under concurrency."""

from __future__ import annotations

import falcon.testing
import pytest

from tests.api.test_accounts_api import assert_problem
from tests.concurrency import all_at_once, errors_of
from tests.factories.photos import api_photo
from tests.factories.users import ApiUser, api_user


def comment(client: falcon.testing.TestClient, user: ApiUser, photo_id: str, text: str, reply_to: str | None = None) -> dict:
    body = {"text": text} if reply_to is None else {"text": text, "reply_to": reply_to}
    result = client.simulate_post(f"/v1/photos/{photo_id}/comments", json=body, headers=user.headers)
    assert result.status_code == 201, result.text
    return result.json


def comments_of(client: falcon.testing.TestClient, photo_id: str, **params: object) -> list[dict]:
    return client.simulate_get(f"/v1/photos/{photo_id}/comments", params=params).json["items"]


def test_comments_list_oldest_first_with_replies_and_count(client: falcon.testing.TestClient) -> None:
    ann, ben = api_user(client, "ann"), api_user(client, "ben")
    photo = api_photo(client, ann)["id"]
    first = comment(client, ben, photo, "Great #shot @ann")
    assert first["author"] == {"id": ben.id, "username": "ben"} and first["photo_id"] == photo
    assert (first["hashtags"], first["mentions"], first["reply_to"], first["like_count"]) == (["shot"], ["ann"], None, 0)
    reply = comment(client, ann, photo, "thanks", reply_to=first["id"])
    deeper = comment(client, ben, photo, "welcome", reply_to=reply["id"])
    assert reply["reply_to"] == first["id"] and deeper["reply_to"] == first["id"]  # one level deep
    assert comments_of(client, photo) == [first, reply, deeper]  # each answer is the comment as it is read
    assert client.simulate_get(f"/v1/photos/{photo}").json["comment_count"] == 3
    assert client.simulate_get("/v1/hashtags/shot").json["photo_count"] == 0  # comments do not count


def test_comment_pages_continue_where_they_stopped(client: falcon.testing.TestClient) -> None:
    ann = api_user(client)
    photo = api_photo(client, ann)["id"]
    written = [comment(client, ann, photo, f"c{i}")["id"] for i in range(5)]
    page = client.simulate_get(f"/v1/photos/{photo}/comments", params={"limit": 3}).json
    rest = client.simulate_get(f"/v1/photos/{photo}/comments", params={"cursor": page["next_cursor"]}).json
    assert [c["id"] for c in page["items"] + rest["items"]] == written and rest["next_cursor"] is None


@pytest.mark.parametrize(
    ("body", "field"),
    [({"text": ""}, "text"), ({"text": "x" * 2201}, "text"), ({}, "text"), ({"text": "hi", "reply_to": "abc"}, "reply_to")],
)
def test_bad_comments_answer_422(client: falcon.testing.TestClient, body: dict, field: str) -> None:
    ann = api_user(client)
    photo = api_photo(client, ann)["id"]
    problem = assert_problem(client.simulate_post(f"/v1/photos/{photo}/comments", json=body, headers=ann.headers), 422)
    assert field in problem["errors"]
    assert client.simulate_get(f"/v1/photos/{photo}").json["comment_count"] == 0


def test_a_reply_must_answer_a_comment_on_the_same_photo(client: falcon.testing.TestClient) -> None:
    ann = api_user(client)
    here, there = api_photo(client, ann)["id"], api_photo(client, ann)["id"]
    elsewhere = comment(client, ann, there, "over there")
    for reply_to in (elsewhere["id"], "123456789"):
        result = client.simulate_post(
            f"/v1/photos/{here}/comments", json={"text": "re", "reply_to": reply_to}, headers=ann.headers
        )
        assert "reply_to" in assert_problem(result, 422)["errors"]


def test_deleting_a_comment_deletes_its_replies_and_only_author_or_owner_may(client: falcon.testing.TestClient) -> None:
    ann, ben, cat = api_user(client, "ann"), api_user(client, "ben"), api_user(client, "cat")
    photo = api_photo(client, ann)["id"]
    opening = comment(client, ben, photo, "first")
    reply = comment(client, cat, photo, "re", reply_to=opening["id"])
    lone = comment(client, cat, photo, "second")
    assert_problem(client.simulate_delete(f"/v1/comments/{opening['id']}", headers=cat.headers), 403)
    assert_problem(client.simulate_delete(f"/v1/comments/{opening['id']}"), 401)
    assert client.simulate_delete(f"/v1/comments/{reply['id']}", headers=cat.headers).status_code == 204
    assert client.simulate_delete(f"/v1/comments/{opening['id']}", headers=ben.headers).status_code == 204
    comment(client, cat, photo, "again", reply_to=lone["id"])
    assert client.simulate_delete(f"/v1/comments/{lone['id']}", headers=ann.headers).status_code == 204  # the owner
    assert comments_of(client, photo) == []
    assert client.simulate_get(f"/v1/photos/{photo}").json["comment_count"] == 0
    assert_problem(client.simulate_delete(f"/v1/comments/{lone['id']}", headers=ann.headers), 404)


def test_comments_across_a_block_are_hidden(client: falcon.testing.TestClient) -> None:
    ann, ben, cat = api_user(client, "ann"), api_user(client, "ben"), api_user(client, "cat")
    photo = api_photo(client, ann)["id"]
    by_ben = comment(client, ben, photo, "hi")
    client.simulate_post("/v1/users/ben/block", headers=cat.headers)
    seen_by_cat = client.simulate_get(f"/v1/photos/{photo}/comments", headers=cat.headers).json["items"]
    assert seen_by_cat == []
    assert_problem(client.simulate_post(f"/v1/comments/{by_ben['id']}/like", headers=cat.headers), 404)


def test_likes_are_idempotent_and_seen_per_viewer(client: falcon.testing.TestClient) -> None:
    ann, ben = api_user(client, "ann"), api_user(client, "ben")
    photo = api_photo(client, ann)["id"]
    for _ in range(2):
        assert client.simulate_post(f"/v1/photos/{photo}/like", headers=ben.headers).status_code == 204
    assert client.simulate_get(f"/v1/photos/{photo}", headers=ben.headers).json["liked_by_me"] is True
    seen_by_ann = client.simulate_get(f"/v1/photos/{photo}", headers=ann.headers).json
    assert (seen_by_ann["like_count"], seen_by_ann["liked_by_me"]) == (1, False)
    likers = client.simulate_get(f"/v1/photos/{photo}/likes").json
    assert [card["username"] for card in likers["items"]] == ["ben"]
    for _ in range(2):
        assert client.simulate_delete(f"/v1/photos/{photo}/like", headers=ben.headers).status_code == 204
    assert client.simulate_get(f"/v1/photos/{photo}").json["like_count"] == 0


def test_comment_likes(client: falcon.testing.TestClient) -> None:
    ann, ben = api_user(client, "ann"), api_user(client, "ben")
    photo = api_photo(client, ann)["id"]
    said = comment(client, ann, photo, "mine")
    for _ in range(2):
        assert client.simulate_post(f"/v1/comments/{said['id']}/like", headers=ben.headers).status_code == 204
    seen = comments_of(client, photo)
    assert seen[0]["like_count"] == 1
    mine = client.simulate_get(f"/v1/photos/{photo}/comments", headers=ben.headers).json["items"][0]
    assert mine["liked_by_me"] is True
    assert client.simulate_delete(f"/v1/comments/{said['id']}/like", headers=ben.headers).status_code == 204
    assert comments_of(client, photo)[0]["like_count"] == 0
    assert_problem(client.simulate_post("/v1/comments/42/like", headers=ben.headers), 404)


def test_likers_page_newest_first(client: falcon.testing.TestClient) -> None:
    ann = api_user(client, "ann")
    photo = api_photo(client, ann)["id"]
    fans = [api_user(client, f"fan{i}") for i in range(4)]
    for fan in fans:
        client.simulate_post(f"/v1/photos/{photo}/like", headers=fan.headers)
    first = client.simulate_get(f"/v1/photos/{photo}/likes", params={"limit": 3}).json
    rest = client.simulate_get(f"/v1/photos/{photo}/likes", params={"cursor": first["next_cursor"]}).json
    assert [c["username"] for c in first["items"] + rest["items"]] == ["fan3", "fan2", "fan1", "fan0"]


def test_sixteen_clients_liking_twice_each_leave_sixteen_likes(client: falcon.testing.TestClient) -> None:
    owner = api_user(client, "star")
    photo = api_photo(client, owner)["id"]
    fans = [api_user(client, f"f{i}") for i in range(16)]

    def like_twice(i: int) -> list[int]:
        return [client.simulate_post(f"/v1/photos/{photo}/like", headers=fans[i].headers).status_code for _ in range(2)]

    outcomes = all_at_once(like_twice, 16)
    assert not errors_of(outcomes) and all(codes == [204, 204] for codes in outcomes)
    assert client.simulate_get(f"/v1/photos/{photo}").json["like_count"] == 16
    assert len(client.simulate_get(f"/v1/photos/{photo}/likes", params={"limit": 100}).json["items"]) == 16
