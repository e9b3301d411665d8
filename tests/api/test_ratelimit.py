"""Rate limits over the real app: each limit driven over its edge, in-process and on a real Redis."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Iterator

import falcon
import falcon.testing
import pytest
import redis

from api.app import create_app
from api.ratelimit import RateLimitMiddleware
from feed.cache import PAUSE
from feed.counters import SWEEP_EVERY, Counters, MemoryCounters, RedisCounters
from instagraph.settings import Rate, Settings
from social import sessions
from social.context import Context
from tests.api.test_accounts_api import assert_problem
from tests.factories.photos import api_photo, upload
from tests.factories.users import PASSWORD, ApiUser, make_user, unique_username

START = 1_000_000.0
ROOMY = Rate(1000, 10)
RATES = ("rate_limit_user", "rate_limit_address", "rate_limit_signups", "rate_limit_uploads", "rate_limit_comments")


class Clock:
    """Seconds the test moves by hand."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture(params=["memory", "redis"])
def counters(request: pytest.FixtureRequest, clock: Clock) -> Counters:
    """The login throttle's counters, in-process or on the session's real Redis, on the test's clock."""
    if request.param == "memory":
        return MemoryCounters(clock=clock)
    return RedisCounters(request.getfixturevalue("redis_client"), clock=clock)


def limited(context: Context, counters: Counters, **rates: Rate | bool) -> falcon.testing.TestClient:
    """The real app whose limits are roomy but for ``rates``, counting in ``counters``."""
    settings = context.settings.replace(**{**dict.fromkeys(RATES, ROOMY), **rates})
    return falcon.testing.TestClient(create_app(dataclasses.replace(context, settings=settings, counters=counters)))


def logged_in(context: Context, username: str | None = None) -> ApiUser:
    """A user signed up and logged in through the rules (no request counted)."""
    card = make_user(context, username)
    token, _ = sessions.log_in(context, username=card["username"], password=PASSWORD)
    return ApiUser(str(card["id"]), card["username"], token)


def limit_headers(result: falcon.testing.Result) -> tuple[str | None, str | None, str | None]:
    return tuple(result.headers.get(f"ratelimit-{name}") for name in ("limit", "remaining", "reset"))


# -- each limit over its edge ---------------------------------------------------------------

Drive = Callable[[falcon.testing.TestClient], falcon.testing.Result]


def _drivers(context: Context, setup: falcon.testing.TestClient) -> dict[str, tuple[Drive, int]]:
    """For each limit, one request that it counts and the status that request answers when let through.

    ``setup`` posts the photo to comment on, through counters of its own.
    """
    ann = logged_in(context, "ann")
    photo = api_photo(setup, ann)
    return {
        "rate_limit_user": (lambda c: c.simulate_get("/v1/me", headers=ann.headers), 200),
        "rate_limit_address": (lambda c: c.simulate_get("/v1/users/ann"), 200),
        "rate_limit_signups": (
            lambda c: c.simulate_post("/v1/accounts", json={"username": unique_username(), "password": PASSWORD}),
            201,
        ),
        "rate_limit_uploads": (lambda c: upload(c, ann), 201),
        "rate_limit_comments": (
            lambda c: c.simulate_post(f"/v1/photos/{photo['id']}/comments", json={"text": "hi"}, headers=ann.headers),
            201,
        ),
    }


@pytest.mark.parametrize("rate", RATES)
def test_each_limit_answers_429_past_its_edge_and_lets_in_again_after_the_window(
    context: Context, counters: Counters, clock: Clock, client: falcon.testing.TestClient, rate: str
) -> None:
    drive, ok = _drivers(context, client)[rate]
    client = limited(context, counters, **{rate: Rate(3, 10)})

    for remaining in (2, 1, 0):
        result = drive(client)
        assert result.status_code == ok, result.text
        assert limit_headers(result) == ("3", str(remaining), "10")

    refused = drive(client)
    body = assert_problem(refused, 429)
    assert body["type"] == "https://instagraph.dev/problems/rate-limited"
    assert "try again in 10 seconds" in body["detail"]
    assert refused.headers["retry-after"] == "10"
    assert limit_headers(refused) == ("3", "0", "10")

    clock.now += 9
    assert drive(client).status_code == 429
    clock.now += 1
    assert drive(client).status_code == ok


