"""The WSGI application: :func:`create_app` wires parts it is given, :func:`get_app` builds them.

gunicorn runs ``api.app:get_app()``; tests call :func:`create_app` with their own parts.
"""

from __future__ import annotations

import re

import falcon
import falcon.routing
import orjson
from prometheus_client import CollectorRegistry

from api import errors, middleware
from api.auth import AuthMiddleware
from api.idempotency import idempotency_middleware
from api.openapi import OpenApi
from api.ratelimit import RateLimitMiddleware
from api.resources import (
    accounts,
    comments,
    discovery,
    feeds,
    follows,
    hashtags,
    health,
    likes,
    notifications,
    photos,
    search,
    web,
)
from api.resources.media import MediaFiles
from api.routes import Route
from api.schemas import USERNAME_PATTERN
from feed.cache import open_cache
from feed.objects import open_object_cache
from feed.counters import open_counters
from feed.fanout import open_fanout
from feed.idempotency import open_idempotency_store
from feed.timelines import Timelines
from graph import open_graph
from graph.ids import MAX_ID, IdGenerator
from instagraph.settings import Settings
from media.local import LocalMediaStore
from media.store import open_media_store
from social import cached, follows as social_follows, likes as social_likes
from social.context import Context


ID = f"int(min=1, max={MAX_ID})"
"""The converter of id fields: anything but a positive 64-bit integer matches no route (404)."""


class UsernameConverter(falcon.routing.BaseConverter):
    """``{username:username}``: a segment that cannot be a username (API.md's rule, any case) matches no route (404)."""

    _pattern = re.compile(USERNAME_PATTERN)

    def convert(self, value: str) -> str | None:
        return value if self._pattern.fullmatch(value) else None


def routes(context: Context, registry: CollectorRegistry) -> list[Route]:
    """Every route of the service (the OpenAPI document is built from this list)."""
    users = accounts.Users(context)
    sessions = accounts.Sessions(context)
    me = accounts.Me(context)
    my_sessions = accounts.MySessions(context)
    requests = follows.FollowRequests(context)
    hashtag = hashtags.Hashtag(context)
    photo_like = likes.Like(context, social_likes.like_photo, social_likes.unlike_photo)
    comment_like = likes.Like(context, social_likes.like_comment, social_likes.unlike_comment)
    table = [
        Route("/healthz", health.Health()),
        Route("/readyz", health.Ready(context)),
        Route("/metrics", health.Metrics(registry)),
        Route("/v1/accounts", accounts.Accounts(context)),
        Route("/v1/sessions", sessions),
        Route("/v1/sessions/current", sessions, suffix="current"),
        Route("/v1/me", me),
        Route("/v1/me/sessions", my_sessions),
        Route(f"/v1/me/sessions/{{session_id:{ID}}}", my_sessions, suffix="session"),
        Route("/v1/me/password", accounts.Password(context)),
        Route("/v1/users/{username:username}", users),
        Route("/v1/users/{username:username}/follow", follows.Follow(context)),
        Route("/v1/users/{username:username}/follower", follows.Follower(context)),
        Route("/v1/users/{username:username}/followers", follows.UserList(context, social_follows.followers)),
        Route("/v1/users/{username:username}/following", follows.UserList(context, social_follows.following)),
        Route("/v1/users/{username:username}/block", follows.Block(context)),
        Route("/v1/me/follow-requests", requests),
        Route("/v1/me/follow-requests/{username:username}/approve", requests, suffix="approve"),
        Route("/v1/me/follow-requests/{username:username}/deny", requests, suffix="deny"),
        Route("/v1/users/{username:username}/photos", photos.UserPhotos(context)),
        Route("/v1/photos", photos.Photos(context)),
        Route(f"/v1/photos/{{photo_id:{ID}}}", photos.Photo(context)),
        Route(f"/v1/photos/{{photo_id:{ID}}}/like", photo_like),
        Route(f"/v1/photos/{{photo_id:{ID}}}/likes", photos.PhotoLikes(context)),
        Route(f"/v1/photos/{{photo_id:{ID}}}/comments", comments.PhotoComments(context)),
        Route(f"/v1/comments/{{comment_id:{ID}}}", comments.Comment(context)),
        Route(f"/v1/comments/{{comment_id:{ID}}}/like", comment_like),
        Route("/v1/hashtags/{name}", hashtag),
        Route("/v1/hashtags/{name}/photos", hashtag, suffix="photos"),
        Route("/v1/feed", feeds.HomeFeed(context)),
        Route("/v1/me/suggestions", discovery.Suggestions(context)),
        Route("/v1/explore", discovery.Explore(context)),
        Route("/v1/me/notifications", notifications.Notifications(context)),
        Route("/v1/search", search.Search(context)),
        *web.routes(context.settings.media_public_url),
    ]
    if isinstance(context.media_store, LocalMediaStore):  # S3 media is served by the CDN, not by us
        table.append(Route("/media/{key:path}", MediaFiles(context.media_store)))
    return table


def create_app(context: Context, registry: CollectorRegistry | None = None) -> falcon.App:
    """The app around ready-made parts.

    Args:
        context: the graph, counters, clock and ids the rules use.
        registry: where Prometheus metrics go (a fresh one per app by default,
            so that several apps in one test process do not collide).
    """
    registry = registry or CollectorRegistry()
    table = routes(context, registry)
    replays, claims = idempotency_middleware(
        open_idempotency_store(context.graph, context.cache, context.now), context.settings.trusted_proxies, table
    )
    app = falcon.App(
        middleware=[
            middleware.RequestIdMiddleware(),
            middleware.SecurityHeadersMiddleware(),
            middleware.MetricsMiddleware(registry),
            middleware.BodyLimitMiddleware(context.settings.max_body_bytes),
            AuthMiddleware(context),
            replays,  # a replay counts in no rate limit; a claim is new work, counted first
            *([RateLimitMiddleware(context.settings, context.counters)] if context.settings.rate_limits else []),
            claims,
        ],
    )
    app.req_options.strip_url_path_trailing_slash = True
    # Bodies are encoded by orjson: 6 µs for a page of 20 photos with their media against 100 with
    # json.dumps. Requests are still decoded by the standard library: what is accepted does not change.
    app.resp_options.media_handlers[falcon.MEDIA_JSON] = falcon.media.JSONHandler(dumps=orjson.dumps)
    app.router_options.converters["username"] = UsernameConverter
    errors.install(app)
    for route in table:
        app.add_route(route.path, route.resource, **({"suffix": route.suffix} if route.suffix else {}))
    app.add_route("/openapi.json", OpenApi(table))
    return app


def get_app(settings: Settings | None = None) -> falcon.App:
    """Build the real parts from the environment and the app around them."""
    settings = settings or Settings.from_env()
    graph = open_graph(settings)
    cache = open_cache(settings)
    timelines = Timelines(cache, settings.timeline_ttl) if cache else None
    return create_app(
        Context(
            settings=settings,
            graph=graph,
            counters=open_counters(settings),
            media_store=open_media_store(settings),
            cache=cache,
            objects=open_object_cache(settings, cache, cached.rows_version(graph.dialect)),
            timelines=timelines,
            fanout=open_fanout(settings, graph, timelines, cache),
            new_id=IdGenerator(settings.shard_id),
        )
    )
