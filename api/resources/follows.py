"""Follows, follow requests, blocks and user lists."""

from __future__ import annotations

from collections.abc import Callable

import falcon

from api.auth import login_required, viewer_id
from api.resources import Resource, schema
from api.schemas import FollowStateSchema, UserPageSchema, page_params
from social import blocks, follows
from social.cards import Card
from social.context import Context
from social.pagination import Page

class Follow(Resource):
    """``/v1/users/{username}/follow``."""

    @falcon.before(login_required)
    def on_post(self, req: falcon.Request, resp: falcon.Response, username: str) -> None:
        """Follow a user.
        ---
        summary: Follow (public account) or ask to follow (private account); idempotent
        security: [{bearerAuth: []}]
        responses:
          200:
            content:
              application/json:
                schema: FollowStateSchema
          404:
            description: No such user, or a block either way.
          422:
            description: You cannot follow yourself.
        """
        state = follows.follow(self._context, req.context.viewer.id, username)
        resp.media = schema(FollowStateSchema).dump({"state": state})

    @falcon.before(login_required)
    def on_delete(self, req: falcon.Request, resp: falcon.Response, username: str) -> None:
        """Unfollow a user.
        ---
        summary: Unfollow, or withdraw a pending request; idempotent
        security: [{bearerAuth: []}]
        responses:
          204:
            description: Not following any more.
          404:
            description: No such user, or a block either way.
        """
        follows.unfollow(self._context, req.context.viewer.id, username)
        resp.status = falcon.HTTP_204


class Follower(Resource):
    """``/v1/users/{username}/follower``."""

    @falcon.before(login_required)
    def on_delete(self, req: falcon.Request, resp: falcon.Response, username: str) -> None:
        """Remove a follower.
        ---
        summary: Remove that user from my followers; idempotent
        security: [{bearerAuth: []}]
        responses:
          204:
            description: They do not follow me any more.
          404:
            description: No such user.
        """
        follows.remove_follower(self._context, req.context.viewer.id, username)
        resp.status = falcon.HTTP_204


class UserList(Resource):
    """``/v1/users/{username}/followers`` or ``/following``: cards, newest first.

    Args:
        list_users: :func:`social.follows.followers` or :func:`social.follows.following`.
    """

    def __init__(self, context: Context, list_users: Callable[..., Page[Card]]) -> None:
        super().__init__(context)
        self._list_users = list_users

    def on_get(self, req: falcon.Request, resp: falcon.Response, username: str) -> None:
        """A user's followers or followings, newest first.
        ---
        summary: A user's followers / followings, newest first
        description: Private account, 403 unless the viewer is the owner or an approved follower; 404 across a block.
        parameters: [Limit, Cursor]
        responses:
          200:
            content:
              application/json:
                schema: UserPageSchema
          403:
            description: This account is private.
          404:
            description: No such user, or a block either way.
        """
        page = self._list_users(self._context, viewer_id(req), username, **page_params(req))
        resp.media = schema(UserPageSchema).dump(page)


class FollowRequests(Resource):
    """``/v1/me/follow-requests`` and ``…/{username}/approve|deny``."""

    @falcon.before(login_required)
    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        """Pending follow requests to me, oldest first.
        ---
        summary: Pending incoming follow requests, oldest first
        security: [{bearerAuth: []}]
        parameters: [Limit, Cursor]
        responses:
          200:
            content:
              application/json:
                schema: UserPageSchema
        """
        page = follows.follow_requests(self._context, req.context.viewer.id, **page_params(req))
        resp.media = schema(UserPageSchema).dump(page)

    @falcon.before(login_required)
    def on_post_approve(self, req: falcon.Request, resp: falcon.Response, username: str) -> None:
        """Approve a follow request.
        ---
        summary: Approve a request; the requester now follows me
        security: [{bearerAuth: []}]
        responses:
          200:
            content:
              application/json:
                schema: FollowStateSchema
          404:
            description: No such request.
        """
        state = follows.approve_request(self._context, req.context.viewer.id, username)
        resp.media = schema(FollowStateSchema).dump({"state": state})

    @falcon.before(login_required)
    def on_post_deny(self, req: falcon.Request, resp: falcon.Response, username: str) -> None:
        """Deny a follow request.
        ---
        summary: Deny a request; it is gone
        security: [{bearerAuth: []}]
        responses:
          204:
            description: Denied.
          404:
            description: No such user.
        """
        follows.deny_request(self._context, req.context.viewer.id, username)
        resp.status = falcon.HTTP_204


class Block(Resource):
    """``/v1/users/{username}/block``."""

    @falcon.before(login_required)
    def on_post(self, req: falcon.Request, resp: falcon.Response, username: str) -> None:
        """Block a user.
        ---
        summary: Block; removes follows and requests both ways and hides each from the other
        security: [{bearerAuth: []}]
        responses:
          204:
            description: Blocked.
          404:
            description: No such user.
          422:
            description: You cannot block yourself.
        """
        blocks.block(self._context, req.context.viewer.id, username)
        resp.status = falcon.HTTP_204

    @falcon.before(login_required)
    def on_delete(self, req: falcon.Request, resp: falcon.Response, username: str) -> None:
        """Unblock a user.
        ---
        summary: Lift my block; idempotent
        security: [{bearerAuth: []}]
        responses:
          204:
            description: Not blocked any more.
          404:
            description: No such user.
        """
        blocks.unblock(self._context, req.context.viewer.id, username)
        resp.status = falcon.HTTP_204
