"""Sessions: log in, find who a bearer token belongs to, list and end them, change the password.

A token is 256 random bits handed to the client once; the graph stores only
its SHA-256, so a copy of the database lets nobody log in. Each session also
has an id of its own (from :mod:`graph.ids`): its owner sees that one in the
list and ends the session by it, so a list of sessions never leaks a token.

A session ends ``settings.session_idle_days`` after its last use or
``settings.session_max_days`` after its log-in, whichever comes first; its
token then answers like an unknown one. Failed logins are counted per username
in :mod:`feed.counters` (shared by every server when Redis is configured) and,
past the limit, refused even with the right password until the window has slid
by; a wrong current password on a password change counts as a failed login.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import secrets
from datetime import datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from graph.gateway import Row, Transaction
from instagraph.settings import Settings
from social import cached
from social.accounts import PASSWORD_RULE, Card, is_valid_password, normalize_username, profile
from social.context import Context
from social.errors import Invalid, NotFound, NotPermitted, Throttled, Unauthenticated
from social.pagination import Page, paginate, start_after

TOKEN_BYTES = 32
LAST_USED_RESOLUTION = timedelta(hours=1)
"""How old a session's ``last_used_at`` may get before a request writes it again.

Authentication runs on every request; a write there would make every read a
write, and LadybugDB has one writer per process. Once an hour is one write per
session per hour of use: about 3 writes/s for 10,000 sessions in use, where
once a minute would be about 170/s. The price is small: "last used" is true to
the hour, and idle expiry may come up to an hour early, against 30 days.
"""
MAX_CLIENT_LENGTH = 255
"""Characters of the User-Agent kept as a session's ``client``: a whole browser's
or app's User-Agent fits, an 8 KB header is not stored per session."""
_WRONG_CREDENTIALS = "Wrong username or password."

OpenSession = dict[str, Any]
"""``{"id", "created_at", "last_used_at", "client", "current"}``, as API.md lists them."""


@dataclasses.dataclass(frozen=True)
class Viewer:
    """The user a request acts for, and the session it came through."""

    id: int
    username: str
    token_hash: str
    session_id: int


def hash_token(token: str) -> str:
    """The stored form of a bearer token."""
    return hashlib.sha256(token.encode()).hexdigest()


def _failures_key(username: str) -> str:
    return f"login-failures:{username}"


def _liveness(settings: Settings, now: datetime) -> dict[str, datetime]:
    """The parameters of ``{{sessions/live}}``: a session is live if made after one and last used after the other."""
    return {
        "made_after": now - timedelta(days=settings.session_max_days),
        "used_after": now - timedelta(days=settings.session_idle_days),
    }


def _is_live(session: Row, liveness: dict[str, datetime]) -> bool:
    """``{{sessions/live}}`` for a session already read: authentication decides here, not in its query.

    With the filter in the query a lookup took 105 µs, against 80 µs for the
    same columns filtered here (LadybugDB, 10,000 sessions): the engine sets up
    an operator for it on every request.
    """
    return session["created_at"] > liveness["made_after"] and session["last_used_at"] > liveness["used_after"]


def log_in(ctx: Context, *, username: str, password: str, client: str = "") -> tuple[str, Card]:
    """Check the password and open a session; the user's expired sessions end on the way.

    Args:
        client: what the client calls itself (its User-Agent), shown in the list of sessions.

    Returns:
        The new bearer token (shown once, never stored) and the user's card.

    Raises:
        Throttled: too many recent failures for this username.
        Unauthenticated: wrong username or password.
    """
    username = normalize_username(username)
    user_id = _checked_password(ctx, username, password)
    if user_id is None:
        raise Unauthenticated(_WRONG_CREDENTIALS)
    token = secrets.token_urlsafe(TOKEN_BYTES)
    now = ctx.now()
    session = {
        "token_hash": hash_token(token),
        "id": ctx.new_id(),
        "now": now,
        "client": client[:MAX_CLIENT_LENGTH],
    }

    def work(tx: Transaction) -> None:
        tx.run("sessions/end_expired", user_id=user_id, **_liveness(ctx.settings, now))
        tx.run("sessions/create", user_id=user_id, **session)

    ctx.graph.transaction(work)
    return token, profile(ctx, username, viewer_id=user_id)


