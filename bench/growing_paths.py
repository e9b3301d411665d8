"""The paths whose cost grew with the graph or with an account: hashtag pages, notifications, the grid, likes.

For each size (``BENCH_SIZES``, 10,000 and 40,000 users by default) a fresh
LadybugDB file gets a synthetic graph (:func:`jobs.seed.seed`), plus one
account that posted :data:`BIG_ACCOUNT_PHOTOS` photos and one viewer who
liked :data:`HEAVY_LIKER_LIKES` photos (the synthetic ones post and like a
few). Each path is then timed in-process (no HTTP) once per viewer, after
one untimed warm-up:

- hashtag page (20 photos) of the most used hashtag, of the 10th, and of a small one;
- notifications (20) of random accounts and of the most followed ones;
- the profile grid (20) of random accounts and of the big account, the
  latter also 2,000 photos down (past the ids the object cache keeps);
- like then unlike a photo, and a comment, by random viewers and by the heavy liker.

Target: every median at the larger size at most 1.3× the one at the smaller.
The hashtag pages are expected to miss it: their first step still reads
every tagged photo's id (cypher/hashtags/photo_ids.cypher says why).
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable

from bench._seeded import print_growth_table, seeded_graph
from graph.backends.ladybug import LadybugGraph
from instagraph.settings import Settings
from social import hashtags, likes, notifications, photos
from social.context import Context
from tests.conftest import make_context

SIZES = tuple(int(s) for s in os.environ.get("BENCH_SIZES", "10000,40000").split(","))
SAMPLES = 60
"""Timed calls per path and size."""
BIG_ACCOUNT_PHOTOS = 5000
HEAVY_LIKER_LIKES = 5000
GROWTH_TARGET = 1.3

Call = Callable[[], object]


def _add_big_account_and_heavy_liker(graph: LadybugGraph, ctx: Context, rng: random.Random) -> tuple[str, int]:
    """The username of a public account given many photos, and the id of a public viewer given many likes."""
    public = [row[0] for row in graph.execute("MATCH (u:User) WHERE u.private = false RETURN u.id ORDER BY u.id")[1]]
    big, liker = public[17], public[42]
    posts = [
        {"owner": big, "id": ctx.new_id(), "created_at": ctx.now(), "caption": "", "hashtags": [], "mentions": []}
        for _ in range(BIG_ACCOUNT_PHOTOS)
    ]
    for start in range(0, len(posts), 1000):
        graph.write("seed/create_photos", photos=posts[start : start + 1000], media="{}")
    liked = {row[0] for row in graph.execute("MATCH (:User {id: $u})-[:LIKED]->(p:Photo) RETURN p.id", {"u": liker})[1]}
    visible = graph.execute("MATCH (u:User)-[:POSTED]->(p:Photo) WHERE u.private = false RETURN p.id")[1]
    chosen = [row[0] for row in rng.sample(visible, HEAVY_LIKER_LIKES + len(liked)) if row[0] not in liked]
    rows = [{"user": liker, "photo": p, "created_at": ctx.now(), "seq": ctx.new_id()} for p in chosen[:HEAVY_LIKER_LIKES]]
    for start in range(0, len(rows), 1000):
        graph.write("seed/like_photos", likes=rows[start : start + 1000])
    username = graph.execute("MATCH (u:User {id: $u}) RETURN u.username", {"u": big})[1][0][0]
    return username, liker


def _like_and_unlike_photo(ctx: Context, viewer: int, photo: int) -> None:
    likes.like_photo(ctx, viewer, photo)
    likes.unlike_photo(ctx, viewer, photo)


def _like_and_unlike_comment(ctx: Context, viewer: int, comment: int) -> None:
    likes.like_comment(ctx, viewer, comment)
    likes.unlike_comment(ctx, viewer, comment)


def paths(graph: LadybugGraph, ctx: Context, rng: random.Random) -> dict[str, list[Call]]:
    """Each measured path as :data:`SAMPLES` calls (viewers and subjects drawn once)."""
    big_account, heavy_liker = _add_big_account_and_heavy_liker(graph, ctx, rng)
    public = [row[0] for row in graph.execute("MATCH (u:User) WHERE u.private = false RETURN u.id")[1]]
    names = {row[0]: row[1] for row in graph.execute("MATCH (u:User) RETURN u.id, u.username")[1]}
    tags = [row[0] for row in graph.execute("MATCH (h:Hashtag) RETURN h.name ORDER BY h.photo_count DESC, h.name")[1]]
    most_followed = [row[0] for row in graph.execute("MATCH (u:User) RETURN u.id ORDER BY u.follower_count DESC LIMIT 20")[1]]
    visible_photos = [row[0] for row in graph.execute("MATCH (u:User)-[:POSTED]->(p:Photo) WHERE u.private = false RETURN p.id")[1]]
    visible_comments = [
        row[0]
        for row in graph.execute("MATCH (u:User)-[:POSTED]->(:Photo)<-[:`ON`]-(c:Comment) WHERE u.private = false RETURN c.id")[1]
    ]
    viewers = [rng.choice(public) for _ in range(SAMPLES)]
    owners = [names[rng.choice(public)] for _ in range(SAMPLES)]
    liked_photos = rng.sample(visible_photos, SAMPLES)
    liked_comments = rng.sample(visible_comments, SAMPLES)
    page = {"limit": 20, "cursor": None}
    big_id = next(user_id for user_id, name in names.items() if name == big_account)
    deep = graph.execute(
        "MATCH (:User {id: $u})-[:POSTED]->(p:Photo) RETURN p.id AS id ORDER BY id DESC SKIP 2000 LIMIT 1", {"u": big_id}
    )[1][0][0]
    past_cache = {"limit": 20, "cursor": ctx.cursors.encode(deep)}

    def each(call: Callable[[int, int], object]) -> list[Call]:
        return [lambda viewer=viewer, index=index: call(viewer, index) for index, viewer in enumerate(viewers)]

    return {
        "hashtag, top tag": each(lambda v, i: hashtags.tagged_photos(ctx, v, tags[0], **page)),
        "hashtag, 10th tag": each(lambda v, i: hashtags.tagged_photos(ctx, v, tags[9], **page)),
        "hashtag, 1000th tag": each(lambda v, i: hashtags.tagged_photos(ctx, v, tags[999], **page)),
        "notifications": each(lambda v, i: notifications.notifications(ctx, v, **page)),
        "notif., most followed": each(lambda v, i: notifications.notifications(ctx, most_followed[i % 20], **page)),
        "grid": each(lambda v, i: photos.user_photos(ctx, v, owners[i], **page)),
        "grid, 5,000 photos": each(lambda v, i: photos.user_photos(ctx, v, big_account, **page)),
        "  2,000 photos down": each(lambda v, i: photos.user_photos(ctx, v, big_account, **past_cache)),
        "like+unlike photo": each(lambda v, i: _like_and_unlike_photo(ctx, v, liked_photos[i])),
        "  by a 5,000-liker": each(lambda v, i: _like_and_unlike_photo(ctx, heavy_liker, liked_photos[i])),
        "like+unlike comment": each(lambda v, i: _like_and_unlike_comment(ctx, v, liked_comments[i])),
    }


def measure(size: int) -> dict[str, list[float]]:
    """Milliseconds per call of every path on a fresh graph of ``size`` users."""
    rng = random.Random(size)
    with seeded_graph(size) as (folder, graph, _):
        settings = Settings.from_env({"INSTAGRAPH_HOME": str(folder / "home"), "INSTAGRAPH_SECRET_KEY": "bench"})
        ctx = make_context(settings, graph)
        timings: dict[str, list[float]] = {}
        for name, calls in paths(graph, ctx, rng).items():
            samples = timings.setdefault(name, [])
            for call in calls:
                call()  # warm-up
                started = time.perf_counter()
                call()
                samples.append((time.perf_counter() - started) * 1e3)
        return timings


def main() -> int:
    """Measure each size, print medians, p99s and growth against the target."""
    results = {}
    for size in SIZES:
        print(f"{size:,} users…", flush=True)
        results[size] = measure(size)
    print()
    print_growth_table(results, GROWTH_TARGET)
    return 0


if __name__ == "__main__":
    main()
