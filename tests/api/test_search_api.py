"""Search over HTTP: prefixes of usernames, display-name words and hashtags; blocks; bad queries."""

from __future__ import annotations

import falcon.testing
import pytest

from tests.api.test_accounts_api import assert_problem
from tests.factories.photos import api_photo
from tests.factories.users import ApiUser, api_user


def found(client: falcon.testing.TestClient, q: str, user: ApiUser | None = None, **params: object) -> dict:
    result = client.simulate_get("/v1/search", params={"q": q, **params}, headers=user.headers if user else {})
    assert result.status_code == 200, result.text
    return {
        "users": [card["username"] for card in result.json["users"]],
        "hashtags": [(tag["name"], tag["photo_count"]) for tag in result.json["hashtags"]],
    }


def test_accounts_by_username_or_display_name_word_any_case(client: falcon.testing.TestClient) -> None:
    api_user(client, "alice", display_name="Alice Liddell")
    api_user(client, "al", display_name="Albert")
    api_user(client, "zed", display_name="Zoë Élan")
    assert found(client, "al")["users"] == ["al", "alice"]  # the exact username first
    assert found(client, "ALI")["users"] == ["alice"]
    assert found(client, "@lidd")["users"] == ["alice"]
    assert found(client, "élan")["users"] == ["zed"] and found(client, "ZOË")["users"] == ["zed"]
    assert found(client, "alb")["users"] == ["al"]
    assert found(client, "x")["users"] == []


def test_the_most_followed_come_first_and_limit_caps_each_list(client: falcon.testing.TestClient) -> None:
    names = [api_user(client, f"sam{i}") for i in range(3)]
    for fan in (api_user(client, "fan1"), api_user(client, "fan2")):
        client.simulate_post("/v1/users/sam2/follow", headers=fan.headers)
    client.simulate_post("/v1/users/sam0/follow", headers=names[1].headers)
    assert found(client, "sam")["users"] == ["sam2", "sam0", "sam1"]
    assert found(client, "sam", limit=2)["users"] == ["sam2", "sam0"]


def test_hashtags_by_prefix_most_used_first(client: falcon.testing.TestClient) -> None:
    ann = api_user(client, "ann")
    api_photo(client, ann, caption="#sunset #sun")
    api_photo(client, ann, caption="#sunset")
    assert found(client, "#SUN")["hashtags"] == [("sunset", 2), ("sun", 1)]
    assert found(client, "suns")["hashtags"] == [("sunset", 2)]


def test_a_new_display_name_is_found_and_the_old_one_no_more(client: falcon.testing.TestClient) -> None:
    bob = api_user(client, "bob", display_name="Robert")
    assert found(client, "rob")["users"] == ["bob"]
    client.simulate_patch("/v1/me", json={"display_name": "Bobby Tables"}, headers=bob.headers)
    assert found(client, "rob")["users"] == [] and found(client, "tab")["users"] == ["bob"]
    assert found(client, "bo")["users"] == ["bob"]  # the username still finds him


@pytest.mark.parametrize("who_blocks", ["viewer", "found"])
def test_nobody_is_found_across_a_block(client: falcon.testing.TestClient, who_blocks: str) -> None:
    viewer, other = api_user(client, "viewer"), api_user(client, "otto")
    blocker, blocked = (viewer, "otto") if who_blocks == "viewer" else (other, "viewer")
    client.simulate_post(f"/v1/users/{blocked}/block", headers=blocker.headers)
    assert found(client, "otto", viewer)["users"] == []
    assert found(client, "otto")["users"] == ["otto"]  # anonymous: nobody to block


@pytest.mark.parametrize("q", ["", "   ", "x" * 31, "@"])
def test_an_empty_or_too_long_query_answers_422(client: falcon.testing.TestClient, q: str) -> None:
    assert "q" in assert_problem(client.simulate_get("/v1/search", params={"q": q}), 422)["errors"]


def test_a_deleted_account_is_not_found(client: falcon.testing.TestClient) -> None:
    gone = api_user(client, "gone")
    client.simulate_delete("/v1/me", headers=gone.headers)
    assert found(client, "gone")["users"] == []
