"""Idempotency-Key over the real app, for each of the three operations, with the key store in the graph and in Redis."""

from __future__ import annotations

import dataclasses
import logging
import shutil
from collections.abc import Callable
from datetime import timedelta

import falcon
import falcon.testing
import pytest
from prometheus_client import CollectorRegistry

from api.app import create_app, routes
from api.operations import operation as declared_operation
from api.routes import Route
from api.idempotency import (
    CLIENT_ADDRESS,
    REPLAYED_HEADER,
    SIGNED_IN_USER,
    idempotency_middleware,
    idempotent_operations,
    operation_of,
)
from feed.cache import Cache
from feed.counters import MemoryCounters
from feed.idempotency import LEASE, RETENTION, GraphIdempotencyStore, RedisIdempotencyStore, open_idempotency_store
from graph.backends.ladybug import LadybugGraph
from graph.migrations import setup_schema
from instagraph.settings import Rate, Settings
from social.context import Context
from tests.api.test_accounts_api import assert_problem
from tests.clock import Clock
from tests.concurrency import all_at_once, errors_of
from tests.conftest import RedisServer, make_context
from tests.factories.images import jpeg_bytes
from tests.factories.photos import multipart
from tests.factories.users import PASSWORD, ApiUser, api_user

KEY = "3f0e2a9c-6c1b-4c55-9a5e-0d6f5b8e7a11"
ADDRESSES = {"ann": "192.0.2.1", "bob": "192.0.2.2"}
PROBLEMS = "https://instagraph.dev/problems/"
IMAGE = jpeg_bytes(64, 48)


@dataclasses.dataclass
class Scene:
    """The app, its context, two signed-up users and a photo of ann's that anyone may comment on."""

    client: falcon.testing.TestClient
    ctx: Context
    users: dict[str, ApiUser]
    photo_id: str


def scene_of(ctx: Context) -> Scene:
    client = falcon.testing.TestClient(create_app(ctx))
    users = {name: api_user(client, name) for name in ("ann", "bob")}
    body, content_type = multipart(IMAGE)
    photo = client.simulate_post("/v1/photos", body=body, headers={**users["ann"].headers, "Content-Type": content_type})
    assert photo.status_code == 201, photo.text
    return Scene(client, ctx, users, photo.json["id"])


def keyed(key: str | None, headers: dict[str, str] | None = None) -> dict[str, str]:
    return {**(headers or {}), **({"Idempotency-Key": key} if key is not None else {})}


# -- the three operations, each sent by a caller with a key and a body that varies with ``variant`` ---------------


def sign_up(scene: Scene, key: str | None, variant: str = "a", caller: str = "ann") -> falcon.testing.Result:
    body = {"username": f"new_{variant}", "password": PASSWORD}
    return scene.client.simulate_post("/v1/accounts", json=body, headers=keyed(key), remote_addr=ADDRESSES[caller])


def post_photo(scene: Scene, key: str | None, variant: str = "a", caller: str = "ann") -> falcon.testing.Result:
    body, content_type = multipart(IMAGE, caption=f"Take {variant}")  # a new boundary every time, as clients do
    headers = keyed(key, {**scene.users[caller].headers, "Content-Type": content_type})
    return scene.client.simulate_post("/v1/photos", body=body, headers=headers)


def comment(scene: Scene, key: str | None, variant: str = "a", caller: str = "ann") -> falcon.testing.Result:
    path = f"/v1/photos/{scene.photo_id}/comments"
    return scene.client.simulate_post(path, json={"text": f"Nice {variant}"}, headers=keyed(key, scene.users[caller].headers))


@dataclasses.dataclass(frozen=True)
class Operation:
    send: Callable[..., falcon.testing.Result]
    label: str

    def count(self, scene: Scene) -> int:
        return scene.ctx.graph.execute(f"MATCH (n:{self.label}) RETURN count(*)")[1][0][0]


OPERATIONS = {
    "sign-up": Operation(sign_up, "User"),
    "photo": Operation(post_photo, "Photo"),
    "comment": Operation(comment, "Comment"),
}


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture(params=["graph", "redis"])
def scene(request: pytest.FixtureRequest, context: Context, clock: Clock) -> Scene:
    """The scene with its keys in the graph or in the session's (emptied) Redis."""
    ctx = dataclasses.replace(context, now=clock)
    if request.param == "redis":
        request.getfixturevalue("redis_client")
        ctx = dataclasses.replace(ctx, cache=Cache.from_url(request.getfixturevalue("redis_url"), 0.25))
    return scene_of(ctx)


@pytest.fixture(params=list(OPERATIONS))
def operation(request: pytest.FixtureRequest) -> Operation:
    return OPERATIONS[request.param]


def assert_replay_of(replay: falcon.testing.Result, first: falcon.testing.Result) -> None:
    assert replay.status_code == first.status_code
    assert replay.content == first.content
    assert replay.headers["content-type"] == first.headers["content-type"]
    assert replay.headers.get("location") == first.headers.get("location")
    assert replay.headers[REPLAYED_HEADER.lower()] == "true"


