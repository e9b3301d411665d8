"""My notifications."""

from __future__ import annotations

import falcon

from api.auth import login_required
from api.resources import Resource, schema
from api.schemas import NotificationPageSchema, page_params
from social import notifications


class Notifications(Resource):
    """``/v1/me/notifications``."""

    @falcon.before(login_required)
    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        """My notifications, newest first.
        ---
        summary: What others did to me and my things, newest first
        description: >-
          ``like`` (a photo or comment of mine), ``comment`` (on a photo of mine), ``mention`` (in a caption
          or comment), ``follow``, ``follow_request`` (pending), ``follow_approved`` (my request was approved).
          Read from what exists now: an unlike, an unfollow, a deleted comment or an answered request takes
          its notification away. Never my own actions, never from an account across a block, never a photo
          I may not see.
        security: [{bearerAuth: []}]
        parameters: [Limit, Cursor]
        responses:
          200:
            content:
              application/json:
                schema: NotificationPageSchema
        """
        page = notifications.notifications(self._context, req.context.viewer.id, **page_params(req))
        resp.media = schema(NotificationPageSchema).dump(page)
