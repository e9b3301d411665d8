"""The privacy matrix of every photo read route: who sees a photo, its likes, comments, grid and hashtag page."""

from __future__ import annotations

import dataclasses

import falcon.testing
import pytest

from tests.api.test_accounts_api import assert_problem
from tests.api.test_follows_api import LISTS_PRIVATE, LISTS_PUBLIC, VIEWERS, World, build_world
from tests.factories.photos import api_photo


@dataclasses.dataclass
class PhotoWorld:
    """A :class:`World` whose owner posted a photo that their follower liked and commented on."""

    world: World
    photo_id: str
    private: bool

    def get(self, path: str, viewer: str) -> falcon.testing.Result:
        return self.world.client.simulate_get(path, headers=self.world.headers(viewer))

    def sees_content(self, viewer: str) -> bool:
        return (LISTS_PRIVATE if self.private else LISTS_PUBLIC)[viewer] == 200


@pytest.fixture(params=[True, False], ids=["private", "public"])
def photo_world(request: pytest.FixtureRequest, client: falcon.testing.TestClient) -> PhotoWorld:
    world = build_world(client, request.param)
    photo = api_photo(client, world.owner, caption="#matrix at the lake")
    follower = world.users["follower"].headers
    assert client.simulate_post(f"/v1/photos/{photo['id']}/like", headers=follower).status_code == 204
    comment = client.simulate_post(f"/v1/photos/{photo['id']}/comments", json={"text": "lovely"}, headers=follower)
    assert comment.status_code == 201
    return PhotoWorld(world, photo["id"], request.param)


@pytest.mark.parametrize("route", ["", "/likes", "/comments"])
@pytest.mark.parametrize("viewer", VIEWERS)
def test_a_photo_its_likes_and_comments_are_a_404_to_whoever_may_not_see_them(
    photo_world: PhotoWorld, viewer: str, route: str
) -> None:
    result = photo_world.get(f"/v1/photos/{photo_world.photo_id}{route}", viewer)
    if not photo_world.sees_content(viewer):
        assert_problem(result, 404)
    elif route == "":
        assert result.json["id"] == photo_world.photo_id and result.json["like_count"] == 1
    else:
        assert len(result.json["items"]) == 1


@pytest.mark.parametrize("viewer", VIEWERS)
def test_the_grid_follows_the_rule_of_user_lists(photo_world: PhotoWorld, viewer: str) -> None:
    expected = (LISTS_PRIVATE if photo_world.private else LISTS_PUBLIC)[viewer]
    result = photo_world.get("/v1/users/owner/photos", viewer)
    if expected == 200:
        assert [p["id"] for p in result.json["items"]] == [photo_world.photo_id]
    else:
        body = assert_problem(result, expected)
        if expected == 403:
            assert body["detail"] == "This account is private."


@pytest.mark.parametrize("viewer", VIEWERS)
def test_a_hashtag_page_shows_only_what_the_viewer_may_see(photo_world: PhotoWorld, viewer: str) -> None:
    result = photo_world.get("/v1/hashtags/matrix/photos", viewer)
    assert result.status_code == 200
    expected = [photo_world.photo_id] if photo_world.sees_content(viewer) else []
    assert [p["id"] for p in result.json["items"]] == expected
    assert photo_world.get("/v1/hashtags/matrix", viewer).json == {"name": "matrix", "photo_count": 1}


WRITES = [("POST", "/like"), ("DELETE", "/like"), ("POST", "/comments")]


@pytest.mark.parametrize(("method", "route"), WRITES)
@pytest.mark.parametrize("viewer", VIEWERS)
def test_only_what_may_be_seen_may_be_liked_or_commented(
    photo_world: PhotoWorld, viewer: str, method: str, route: str
) -> None:
    client, headers = photo_world.world.client, photo_world.world.headers(viewer)
    body = {"text": "hello"} if route == "/comments" else None
    result = client.simulate_request(method, f"/v1/photos/{photo_world.photo_id}{route}", json=body, headers=headers)
    if viewer == "anonymous":
        assert_problem(result, 401)
    elif photo_world.sees_content(viewer):
        assert result.status_code in (201, 204), result.text
    else:
        assert_problem(result, 404)


@pytest.mark.parametrize("viewer", VIEWERS)
def test_editing_and_deleting_are_the_owners_alone(photo_world: PhotoWorld, viewer: str) -> None:
    client, headers = photo_world.world.client, photo_world.world.headers(viewer)
    path = f"/v1/photos/{photo_world.photo_id}"
    edited = client.simulate_patch(path, json={"alt_text": "A lake"}, headers=headers)
    expected = 401 if viewer == "anonymous" else 200 if viewer == "owner" else 403 if photo_world.sees_content(viewer) else 404
    if expected == 200:
        assert edited.status_code == 200
    else:
        assert_problem(edited, expected)
        deleted = client.simulate_delete(path, headers=headers)
        assert_problem(deleted, expected)