def test_the_operations_are_the_three_of_the_contract_and_match_their_routes(context: Context) -> None:
    assert idempotent_operations(routes(context, CollectorRegistry())) == {
        ("POST", "/v1/accounts"): CLIENT_ADDRESS,
        ("POST", "/v1/photos"): SIGNED_IN_USER,
        ("POST", "/v1/photos/{photo_id}/comments"): SIGNED_IN_USER,
    }
    assert operation_of("POST", "/v1/photos/{photo_id:int(min=1, max=9223372036854775807)}/comments") == (
        "POST", "/v1/photos/{photo_id}/comments"
    )


def test_a_retry_answers_what_the_first_request_answered_and_creates_nothing(scene: Scene, operation: Operation) -> None:
    first = operation.send(scene, KEY)
    assert first.status_code == 201, first.text
    assert REPLAYED_HEADER.lower() not in first.headers
    created = operation.count(scene)

    for _ in range(2):
        assert_replay_of(operation.send(scene, KEY), first)
    assert operation.count(scene) == created
    assert operation.send(scene, None, "b").status_code == 201  # without a key nothing changes
    assert operation.count(scene) == created + 1


def test_the_same_key_with_another_body_is_refused_with_422(scene: Scene, operation: Operation) -> None:
    assert operation.send(scene, KEY, "a").status_code == 201
    created = operation.count(scene)
    problem = assert_problem(operation.send(scene, KEY, "b"), 422)
    assert problem["type"] == PROBLEMS + "idempotency-key-reused"
    assert list(problem["errors"]) == ["Idempotency-Key"]
    assert operation.count(scene) == created


def test_keys_are_the_caller_s_own(scene: Scene, operation: Operation) -> None:
    ann = operation.send(scene, KEY, "a", caller="ann")
    bob = operation.send(scene, KEY, "b", caller="bob")
    assert (ann.status_code, bob.status_code) == (201, 201), bob.text
    assert REPLAYED_HEADER.lower() not in bob.headers
    assert ann.json["id"] != bob.json["id"]


def test_racing_requests_with_one_key_create_one_thing(scene: Scene, operation: Operation) -> None:
    before = operation.count(scene)
    outcomes = all_at_once(lambda _: operation.send(scene, KEY), 4)
    assert not errors_of(outcomes)
    created = [result for result in outcomes if result.status_code == 201 and REPLAYED_HEADER.lower() not in result.headers]
    assert len(created) == 1
    for result in outcomes:
        if result is created[0]:
            continue
        if result.status_code == 409:
            assert result.json["type"] == PROBLEMS + "request-in-progress" and result.headers["retry-after"] == "1"
        else:
            assert_replay_of(result, created[0])
    assert operation.count(scene) == before + 1


def test_a_refusal_that_follows_from_the_request_is_replayed_too(scene: Scene) -> None:
    path = f"/v1/photos/{scene.photo_id}/comments"
    send = lambda: scene.client.simulate_post(path, json={"text": ""}, headers=keyed(KEY, scene.users["ann"].headers))  # noqa: E731
    first = send()
    assert_problem(first, 422)
    assert_replay_of(send(), first)


@pytest.mark.parametrize(
    "key",
    ["", "x" * 256, "tab\there", "caf\u00e9", "bell\x07", "del\x7f", '""'],
    ids=["empty", "256-characters", "tab", "non-ascii", "control", "delete", "empty-quoted"],
)
def test_a_malformed_key_is_a_400_and_runs_nothing(context: Context, key: str) -> None:
    scene = scene_of(context)
    for operation in OPERATIONS.values():
        before = operation.count(scene)
        problem = assert_problem(operation.send(scene, key, "bad"), 400)
        assert problem["type"] == PROBLEMS + "invalid-idempotency-key"
        assert "Idempotency-Key" in problem["detail"] and "255 printable" in problem["detail"]
        assert operation.count(scene) == before


def test_the_longest_key_and_the_quoted_form_are_taken(context: Context) -> None:
    scene = scene_of(context)
    longest = "k" * 255
    first = comment(scene, longest)
    assert first.status_code == 201
    assert_replay_of(comment(scene, longest), first)
    quoted = comment(scene, '"a key"')
    assert quoted.status_code == 201
    assert_replay_of(comment(scene, "a key"), quoted)  # the IETF draft's quoted string names the same key


def test_an_answer_is_replayed_for_24_hours_then_the_key_is_free(context: Context, clock: Clock) -> None:
    scene = scene_of(dataclasses.replace(context, now=clock))
    first = comment(scene, KEY)
    clock.advance(RETENTION - timedelta(minutes=1))
    assert_replay_of(comment(scene, KEY), first)
    clock.advance(timedelta(minutes=1))
    again = comment(scene, KEY, "b")  # another body: the old record is gone, no 422
    assert again.status_code == 201 and REPLAYED_HEADER.lower() not in again.headers
    assert OPERATIONS["comment"].count(scene) == 2


