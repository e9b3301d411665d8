"""The profile grid reads its ids from POSTED's ``seq``: every writer must set it to the photo's id."""

from __future__ import annotations

import io

from graph.backends.ladybug import LadybugGraph
from jobs.seed import seed
from jobs.synthetic import Shape
from social import photos
from social.context import Context
from tests.factories.images import jpeg_bytes
from tests.factories.users import make_user


def test_posted_seq_is_the_photo_id_whoever_wrote_it(context: Context, graph: LadybugGraph) -> None:
    seed(graph, Shape(users=30))  # an empty graph: bulk-loaded
    seed(graph, Shape(users=30, prefix="more"))  # users there already: written in batches
    owner = make_user(context, "grid_owner")
    posted = photos.post_photo(context, owner["id"], io.BytesIO(jpeg_bytes(32, 24)))["id"]
    rows = graph.execute("MATCH (:User)-[posted:POSTED]->(photo:Photo) RETURN posted.seq, photo.id")[1]
    assert len(rows) > 30 and [photo_id for seq, photo_id in rows if seq != photo_id] == []
    grid = photos.user_photos(context, owner["id"], owner["username"], limit=5, cursor=None)
    assert [photo["id"] for photo in grid.items] == [posted]
