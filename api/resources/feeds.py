"""The home feed."""

from __future__ import annotations

import falcon

from api.operations import operation
from api.resources import Resource, dump
from api.schemas import PageQuery, PhotoPageSchema
from social import feeds


class HomeFeed(Resource):
    """``/v1/feed``."""

    @operation(auth=True, query=PageQuery, responses={200: PhotoPageSchema})
    def on_get(self, req: falcon.Request, resp: falcon.Response, query: dict) -> None:
        """Photos by the accounts I follow and my own, newest first.

        Paging is stable while new photos arrive: a walk through the pages never repeats or skips
        a photo that existed when it began (new ones appear on the first page of the next walk).
        """
        page = feeds.home_feed(self._context, req.context.viewer.id, **query)
        resp.media = dump(PhotoPageSchema, page)
