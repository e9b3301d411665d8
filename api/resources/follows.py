"""Follows, follow requests, blocks and user lists."""

from __future__ import annotations

from collections.abc import Callable

import falcon

from api.auth import viewer_id
from api.operations import operation
from api.resources import CONTENT_ERRORS, Resource, dump
from api.schemas import FollowStateSchema, PageQuery, UserPageSchema
from social import blocks, follows
from social.cards import Card
from social.context import Context
from social.pagination import Page


class Follow(Resource):
    """``/v1/users/{username}/follow``."""

    @operation(
        auth=True,
        responses={200: FollowStateSchema},
        errors={404: "No such user, or a block either way.", 422: "You cannot follow yourself."},
    )
    def on_post(self, req: falcon.Request, resp: falcon.Response, username: str) -> None:
        """Follow (public account) or ask to follow (private account); idempotent."""
        state = follows.follow(self._context, req.context.viewer.id, username)
        resp.media = dump(FollowStateSchema, {"state": state})

    @operation(auth=True, responses={204: "Not following any more."}, errors={404: "No such user, or a block either way."})
    def on_delete(self, req: falcon.Request, resp: falcon.Response, username: str) -> None:
        """Unfollow, or withdraw a pending request; idempotent."""
        follows.unfollow(self._context, req.context.viewer.id, username)
        resp.status = falcon.HTTP_204


class Follower(Resource):
    """``/v1/users/{username}/follower``."""

    @operation(auth=True, responses={204: "They do not follow me any more."}, errors={404: "No such user."})
    def on_delete(self, req: falcon.Request, resp: falcon.Response, username: str) -> None:
        """Remove that user from my followers; idempotent."""
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

    @operation(
        query=PageQuery,
        responses={200: UserPageSchema},
        errors=CONTENT_ERRORS,
    )
    def on_get(self, req: falcon.Request, resp: falcon.Response, username: str, query: dict) -> None:
        """A user's followers / followings, newest first.

        Private account, 403 unless the viewer is the owner or an approved follower; 404 across a block.
        """
        page = self._list_users(self._context, viewer_id(req), username, **query)
        resp.media = dump(UserPageSchema, page)


class FollowRequests(Resource):
    """``/v1/me/follow-requests`` and ``…/{username}/approve|deny``."""

    @operation(auth=True, query=PageQuery, responses={200: UserPageSchema})
    def on_get(self, req: falcon.Request, resp: falcon.Response, query: dict) -> None:
        """Pending incoming follow requests, oldest first."""
        page = follows.follow_requests(self._context, req.context.viewer.id, **query)
        resp.media = dump(UserPageSchema, page)

    @operation(auth=True, responses={200: FollowStateSchema}, errors={404: "No such request."})
    def on_post_approve(self, req: falcon.Request, resp: falcon.Response, username: str) -> None:
        """Approve a request; the requester now follows me."""
        state = follows.approve_request(self._context, req.context.viewer.id, username)
        resp.media = dump(FollowStateSchema, {"state": state})

    @operation(auth=True, responses={204: "Denied."}, errors={404: "No such user."})
    def on_post_deny(self, req: falcon.Request, resp: falcon.Response, username: str) -> None:
        """Deny a request; it is gone."""
        follows.deny_request(self._context, req.context.viewer.id, username)
        resp.status = falcon.HTTP_204


class Block(Resource):
    """``/v1/users/{username}/block``."""

    @operation(
        auth=True,
        responses={204: "Blocked."},
        errors={404: "No such user.", 422: "You cannot block yourself."},
    )
    def on_post(self, req: falcon.Request, resp: falcon.Response, username: str) -> None:
        """Block; removes follows and requests both ways and hides each from the other."""
        blocks.block(self._context, req.context.viewer.id, username)
        resp.status = falcon.HTTP_204

    @operation(auth=True, responses={204: "Not blocked any more."}, errors={404: "No such user."})
    def on_delete(self, req: falcon.Request, resp: falcon.Response, username: str) -> None:
        """Lift my block; idempotent."""
        blocks.unblock(self._context, req.context.viewer.id, username)
        resp.status = falcon.HTTP_204
