"""The home feed."""

from __future__ import annotations

import falcon

from api.auth import login_required
from api.resources import Resource, schema
from api.schemas import PhotoPageSchema, page_params
from social import feeds


class HomeFeed(Resource):
    """``/v1/feed``."""

    @falcon.before(login_required)
    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        """My home feed.
        ---
        summary: Photos by the accounts I follow and my own, newest first
        description: >-
          Paging is stable while new photos arrive: a walk through the pages never repeats or skips
          a photo that existed when it began (new ones appear on the first page of the next walk).
        security: [{bearerAuth: []}]
        parameters: [Limit, Cursor]
        responses:
          200:
            content:
              application/json:
                schema: PhotoPageSchema
        """
        page = feeds.home_feed(self._context, req.context.viewer.id, **page_params(req))
        resp.media = schema(PhotoPageSchema).dump(page)
