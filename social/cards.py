"""User cards: the public face of an account, built from ``{{accounts/card_columns}}`` rows, found by username."""

from __future__ import annotations

from typing import Any

ANONYMOUS = 0
"""The viewer id of a request without a token: no user has id 0."""

Card = dict[str, Any]


def normalize_username(username: str) -> str:
    """The stored form of a username (lower-case, surrounding blanks dropped): what cards are found by."""
    return username.strip().lower()


def user_card(row: dict[str, Any], viewer_id: int) -> Card:
    """The card API.md describes; ``relationship`` only for a logged-in viewer."""
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
