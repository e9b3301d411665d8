"""Hashtags and @mentions in captions and comments: what a text links to.

A hashtag is ``#`` followed by letters, digits, marks (accents, vowel signs)
and underscores of any script, so ``#Été``, ``#東京`` and ``#नमस्ते`` are whole
tags. Its stored name is NFKC-normalized and case-folded (``#Été`` → ``été``,
``#ＣＡＴ`` → ``cat``), so one tag has one page whatever the spelling. A mention
is ``@`` followed by a username (``a-z 0-9 . _``, case-insensitive); a trailing
full stop ends a sentence, not a name. Neither may start in the middle of a
word (``mail@example.com`` and ``page#top`` link nothing).

:func:`parse` reads a text; :func:`links` asks the graph which mentioned
accounts exist and may be linked (the photo and comment actions store them).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable

from social.context import Context
from social.errors import Invalid
import unicodedata

MAX_HASHTAGS = 30
"""Instagram's limit per caption or comment; more is refused, not cut."""

MAX_MENTIONS = 20
"""Mentions per text: enough for a group photo, too few for spam."""

_MENTION = re.compile(r"(?<![\w@.])@([A-Za-z0-9._]{1,30})(?![A-Za-z0-9_])")


@dataclasses.dataclass(frozen=True)
class Entities:
    """What a text links to, each list de-duplicated in order of first appearance."""

    hashtags: list[str]
    mentions: list[str]


def normalize_hashtag(name: str) -> str:
    """The stored form of a hashtag name: without ``#``, NFKC-normalized and case-folded."""
    return unicodedata.normalize("NFKC", name.removeprefix("#")).casefold()


def parse(text: str) -> Entities:
    """The hashtags and mentioned usernames of ``text`` (limits are checked by :func:`too_many`)."""
    return Entities(_unique(normalize_hashtag(tag) for tag in _hashtags(text)), _unique(_mentions(text)))


def too_many(entities: Entities) -> dict[str, list[str]]:
    """Messages for the limits ``entities`` break, by what they break (empty: none)."""
    errors = {}
    if len(entities.hashtags) > MAX_HASHTAGS:
        errors["hashtags"] = [f"At most {MAX_HASHTAGS} hashtags; this text has {len(entities.hashtags)}."]
    if len(entities.mentions) > MAX_MENTIONS:
        errors["mentions"] = [f"At most {MAX_MENTIONS} mentions; this text has {len(entities.mentions)}."]
    return errors


def _is_tag_character(ch: str) -> bool:
    return ch == "_" or unicodedata.category(ch)[0] in "LNM"


def _hashtags(text: str) -> list[str]:
    """Each ``#tag`` run that does not start inside a word."""
    tags = []
    for start in (i for i, ch in enumerate(text) if ch == "#"):
        if start and (_is_tag_character(text[start - 1]) or text[start - 1] == "#"):
            continue
        end = start + 1
        while end < len(text) and _is_tag_character(text[end]):
            end += 1
        if end > start + 1 and unicodedata.category(text[start + 1])[0] != "M":  # a tag starts with a base character
            tags.append(text[start + 1 : end])
    return tags


def _mentions(text: str) -> list[str]:
    return [name.rstrip(".").lower() for name in _MENTION.findall(text) if name.rstrip(".")]


def _unique(names: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(names))


@dataclasses.dataclass(frozen=True)
class Links:
    """What a text links to in the graph: hashtag names, and the accounts it may mention."""

    hashtags: list[str]
    mentions: list[str]
    mentioned_ids: list[int]


def links(ctx: Context, author_id: int, text: str, *, field: str) -> Links:
    """The hashtags of ``text`` and the existing accounts ``author_id`` may mention in it.

    A mention of an account that does not exist, or with a block either way
    between it and the author, links nothing and is left out of ``mentions``.

    Raises:
        Invalid: ``text`` (the request's ``field``) has too many hashtags or mentions.
    """
    entities = parse(text)
    problems = too_many(entities)
    if problems:
        messages = [message for found in problems.values() for message in found]
        raise Invalid({field: messages}, " ".join(messages))
    found = ctx.graph.read("accounts/mentionable", names=entities.mentions, author=author_id) if entities.mentions else []
    ids = {row["username"]: row["id"] for row in found}
    mentions = [name for name in entities.mentions if name in ids]
    return Links(entities.hashtags, mentions, [ids[name] for name in mentions])

