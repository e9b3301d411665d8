"""Follows, requests, blocks and user lists over HTTP, with the privacy matrix of API.md."""

from __future__ import annotations

import dataclasses

import falcon.testing
import pytest

from social.context import Context
from tests.api.test_accounts_api import assert_problem
from tests.factories.users import ApiUser, api_user

VIEWERS = ("anonymous", "owner", "follower", "requester", "stranger", "blocked", "blocking")


@dataclasses.dataclass
class World:
    """An owner and one user of every kind of viewer, made over the API."""

    client: falcon.testing.TestClient
    owner: ApiUser
    users: dict[str, ApiUser]

    def headers(self, viewer: str) -> dict[str, str]:
        return {} if viewer == "anonymous" else self.users[viewer].headers


def build_world(client: falcon.testing.TestClient, private: bool) -> World:
    owner = api_user(client, "owner", private=True)
    users = {kind: api_user(client, kind) for kind in ("follower", "requester", "stranger", "blocked", "blocking")}
    users["owner"] = owner
    for kind in ("follower", "requester"):
        assert client.simulate_post("/v1/users/owner/follow", headers=users[kind].headers).json == {"state": "requested"}
    assert client.simulate_post("/v1/me/follow-requests/follower/approve", headers=owner.headers).status_code == 200
    assert client.simulate_post("/v1/users/blocked/block", headers=owner.headers).status_code == 204
    assert client.simulate_post("/v1/users/owner/block", headers=users["blocking"].headers).status_code == 204
    if not private:  # going public would approve the requester: withdraw first
        client.simulate_delete("/v1/users/owner/follow", headers=users["requester"].headers)
        assert client.simulate_patch("/v1/me", json={"private": False}, headers=owner.headers).status_code == 200
    return World(client, owner, users)


@pytest.fixture(params=[True, False], ids=["private", "public"])
def world(request: pytest.FixtureRequest, client: falcon.testing.TestClient) -> World:
    return build_world(client, request.param)


CARD = {"anonymous": 200, "owner": 200, "follower": 200, "requester": 200, "stranger": 200, "blocked": 404, "blocking": 200}
LISTS_PRIVATE = {"anonymous": 403, "owner": 200, "follower": 200, "requester": 403, "stranger": 403, "blocked": 404, "blocking": 404}
LISTS_PUBLIC = {**{v: 200 for v in VIEWERS}, "blocked": 404, "blocking": 404}


@pytest.mark.parametrize("viewer", VIEWERS)
def test_the_card(world: World, viewer: str) -> None:
    result = world.client.simulate_get("/v1/users/owner", headers=world.headers(viewer))
    assert result.status_code == CARD[viewer]
    if viewer == "blocking":
        assert result.json["relationship"]["blocking"] is True


@pytest.mark.parametrize("listing", ["followers", "following"])
@pytest.mark.parametrize("viewer", VIEWERS)
def test_user_lists_follow_the_privacy_rule(world: World, viewer: str, listing: str) -> None:
    private = world.client.simulate_get("/v1/users/owner").json["private"]
    expected = (LISTS_PRIVATE if private else LISTS_PUBLIC)[viewer]
    result = world.client.simulate_get(f"/v1/users/owner/{listing}", headers=world.headers(viewer))
    if expected == 200:
        assert result.status_code == 200
        names = [card["username"] for card in result.json["items"]]
        assert names == (["follower"] if listing == "followers" else [])
    else:
        body = assert_problem(result, expected)
        if expected == 403:
            assert body["detail"] == "This account is private."


FOLLOW_PRIVATE = {"anonymous": 401, "owner": 422, "follower": 200, "requester": 200, "stranger": 200, "blocked": 404, "blocking": 404}


@pytest.mark.parametrize("viewer", VIEWERS)
def test_follow(world: World, viewer: str) -> None:
    private = world.client.simulate_get("/v1/users/owner").json["private"]
    result = world.client.simulate_post("/v1/users/owner/follow", headers=world.headers(viewer))
    assert result.status_code == FOLLOW_PRIVATE[viewer], result.text
    if result.status_code == 200:
        expected = "following" if viewer == "follower" or not private else "requested"
        assert result.json == {"state": expected}
        again = world.client.simulate_post("/v1/users/owner/follow", headers=world.headers(viewer))
        assert again.json == {"state": expected}
    else:
        assert_problem(result, FOLLOW_PRIVATE[viewer])


UNFOLLOW = {"anonymous": 401, "owner": 204, "follower": 204, "requester": 204, "stranger": 204, "blocked": 404, "blocking": 404}


@pytest.mark.parametrize("viewer", VIEWERS)
def test_unfollow(world: World, viewer: str) -> None:
    result = world.client.simulate_delete("/v1/users/owner/follow", headers=world.headers(viewer))
    assert result.status_code == UNFOLLOW[viewer]
    if viewer in ("follower", "requester"):
        card = world.client.simulate_get("/v1/users/owner", headers=world.headers(viewer)).json
        assert card["relationship"]["following"] is False and card["relationship"]["requested"] is False
        assert world.client.simulate_delete("/v1/users/owner/follow", headers=world.headers(viewer)).status_code == 204


