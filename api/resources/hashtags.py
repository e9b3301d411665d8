"""Hashtag pages."""

from __future__ import annotations

import falcon

from api.auth import viewer_id
from api.operations import operation
from api.resources import Resource, dump
from api.schemas import HashtagSchema, PageQuery, PhotoPageSchema
from social import hashtags


class Hashtag(Resource):
    """``/v1/hashtags/{name}`` and ``/v1/hashtags/{name}/photos``."""

    @operation(responses={200: HashtagSchema}, errors={404: "No photo or comment was ever tagged with it."})
    def on_get(self, req: falcon.Request, resp: falcon.Response, name: str) -> None:
        """A hashtag and how many photos carry it.

        Names are case-insensitive and Unicode-normalized (``Été``, ``été`` and ``#ÉTÉ`` are one).
        """
        resp.media = dump(HashtagSchema, hashtags.hashtag(self._context, name))

    @operation(query=PageQuery, responses={200: PhotoPageSchema}, errors={404: "No such hashtag."})
    def on_get_photos(self, req: falcon.Request, resp: falcon.Response, name: str, query: dict) -> None:
        """Photos tagged with it that the viewer may see, newest first.

        A private account's photos show only to its followers; nothing shows across a block.
        """
        page = hashtags.tagged_photos(self._context, viewer_id(req), name, **query)
        resp.media = dump(PhotoPageSchema, page)
