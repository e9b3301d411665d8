"""Search."""

from __future__ import annotations

import falcon

from api.auth import viewer_id
from api.operations import operation
from api.resources import Resource, dump
from api.schemas import SearchQuery, SearchResultSchema
from social import search


class Search(Resource):
    """``/v1/search?q=``."""

    @operation(query=SearchQuery, responses={200: SearchResultSchema}, supplies={"name": "/hashtags/0/name"})
    def on_get(self, req: falcon.Request, resp: falcon.Response, query: dict) -> None:
        """Accounts whose username or display-name word, and hashtags whose name, starts with q.

        Case-insensitive; a leading ``@`` or ``#`` is ignored and only the first word is matched. Accounts
        across a block either way are never found. Exact usernames come first, then the most followed;
        hashtags most used first. A one-letter query costs what a long one does: at most 200 entries of
        the index are ranked.
        """
        found = search.search(self._context, viewer_id(req), query["q"], limit=query["limit"])
        resp.media = dump(SearchResultSchema, found)