def test_following_a_public_account_and_the_counts(client: falcon.testing.TestClient) -> None:
    ann, ben = api_user(client, "ann"), api_user(client, "ben")
    assert client.simulate_post("/v1/users/ben/follow", headers=ann.headers).json == {"state": "following"}
    ben_card = client.simulate_get("/v1/users/ben", headers=ann.headers).json
    assert ben_card["counts"]["followers"] == 1 and ben_card["relationship"]["following"] is True
    ann_card = client.simulate_get("/v1/users/ann", headers=ben.headers).json
    assert ann_card["counts"]["following"] == 1 and ann_card["relationship"]["followed_by"] is True


def test_the_request_flow_of_a_private_account(client: falcon.testing.TestClient) -> None:
    cat, dan, eve = api_user(client, "cat", private=True), api_user(client, "dan"), api_user(client, "eve")
    client.simulate_post("/v1/users/cat/follow", headers=dan.headers)
    client.simulate_post("/v1/users/cat/follow", headers=eve.headers)
    pending = client.simulate_get("/v1/me/follow-requests", headers=cat.headers)
    assert [card["username"] for card in pending.json["items"]] == ["dan", "eve"]  # oldest first
    approved = client.simulate_post("/v1/me/follow-requests/dan/approve", headers=cat.headers)
    assert approved.status_code == 200 and approved.json == {"state": "following"}
    assert client.simulate_post("/v1/me/follow-requests/dan/approve", headers=cat.headers).json == {"state": "following"}
    assert client.simulate_post("/v1/me/follow-requests/eve/deny", headers=cat.headers).status_code == 204
    assert client.simulate_get("/v1/me/follow-requests", headers=cat.headers).json == {"items": [], "next_cursor": None}
    assert_problem(client.simulate_post("/v1/me/follow-requests/eve/approve", headers=cat.headers), 404)
    assert_problem(client.simulate_post("/v1/me/follow-requests/nobody/approve", headers=cat.headers), 404)
    assert client.simulate_get("/v1/users/cat/followers", headers=dan.headers).status_code == 200
    assert client.simulate_get("/v1/users/cat/followers", headers=eve.headers).status_code == 403


def test_going_public_approves_every_pending_request_and_going_private_keeps_followers(client: falcon.testing.TestClient) -> None:
    fay = api_user(client, "fay", private=True)
    fans = [api_user(client, f"fan{i}") for i in range(3)]
    for fan in fans:
        client.simulate_post("/v1/users/fay/follow", headers=fan.headers)
    assert client.simulate_patch("/v1/me", json={"private": False}, headers=fay.headers).json["counts"]["followers"] == 3
    assert client.simulate_get("/v1/me/follow-requests", headers=fay.headers).json["items"] == []
    assert client.simulate_patch("/v1/me", json={"private": True}, headers=fay.headers).json["counts"]["followers"] == 3
    assert client.simulate_get("/v1/users/fay/followers", headers=fans[0].headers).status_code == 200


def test_removing_a_follower(client: falcon.testing.TestClient) -> None:
    gus, hal = api_user(client, "gus"), api_user(client, "hal")
    client.simulate_post("/v1/users/gus/follow", headers=hal.headers)
    assert client.simulate_delete("/v1/users/hal/follower", headers=gus.headers).status_code == 204
    assert client.simulate_get("/v1/users/gus").json["counts"]["followers"] == 0
    assert client.simulate_delete("/v1/users/hal/follower", headers=gus.headers).status_code == 204


def test_a_block_removes_everything_both_ways_and_hides(client: falcon.testing.TestClient, context: Context) -> None:
    ida, jon = api_user(client, "ida"), api_user(client, "jon", private=True)
    client.simulate_post("/v1/users/jon/follow", headers=ida.headers)  # a request
    client.simulate_post("/v1/users/ida/follow", headers=jon.headers)  # a follow
    assert client.simulate_post("/v1/users/ida/block", headers=jon.headers).status_code == 204
    assert client.simulate_post("/v1/users/ida/block", headers=jon.headers).status_code == 204  # idempotent
    rels = context.graph.execute("MATCH (:User)-[r]->(:User) RETURN label(r) AS type")[1]
    assert rels == [["BLOCKED"]]
    assert_problem(client.simulate_get("/v1/users/jon", headers=ida.headers), 404)
    assert client.simulate_get("/v1/users/ida", headers=jon.headers).json["relationship"]["blocking"] is True
    assert_problem(client.simulate_post("/v1/users/jon/follow", headers=ida.headers), 404)
    assert_problem(client.simulate_post("/v1/users/ida/follow", headers=jon.headers), 404)
    assert_problem(client.simulate_post("/v1/users/jon/block", headers=ida.headers), 404)
    assert client.simulate_delete("/v1/users/ida/block", headers=jon.headers).status_code == 204
    assert client.simulate_get("/v1/users/jon", headers=ida.headers).status_code == 200
    assert client.simulate_post("/v1/users/ida/follow", headers=jon.headers).json == {"state": "following"}


