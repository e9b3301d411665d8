"""The synthetic graph: drawn as the rules would leave it, shaped like a real network, written exactly either way."""

from __future__ import annotations

import statistics
from datetime import datetime
from pathlib import Path

import pytest

from graph.backends.ladybug import LadybugGraph
from graph.errors import GraphError
from graph.gateway import CsvTable
from graph.ids import id_created_at
from jobs.seed import Seeded, UsernamesTaken, seed
from jobs.synthetic import NO_MEDIA, Shape, SyntheticGraph, generate
from social import accounts, comments, photos, search, text
from social.context import Context
from tests.counters import assert_counters_match

NOW = datetime(2026, 11, 25, 12, 0)
SHAPE = Shape(users=1500)


@pytest.fixture(scope="module")
def drawn() -> SyntheticGraph:
    return generate(SHAPE, seed=5, now=NOW)


def pairs(synthetic: SyntheticGraph, kind: str) -> set[tuple[int, int]]:
    """The (from, to) ids of a table of relationships between users."""
    return {row[:2] for row in getattr(synthetic, kind).rows}


def count(graph: LadybugGraph, pattern: str) -> int:
    return graph.execute(f"MATCH {pattern} RETURN count(*)")[1][0][0]


# -- the drawing ------------------------------------------------------------------------


def test_follows_and_requests_never_cross_a_block(drawn: SyntheticGraph) -> None:
    blocked = pairs(drawn, "blocks")
    blocked |= {(b, a) for a, b in blocked}
    assert blocked and drawn.follows and drawn.requests
    assert not blocked & pairs(drawn, "follows")
    assert not blocked & pairs(drawn, "requests")


def test_requests_go_only_to_private_accounts_not_followed_yet(drawn: SyntheticGraph) -> None:
    private = {row[0] for row in drawn.users.rows if row[3]}
    assert all(target in private for _, target in pairs(drawn, "requests"))
    assert not pairs(drawn, "requests") & pairs(drawn, "follows")


def test_follows_of_private_accounts_are_approved_requests(drawn: SyntheticGraph) -> None:
    private = {row[0] for row in drawn.users.rows if row[3]}
    assert {f["approved"] for f in drawn.follows.dicts()} == {True, False}
    assert all(f["approved"] == (f["followed"] in private) for f in drawn.follows.dicts())


def test_likes_and_comments_come_from_people_who_may_see_the_photo(drawn: SyntheticGraph) -> None:
    private = {row[0] for row in drawn.users.rows if row[3]}
    follows, blocks = pairs(drawn, "follows"), pairs(drawn, "blocks")
    owners = {photo["id"]: photo["owner"] for photo in drawn.photos.dicts()}
    photo_of = {comment["id"]: comment["photo"] for comment in drawn.comments.dicts()}

    def can_see(viewer: int, owner: int) -> bool:
        blocked = (viewer, owner) in blocks or (owner, viewer) in blocks
        return viewer == owner or (not blocked and (owner not in private or (viewer, owner) in follows))

    assert all(can_see(like["user"], owners[like["photo"]]) for like in drawn.photo_likes.dicts())
    assert all(can_see(c["author"], owners[c["photo"]]) for c in drawn.comments.dicts())
    assert all(can_see(like["user"], owners[photo_of[like["comment"]]]) for like in drawn.comment_likes.dicts())


def test_replies_answer_an_earlier_top_level_comment_on_the_same_photo(drawn: SyntheticGraph) -> None:
    by_id = {comment["id"]: comment for comment in drawn.comments.dicts()}
    replies = [comment for comment in by_id.values() if comment["reply_to"] is not None]
    assert replies
    for reply in replies:
        parent = by_id[reply["reply_to"]]
        assert parent["reply_to"] is None and parent["photo"] == reply["photo"]
        assert parent["created_at"] <= reply["created_at"] and parent["id"] < reply["id"]


@pytest.mark.parametrize("kind", ["follows", "requests", "blocks", "photo_likes", "comment_likes"])
def test_nothing_is_made_twice(drawn: SyntheticGraph, kind: str) -> None:
    rows = [row[:2] for row in getattr(drawn, kind).rows]
    assert len(rows) == len(set(rows))


@pytest.mark.parametrize("kind", ["follows", "requests", "blocks"])
def test_nobody_follows_asks_or_blocks_themselves(drawn: SyntheticGraph, kind: str) -> None:
    assert all(a != b for a, b in pairs(drawn, kind))


