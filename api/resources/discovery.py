"""Discovery: people you may know, and the explore page."""

from __future__ import annotations

import falcon

from api.operations import operation
from api.resources import Resource, dump
from api.schemas import ExplorePageSchema, PageQuery, SuggestionPageSchema
from social import discovery


class Suggestions(Resource):
    """``/v1/me/suggestions``."""

    @operation(
        auth=True,
        query=PageQuery,
        responses={200: SuggestionPageSchema},
        errors={400: "A cursor this list did not make."},
    )
    def on_get(self, req: falcon.Request, resp: falcon.Response, query: dict) -> None:
        """People I may know, those followed by most of the accounts I follow first.

        Accounts followed by the accounts I followed most recently, ranked by how many of those follow
        them, newest account first among equals. Never me, an account I follow or asked to follow, nor
        one blocked either way. ``reason`` names the mutual followers I followed most recently. The
        cursor is a position in the ranking, which is computed afresh for each page: an account can
        move across a page boundary when the ranking changes meanwhile. The list may instead be the one
        the nightly job (``instagraph jobs suggestions``) stored for me, its first 100, served while it is
        younger than the server's ``INSTAGRAPH_SUGGESTIONS_MAX_AGE`` (a day by default): its order and
        counts are as the job found them, and an account I have followed, asked to follow or blocked
        since, or whose reason no longer holds, is left out.
        """
        page = discovery.suggestions(self._context, req.context.viewer.id, **query)
        resp.media = dump(SuggestionPageSchema, page)


class Explore(Resource):
    """``/v1/explore``."""

    @operation(
        auth=True,
        query=PageQuery,
        responses={200: ExplorePageSchema},
        errors={400: "A cursor this list did not make."},
    )
    def on_get(self, req: falcon.Request, resp: falcon.Response, query: dict) -> None:
        """Photos from public accounts I don't follow, each with the reason it is shown.

        First the photos liked lately by the accounts I followed most recently, those liked by more of
        them first, then newest first; then the most liked of the newest photos, so that an account
        that follows nobody sees some too. Never my own photos, a private account's, one of an account
        I follow, nor one across a block. The cursor is a position in the ranking, which is computed
        afresh for each page: a photo can move across a page boundary when the ranking changes
        meanwhile.
        """
        page = discovery.explore(self._context, req.context.viewer.id, **query)
        resp.media = dump(ExplorePageSchema, page)
