"""The mix the load run sends, and what it needs from the seeded graph: users' tokens, photo ids, names, queries.

Everything is gathered over HTTP from the running server, as a client would:
a few hundred seeded users log in (their names are known:
:func:`jobs.synthetic.usernames`), each one's home feed gives photo ids, and
the owners of those photos give usernames; only public owners are kept, so
that the mix's reads are ones any viewer may make (a blocked viewer still gets
a rare 404). Search queries are prefixes of those usernames and of the photos'
hashtags. :meth:`Workload.write` writes it all for ``mix.lua``.
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote

from bench.load.processes import PASSWORD, BenchError, Served
from jobs.synthetic import Shape, usernames

T = TypeVar("T")
R = TypeVar("R")

CLIENTS = 8
"""Requests in flight while preparing (the server's default thread count)."""


@dataclasses.dataclass(frozen=True)
class Route:
    """One kind of request of the mix: ``{pool}`` in ``path`` is a random value of that pool per request."""

    name: str
    weight: int
    method: str
    path: str
    body: str | None = None

    @property
    def writes(self) -> bool:
        return self.method != "GET"


MIX = (
    Route("feed", 30, "GET", "/v1/feed"),
    Route("profile", 15, "GET", "/v1/users/{user}"),
    Route("photo", 20, "GET", "/v1/photos/{photo}"),
    Route("grid", 12, "GET", "/v1/users/{user}/photos"),
    Route("comments", 10, "GET", "/v1/photos/{photo}/comments"),
    Route("search", 8, "GET", "/v1/search?q={query}"),
    Route("like", 4, "POST", "/v1/photos/{photo}/like"),
    Route("comment", 1, "POST", "/v1/photos/{photo}/comments", '{"text": "Lovely light."}'),
)
"""The 95/5 mix of reads and writes, weights in percent."""

assert sum(route.weight for route in MIX) == 100 and sum(route.weight for route in MIX if route.writes) == 5


@dataclasses.dataclass(frozen=True)
class Workload:
    """The values the mix's requests draw from, each pool a list of distinct strings."""

    tokens: list[str]
    users: list[str]
    photos: list[str]
    queries: list[str]

    def write(self, path: Path) -> Path:
        """The data file ``mix.lua`` reads (its header says the format); ``path``."""
        lines = ["\t".join(["route", r.name, str(r.weight), r.method, r.path] + ([r.body] if r.body else [])) for r in MIX]
        pools = {"token": self.tokens, "user": self.users, "photo": self.photos, "query": self.queries}
        lines += [f"{pool}\t{value}" for pool, values in pools.items() for value in values]
        path.write_text("\n".join(lines) + "\n")
        return path

    def summary(self) -> str:
        return (
            f"{len(self.tokens):,} tokens, {len(self.photos):,} photos, "
            f"{len(self.users):,} public users, {len(self.queries):,} search queries"
        )


def _parallel(call: Callable[[T], R], items: Iterable[T]) -> list[R]:
    with ThreadPoolExecutor(CLIENTS) as pool:
        return list(pool.map(call, items))


def _expect(status: int, body: Any, wanted: int, what: str) -> Any:
    if status != wanted:
        raise BenchError(f"{what} answered {status}, not {wanted}: {body}")
    return body


def log_in(server: Served, users: int, count: int, rng: random.Random) -> dict[str, str]:
    """Tokens of ``count`` random seeded users (of ``users``), by username."""
    chosen = rng.sample(usernames(Shape(users=users)), min(count, users))

    def token(username: str) -> str:
        status, body = server.request("POST", "/v1/sessions", {"username": username, "password": PASSWORD})
        return _expect(status, body, 201, f"logging in {username}")["token"]

    return dict(zip(chosen, _parallel(token, chosen)))


def prepare(server: Served, users: int, logins: int, rng: random.Random) -> Workload:
    """Log ``logins`` seeded users in and gather the photos, users and queries their mix will ask for.

    Raises:
        BenchError: a login or read failed, or the feeds held no public photo.
    """
    tokens = log_in(server, users, logins, rng)

    def feed(token: str) -> list[dict[str, Any]]:
        status, body = server.request("GET", "/v1/feed?limit=20", token=token)
        return _expect(status, body, 200, "a home feed")["items"]

    photos = {photo["id"]: photo for page in _parallel(feed, tokens.values()) for photo in page}
    owners = sorted({photo["owner"]["username"] for photo in photos.values()})

    def is_public(username: str) -> bool:
        status, body = server.request("GET", f"/v1/users/{username}")
        return not _expect(status, body, 200, f"{username}'s card")["private"]

    public = {name for name, ok in zip(owners, _parallel(is_public, owners)) if ok}
    visible = [photo for photo in photos.values() if photo["owner"]["username"] in public]
    if not visible:
        raise BenchError("the logged-in users' feeds hold no photo of a public account: seed more users")
    hashtags = sorted({tag for photo in visible for tag in photo["hashtags"]})
    return Workload(
        tokens=list(tokens.values()),
        users=sorted(public),
        photos=[photo["id"] for photo in visible],
        queries=list(dict.fromkeys(quote(_prefix(name, rng)) for name in [*sorted(public), *hashtags])),
    )


def _prefix(name: str, rng: random.Random) -> str:
    """What someone typing ``name`` into search has typed so far: at least 2 characters."""
    return name[: rng.randint(min(2, len(name)), len(name))]
