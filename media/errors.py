"""What the media package can refuse or fail at; ``api/errors.py`` maps each to one HTTP status."""

from __future__ import annotations


class MediaError(Exception):
    """Base class; ``detail`` is a sentence about this occurrence, safe to show to a person."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class UnsupportedImage(MediaError):
    """The upload is not a JPEG, PNG or WebP by its content: another image format, or not an image (415)."""


class UndecodableImage(MediaError):
    """The upload is an accepted format but its data is broken: truncated or corrupt (422)."""


class ImageTooLarge(MediaError):
    """The header declares more pixels than allowed, a decompression bomb; refused before decoding (422)."""


class MediaUnavailable(MediaError):
    """The media store cannot be reached or refused to work (503)."""
