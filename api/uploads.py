"""Photo uploads at the edge: a ``multipart/form-data`` body read part by part, never held whole.

Falcon's own multipart handler parses the body as a stream. The ``image``
part is copied into a spooled temporary file (in memory while small, on disk
beyond :data:`SPOOL_IN_MEMORY_BYTES`) and counted as it is copied: past the
upload limit the request ends with 413 at once, whatever ``Content-Length``
said (or did not say, for a chunked body). Text parts are small by
construction (Falcon buffers at most 1 MiB of a part read as text).
"""

from __future__ import annotations

import dataclasses
import tempfile
from typing import IO, Any

import falcon

from api.errors import Problem

SPOOL_IN_MEMORY_BYTES = 4 * 1024 * 1024
IMAGE_PART = "image"
_CHUNK_BYTES = 256 * 1024


@dataclasses.dataclass
class PhotoForm:
    """The parts of an upload: the image (``None`` when missing) and the text fields by name."""

    image: IO[bytes] | None
    fields: dict[str, Any]

    @property
    def parts(self) -> dict[str, Any]:
        """Every part by name, the image (a file) among them when there is one."""
        return {**self.fields, **({IMAGE_PART: self.image} if self.image is not None else {})}

    def close(self) -> None:
        if self.image is not None:
            self.image.close()


def read_photo_form(req: falcon.Request, max_image_bytes: int) -> PhotoForm:
    """The parts of a ``multipart/form-data`` upload.

    Raises:
        Problem: 415 for any other body type; 413 when the image part is over ``max_image_bytes``.
        falcon.MediaMalformedError: the multipart body is broken (400).
    """
    if req.content_type is None or not req.content_type.lower().startswith(falcon.MEDIA_MULTIPART):
        raise Problem(415, f"Send the photo as {falcon.MEDIA_MULTIPART} with an '{IMAGE_PART}' part.")
    form = PhotoForm(image=None, fields={})
    try:
        for part in req.get_media():
            if part.name == IMAGE_PART and form.image is None:
                form.image = _spooled(part.stream, max_image_bytes)
            else:  # a second image is a field the schema refuses, like any unknown part
                form.fields[part.name] = part.text
    except BaseException:
        form.close()
        raise
    return form


def _spooled(stream: IO[bytes], max_bytes: int) -> IO[bytes]:
    """``stream`` copied into a spooled temporary file, refusing it as soon as it is over ``max_bytes``."""
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY_BYTES)
    copied = 0
    while chunk := stream.read(_CHUNK_BYTES):
        copied += len(chunk)
        if copied > max_bytes:
            spool.close()
            raise Problem(413, f"The image is over {max_bytes:,} bytes, the most accepted.")
        spool.write(chunk)
    spool.seek(0)
    return spool


def body_limit(max_image_bytes: int) -> int:
    """The whole body's byte limit: the image's plus room for the text parts and multipart framing."""
    return max_image_bytes + 64 * 1024

