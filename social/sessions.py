"""Sessions: log in, find who a bearer token belongs to, log out.

A token is 256 random bits handed to the client once; the graph stores only
its SHA-256, so a copy of the database lets nobody log in. Failed logins are
counted per username in :mod:`feed.counters` (shared by every server when Redis
is configured) and, past the limit, refused even with the right password until
the window has slid by.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from social.accounts import Card, normalize_username, profile
from social.context import Context
from social.errors import Throttled, Unauthenticated

TOKEN_BYTES = 32
_WRONG_CREDENTIALS = "Wrong username or password."


@dataclasses.dataclass(frozen=True)
class Viewer:
    """The user a request acts for."""

    id: int
    username: str
    token_hash: str


def hash_token(token: str) -> str:
    """The stored form of a bearer token."""
    return hashlib.sha256(token.encode()).hexdigest()


def _failures_key(username: str) -> str:
    return f"login-failures:{username}"


def log_in(ctx: Context, *, username: str, password: str) -> tuple[str, Card]:
    """Check the password and open a session.

    Returns:
        The new bearer token (shown once, never stored) and the user's card.

    Raises:
        Throttled: too many recent failures for this username.
        Unauthenticated: wrong username or password.
    """
    username = normalize_username(username)
    _refuse_if_throttled(ctx, username)
    user_id = _verified_user_id(ctx, username, password)
    if user_id is None:
        ctx.counters.add(_failures_key(username), ctx.settings.login_failure_window)
        raise Unauthenticated(_WRONG_CREDENTIALS)
    ctx.counters.clear(_failures_key(username))
    token = secrets.token_urlsafe(TOKEN_BYTES)
    ctx.graph.write("sessions/create", user_id=user_id, token_hash=hash_token(token), now=ctx.now())
    return token, profile(ctx, username, viewer_id=user_id)


def _refuse_if_throttled(ctx: Context, username: str) -> None:
    limit, window = ctx.settings.login_failure_limit, ctx.settings.login_failure_window
    wait = ctx.counters.retry_after(_failures_key(username), window, limit)
    if wait:
        raise Throttled("Too many failed logins for this username; try again later.", retry_after=wait)


def _verified_user_id(ctx: Context, username: str, password: str) -> int | None:
    """The user's id if ``password`` is theirs; ``None`` otherwise.

    An unknown username still costs one hash verification, so response times
    do not tell which usernames exist.
    """
    rows = ctx.graph.read("accounts/credentials", username=username)
    stored = rows[0]["password_hash"] if rows else _dummy_hash(ctx.passwords)
    try:
        ctx.passwords.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return None
    if not rows:
        return None
    if ctx.passwords.check_needs_rehash(stored):
        ctx.graph.write("accounts/set_password_hash", id=rows[0]["id"], password_hash=ctx.passwords.hash(password))
    return rows[0]["id"]


@functools.lru_cache(maxsize=4)
def _dummy_hash(passwords: PasswordHasher) -> str:
    """A hash of nothing anyone knows, made with the same parameters as real ones."""
    return passwords.hash(secrets.token_urlsafe(16))


def authenticate(ctx: Context, token: str) -> Viewer | None:
    """The viewer a bearer token belongs to, or ``None`` for an unknown or ended session."""
    token_hash = hash_token(token)
    rows = ctx.graph.read("sessions/viewer", token_hash=token_hash)
    return Viewer(rows[0]["id"], rows[0]["username"], token_hash) if rows else None


def log_out(ctx: Context, viewer: Viewer) -> None:
    """End the session of the viewer's token; idempotent."""
    ctx.graph.write("sessions/delete", token_hash=viewer.token_hash)
