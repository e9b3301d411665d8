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

from social import accounts
from social.pagination import DEFAULT_LIMIT, MAX_LIMIT

_STRICT_BOOLEAN = {"truthy": {True}, "falsy": {False}}


class SignUpSchema(Schema):
    """``POST /v1/accounts``."""

    username = fields.String(required=True, validate=validate.Length(min=1, max=30))
    password = fields.String(
        required=True,
        load_only=True,
        validate=validate.Length(min=accounts.MIN_PASSWORD_LENGTH, max=accounts.MAX_PASSWORD_LENGTH),
    )
    display_name = fields.String(validate=validate.Length(max=accounts.MAX_DISPLAY_NAME_LENGTH))
    bio = fields.String(validate=validate.Length(max=accounts.MAX_BIO_LENGTH))
    private = fields.Boolean(**_STRICT_BOOLEAN)


class LogInSchema(Schema):
    """``POST /v1/sessions``."""

    username = fields.String(required=True, validate=validate.Length(min=1, max=30))
    password = fields.String(required=True, load_only=True, validate=validate.Length(min=1, max=accounts.MAX_PASSWORD_LENGTH))


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