def test_ids_are_unique_and_say_when_things_happened(drawn: SyntheticGraph) -> None:
    seqs = [row[3] for kind in ("follows", "requests", "blocks", "photo_likes", "comment_likes")
            for row in getattr(drawn, kind).rows]
    ids = [row[0] for row in drawn.users.rows] + [p["id"] for p in drawn.photos.dicts()] + seqs
    assert len(ids) == len(set(ids))
    for photo in drawn.photos.dicts():
        assert id_created_at(photo["id"]).replace(tzinfo=None) == photo["created_at"] <= NOW


def test_captions_hold_the_photos_hashtags_and_counts_are_counted(drawn: SyntheticGraph) -> None:
    tagged = [photo for photo in drawn.photos.dicts() if photo["hashtags"]]
    assert tagged
    assert all(text.parse(photo["caption"]).hashtags == photo["hashtags"] for photo in drawn.photos.dicts())
    counted: dict[str, int] = {}
    for photo in tagged:
        for name in photo["hashtags"]:
            counted[name] = counted.get(name, 0) + 1
    assert dict(drawn.hashtags.rows) == counted


def test_followers_follow_a_power_law_and_hashtags_a_zipf_law(drawn: SyntheticGraph) -> None:
    followers = [user["follower_count"] for user in drawn.users.dicts()]
    assert max(followers) > 50 * statistics.median(followers) > 0
    assert sum(user["following_count"] for user in drawn.users.dicts()) == len(drawn.follows)
    tag_counts = sorted((photos for _, photos in drawn.hashtags.rows), reverse=True)
    assert tag_counts[0] > 100 * statistics.median(tag_counts)
    photo_likes = [photo["like_count"] for photo in drawn.photos.dicts()]
    assert max(photo_likes) > 50 * max(1, statistics.median(photo_likes))


def structure(synthetic: SyntheticGraph) -> tuple[object, ...]:
    """The graph without its ids and times: who did what to whose which photo, by username and order."""
    names = {user["id"]: user["username"] for user in synthetic.users.dicts()}
    photo_numbers = {photo["id"]: n for n, photo in enumerate(synthetic.photos.dicts())}
    return (
        [(user["username"], user["private"]) for user in synthetic.users.dicts()],
        sorted((names[a], names[b]) for a, b in pairs(synthetic, "follows")),
        sorted((names[a], names[b]) for a, b in pairs(synthetic, "requests")),
        [(names[photo["owner"]], photo["caption"]) for photo in synthetic.photos.dicts()],
        sorted((names[like["user"]], photo_numbers[like["photo"]]) for like in synthetic.photo_likes.dicts()),
    )


def test_a_seed_draws_the_same_graph_another_seed_another() -> None:
    shape = Shape(users=300)
    again = generate(shape, seed=5, now=datetime(2026, 11, 1))

    assert structure(generate(shape, seed=5, now=NOW)) == structure(again)
    assert structure(generate(shape, seed=6, now=NOW)) != structure(again)


def test_a_tiny_graph_is_drawn_too() -> None:
    assert generate(Shape(users=1), now=NOW).counts()["users"] == 1
    assert generate(Shape(users=3, photos_per_user=0, follows_per_user=0), now=NOW).counts()["photos"] == 0


# -- writing it into a real graph ------------------------------------------------------------


def assert_written_as_drawn(graph: LadybugGraph, seeded: Seeded) -> None:
    """Every node and relationship of the drawing is in the graph, counters exact, invariants held."""
    made = seeded.synthetic.counts()
    assert count(graph, "(:Username)-[:NAMES]->(u:User) WHERE u.username STARTS WITH 'user'") == made["users"]
    assert count(graph, "(:User)-[:FOLLOWS]->(:User)") == made["follows"]
    assert count(graph, "(:User)-[:REQUESTED]->(:User)") == made["requests"]
    assert count(graph, "(:User)-[:BLOCKED]->(:User)") == made["blocks"]
    assert count(graph, "(:User)-[:POSTED]->(:Photo)") == made["photos"]
    assert count(graph, "(:Hashtag)") == made["hashtags"]
    assert count(graph, "(:User)-[:COMMENTED]->(:Comment)-[:`ON`]->(:Photo)") == made["comments"]
    assert count(graph, "(:User)-[:LIKED]->(:Photo)") == made["photo_likes"]
    assert count(graph, "(:User)-[:LIKED]->(:Comment)") == made["comment_likes"]
    assert count(graph, "(:Comment)-[:REPLY_TO]->(:Comment)") > 0
    assert count(graph, "(a:User)-[:BLOCKED]-(b:User) WHERE EXISTS { MATCH (a)-[:FOLLOWS|REQUESTED]-(b) }") == 0
    assert count(graph, "(a:User)-[:REQUESTED]->(b:User) WHERE EXISTS { MATCH (a)-[:FOLLOWS]->(b) }") == 0
    assert count(graph, "(:User)-[:REQUESTED]->(u:User) WHERE u.private = false") == 0
    assert_counters_match(graph)


