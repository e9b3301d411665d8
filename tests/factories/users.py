"""Users: made through the service layer, or signed up and logged in over the API."""

from __future__ import annotations

import dataclasses
import itertools
from typing import Any

import falcon.testing

from social import accounts, sessions
from social.context import Context

PASSWORD = "correct horse battery"
_numbers = itertools.count(1)


def unique_username(prefix: str = "user") -> str:
    """A username no other factory call returns."""
    return f"{prefix}{next(_numbers)}"


def make_user(ctx: Context, username: str | None = None, **fields: Any) -> dict[str, Any]:
    """Sign up a user through the rules and return its card."""
    return accounts.sign_up(ctx, username=username or unique_username(), password=PASSWORD, **fields)


def make_viewer(ctx: Context, username: str | None = None, **fields: Any) -> sessions.Viewer:
    """Sign up and log in through the rules; the viewer acting for that user."""
    card = make_user(ctx, username, **fields)
    token, _ = sessions.log_in(ctx, username=card["username"], password=PASSWORD)
    return sessions.authenticate(ctx, token)


@dataclasses.dataclass(frozen=True)
class ApiUser:
    """A user signed up and logged in over HTTP."""

    id: str
    username: str
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


def api_user(client: falcon.testing.TestClient, username: str | None = None, **fields: Any) -> ApiUser:
    """``POST /v1/accounts`` then ``POST /v1/sessions``; fails the test on any other answer."""
    username = username or unique_username()
    signed_up = client.simulate_post("/v1/accounts", json={"username": username, "password": PASSWORD, **fields})
    assert signed_up.status_code == 201, signed_up.text
    logged_in = client.simulate_post("/v1/sessions", json={"username": username, "password": PASSWORD})
    assert logged_in.status_code == 201, logged_in.text
    return ApiUser(signed_up.json["id"], signed_up.json["username"], logged_in.json["token"])
