"""Hashtag pages."""

from __future__ import annotations

import falcon

from api.auth import viewer_id
from api.resources import Resource, schema
from api.schemas import HashtagSchema, PhotoPageSchema, page_params
from social import hashtags


class Hashtag(Resource):
    """``/v1/hashtags/{name}`` and ``/v1/hashtags/{name}/photos``."""

    def on_get(self, req: falcon.Request, resp: falcon.Response, name: str) -> None:
        """A hashtag.
        ---
        summary: A hashtag and how many photos carry it
        description: Names are case-insensitive and Unicode-normalized (``Été``, ``été`` and ``#ÉTÉ`` are one).
        responses:
          200:
            content:
              application/json:
                schema: HashtagSchema
          404:
            description: No photo or comment was ever tagged with it.
        """
        resp.media = schema(HashtagSchema).dump(hashtags.hashtag(self._context, name))

    def on_get_photos(self, req: falcon.Request, resp: falcon.Response, name: str) -> None:
        """Photos tagged with a hashtag.
        ---
        summary: Photos tagged with it that the viewer may see, newest first
        description: A private account's photos show only to its followers; nothing shows across a block.
        parameters: [Limit, Cursor]
        responses:
          200:
            content:
              application/json:
                schema: PhotoPageSchema
          404:
            description: No such hashtag.
        """
        page = hashtags.tagged_photos(self._context, viewer_id(req), name, **page_params(req))
        resp.media = schema(PhotoPageSchema).dump(page)
