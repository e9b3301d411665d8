"""The media store interface: where the variants' bytes live, under immutable keys, and their public URLs."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import TYPE_CHECKING, Protocol
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from instagraph.settings import Settings


@dataclasses.dataclass(frozen=True)
class StoredObject:
    """One object in a media store."""

    key: str
    size: int
    """In bytes."""
    modified: datetime
    """When it was last written, naive UTC."""


class MediaStore(Protocol):
    """Objects under keys of :mod:`media.keys`; the same contract on local disk and on S3."""

    def put(self, key: str, data: bytes, content_type: str = "image/jpeg") -> None:
        """Store ``data`` under ``key``, whole or not at all.

        Raises:
            MediaUnavailable: the store cannot be reached or refused the write.
        """

    def delete(self, keys: Iterable[str]) -> None:
        """Remove the objects under ``keys``; keys with no object are fine (idempotent).

        Raises:
            MediaUnavailable: the store cannot be reached or refused to delete.
        """

    def exists(self, key: str) -> bool:
        """Whether an object is stored under ``key``."""

    def list(self) -> Iterator[StoredObject]:
        """Every object of ours, in no particular order, fetched lazily (in pages from S3)."""

    def url(self, key: str) -> str:
        """The public URL of ``key``: the public base (``INSTAGRAPH_MEDIA_PUBLIC_URL``), a slash, the key."""

    def ping(self) -> None:
        """Raise :class:`~media.errors.MediaUnavailable` when the store cannot be reached or written."""


def open_media_store(settings: Settings) -> MediaStore:
    """The store ``settings.media_url`` names: ``file:///folder`` (local disk) or ``s3://bucket/prefix``.

    Raises:
        ValueError: the URL has another scheme.
    """
    scheme = urlsplit(settings.media_url).scheme
    if scheme == "file":
        from media.local import LocalMediaStore

        return LocalMediaStore.from_settings(settings)
    if scheme == "s3":
        from media.s3 import S3MediaStore  # boto3 is slow to import; the embedded deployment never needs it

        return S3MediaStore.from_settings(settings)
    raise ValueError(
        f"INSTAGRAPH_MEDIA_URL: unsupported scheme {scheme!r} in {settings.media_url!r};"
        " use file:///absolute/folder or s3://bucket/optional/prefix"
    )
