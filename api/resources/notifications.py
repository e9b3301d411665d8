"""My notifications."""

from __future__ import annotations

import falcon

from api.operations import operation
from api.resources import Resource, dump
from api.schemas import NotificationPageSchema, PageQuery
from social import notifications


class Notifications(Resource):
    """``/v1/me/notifications``."""

    @operation(auth=True, query=PageQuery, responses={200: NotificationPageSchema})
    def on_get(self, req: falcon.Request, resp: falcon.Response, query: dict) -> None:
        """What others did to me and my things, newest first.

        ``like`` (a photo or comment of mine), ``comment`` (on a photo of mine), ``mention`` (in a caption
        or comment), ``follow``, ``follow_request`` (pending), ``follow_approved`` (my request was approved).
        Read from what exists now: an unlike, an unfollow, a deleted comment or an answered request takes
        its notification away. Never my own actions, never from an account across a block, never a photo
        I may not see.
        """
        page = notifications.notifications(self._context, req.context.viewer.id, **query)
        resp.media = dump(NotificationPageSchema, page)
