"""Media keys: what variant_key makes, what parse_key reads back, and everything else refused."""

from __future__ import annotations

import hashlib

import pytest

from media.images import Variant
from media.keys import KeyParts, is_valid_key, parse_key, photo_id_of, public_url, variant_key

DIGEST = "0123456789abcdef" * 2
KEY = f"photos/7305152312345678901/large-{DIGEST}.jpg"


def test_a_key_names_the_photo_the_variant_and_the_content() -> None:
    variant = Variant("medium", 640, 480, b"jpeg bytes")

    key = variant_key(42, variant)

    assert key == f"photos/42/medium-{hashlib.sha256(b'jpeg bytes').hexdigest()[:32]}.jpg"
    assert parse_key(key) == KeyParts(42, "medium", hashlib.sha256(b"jpeg bytes").hexdigest()[:32])


def test_the_same_bytes_of_two_photos_are_two_objects_and_new_bytes_a_new_key() -> None:
    variant = Variant("thumb", 320, 240, b"same")

    assert variant_key(1, variant) != variant_key(2, variant)
    assert variant_key(1, variant) != variant_key(1, Variant("thumb", 320, 240, b"other"))


def test_photo_id_of_reads_the_id_back() -> None:
    assert photo_id_of(KEY) == 7305152312345678901
    assert is_valid_key(KEY)


@pytest.mark.parametrize(
    "key",
    [
        "",
        "../../etc/passwd",
        "/etc/passwd",
        f"/{KEY}",
        f"{KEY}/",
        f"{KEY}\n",
        f"{KEY}/../../../etc/passwd",
        f"photos/1/../1/large-{DIGEST}.jpg",
        f"photos/1/./large-{DIGEST}.jpg",
        f"photos//1/large-{DIGEST}.jpg",
        f"photos\\1\\large-{DIGEST}.jpg",
        f"photos/%2e%2e/large-{DIGEST}.jpg",
        f"photos/01/large-{DIGEST}.jpg",
        f"photos/0/large-{DIGEST}.jpg",
        f"photos/-1/large-{DIGEST}.jpg",
        f"photos/١٢/large-{DIGEST}.jpg",  # Arabic-Indic digits are digits to int() and to \d
        f"photos/{'9' * 21}/large-{DIGEST}.jpg",
        f"photos/1/original-{DIGEST}.jpg",
        f"photos/1/large-{DIGEST.upper()}.jpg",
        f"photos/1/large-{DIGEST[:-1]}.jpg",
        f"photos/1/large-{DIGEST}0.jpg",
        f"photos/1/large-{DIGEST}.png",
        f"photos/1/large-{DIGEST}.jpg\x00.txt",
        f"other/1/large-{DIGEST}.jpg",
    ],
)
def test_anything_else_is_not_a_key(key: str) -> None:
    assert parse_key(key) is None
    assert photo_id_of(key) is None
    assert not is_valid_key(key)


@pytest.mark.parametrize("base", ["/media", "/media/", "https://cdn.example.com/", "https://cdn.example.com/i"])
def test_public_urls_join_the_base_and_the_key_with_one_slash(base: str) -> None:
    assert public_url(base, KEY) == base.rstrip("/") + "/" + KEY
