"""Marshmallow schemas: what a request body may hold, and how answers are shaped.

Load schemas validate JSON coming in (unknown fields are refused); dump schemas
shape what goes out (ids as strings, as API.md says). The rules themselves
(username format, password length) live in :mod:`social.accounts`; these
schemas point at them so the two cannot drift.
"""

from __future__ import annotations

from typing import Any

import falcon
from marshmallow import Schema, fields, validate

from social import accounts, comments, photos, sessions
from social.pagination import DEFAULT_LIMIT, MAX_LIMIT

_STRICT_BOOLEAN = {"truthy": {True}, "falsy": {False}}
_NEW_PASSWORD = validate.Length(min=accounts.MIN_PASSWORD_LENGTH, max=accounts.MAX_PASSWORD_LENGTH)
"""The rule of a password being chosen (sign-up, a change); one being checked may be any length up to the max."""
_GIVEN_PASSWORD = validate.Length(min=1, max=accounts.MAX_PASSWORD_LENGTH)


class SignUpSchema(Schema):
    """``POST /v1/accounts``."""

    username = fields.String(required=True, validate=validate.Length(min=1, max=30))
    password = fields.String(required=True, load_only=True, validate=_NEW_PASSWORD)
    display_name = fields.String(validate=validate.Length(max=accounts.MAX_DISPLAY_NAME_LENGTH))
    bio = fields.String(validate=validate.Length(max=accounts.MAX_BIO_LENGTH))
    private = fields.Boolean(**_STRICT_BOOLEAN)


class LogInSchema(Schema):
    """``POST /v1/sessions``."""

    username = fields.String(required=True, validate=validate.Length(min=1, max=30))
    password = fields.String(required=True, load_only=True, validate=_GIVEN_PASSWORD)


class PatchMeSchema(Schema):
    """``PATCH /v1/me``: any of the fields; an absent field keeps its value."""

    display_name = fields.String(validate=validate.Length(max=accounts.MAX_DISPLAY_NAME_LENGTH))
    bio = fields.String(validate=validate.Length(max=accounts.MAX_BIO_LENGTH))
    private = fields.Boolean(**_STRICT_BOOLEAN)


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


def load(schema: type[Schema], req: falcon.Request) -> dict[str, Any]:
    """The request's JSON body validated by ``schema``.

    Raises:
        falcon.MediaNotFoundError / falcon.MediaMalformedError: no body, or not JSON (400).
        marshmallow.ValidationError: the body breaks the schema (422).
    """
    return schema().load(req.get_media())


class FollowStateSchema(Schema):
    """Where a follow stands: ``following`` or ``requested``."""

    state = fields.String(validate=validate.OneOf(["following", "requested"]))


class UserPageSchema(Schema):
    """A page of user cards."""

    items = fields.List(fields.Nested(UserSchema))
    next_cursor = fields.String(allow_none=True)


def page_params(req: falcon.Request) -> dict[str, Any]:
    """``limit`` (1–100, default 20) and ``cursor`` from the query string.

    Raises:
        falcon.HTTPInvalidParam: ``limit`` is not a whole number within bounds (400).
    """
    return {
        "limit": req.get_param_as_int("limit", min_value=1, max_value=MAX_LIMIT, default=DEFAULT_LIMIT),
        "cursor": req.get_param("cursor"),
    }


TIMESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
"""ISO 8601 UTC, as API.md shows it (the graph stores naive UTC)."""


class OpenSessionSchema(Schema):
    """One of my sessions (never its token)."""

    id = fields.String()
    created_at = fields.DateTime(format=TIMESTAMP_FORMAT, metadata={"description": "When it logged in."})
    last_used_at = fields.DateTime(format=TIMESTAMP_FORMAT, metadata={"description": "Its last request, true to the hour."})
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

_ID_PATTERN = r"^[1-9][0-9]{0,18}$"


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
    created_at = fields.DateTime(format=TIMESTAMP_FORMAT)
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
    created_at = fields.DateTime(format=TIMESTAMP_FORMAT)
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
        validate=validate.Regexp(_ID_PATTERN, error="Not a comment id."),
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
    created_at = fields.DateTime(format=TIMESTAMP_FORMAT)


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