def test_a_claim_left_by_a_crash_answers_409_until_its_lease_ends(context: Context, clock: Clock) -> None:
    ctx = dataclasses.replace(context, now=clock)
    scene = scene_of(ctx)
    first = comment(scene, KEY)  # its answer lost, as if the server died before storing it:
    ctx.graph.execute("MATCH (k:IdempotencyKey) SET k.status = 0, k.expires_at = $t", {"t": clock.now + LEASE}, write=True)
    assert_problem(comment(scene, KEY), 409)
    clock.advance(LEASE)
    rerun = comment(scene, KEY)
    assert rerun.status_code == 201 and rerun.json["id"] != first.json["id"]


def test_a_server_error_is_not_stored_and_the_retry_runs(scene: Scene) -> None:
    media_root = scene.ctx.media_store.root
    shutil.rmtree(media_root)
    media_root.write_bytes(b"")  # the media folder is now a file: every write of an image fails
    assert_problem(post_photo(scene, KEY), 503)
    media_root.unlink()
    media_root.mkdir()
    retry = post_photo(scene, KEY)
    assert retry.status_code == 201 and REPLAYED_HEADER.lower() not in retry.headers
    assert OPERATIONS["photo"].count(scene) == 2  # the scene's photo and this one


@pytest.fixture
def limited(context: Context) -> tuple[Scene, Clock]:
    """A scene where each user may post two photos an hour (ann's first is the scene's), on counters the test moves."""
    clock = Clock()
    counters = MemoryCounters(clock=lambda: clock.now.timestamp())
    settings = context.settings.replace(rate_limit_uploads=Rate(2, 3600))  # the scene's photo and one more
    return scene_of(dataclasses.replace(context, settings=settings, counters=counters)), clock


def test_replays_count_in_no_rate_limit_but_new_work_does(limited: tuple[Scene, Clock]) -> None:
    scene, clock = limited
    first = post_photo(scene, KEY)
    assert first.status_code == 201
    for _ in range(3):
        assert_replay_of(post_photo(scene, KEY), first)
    refused = assert_problem(post_photo(scene, "another key"), 429)
    assert refused["type"] == PROBLEMS + "rate-limited"
    clock.advance(timedelta(hours=1))
    allowed = post_photo(scene, "another key")  # the 429 was not stored
    assert allowed.status_code == 201 and REPLAYED_HEADER.lower() not in allowed.headers


def test_a_key_outlives_a_restart_of_the_app_and_the_graph(settings: Settings) -> None:
    graph = LadybugGraph.from_url(settings.graph_url)
    setup_schema(graph)
    scene = scene_of(make_context(settings, graph))
    first = post_photo(scene, KEY)
    assert first.status_code == 201
    graph.close()

    reopened = LadybugGraph.from_url(settings.graph_url)
    try:
        setup_schema(reopened)
        restarted = dataclasses.replace(scene, client=falcon.testing.TestClient(create_app(make_context(settings, reopened))))
        assert_replay_of(post_photo(restarted, KEY), first)
        assert reopened.execute("MATCH (p:Photo) RETURN count(*)")[1] == [[2]]
    finally:
        reopened.close()


def test_a_dead_redis_refuses_keyed_requests_with_503_and_leaves_the_others_alone(context: Context, own_redis: RedisServer) -> None:
    scene = scene_of(dataclasses.replace(context, cache=Cache.from_url(own_redis.url, 0.25)))
    own_redis.kill()
    refused = sign_up(scene, KEY)
    assert assert_problem(refused, 503)["detail"].startswith("Requests with an Idempotency-Key cannot be checked")
    assert refused.headers["retry-after"] == "5"
    assert OPERATIONS["sign-up"].count(scene) == 2
    assert sign_up(scene, None).status_code == 201


class _KillsRedisThenCreates:
    """A sign-up resource whose work outlives Redis: the key was claimed, the answer cannot be stored."""

    def __init__(self, server: RedisServer) -> None:
        self._server = server

    @declared_operation(idempotent=True)
    def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
        self._server.kill()
        resp.media = {"id": "1"}
        resp.status = falcon.HTTP_201


def test_an_answer_that_cannot_be_stored_still_reaches_the_client(own_redis: RedisServer, caplog: pytest.LogCaptureFixture) -> None:
    route = Route("/v1/accounts", _KillsRedisThenCreates(own_redis))
    replays, claims = idempotency_middleware(RedisIdempotencyStore(Cache.from_url(own_redis.url, 0.25)), (), [route])
    app = falcon.App(middleware=[replays, claims])
    app.add_route(route.path, route.resource)
    with caplog.at_level(logging.WARNING, logger="api.idempotency"):
        result = falcon.testing.TestClient(app).simulate_post("/v1/accounts", json={}, headers=keyed(KEY))
    assert (result.status_code, result.json) == (201, {"id": "1"})
    assert "could not be stored" in caplog.text


def test_the_graph_store_is_the_default_and_redis_the_store_when_configured(context: Context, redis_url: str) -> None:
    assert isinstance(open_idempotency_store(context.graph, None, context.now), GraphIdempotencyStore)
    cache = Cache.from_url(redis_url, 0.25)
    assert isinstance(open_idempotency_store(context.graph, cache, context.now), RedisIdempotencyStore)