def test_the_window_slides_and_a_refusal_is_not_counted(context: Context, counters: Counters, clock: Clock) -> None:
    make_user(context, "bea")
    client = limited(context, counters, rate_limit_address=Rate(3, 10))
    for at in (0, 4, 8):
        clock.now = START + at
        assert client.simulate_get("/v1/users/bea").status_code == 200
    clock.now = START + 9
    refused = client.simulate_get("/v1/users/bea")
    assert (refused.status_code, refused.headers["retry-after"]) == (429, "1")  # when the request at 0 leaves
    assert refused.headers["ratelimit-reset"] == "9"  # when the one at 8 leaves: the quota is whole again
    for _ in range(5):
        assert client.simulate_get("/v1/users/bea").status_code == 429
    clock.now = START + 10  # had the refusals counted, the window would still be full
    result = client.simulate_get("/v1/users/bea")
    assert result.status_code == 200
    assert limit_headers(result) == ("3", "0", "10")


def test_in_process_windows_of_clients_gone_quiet_are_forgotten(clock: Clock) -> None:
    counters = MemoryCounters(clock=clock)
    counters.take("rate:requests:address:192.0.2.1", 10, 5)
    clock.now += 500
    counters.add("login-failures:ann", 900)
    clock.now += 500
    for n in range(SWEEP_EVERY - 1):  # the last of these is the sweeping take
        counters.take(f"rate:requests:address:198.51.100.{n}", 10, 5)
    held = set(counters._events)  # noqa: SLF001 (what a sweep frees is only seen inside)
    assert "rate:requests:address:192.0.2.1" not in held  # quiet for longer than any window used (900 s)
    assert "login-failures:ann" in held and counters.count("login-failures:ann", 900) == 1
    assert len(held) == SWEEP_EVERY


# -- whom a limit counts --------------------------------------------------------------------


def test_users_and_addresses_have_their_own_windows(context: Context, counters: Counters) -> None:
    client = limited(context, counters, rate_limit_user=Rate(2, 10), rate_limit_address=Rate(2, 10))
    ann, bob = logged_in(context, "ann"), logged_in(context, "bob")

    assert [client.simulate_get("/v1/me", headers=ann.headers).status_code for _ in range(3)] == [200, 200, 429]
    assert client.simulate_get("/v1/me", headers=ann.headers, remote_addr="192.0.2.8").status_code == 429
    assert client.simulate_get("/v1/me", headers=bob.headers).status_code == 200  # same address, another user

    statuses = [client.simulate_get("/v1/users/ann").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]  # anonymous calls from the address ann used: not ann's window
    assert client.simulate_get("/v1/users/ann", remote_addr="192.0.2.9").status_code == 200
    assert client.simulate_get("/v1/me", headers=bob.headers).status_code == 200  # bob is not his address


def test_sign_ups_and_other_anonymous_calls_are_counted_apart(context: Context, counters: Counters) -> None:
    client = limited(context, counters, rate_limit_address=Rate(1, 10), rate_limit_signups=Rate(1, 10))
    make_user(context, "cid")

    def sign_up() -> int:
        body = {"username": unique_username(), "password": PASSWORD}
        return client.simulate_post("/v1/accounts", json=body).status_code

    assert sign_up() == 201
    assert client.simulate_get("/v1/users/cid").status_code == 200
    assert (sign_up(), client.simulate_get("/v1/users/cid").status_code) == (429, 429)
    assert client.simulate_post(
        "/v1/accounts", json={"username": "dee", "password": PASSWORD}, remote_addr="198.51.100.4"
    ).status_code == 201


