"""Media store keys: one immutable key per variant, naming its photo and its content.

A key is ``photos/<photo_id>/<variant>-<first 32 hex digits of sha256(data)>.jpg``.

The photo id is in the key so that two photos never share an object, even when
they are the same picture: deleting one photo's media never breaks another, and
``instagraph media sweep`` checks each key with one primary-key lookup of its
photo. The hash is in the key so that the bytes under a key never change: a CDN
and browsers may cache them forever, and new bytes always get a new key.
"""

from __future__ import annotations

import hashlib
import re
from typing import NamedTuple

from media.images import VARIANT_WIDTHS, Variant

IMMUTABLE = "public, max-age=31536000, immutable"
"""``Cache-Control`` for every object: its key's bytes never change, so caches may keep it for a year."""

_DIGEST_LENGTH = 32
_KEY = re.compile(
    rf"photos/(?P<photo_id>[1-9][0-9]{{0,19}})/(?P<variant>{'|'.join(VARIANT_WIDTHS)})"
    rf"-(?P<digest>[0-9a-f]{{{_DIGEST_LENGTH}}})\.jpg"
)
"""Exactly the keys :func:`variant_key` makes: ASCII digits without leading zeros, no other path segment."""


class KeyParts(NamedTuple):
    """What a key names."""

    photo_id: int
    variant: str
    digest: str
    """The first 32 hex digits of the SHA-256 of the bytes stored under the key."""


def variant_key(photo_id: int, variant: Variant) -> str:
    """The key ``variant`` of photo ``photo_id`` is stored under."""
    digest = hashlib.sha256(variant.data).hexdigest()[:_DIGEST_LENGTH]
    return f"photos/{photo_id}/{variant.name}-{digest}.jpg"


def parse_key(key: str) -> KeyParts | None:
    """What ``key`` names, or ``None`` when it is not a key :func:`variant_key` makes."""
    found = _KEY.fullmatch(key)
    if found is None:
        return None
    return KeyParts(int(found["photo_id"]), found["variant"], found["digest"])


def is_valid_key(key: str) -> bool:
    """Whether ``key`` is one of ours; nothing else may become a path (no ``..``, no absolute paths)."""
    return parse_key(key) is not None


def photo_id_of(key: str) -> int | None:
    """The id of the photo ``key`` belongs to, or ``None`` for a key that is not ours."""
    parts = parse_key(key)
    return parts.photo_id if parts else None


def public_url(public_base: str, key: str) -> str:
    """Where clients fetch ``key``: under the public base (a CDN, or ``/media`` served by the API)."""
    return f"{public_base.rstrip('/')}/{key}"
