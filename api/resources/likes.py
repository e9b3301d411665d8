"""Likes of photos and comments: one resource, given the rules' like and unlike actions."""

from __future__ import annotations

from collections.abc import Callable

import falcon

from api.auth import login_required
from api.resources import Resource
from social.context import Context

LikeAction = Callable[[Context, int, int], None]


class Like(Resource):
    """``/v1/photos/{photo_id}/like`` or ``/v1/comments/{comment_id}/like``.

    Args:
        like / unlike: :func:`social.likes.like_photo` and ``unlike_photo``, or the comment pair.
    """

    def __init__(self, context: Context, like: LikeAction, unlike: LikeAction) -> None:
        super().__init__(context)
        self._like = like
        self._unlike = unlike

    @falcon.before(login_required)
    def on_post(self, req: falcon.Request, resp: falcon.Response, **route: int) -> None:
        """Like it.
        ---
        summary: Like it; idempotent
        security: [{bearerAuth: []}]
        responses:
          204:
            description: Liked.
          404:
            description: Nothing with that id, or the viewer may not see it.
        """
        self._like(self._context, req.context.viewer.id, *route.values())
        resp.status = falcon.HTTP_204

    @falcon.before(login_required)
    def on_delete(self, req: falcon.Request, resp: falcon.Response, **route: int) -> None:
        """Take back a like.
        ---
        summary: Take back a like; idempotent
        security: [{bearerAuth: []}]
        responses:
          204:
            description: Not liked.
          404:
            description: Nothing with that id, or the viewer may not see it.
        """
        self._unlike(self._context, req.context.viewer.id, *route.values())
        resp.status = falcon.HTTP_204
