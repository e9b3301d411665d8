"""Accounts: sign up, read a profile card, change one's own profile.

Usernames are 1–30 characters of ``a-z 0-9 . _``, stored lower-case and unique
(case-insensitively, since what is stored is lower-case). Passwords are kept
only as argon2id hashes.
"""

from __future__ import annotations

import re
from typing import Any

from graph import search_index
from graph.errors import ConstraintViolation
from graph.gateway import Transaction
from social import cached, explore_pool, follows, media, privacy, search
from social.cards import ANONYMOUS, Card, normalize_username, user_card
from social.context import Context
from social.errors import Conflict, Invalid, NotFound

USERNAME_PATTERN = re.compile(r"[a-z0-9._]{1,30}")
USERNAME_RULE = "1–30 characters: letters a-z, digits, '.' and '_'."
MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 1024  # argon2 takes any length; this bounds the work per login
MAX_BIO_LENGTH = 150
MAX_DISPLAY_NAME_LENGTH = 64
PASSWORD_RULE = f"{MIN_PASSWORD_LENGTH} to {MAX_PASSWORD_LENGTH} characters."


def is_valid_username(username: str) -> bool:
    """Whether ``username`` (already normalized) follows the username rule."""
    return USERNAME_PATTERN.fullmatch(username) is not None


def is_valid_password(password: str) -> bool:
    """Whether ``password`` follows the password rule (at sign-up and when it is changed)."""
    return MIN_PASSWORD_LENGTH <= len(password) <= MAX_PASSWORD_LENGTH


def sign_up(
    ctx: Context,
    *,
    username: str,
    password: str,
    display_name: str = "",
    bio: str = "",
    private: bool = False,
) -> Card:
    """Create an account and return its public card.

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
    user_id = ctx.new_id()
    terms: list[str] = []

    def work(tx: Transaction) -> list[dict[str, Any]]:
        created = tx.run("accounts/create_user", id=user_id, **params)
        if created:
            terms[:] = search.index_new_user(tx, user_id, username, display_name)
        return created

    try:
        created = ctx.graph.transaction(work)
    except ConstraintViolation:  # Neo4j: a concurrent sign-up won the race
        created = []
    if not created:
        raise Conflict(f"The username {username!r} is taken.")
    cached.forget_user_terms(ctx, terms)
    return profile(ctx, username)  # asked without a token: the public card


def _check_new_account(username: str, password: str) -> None:
    errors: dict[str, list[str]] = {}
    if not is_valid_username(username):
        errors["username"] = [USERNAME_RULE]
    if not is_valid_password(password):
        errors["password"] = [PASSWORD_RULE]
    if errors:
        raise Invalid(errors)


def profile(ctx: Context, username: str, *, viewer_id: int = ANONYMOUS) -> Card:
    """The card of ``username`` as ``viewer_id`` sees it.

    Raises:
        NotFound: no such user, or the user blocks the viewer.
    """
    return user_card(privacy.find_account(ctx, username, viewer_id), viewer_id)


def update_profile(
    ctx: Context,
    viewer_id: int,
    *,
    display_name: str | None = None,
    bio: str | None = None,
    private: bool | None = None,
) -> Card:
    """Change the viewer's own display name, bio or privacy; ``None`` keeps a value.

    Making the account public approves every pending follow request in the
    same transaction; making it private keeps the followers it has.

    Raises:
        NotFound: the account is gone (deleted while the token was in flight).
    """

    approved: list[int] = []
    terms: list[str] = []

    def work(tx: Transaction) -> list[dict[str, Any]]:
        rows = tx.run("accounts/update_profile", id=viewer_id, display_name=display_name, bio=bio, private=private)
        if rows and private is False:
            approved[:] = follows.approve_pending(tx, ctx, viewer_id)
        if rows and display_name is not None:
            terms[:] = search.reindex_user(tx, viewer_id, rows[0]["username"], display_name)
        return rows

    rows = ctx.graph.transaction(work)
    cached.forget_accounts(ctx, [viewer_id, *approved])
    cached.forget_user_terms(ctx, terms)
    if not rows:
        raise NotFound("No such user.")
    for follower in approved:
        ctx.fanout.follow_changed(follower, viewer_id)
    if private:
        explore_pool.forget(ctx)
    return profile(ctx, rows[0]["username"], viewer_id=viewer_id)


def delete_account(ctx: Context, viewer_id: int) -> None:
    """Delete the viewer's account and everything it owns, in one transaction, then its image bytes.

    Its photos, the comments on them, its own comments and the replies to
    them go; its likes, follows, requests, blocks and sessions are
    relationships of deleted nodes and go too. Every counter they were part
    of (other photos' likes and comments, hashtags' photos, other accounts'
    followers and followings) is brought down in the same transaction.
    """

    departing: dict[str, list[Any]] = {}

    def work(tx: Transaction) -> list[str]:
        departing["accounts"] = [viewer_id, *(row["id"] for row in tx.run("accounts/neighbours", id=viewer_id))]
        cards = tx.run("accounts/public_cards", ids=[viewer_id])
        departing["usernames"] = [card["username"] for card in cards]
        departing["search_terms"] = [
            key for card in cards for key in search_index.user_keys(card["username"], card["display_name"])
        ]
        departing["sessions"] = [row["token_hash"] for row in tx.run("sessions/token_hashes_of", user_id=viewer_id)]
        departing["photos"] = [row["id"] for row in tx.run("accounts/touched_photos", id=viewer_id)]
        departing["liked_comments"] = [row["id"] for row in tx.run("accounts/liked_comment_ids", id=viewer_id)]
        tx.run("accounts/delete_comments_on_photos_of", id=viewer_id)
        own_comments = [row["id"] for row in tx.run("accounts/comment_ids_by", id=viewer_id)]
        if own_comments:
            tx.run("comments/delete_threads", ids=own_comments)
        tx.run("accounts/unlike_all", id=viewer_id)
        departing["hashtags"] = [row["name"] for row in tx.run("accounts/untag_photos_of", id=viewer_id)]
        deleted_media = [row["media"] for row in tx.run("accounts/delete_photos_of", id=viewer_id)]
        tx.run("accounts/delete_user", id=viewer_id)
        return deleted_media

    deleted_media = ctx.graph.transaction(work)
    _forget_departed(ctx, **departing)
    media.remove(ctx.media_store, deleted_media)
    explore_pool.forget(ctx)


def _forget_departed(
    ctx: Context,
    *,
    accounts: list[int],
    usernames: list[str],
    search_terms: list[str],
    hashtags: list[str],
    sessions: list[str],
    photos: list[int],
    liked_comments: list[int],
) -> None:
    """Forget what a deleted account (the first of ``accounts``) leaves in the object cache: its card, name,
    searches that found it or its photos' hashtags, sessions and likes, its neighbours' cards and relations,
    the photos it posted, liked or commented on (their cards and comments), and the comments it liked."""
    cached.forget_posts_of(ctx, accounts[0])
    cached.forget_accounts(ctx, accounts)
    cached.forget_photos(ctx, photos, likes_of=accounts[0])
    cached.forget_comments_on(ctx, photos)
    cached.forget_comment_like(ctx, accounts[0], liked_comments)
    for username in usernames:
        cached.forget_username(ctx, username)
    cached.forget_user_terms(ctx, search_terms)
    cached.forget_hashtags(ctx, hashtags)
    cached.forget_sessions(ctx, sessions)
