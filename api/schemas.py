"""Marshmallow schemas: what a request may hold, and how answers are shaped.

Load schemas validate what comes in (unknown body fields are refused, unknown
query parameters ignored); dump schemas shape what goes out (ids as strings, as
API.md says). They are what :mod:`api.operations` declares for each operation,
so what the server checks is what ``/openapi.json`` publishes: every rule is
written so that JSON Schema reads it as marshmallow does (patterns match whole
values, booleans are JSON booleans). The rules themselves (username format,
password length) live in ``social``; these schemas point at them so the two
cannot drift.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from marshmallow import EXCLUDE, Schema, ValidationError, fields, post_load, validate

from graph.ids import MAX_ID
from social import accounts, comments, photos, search, sessions
from social.pagination import DEFAULT_LIMIT, MAX_LIMIT


class FullMatch(validate.Regexp):
    """A pattern the whole value must match, published as the JSON Schema ``pattern``.

    marshmallow's ``Regexp`` matches at the start only, and Python's ``$`` also
    matches before a final newline, so ``"ann\\n"`` would pass it but not JSON Schema.
    """

    def __call__(self, value: str) -> str:
        if self.regex.fullmatch(value) is None:
            raise ValidationError(self._format_error(value))
        return value


class StrictBoolean(fields.Boolean):
    """A JSON ``true`` or ``false`` and nothing else (marshmallow's own takes ``0``, ``"yes"``, ``"on"``…)."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> bool:
        if not isinstance(value, bool):
            raise self.make_error("invalid", input=value)
        return value


TIMESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
"""ISO 8601 UTC, as API.md shows it (the graph stores naive UTC)."""


class Timestamp(fields.DateTime):
    """An instant in :data:`TIMESTAMP_FORMAT`, published as a ``date-time`` string."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format=TIMESTAMP_FORMAT, **kwargs)

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> str | None:
        """The graph's naive UTC instants by ``isoformat``, a third of ``strftime``'s cost (20 per page of
        photos): the same text for a year of four digits; anything else as marshmallow formats it."""
        if value.__class__ is datetime and value.tzinfo is None and value.year >= 1000:
            return value.isoformat(timespec="seconds") + "Z"
        return super()._serialize(value, attr, obj, **kwargs)


USERNAME_PATTERN = r"^[A-Za-z0-9._]{1,30}$"
"""A username as given: the rule of :data:`social.accounts.USERNAME_PATTERN`, upper-case letters
allowed since usernames are stored (and found) lower-case."""
_USERNAME = FullMatch(USERNAME_PATTERN, error=f"{accounts.USERNAME_RULE} (Upper-case letters are taken as lower-case.)")
ID_PATTERN = r"^[1-9][0-9]{0,18}$"
"""An id as clients see it (a positive 64-bit integer as a string)."""
_NEW_PASSWORD = validate.Length(min=accounts.MIN_PASSWORD_LENGTH, max=accounts.MAX_PASSWORD_LENGTH)
"""The rule of a password being chosen (sign-up, a change); one being checked may be any length up to the max."""
_GIVEN_PASSWORD = validate.Length(min=1, max=accounts.MAX_PASSWORD_LENGTH)


def _an_id(value: str) -> None:
    if re.fullmatch(ID_PATTERN, value) and int(value) > MAX_ID:
        raise ValidationError(f"Not an id (at most {MAX_ID}).")


# -- what requests carry ------------------------------------------------------------------------

PAGING_PARAMETERS = ("limit", "cursor")
"""Where a page of a list starts and how long it is; a bad one is a malformed request (400), not a 422."""


MAX_CURSOR_LENGTH = 64
"""Longer than any cursor the server makes (about 45 characters), short enough to keep URLs well within what
the HTTP server reads (gunicorn answers a longer request line itself, in HTML)."""


class PageQuery(Schema):
    """``?limit=&cursor=`` of every list (API.md)."""

    class Meta:
        unknown = EXCLUDE

    limit = fields.Integer(
        load_default=DEFAULT_LIMIT,
        validate=validate.Range(min=1, max=MAX_LIMIT),
        metadata={"description": "How many items at most."},
    )
    cursor = fields.String(
        validate=validate.Length(min=1, max=MAX_CURSOR_LENGTH),
        metadata={"description": "``next_cursor`` of the previous page; only the server makes cursors."},
    )

    @post_load
    def _from_the_start(self, data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        """No cursor: the list's start (a ``load_default`` of ``None`` would publish ``default: null``)."""
        return {"cursor": None, **data}


class SearchQuery(Schema):
    """``?q=&limit=`` of ``GET /v1/search``."""

    class Meta:
        unknown = EXCLUDE

    q = fields.String(
        required=True,
        validate=[
            validate.Length(min=1, max=search.MAX_QUERY_LENGTH, error=search.QUERY_RULE),
            FullMatch(search.QUERY_PATTERN.pattern + ".*", error=search.QUERY_RULE, flags=re.DOTALL),
        ],
        metadata={"description": "The text to look for; a leading ``@`` or ``#`` is ignored."},
    )
    limit = PageQuery._declared_fields["limit"]


class IdempotencyHeaderSchema(Schema):
    """The ``Idempotency-Key`` header of a retryable operation (API.md)."""

    class Meta:
        unknown = EXCLUDE

    key = fields.String(
        data_key="Idempotency-Key",
        validate=[validate.Length(min=1, max=255), FullMatch(r"^[\x20-\x7e]+$", error="1 to 255 printable characters.")],
        metadata={
            "description": (
                "Makes a retry safe: a retry with the same key by the same caller within 24 hours answers what "
                "the first request answered and creates nothing new."
            )
        },
    )


class SignUpSchema(Schema):
    """``POST /v1/accounts``."""

    username = fields.String(required=True, validate=_USERNAME)
    password = fields.String(required=True, load_only=True, validate=_NEW_PASSWORD)
    display_name = fields.String(validate=validate.Length(max=accounts.MAX_DISPLAY_NAME_LENGTH))
    bio = fields.String(validate=validate.Length(max=accounts.MAX_BIO_LENGTH))
    private = StrictBoolean()


class LogInSchema(Schema):
    """``POST /v1/sessions``."""

    username = fields.String(required=True, validate=_USERNAME)
    password = fields.String(required=True, load_only=True, validate=_GIVEN_PASSWORD)


class PatchMeSchema(Schema):
    """``PATCH /v1/me``: any of the fields; an absent field keeps its value."""

    display_name = fields.String(validate=validate.Length(max=accounts.MAX_DISPLAY_NAME_LENGTH))
    bio = fields.String(validate=validate.Length(max=accounts.MAX_BIO_LENGTH))
    private = StrictBoolean()


class CountsSchema(Schema):
    """How many photos, followers and followings a user has."""

    photos = fields.Integer()
    followers = fields.Integer()
    following = fields.Integer()


class RelationshipSchema(Schema):
    """How the viewer relates to a user (viewer → user)."""

    following = fields.Boolean()
    requested = fields.Boolean()
    followed_by = fields.Boolean()
    blocking = fields.Boolean()


class UserSchema(Schema):
    """A user's public card; ``relationship`` only when a token was given."""

    id = fields.String()
    username = fields.String()
    display_name = fields.String()
    bio = fields.String()
    private = fields.Boolean()
    counts = fields.Nested(CountsSchema)
    relationship = fields.Nested(RelationshipSchema)


class SessionSchema(Schema):
    """A new session: the bearer token (shown once) and the user."""

    token = fields.String()
    user = fields.Nested(UserSchema)


class ChangePasswordSchema(Schema):
    """``POST /v1/me/password``."""

    current_password = fields.String(required=True, load_only=True, validate=_GIVEN_PASSWORD)
    new_password = fields.String(
        required=True,
        load_only=True,
        validate=_NEW_PASSWORD,
        metadata={"description": f"The rule of sign-up: {accounts.PASSWORD_RULE}"},
    )


class FollowStateSchema(Schema):
    """Where a follow stands: ``following`` or ``requested``."""

    state = fields.String(validate=validate.OneOf(["following", "requested"]))


class UserPageSchema(Schema):
    """A page of user cards."""

    items = fields.List(fields.Nested(UserSchema))
    next_cursor = fields.String(allow_none=True)


class OpenSessionSchema(Schema):
    """One of my sessions (never its token)."""

    id = fields.String()
    created_at = Timestamp(metadata={"description": "When it logged in."})
    last_used_at = Timestamp(metadata={"description": "Its last request, true to the hour."})
    client = fields.String(
        metadata={
            "description": (
                f"The User-Agent it logged in with (at most {sessions.MAX_CLIENT_LENGTH} characters; empty if none)."
            )
        }
    )
    current = fields.Boolean(metadata={"description": "The session this request came through."})


class OpenSessionPageSchema(Schema):
    """A page of my sessions."""

    items = fields.List(fields.Nested(OpenSessionSchema))
    next_cursor = fields.String(allow_none=True)


# -- photos, comments, likes, hashtags ----------------------------------------------------------

class OwnerSchema(Schema):
    """Who posted or wrote something: ``{"id", "username"}``."""

    id = fields.String()
    username = fields.String()


class MediaVariantSchema(Schema):
    """One stored size of a photo."""

    url = fields.String(metadata={"description": "Immutable: cache it forever."})
    width = fields.Integer()
    height = fields.Integer()


class MediaSchema(Schema):
    """A photo's sizes: ``large`` 1080, ``medium`` 640, ``thumb`` 320 px wide (never upscaled), progressive JPEG."""

    large = fields.Nested(MediaVariantSchema)
    medium = fields.Nested(MediaVariantSchema)
    thumb = fields.Nested(MediaVariantSchema)


class PhotoSchema(Schema):
    """A photo as the viewer sees it."""

    id = fields.String()
    owner = fields.Nested(OwnerSchema)
    caption = fields.String()
    alt_text = fields.String()
    hashtags = fields.List(fields.String(), metadata={"description": "Case-folded names, in caption order."})
    mentions = fields.List(fields.String(), metadata={"description": "Usernames the caption links to."})
    created_at = Timestamp()
    media = fields.Nested(MediaSchema)
    blurhash = fields.String(metadata={"description": "A blurred placeholder to paint before the image arrives."})
    like_count = fields.Integer()
    comment_count = fields.Integer()
    liked_by_me = fields.Boolean()


class PhotoPageSchema(Schema):
    """A page of photos."""

    items = fields.List(fields.Nested(PhotoSchema))
    next_cursor = fields.String(allow_none=True)


class PatchPhotoSchema(Schema):
    """The text parts of a photo: its caption (hashtags and mentions come from it) and alt text."""

    caption = fields.String(validate=validate.Length(max=photos.MAX_CAPTION_LENGTH))
    alt_text = fields.String(validate=validate.Length(max=photos.MAX_ALT_TEXT_LENGTH))


class PhotoUploadSchema(PatchPhotoSchema):
    """``POST /v1/photos`` (``multipart/form-data``): the image part and the text parts."""

    image = fields.Raw(
        required=True,
        load_only=True,
        metadata={
            "type": "string",
            "format": "binary",
            "description": "JPEG, PNG or WebP, recognised by its content.",
        },
    )


class CommentSchema(Schema):
    """A comment as the viewer sees it."""

    id = fields.String()
    photo_id = fields.String()
    author = fields.Nested(OwnerSchema)
    text = fields.String()
    hashtags = fields.List(fields.String())
    mentions = fields.List(fields.String())
    reply_to = fields.String(allow_none=True, metadata={"description": "The thread's opening comment, or null."})
    created_at = Timestamp()
    like_count = fields.Integer()
    liked_by_me = fields.Boolean()


class CommentPageSchema(Schema):
    """A page of comments."""

    items = fields.List(fields.Nested(CommentSchema))
    next_cursor = fields.String(allow_none=True)


class NewCommentSchema(Schema):
    """``POST /v1/photos/{id}/comments``."""

    text = fields.String(required=True, validate=validate.Length(min=1, max=comments.MAX_COMMENT_LENGTH))
    reply_to = fields.String(
        allow_none=True,
        validate=[FullMatch(ID_PATTERN, error="Not a comment id."), _an_id],
        metadata={"description": "A comment on the same photo; a reply to a reply joins that comment's thread."},
    )


class HashtagSchema(Schema):
    """A hashtag and how many photos carry it."""

    name = fields.String()
    photo_count = fields.Integer()


class NotificationCommentSchema(Schema):
    """The comment a notification is about."""

    id = fields.String()
    text = fields.String()


class NotificationSchema(Schema):
    """Something another account did to me or my things."""

    type = fields.String(
        validate=validate.OneOf(["like", "comment", "mention", "follow", "follow_request", "follow_approved"])
    )
    actor = fields.Nested(OwnerSchema)
    photo = fields.Nested(PhotoSchema, metadata={"description": "For like, comment and mention."})
    comment = fields.Nested(NotificationCommentSchema, metadata={"description": "When it is about a comment."})
    created_at = Timestamp()


class NotificationPageSchema(Schema):
    """A page of notifications."""

    items = fields.List(fields.Nested(NotificationSchema))
    next_cursor = fields.String(allow_none=True)


# -- discovery ----------------------------------------------------------------------------------


class SuggestionSchema(Schema):
    """Someone I may know, and why."""

    user = fields.Nested(UserSchema)
    mutual_count = fields.Integer(
        metadata={"description": "How many of the accounts I followed most recently follow them."}
    )
    reason = fields.String(metadata={"examples": ["Followed by ann", "Followed by ann and 2 others"]})


class SuggestionPageSchema(Schema):
    """A page of people I may know."""

    items = fields.List(fields.Nested(SuggestionSchema))
    next_cursor = fields.String(allow_none=True)


class ExplorePhotoSchema(PhotoSchema):
    """A photo on the explore page, and why it is there."""

    reason = fields.String(
        metadata={"examples": ["Liked by ann", "Liked by ann and 2 others you follow", "Popular now", "New"]}
    )


class ExplorePageSchema(Schema):
    """A page of the explore page's photos."""

    items = fields.List(fields.Nested(ExplorePhotoSchema))
    next_cursor = fields.String(allow_none=True)


class SearchResultSchema(Schema):
    """What a search found: accounts and hashtags, each list at most ``limit`` long."""

    users = fields.List(fields.Nested(UserSchema))
    hashtags = fields.List(fields.Nested(HashtagSchema))
