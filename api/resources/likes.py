"""Likes of photos and comments: one resource, given the rules' like and unlike actions."""

from __future__ import annotations

from collections.abc import Callable

import falcon

from api.operations import operation
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

    @operation(auth=True, responses={204: "Liked."}, errors={404: "Nothing with that id, or the viewer may not see it."})
    def on_post(self, req: falcon.Request, resp: falcon.Response, **route: int) -> None:
        """Like it; idempotent."""
        self._like(self._context, req.context.viewer.id, *route.values())
        resp.status = falcon.HTTP_204

    @operation(auth=True, responses={204: "Not liked."}, errors={404: "Nothing with that id, or the viewer may not see it."})
    def on_delete(self, req: falcon.Request, resp: falcon.Response, **route: int) -> None:
        """Take back a like; idempotent."""
        self._unlike(self._context, req.context.viewer.id, *route.values())
        resp.status = falcon.HTTP_204
