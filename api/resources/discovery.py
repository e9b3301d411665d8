"""Discovery: people you may know, and the explore page."""

from __future__ import annotations

import falcon

from api.auth import login_required
from api.resources import Resource, schema
from api.schemas import ExplorePageSchema, SuggestionPageSchema, page_params
from social import discovery


class Suggestions(Resource):
    """``/v1/me/suggestions``."""

    @falcon.before(login_required)
    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        """People I may know.
        ---
        summary: People I may know, those followed by most of the accounts I follow first
        description: >-
          Accounts followed by the accounts I followed most recently, ranked by how many of those follow
          them, newest account first among equals. Never me, an account I follow or asked to follow, nor
          one blocked either way. ``reason`` names the mutual followers I followed most recently. The
          cursor is a position in the ranking, which is computed afresh for each page: an account can
          move across a page boundary when the ranking changes meanwhile. The list may instead be the one
          the nightly job (``instagraph jobs suggestions``) stored for me, its first 100, served while it is
          younger than the server's ``INSTAGRAPH_SUGGESTIONS_MAX_AGE`` (a day by default): its order and
          counts are as the job found them, and an account I have followed, asked to follow or blocked
          since, or whose reason no longer holds, is left out.
        security: [{bearerAuth: []}]
        parameters: [Limit, Cursor]
        responses:
          200:
            content:
              application/json:
                schema: SuggestionPageSchema
          400:
            description: A bad limit, or a cursor this list did not make.
        """
        page = discovery.suggestions(self._context, req.context.viewer.id, **page_params(req))
        resp.media = schema(SuggestionPageSchema).dump(page)


class Explore(Resource):
    """``/v1/explore``."""

    @falcon.before(login_required)
    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        """Photos from accounts I don't follow.
        ---
        summary: Photos from public accounts I don't follow, each with the reason it is shown
        description: >-
          First the photos liked lately by the accounts I followed most recently, those liked by more of
          them first, then newest first; then the most liked of the newest photos, so that an account
          that follows nobody sees some too. Never my own photos, a private account's, one of an account
          I follow, nor one across a block. The cursor is a position in the ranking, which is computed
          afresh for each page: a photo can move across a page boundary when the ranking changes
          meanwhile.
        security: [{bearerAuth: []}]
        parameters: [Limit, Cursor]
        responses:
          200:
            content:
              application/json:
                schema: ExplorePageSchema
          400:
            description: A bad limit, or a cursor this list did not make.
        """
        page = discovery.explore(self._context, req.context.viewer.id, **page_params(req))
        resp.media = schema(ExplorePageSchema).dump(page)
