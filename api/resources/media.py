"""Image files from the local media store at ``/media/{key}``: the embedded deployment's CDN."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

import falcon

from api.operations import operation
from api.ratelimit import UNLIMITED
from media.keys import IMMUTABLE, parse_key
from media.local import LocalMediaStore


class MediaFiles:
    """``/media/{key}``: the bytes of one variant. Keys never change, so every answer may be cached forever."""

    rate_limit = UNLIMITED  # the embedded stand-in for the CDN, which limits no one

    def __init__(self, store: LocalMediaStore) -> None:
        self._store = store

    @operation(
        responses={
            200: {
                "description": "The JPEG, with a strong ETag; cacheable for a year.",
                "headers": {
                    "ETag": {"schema": {"type": "string"}},
                    "Cache-Control": {"schema": {"type": "string", "examples": [IMMUTABLE]}},
                },
                "content": {falcon.MEDIA_JPEG: {"schema": {"type": "string", "format": "binary"}}},
            },
            304: "The copy named in If-None-Match is the current one (it always is; keys are immutable).",
        },
        errors={404: "No image under that key."},
    )
    def on_get(self, req: falcon.Request, resp: falcon.Response, key: str) -> None:
        """The bytes of an image variant (a URL from a photo's media); immutable."""
        path = self._answer_headers(req, resp, key)
        if path is not None:
            with _gone_is_not_found():
                stream = path.open("rb")
            resp.set_stream(stream, os.fstat(stream.fileno()).st_size)

    @operation(
        responses={
            200: "The JPEG is there; Content-Length gives its size.",
            304: "The copy named in If-None-Match is the current one.",
        },
        errors={404: "No image under that key."},
    )
    def on_head(self, req: falcon.Request, resp: falcon.Response, key: str) -> None:
        """What GET would answer, without the body."""
        path = self._answer_headers(req, resp, key)
        if path is not None:
            with _gone_is_not_found():
                resp.content_length = path.stat().st_size

    def _answer_headers(self, req: falcon.Request, resp: falcon.Response, key: str) -> Path | None:
        """Set the caching headers of ``key``; its file when the body is due, ``None`` for a 304.

        Raises:
            falcon.HTTPNotFound: ``key`` is not one of ours (no path is ever built from it) or has no file.
        """
        path = self._store.path_of(key)
        if path is None or not path.is_file():
            raise falcon.HTTPNotFound()
        digest = parse_key(key).digest  # the content's hash: a strong validator
        resp.etag = digest
        resp.set_header("Cache-Control", IMMUTABLE)
        if _matches(req.if_none_match, digest):
            resp.status = falcon.HTTP_304
            return None
        resp.content_type = falcon.MEDIA_JPEG
        return path


def _matches(if_none_match: list[falcon.ETag | str] | None, etag: str) -> bool:
    # Falcon parses the header into unquoted tags (W/ remembered apart); If-None-Match compares weakly.
    return bool(if_none_match) and ("*" in if_none_match or etag in if_none_match)


@contextlib.contextmanager
def _gone_is_not_found() -> Iterator[None]:
    try:
        yield
    except FileNotFoundError:  # deleted since it was looked up
        raise falcon.HTTPNotFound() from None
