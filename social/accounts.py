"""Accounts: sign up, read a profile card, change one's own profile.

Usernames are 1–30 characters of ``a-z 0-9 . _``, stored lower-case and unique
(case-insensitively, since what is stored is lower-case). Passwords are kept
only as argon2id hashes.
"""

from __future__ import annotations

import re
from typing import Any

from graph.errors import ConstraintViolation
from social.context import Context
from social.errors import Conflict, Invalid, NotFound

USERNAME_PATTERN = re.compile(r"[a-z0-9._]{1,30}")
USERNAME_RULE = "1–30 characters: letters a-z, digits, '.' and '_'."
MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 1024  # argon2 takes any length; this bounds the work per login
MAX_BIO_LENGTH = 150
MAX_DISPLAY_NAME_LENGTH = 64
ANONYMOUS = 0
"""The viewer id of a request without a token: no user has id 0."""

Card = dict[str, Any]


def normalize_username(username: str) -> str:
    """The stored form of a username (lower-case, surrounding blanks dropped)."""
    return username.strip().lower()


def is_valid_username(username: str) -> bool:
    """Whether ``username`` (already normalized) follows the username rule."""
    return USERNAME_PATTERN.fullmatch(username) is not None


def sign_up(
    ctx: Context,
    *,
    username: str,
    password: str,
    display_name: str = "",
    bio: str = "",
    private: bool = False,
) -> Card:
    """Create an account and return its card as its owner sees it.

    Raises:
        Invalid: the username or password breaks the rules.
        Conflict: the username is taken.
    """
    username = normalize_username(username)
    _check_new_account(username, password)
    params = {
        "username": username,
        "display_name": display_name,
        "bio": bio,
        "private": private,
        "password_hash": ctx.passwords.hash(password),
        "now": ctx.now(),
    }
    try:
        created = ctx.graph.write("accounts/create_user", id=ctx.new_id(), **params)
    except ConstraintViolation:  # Neo4j: a concurrent sign-up won the race
        created = []
    if not created:
        raise Conflict(f"The username {username!r} is taken.")
    return profile(ctx, username, viewer_id=created[0]["id"])


def _check_new_account(username: str, password: str) -> None:
    errors: dict[str, list[str]] = {}
    if not is_valid_username(username):
        errors["username"] = [USERNAME_RULE]
    if not MIN_PASSWORD_LENGTH <= len(password) <= MAX_PASSWORD_LENGTH:
        errors["password"] = [f"{MIN_PASSWORD_LENGTH} to {MAX_PASSWORD_LENGTH} characters."]
    if errors:
        raise Invalid(errors)


def profile(ctx: Context, username: str, *, viewer_id: int = ANONYMOUS) -> Card:
    """The card of ``username`` as ``viewer_id`` sees it.

    Raises:
        NotFound: no such user, or the user blocks the viewer.
    """
    rows = ctx.graph.read("accounts/user_card", username=normalize_username(username), viewer=viewer_id)
    if not rows or rows[0]["blocks_viewer"]:
        raise NotFound("No such user.")
    return _card(rows[0], viewer_id)


def _card(row: dict[str, Any], viewer_id: int) -> Card:
    card: Card = {
        "id": row["id"],
        "username": row["username"],
        "display_name": row["display_name"],
        "bio": row["bio"],
        "private": row["private"],
        "counts": {"photos": row["photos"], "followers": row["followers"], "following": row["following"]},
    }
    if viewer_id != ANONYMOUS:
        card["relationship"] = {
            "following": row["viewer_follows"],
            "requested": row["viewer_requested"],
            "followed_by": row["follows_viewer"],
            "blocking": row["viewer_blocks"],
        }
    return card


def update_profile(
    ctx: Context,
    viewer_id: int,
    *,
    display_name: str | None = None,
    bio: str | None = None,
    private: bool | None = None,
) -> Card:
    """Change the viewer's own display name, bio or privacy; ``None`` keeps a value.

    Raises:
        NotFound: the account is gone (deleted while the token was in flight).
    """
    rows = ctx.graph.write(
        "accounts/update_profile", id=viewer_id, display_name=display_name, bio=bio, private=private
    )
    if not rows:
        raise NotFound("No such user.")
    return profile(ctx, rows[0]["username"], viewer_id=viewer_id)