@pytest.mark.parametrize("route", ["/v1/users/kim/follow", "/v1/users/kim/block"])
def test_acting_on_oneself_answers_422(client: falcon.testing.TestClient, route: str) -> None:
    kim = api_user(client, "kim")
    assert_problem(client.simulate_post(route, headers=kim.headers), 422)


@pytest.mark.parametrize(
    ("method", "route"),
    [
        ("POST", "/v1/users/owner/follow"),
        ("DELETE", "/v1/users/owner/follow"),
        ("DELETE", "/v1/users/owner/follower"),
        ("POST", "/v1/users/owner/block"),
        ("DELETE", "/v1/users/owner/block"),
        ("GET", "/v1/me/follow-requests"),
        ("POST", "/v1/me/follow-requests/owner/approve"),
        ("POST", "/v1/me/follow-requests/owner/deny"),
        ("DELETE", "/v1/me"),
    ],
)
def test_actions_need_a_token(client: falcon.testing.TestClient, method: str, route: str) -> None:
    api_user(client, "owner")
    assert_problem(client.simulate_request(method, route), 401)


@pytest.mark.parametrize(
    "route", ["/v1/users/nobody/follow", "/v1/users/nobody/block", "/v1/users/nobody/follower", "/v1/users/nobody/followers"]
)
def test_unknown_users_answer_404(client: falcon.testing.TestClient, route: str) -> None:
    lee = api_user(client, "lee")
    method = "GET" if route.endswith("followers") else "POST" if not route.endswith("follower") else "DELETE"
    assert_problem(client.simulate_request(method, route, headers=lee.headers), 404)


def test_lists_page_newest_first_with_cursors(client: falcon.testing.TestClient) -> None:
    api_user(client, "star")
    fans = [api_user(client, f"p{i}") for i in range(5)]
    for fan in fans:
        client.simulate_post("/v1/users/star/follow", headers=fan.headers)
    first = client.simulate_get("/v1/users/star/followers", params={"limit": 2}).json
    assert [c["username"] for c in first["items"]] == ["p4", "p3"]
    second = client.simulate_get("/v1/users/star/followers", params={"limit": 2, "cursor": first["next_cursor"]}).json
    third = client.simulate_get("/v1/users/star/followers", params={"limit": 2, "cursor": second["next_cursor"]}).json
    assert [c["username"] for c in second["items"] + third["items"]] == ["p2", "p1", "p0"]
    assert third["next_cursor"] is None


@pytest.mark.parametrize("params", [{"cursor": "garbage"}, {"cursor": "MTIz.AAAAAAAAAAAAAAAA"}, {"limit": 0}, {"limit": 101}, {"limit": "ten"}])
def test_bad_paging_parameters_answer_400(client: falcon.testing.TestClient, params: dict) -> None:
    api_user(client, "mo")
    assert_problem(client.simulate_get("/v1/users/mo/followers", params=params), 400)


def test_a_tampered_cursor_answers_400(client: falcon.testing.TestClient) -> None:
    api_user(client, "ned")
    for i in range(3):
        client.simulate_post("/v1/users/ned/follow", headers=api_user(client, f"q{i}").headers)
    cursor = client.simulate_get("/v1/users/ned/followers", params={"limit": 1}).json["next_cursor"]
    payload, signature = cursor.split(".")
    tampered = payload[:-1] + ("A" if payload[-1] != "A" else "B") + "." + signature
    assert_problem(client.simulate_get("/v1/users/ned/followers", params={"cursor": tampered}), 400)


def test_deleting_the_account_removes_it_and_all_it_owns(client: falcon.testing.TestClient, context: Context) -> None:
    ola, pam = api_user(client, "ola"), api_user(client, "pam")
    client.simulate_post("/v1/users/pam/follow", headers=ola.headers)
    client.simulate_post("/v1/users/ola/follow", headers=pam.headers)
    client.simulate_post("/v1/users/pam/block", headers=ola.headers)
    assert client.simulate_delete("/v1/me", headers=ola.headers).status_code == 204
    assert_problem(client.simulate_get("/v1/me", headers=ola.headers), 401)
    assert_problem(client.simulate_get("/v1/users/ola"), 404)
    assert client.simulate_get("/v1/users/pam").json["counts"] == {"photos": 0, "followers": 0, "following": 0}
    left = context.graph.execute("MATCH (n:User|Photo|Comment|Hashtag|Session) RETURN label(n) AS l, count(*) AS n")[1]
    assert sorted(left) == [["Session", 1], ["User", 1]]  # pam's
    assert context.graph.execute("MATCH (:User)-[r]->(:User) RETURN count(*)")[1] == [[0]]
    assert client.simulate_post("/v1/accounts", json={"username": "ola", "password": "a new password"}).status_code == 201