def test_an_empty_graph_is_bulk_loaded(graph: LadybugGraph) -> None:
    seeded = seed(graph, SHAPE, seed=5)

    assert seeded.bulk
    assert_written_as_drawn(graph, seeded)


def test_a_graph_in_use_is_written_in_batches(context: Context) -> None:
    accounts.sign_up(context, username="alice", password="long enough")
    progress: list[tuple[str, int, int]] = []

    seeded = seed(context.graph, Shape(users=400), seed=5, batch=700, progress=lambda *step: progress.append(step))

    assert not seeded.bulk
    assert ("follows", 700, len(seeded.synthetic.follows)) in progress
    assert_written_as_drawn(context.graph, seeded)


def test_the_rules_read_a_seeded_graph_as_their_own(context: Context) -> None:
    synthetic = seed(context.graph, Shape(users=400), seed=5).synthetic
    photo = max(synthetic.photos.dicts(), key=lambda p: p["comment_count"])
    owner = next(user for user in synthetic.users.dicts() if user["id"] == photo["owner"])
    hashtag = max(synthetic.hashtags.rows, key=lambda row: row[1])

    card = accounts.profile(context, owner["username"], viewer_id=owner["id"])
    grid = photos.user_photos(context, owner["id"], owner["username"], limit=500, cursor=None)
    shown = photos.get_photo(context, photo["id"], owner["id"])
    thread = comments.comments_on(context, owner["id"], photo["id"], limit=500, cursor=None)
    found = search.search(context, owner["id"], owner["username"], limit=5)

    assert card["counts"] == {
        "photos": owner["photo_count"], "followers": owner["follower_count"], "following": owner["following_count"]
    }
    assert len(grid.items) == owner["photo_count"]
    assert (shown["media"], shown["hashtags"], shown["like_count"]) == ({}, photo["hashtags"], photo["like_count"])
    assert len(thread.items) == photo["comment_count"] and any(c["reply_to"] for c in thread.items)
    assert found["users"][0]["username"] == owner["username"]
    assert {"name": hashtag[0], "photo_count": hashtag[1]} in search.search(context, 0, hashtag[0], limit=5)["hashtags"]
    assert context.graph.execute("MATCH (p:Photo) RETURN DISTINCT p.media")[1] == [[NO_MEDIA]]


def test_usernames_in_use_are_refused(context: Context) -> None:
    accounts.sign_up(context, username="user7", password="long enough")

    with pytest.raises(UsernamesTaken, match="user7"):
        seed(context.graph, Shape(users=10))

    assert seed(context.graph, Shape(users=10, prefix="bot")).synthetic.accounts()[0].username == "bot0"
    assert_counters_match(context.graph)


# -- the gateway's bulk load -------------------------------------------------------------------


@pytest.mark.parametrize(
    "file",
    [
        CsvTable("Nothing", Path("/tmp/users.csv"), ("id",)),
        CsvTable("User", Path("/tmp/users.csv"), ("id", "nothing")),
        CsvTable("LIKED", Path("/tmp/likes.csv"), ("seq",), ends=("User", "User")),
        CsvTable("User", Path("users.csv"), ("id",)),
        CsvTable("User", Path("/tmp/it's.csv"), ("id",)),
    ],
)
def test_bulk_load_copies_only_into_the_schema_from_plain_paths(graph: LadybugGraph, file: CsvTable) -> None:
    with pytest.raises(ValueError):
        graph.bulk_load([file])


def test_bulk_load_copies_every_file_or_none(graph: LadybugGraph, tmp_path: Path) -> None:
    (tmp_path / "names.csv").write_text('name\n"a"\n"b"\n')
    (tmp_path / "users.csv").write_text('id,username\n1,"a"\n1,"b"\n')  # the same id twice

    with pytest.raises(GraphError):
        graph.bulk_load([CsvTable("Username", tmp_path / "names.csv", ("name",)),
                         CsvTable("User", tmp_path / "users.csv", ("id", "username"))])

    assert count(graph, "(:Username)") == count(graph, "(:User)") == 0