def _checked_password(ctx: Context, username: str, password: str) -> int | None:
    """The user's id if ``password`` is theirs; ``None`` otherwise, counted as a failed login.

    Raises:
        Throttled: too many recent failures for this username (whatever the password).
    """
    limit, window = ctx.settings.login_failure_limit, ctx.settings.login_failure_window
    wait = ctx.counters.retry_after(_failures_key(username), window, limit)
    if wait:
        raise Throttled("Too many failed logins for this username; try again later.", retry_after=wait)
    user_id = _verified_user_id(ctx, username, password)
    if user_id is None:
        ctx.counters.add(_failures_key(username), window)
    else:
        ctx.counters.clear(_failures_key(username))
    return user_id


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
    """The viewer a bearer token belongs to, or ``None`` for an unknown, ended or expired session.

    Every request comes through here, so it is one lookup in the object cache
    (a primary-key lookup in the graph on a miss); it writes only when the
    session's recorded last use is older than :data:`LAST_USED_RESOLUTION`,
    and then only if no other request wrote it meanwhile.
    """
    token_hash = hash_token(token)
    now = ctx.now()
    row = cached.session(ctx, token_hash)
    if row is None or not _is_live(row, _liveness(ctx.settings, now)):
        return None
    stale = now - LAST_USED_RESOLUTION
    if row["last_used_at"] < stale:
        ctx.graph.write("sessions/touch", token_hash=token_hash, stale=stale, now=now)
        cached.forget_sessions(ctx, [token_hash])
    return Viewer(row["id"], row["username"], token_hash, row["session_id"])


def log_out(ctx: Context, viewer: Viewer) -> None:
    """End the session of the viewer's token; idempotent."""
    ctx.graph.write("sessions/delete", token_hash=viewer.token_hash)
    cached.forget_sessions(ctx, [viewer.token_hash])


def open_sessions(ctx: Context, viewer: Viewer, *, limit: int, cursor: str | None) -> Page[OpenSession]:
    """The viewer's live sessions, newest first; ``current`` marks the one this request came through.

    Raises:
        BadCursor: a cursor this service did not make.
    """
    before = start_after(ctx.cursors, cursor, newest_first=True)
    liveness = _liveness(ctx.settings, ctx.now())
    return paginate(
        lambda n: ctx.graph.read("sessions/page", viewer=viewer.id, cursor=before, limit=n, **liveness),
        limit=limit,
        cursors=ctx.cursors,
        make_item=lambda row: {**row, "current": row["id"] == viewer.session_id},
        key="id",
    )


def end_session(ctx: Context, viewer: Viewer, session_id: int) -> None:
    """End one of the viewer's sessions (their current one too: that is logging out).

    Raises:
        NotFound: the viewer has no session with that id (someone else's is not theirs to know of).
    """
    ended = [row["token_hash"] for row in ctx.graph.write("sessions/end", viewer=viewer.id, id=session_id)]
    cached.forget_sessions(ctx, ended)
    if not ended:
        raise NotFound("You have no session with that id.")


def change_password(ctx: Context, viewer: Viewer, *, current_password: str, new_password: str) -> None:
    """Change the viewer's password and end every other session of theirs, in one transaction.

    The session the change came through stays. The current password is
    checked as a log-in checks it: a wrong one counts as a failed login for
    the username, and a throttled username is refused even with the right one.

    Raises:
        Invalid: the new password breaks the rule sign-up applies.
        Throttled: too many recent failed logins for this username.
        NotPermitted: the current password is wrong.
    """
    if not is_valid_password(new_password):
        raise Invalid({"new_password": [PASSWORD_RULE]})
    if _checked_password(ctx, viewer.username, current_password) is None:
        raise NotPermitted("The current password is wrong.")
    password_hash = ctx.passwords.hash(new_password)

    def work(tx: Transaction) -> list[Row]:
        tx.run("accounts/set_password_hash", id=viewer.id, password_hash=password_hash)
        return tx.run("sessions/end_others", user_id=viewer.id, keep=viewer.session_id)

    cached.forget_sessions(ctx, [row["token_hash"] for row in ctx.graph.transaction(work)])