def test_anonymous_calls_to_per_user_routes_count_for_their_address(context: Context, counters: Counters) -> None:
    client = limited(context, counters, rate_limit_address=Rate(1, 10), rate_limit_uploads=Rate(1, 10))
    ann = logged_in(context, "ann")
    assert client.simulate_post("/v1/photos").status_code == 401
    assert client.simulate_post("/v1/photos").status_code == 429
    assert upload(client, ann).status_code == 201  # ann's uploads were never touched


def test_limits_are_shared_by_two_servers_on_one_redis(
    context: Context, redis_url: str, redis_client: redis.Redis
) -> None:
    make_user(context, "eve")
    one, two = (
        limited(context, RedisCounters(redis.Redis.from_url(redis_url)), rate_limit_address=Rate(4, 60))
        for _ in range(2)
    )
    answers = [server.simulate_get("/v1/users/eve") for server in (one, two, one, two, one, two)]
    assert [a.status_code for a in answers] == [200, 200, 200, 200, 429, 429]
    assert [a.headers["ratelimit-remaining"] for a in answers] == ["3", "2", "1", "0", "0", "0"]


def test_unlimited_routes_are_not_counted(context: Context, counters: Counters) -> None:
    client = limited(context, counters, rate_limit_address=Rate(1, 10))
    for path in ("/healthz", "/readyz", "/metrics", "/healthz"):
        result = client.simulate_get(path)
        assert result.status_code == 200 and limit_headers(result) == (None, None, None)
    assert client.simulate_get("/openapi.json").headers["ratelimit-remaining"] == "0"


def test_error_answers_of_a_limited_route_carry_the_headers(context: Context, counters: Counters) -> None:
    client = limited(context, counters, rate_limit_address=Rate(5, 10))
    for path, status in (("/v1/users/nobody", 404), ("/v1/me", 401), ("/v1/search", 422)):
        result = client.simulate_get(path)
        assert result.status_code == status, result.text
        assert limit_headers(result)[0] == "5", path


def test_the_openapi_document_lists_a_429_on_every_limited_operation(client: falcon.testing.TestClient) -> None:
    document = client.simulate_get("/openapi.json").json
    headers = document["components"]["responses"]["RateLimited"]["headers"]
    assert {"Retry-After", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"} <= set(headers)
    paths = document["paths"]
    for path, method in (("/v1/accounts", "post"), ("/v1/photos", "post"), ("/v1/me", "get"), ("/openapi.json", "get")):
        assert "429" in paths[path][method]["responses"], (method, path)
    for path in ("/healthz", "/readyz", "/metrics", "/media/{key}"):
        assert "429" not in paths[path]["get"]["responses"], path


# -- the off switch -------------------------------------------------------------------------


def test_rate_limits_off_lets_everything_through_without_headers(context: Context, counters: Counters) -> None:
    tight = dict.fromkeys(RATES, Rate(1, 3600))
    client = limited(context, counters, rate_limits=False, **tight)
    make_user(context, "fay")
    for _ in range(5):
        result = client.simulate_get("/v1/users/fay")
        assert result.status_code == 200
        assert limit_headers(result) == (None, None, None)
    for _ in range(3):
        signed_up = client.simulate_post("/v1/accounts", json={"username": unique_username(), "password": PASSWORD})
        assert signed_up.status_code == 201


@pytest.mark.parametrize(("value", "on"), [(None, True), ("on", True), ("off", False)])
def test_the_rate_limits_setting(value: str | None, on: bool) -> None:
    environ = {"INSTAGRAPH_SECRET_KEY": "x"} | ({"INSTAGRAPH_RATE_LIMITS": value} if value else {})
    assert Settings.from_env(environ).rate_limits is on


def test_the_defaults_let_a_client_make_50_requests_a_second_and_200_sign_ups_an_hour() -> None:
    settings = Settings.from_env({"INSTAGRAPH_SECRET_KEY": "x"})
    for rate in (settings.rate_limit_user, settings.rate_limit_address):
        assert rate.limit / rate.window >= 50
    assert settings.rate_limit_signups.limit >= 200 and settings.rate_limit_signups.window <= 3600
    assert settings.trusted_proxies == ()


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("INSTAGRAPH_RATE_LIMITS", "yes"),
        ("INSTAGRAPH_RATE_LIMIT_USER", "500"),
        ("INSTAGRAPH_RATE_LIMIT_USER", "0/10"),
        ("INSTAGRAPH_RATE_LIMIT_SIGNUPS", "ten/60"),
        ("INSTAGRAPH_TRUSTED_PROXIES", "10.0.0.0/33"),
    ],
)
def test_a_bad_rate_limit_setting_fails_at_start_up(name: str, value: str) -> None:
    with pytest.raises(ValueError):
        Settings.from_env({"INSTAGRAPH_SECRET_KEY": "x", name: value})


