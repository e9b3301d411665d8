"""Search: accounts by username or display-name prefix, hashtags by prefix, through the search index.

Every search is one primary-key lookup of a ``SearchTerm`` (see
:mod:`graph.search_index`), so its cost does not grow with the graph. The
rules that create accounts, change display names and tag posts keep the
index up to date with :func:`index_new_user`, :func:`reindex_user` and
:func:`index_hashtags`, in the transaction of the write itself. What a term
finds is cached: the accounts (:func:`social.cached.found_user_ids`, ranked
here by their cached cards, whose follower counts change often) and the
hashtags, ranked (:func:`social.cached.found_hashtags`). A search then
usually asks the graph nothing; it was the most costly read of the load mix.
"""

from __future__ import annotations

import heapq
import re
from typing import Any

from graph import search_index
from graph.gateway import Row, Transaction
from social import cached, privacy
from social.cards import ANONYMOUS, user_card
from social.context import Context
from social.errors import Invalid

CANDIDATES = 200
"""Index entries a search ranks at most: a one-letter query costs what a long one does."""

MAX_QUERY_LENGTH = search_index.MAX_TERM_LENGTH
_BLANKS = r"\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
QUERY_PATTERN = re.compile(rf"^[{_BLANKS}@#]*[^{_BLANKS}@#]")
"""What a query must hold: a character that is neither blank (what ``str.split`` splits on) nor ``@``/``#``.

Written so that Python and JSON Schema (ECMA 262) read it alike: the API publishes it as is.
"""
QUERY_RULE = f"1 to {MAX_QUERY_LENGTH} characters, not only blanks, '@' and '#'."


def search(ctx: Context, viewer_id: int, q: str, *, limit: int) -> dict[str, list[Any]]:
    """``{"users": [public cards], "hashtags": [{"name", "photo_count"}]}`` whose names start with ``q``.

    The cards carry no ``relationship`` (a profile shows it): a result list of
    cards with five relationship checks each cost more than the search itself.
    ``q`` is case-insensitive; a leading ``@`` or ``#`` is ignored, and only its
    first word is matched (display-name words are indexed one by one), as far as
    an indexed prefix goes. The rule is on ``q`` as given; a query whose folded
    form has no word (a full-width ``＠``) finds nothing.

    Raises:
        Invalid: ``q`` breaks :data:`QUERY_RULE`.
    """
    if len(q) > MAX_QUERY_LENGTH or not QUERY_PATTERN.match(q):
        raise Invalid({"q": [QUERY_RULE]}, f"The search text must be {QUERY_RULE}")
    words = search_index.fold(q).lstrip("@#").split()
    if not words:
        return {"users": [], "hashtags": []}
    word = words[0][: search_index.MAX_TERM_LENGTH]  # folding can lengthen a word ("ß" is "ss")
    hashtags = cached.found_hashtags(ctx, search_index.HASHTAG + word, CANDIDATES)[:limit]
    return {"users": [user_card(row, ANONYMOUS) for row in _users(ctx, viewer_id, word, limit)], "hashtags": hashtags}


def _users(ctx: Context, viewer_id: int, word: str, limit: int) -> list[Row]:
    """The public cards of the accounts ``word`` finds, never across a block with the viewer: an exact
    username first, then the most followed (ties by id), from the cached term and cards."""
    found = privacy.unblocked(ctx, viewer_id, cached.found_user_ids(ctx, search_index.USER + word, CANDIDATES))
    cards = cached.public_cards(ctx, found).values()
    return heapq.nsmallest(limit, cards, key=lambda card: (card["username"] != word, -card["followers"], card["id"]))


def index_new_user(tx: Transaction, user_id: int, username: str, display_name: str) -> list[str]:
    """Inside ``tx``: link a user just made to the search terms of its username and display name; the
    terms' keys (their cached results are to be forgotten once ``tx`` commits)."""
    keys = search_index.user_keys(username, display_name)
    search_index.index(tx, {user_id: keys}, {})
    return keys


def reindex_user(tx: Transaction, user_id: int, username: str, display_name: str) -> list[str]:
    """Inside ``tx``: make the terms that find a user those of its username and (new) display name; the
    keys of the terms that find it now or found it before (to forget once ``tx`` commits)."""
    keys = search_index.user_keys(username, display_name)
    unlinked = [row["key"] for row in tx.run("search/unlink_user", id=user_id, keys=keys)]
    search_index.index(tx, {user_id: keys}, {})
    return [*keys, *unlinked]


def index_hashtags(tx: Transaction, names: list[str]) -> None:
    """Inside ``tx``: index those of ``names`` (existing hashtags) that the index does not find yet."""
    if not names:
        return
    probes = [{"name": name, "probe": search_index.hashtag_keys(name)[-1]} for name in names]
    new = [row["name"] for row in tx.run("search/unindexed_hashtags", hashtags=probes)]
    search_index.index(tx, {}, {name: search_index.hashtag_keys(name) for name in new})
