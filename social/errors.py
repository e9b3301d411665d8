"""What a rule can refuse. ``api/errors.py`` maps each to one HTTP status."""

from __future__ import annotations


class SocialError(Exception):
    """Base class: a user action was refused; nothing was stored."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class NotFound(SocialError):
    """No such thing, or the viewer may not know it exists (a block hides it)."""


class NotPermitted(SocialError):
    """The viewer is known but may not do or see this (``detail`` says why)."""


class Unauthenticated(SocialError):
    """The action needs a logged-in viewer, or the credentials are wrong."""


class Conflict(SocialError):
    """The action clashes with what exists (a username already taken)."""


class Invalid(SocialError):
    """The input breaks a rule; ``errors`` maps field names to messages."""

    def __init__(self, errors: dict[str, list[str]], detail: str = "The request is not valid.") -> None:
        super().__init__(detail)
        self.errors = errors


class Throttled(SocialError):
    """Too many attempts; try again after ``retry_after`` seconds."""

    def __init__(self, detail: str, retry_after: int) -> None:
        super().__init__(detail)
        self.retry_after = retry_after


class BadCursor(SocialError):
    """A paging cursor that this service did not make (garbage or tampered with)."""
