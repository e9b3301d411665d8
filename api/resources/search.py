"""Search."""

from __future__ import annotations

import falcon

from api.auth import viewer_id
from api.resources import Resource, schema
from api.schemas import SearchResultSchema, page_params
from social import search


class Search(Resource):
    """``/v1/search?q=``."""

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        """Search accounts and hashtags.
        ---
        summary: Accounts whose username or display-name word, and hashtags whose name, starts with q
        description: >-
          Case-insensitive; a leading ``@`` or ``#`` is ignored and only the first word is matched. Accounts
          across a block either way are never found. Exact usernames come first, then the most followed;
          hashtags most used first. A one-letter query costs what a long one does: at most 200 entries of
          the index are ranked.
        parameters:
          - {in: query, name: q, required: true, schema: {type: string, minLength: 1, maxLength: 30}}
          - Limit
        responses:
          200:
            content:
              application/json:
                schema: SearchResultSchema
          422:
            description: q is empty or longer than 30 characters.
        """
        found = search.search(self._context, viewer_id(req), req.get_param("q", default=""), limit=page_params(req)["limit"])
        resp.media = schema(SearchResultSchema).dump(found)
