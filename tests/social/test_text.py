"""Hashtags and mentions read from captions and comments (pure logic, no graph)."""

from __future__ import annotations

import pytest

from social.text import MAX_HASHTAGS, MAX_MENTIONS, normalize_hashtag, parse, too_many


@pytest.mark.parametrize(
    ("text", "hashtags"),
    [
        ("Sunset #Été", ["été"]),
        ("#東京 #नमस्ते #Ünïcödé", ["東京", "नमस्ते", "ünïcödé"]),
        ("#ＣＡＴ #cat #Cat", ["cat"]),  # NFKC folds full-width letters; case folds; de-duplicated
        ("#snake_case #with-dash", ["snake_case", "with"]),
        ("page#top ##double #", []),
        ("#a#b", ["a"]),
        ("(#paren) #end.", ["paren", "end"]),
        ("#Straße", ["strasse"]),
    ],
)
def test_hashtags(text: str, hashtags: list[str]) -> None:
    assert parse(text).hashtags == hashtags


@pytest.mark.parametrize(
    ("text", "mentions"),
    [
        ("hi @Bob and @bob", ["bob"]),
        ("thanks @ann.lee. see you", ["ann.lee"]),
        ("mail@example.com", []),
        ("@a_b.c,@d", ["a_b.c", "d"]),
        ("@" + "x" * 31, []),
        ("@", []),
    ],
)
def test_mentions(text: str, mentions: list[str]) -> None:
    assert parse(text).mentions == mentions


def test_limits_are_reported_not_cut() -> None:
    many = parse(" ".join(f"#t{i} @u{i}" for i in range(MAX_HASHTAGS + 1)))
    assert len(many.hashtags) == MAX_HASHTAGS + 1
    assert set(too_many(many)) == {"hashtags", "mentions"}
    assert too_many(parse(" ".join(f"#t{i}" for i in range(MAX_HASHTAGS)) + " @a" * MAX_MENTIONS)) == {}


def test_a_hashtag_page_name_is_normalized_like_a_tag() -> None:
    assert normalize_hashtag("#ÉTÉ") == normalize_hashtag("été") == "été"
