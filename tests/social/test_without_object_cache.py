"""Without an object cache (Neo4j without Redis), a page asks the graph for just what it shows.

Some rows are loaded only because the cache keeps them for later reads: an
account's newest photo ids, a hashtag's, a photo's oldest comment ids, a
viewer's likes. Loading one of them for a single read costs more than the
query that answers that read, so where nothing is kept the rules skip them.
"""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Callable
from typing import Any

import pytest

from feed.objects import LocalObjectCache, NoObjectCache
from social import comments, feeds, follows, hashtags, likes, photos
from social.cached import RECENT_DEPTH
from social.context import Context
from tests.counting_graph import CountingGraph
from tests.factories.images import jpeg_bytes
from tests.factories.users import make_user

KEPT_ROW_LOADERS = {
    "photos/recent_ids_of",
    "comments/ids_of_photo",
    "likes/photos_liked_by",
    "likes/comments_liked_by",
}
"""The queries that load rows kept for later reads (a hashtag's newest ids share ``hashtags/photo_ids``
with its deeper pages, and are told apart by their limit)."""


@dataclasses.dataclass
class World:
    viewer: int
    owner: dict[str, Any]
    photo: int


@pytest.fixture
def world(context: Context) -> World:
    owner = make_user(context)
    viewer = make_user(context)["id"]
    follows.follow(context, viewer, owner["username"])
    photo_ids = [
        photos.post_photo(context, owner["id"], io.BytesIO(jpeg_bytes(32, 24)), caption="#lake")["id"]
        for _ in range(3)
    ]
    comment = comments.add_comment(context, viewer, photo_ids[0], "first")
    comments.add_comment(context, owner["id"], photo_ids[0], "second")
    likes.like_photo(context, viewer, photo_ids[0])
    likes.like_comment(context, viewer, comment["id"])
    return World(viewer, owner, photo_ids[0])


READS: dict[str, Callable[[Context, World], Any]] = {
    "home feed": lambda ctx, w: feeds.home_feed(ctx, w.viewer, limit=2, cursor=None),
    "profile grid": lambda ctx, w: photos.user_photos(ctx, w.viewer, w.owner["username"], limit=2, cursor=None),
    "hashtag page": lambda ctx, w: hashtags.tagged_photos(ctx, w.viewer, "lake", limit=2, cursor=None),
    "comments": lambda ctx, w: comments.comments_on(ctx, w.viewer, w.photo, limit=1, cursor=None),
    "photo": lambda ctx, w: photos.get_photo(ctx, w.photo, w.viewer),
}


@pytest.mark.parametrize("read", READS)
def test_a_read_without_an_object_cache_loads_no_row_kept_for_later(context: Context, world: World, read: str) -> None:
    graph = CountingGraph(context.graph)
    answer = READS[read](dataclasses.replace(context, objects=NoObjectCache(), graph=graph), world)

    assert KEPT_ROW_LOADERS.isdisjoint(graph.names())
    tagged_limits = [params["limit"] for name, params in zip(graph.names(), graph.params) if name == "hashtags/photo_ids"]
    assert RECENT_DEPTH + 1 not in tagged_limits
    assert answer == READS[read](dataclasses.replace(context, objects=LocalObjectCache()), world)


def test_the_same_reads_with_an_object_cache_load_the_rows_they_keep(context: Context, world: World) -> None:
    """The other side of the test above: with a cache, the kept rows are what the reads are made of."""
    graph = CountingGraph(context.graph)
    ctx = dataclasses.replace(context, objects=LocalObjectCache(), graph=graph)
    for read in READS.values():
        read(ctx, world)

    assert KEPT_ROW_LOADERS <= set(graph.names())
    assert RECENT_DEPTH + 1 in [params.get("limit") for name, params in zip(graph.names(), graph.params)]