def test_rates_and_proxies_are_read_from_the_environment() -> None:
    environ = {"INSTAGRAPH_RATE_LIMIT_COMMENTS": "20/60", "INSTAGRAPH_TRUSTED_PROXIES": "10.0.0.0/8, ::1"}
    settings = Settings.from_env({"INSTAGRAPH_SECRET_KEY": "x", **environ})
    assert settings.rate_limit_comments == Rate(20, 60)
    assert [str(network) for network in settings.trusted_proxies] == ["10.0.0.0/8", "::1/128"]


# -- when Redis is gone ---------------------------------------------------------------------


@pytest.fixture
def dead_redis_counters(own_redis) -> Iterator[RedisCounters]:
    """Counters on a redis-server that answered once and was then killed."""
    client = redis.Redis.from_url(own_redis.url, socket_timeout=2, socket_connect_timeout=2)
    client.ping()
    own_redis.kill()
    yield RedisCounters(client)
    client.close()


def test_a_dead_redis_lets_requests_through_and_is_logged_once(
    context: Context, own_redis, caplog: pytest.LogCaptureFixture
) -> None:
    make_user(context, "gus")
    client = limited(context, RedisCounters(redis.Redis.from_url(own_redis.url)), rate_limit_address=Rate(100, 10))
    assert limit_headers(client.simulate_get("/v1/users/gus"))[0] == "100"
    own_redis.kill()

    with caplog.at_level(logging.WARNING, logger="api.ratelimit"):
        answers = [
            client.simulate_get("/v1/users/gus"),
            client.simulate_post("/v1/accounts", json={"username": "hal", "password": PASSWORD}),
            client.simulate_get("/v1/users/hal"),
        ]
    assert [a.status_code for a in answers] == [200, 201, 200]
    assert all(limit_headers(a) == (None, None, None) for a in answers)
    logged = [record.getMessage() for record in caplog.records if record.name == "api.ratelimit"]
    assert len(logged) == 1 and "rate limits are off" in logged[0]


class _Anonymous:
    def process_resource(self, req: falcon.Request, resp: falcon.Response, resource: object, params: dict) -> None:
        req.context.viewer = None


class _Hello:
    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        resp.media = {"hello": "world"}


def test_after_a_failure_the_limiter_leaves_redis_alone_for_a_pause_then_tries_again(
    settings: Settings, dead_redis_counters: RedisCounters, caplog: pytest.LogCaptureFixture
) -> None:
    monotonic = Clock()
    app = falcon.App(middleware=[_Anonymous(), RateLimitMiddleware(settings, dead_redis_counters, clock=monotonic)])
    app.add_route("/hello", _Hello())
    client = falcon.testing.TestClient(app)

    with caplog.at_level(logging.WARNING, logger="api.ratelimit"):
        warnings = []
        for step in (0, 1, PAUSE - 1, PAUSE):
            monotonic.now = START + step
            assert client.simulate_get("/hello").status_code == 200
            warnings.append(sum(record.name == "api.ratelimit" for record in caplog.records))
    assert warnings == [1, 1, 1, 2]
