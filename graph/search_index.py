"""The keys of the search index (``SearchTerm`` in :mod:`graph.models`): which prefixes find what.

Pure functions, shared by the rules that keep the index up to date, the
migration that builds it for an existing graph and the generator of synthetic
graphs. Text is NFKC-normalized and case-folded, so ``Ál``, ``ál`` and ``ÁL``
find the same accounts.
"""

from __future__ import annotations

import unicodedata

from graph.gateway import Transaction

MAX_TERM_LENGTH = 30
"""Longest indexed prefix (a username's length); a longer query is refused."""

MAX_NAME_WORDS = 3
"""Display-name words indexed per user: a name, not a biography."""

USER = "u:"
HASHTAG = "h:"


def fold(text: str) -> str:
    """The form text is indexed and searched in."""
    return unicodedata.normalize("NFKC", text).casefold().strip()


def _prefixes(kind: str, word: str) -> list[str]:
    return [kind + word[:end] for end in range(1, min(len(word), MAX_TERM_LENGTH) + 1)]


def user_keys(username: str, display_name: str) -> list[str]:
    """Every key that finds this user: prefixes of the username and of the display name's first words."""
    words = [fold(username), *fold(display_name).split()[:MAX_NAME_WORDS]]
    return sorted({key for word in words for key in _prefixes(USER, word)})


def hashtag_keys(name: str) -> list[str]:
    """Every key that finds this hashtag (stored names are already folded)."""
    return _prefixes(HASHTAG, name)



def index(tx: Transaction, users: dict[int, list[str]], hashtags: dict[str, list[str]]) -> None:
    """Inside ``tx``: add the terms of ``users`` (id → keys) and ``hashtags`` (name → keys) and link each to them.

    Terms are made first, each once, then linked: LadybugDB loses the row of
    a ``MERGE`` whose node an earlier row of the same statement made.
    """
    keys = sorted({key for found in (*users.values(), *hashtags.values()) for key in found})
    if not keys:
        return
    tx.run("search/add_terms", keys=keys)
    user_links = [{"id": user_id, "key": key} for user_id, found in users.items() for key in found]
    tag_links = [{"name": name, "key": key} for name, found in hashtags.items() for key in found]
    if user_links:
        tx.run("search/link_users", links=user_links)
    if tag_links:
        tx.run("search/link_hashtags", links=tag_links)
