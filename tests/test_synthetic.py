"""The synthetic graph: drawn as the rules would leave it, shaped like a real network, written exactly either way."""

from __future__ import annotations

import json
import statistics
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from graph.backends.ladybug import LadybugGraph
from graph.errors import GraphError
from graph.gateway import CsvTable
from graph.ids import id_created_at
from jobs.seed import Seeded, UsernamesTaken, seed
from jobs.synthetic import Shape, SyntheticGraph, generate, synthetic_media
from media import keys
from media.images import VARIANT_WIDTHS
from social import accounts, comments, media, notifications, photos, search, text
from social.context import Context
from tests.counters import assert_counters_match

NOW = datetime(2026, 11, 25, 12, 0)
SHAPE = Shape(users=1500)
CROWDED = Shape(users=200, photos_per_user=3, blocks_per_user=3, mention_share=1, mentions_per_text=40)
"""Every text tags accounts, as many as it may, among many blocks: where a broken rule would show."""


@pytest.fixture(scope="module")
def drawn() -> SyntheticGraph:
    return generate(SHAPE, seed=5, now=NOW)


@pytest.fixture(scope="module")
def crowded() -> SyntheticGraph:
    return generate(CROWDED, seed=5, now=NOW)


def pairs(synthetic: SyntheticGraph, kind: str) -> set[tuple[int, int]]:
    """The (from, to) ids of a table of relationships between users."""
    return {row[:2] for row in getattr(synthetic, kind).rows}


def count(graph: LadybugGraph, pattern: str) -> int:
    return graph.execute(f"MATCH {pattern} RETURN count(*)")[1][0][0]


def blocked_either_way(synthetic: SyntheticGraph) -> set[tuple[int, int]]:
    blocked = pairs(synthetic, "blocks")
    return blocked | {(b, a) for a, b in blocked}


def visibility(synthetic: SyntheticGraph) -> Callable[[int, int], bool]:
    """The privacy rule over the drawing: whether a viewer may see an owner's photos (both by id)."""
    private = {user["id"] for user in synthetic.users.dicts() if user["private"]}
    follows, blocked = pairs(synthetic, "follows"), blocked_either_way(synthetic)

    def can_see(viewer: int, owner: int) -> bool:
        visible = owner not in private or (viewer, owner) in follows
        return viewer == owner or ((viewer, owner) not in blocked and visible)

    return can_see


def texts(synthetic: SyntheticGraph) -> list[dict[str, object]]:
    """Every caption and comment: its id, author, text, ``mentions`` and the user ids its ``MENTIONS`` reach."""
    reached: dict[int, list[int]] = {}
    for table in (synthetic.photo_mentions, synthetic.comment_mentions):
        for text_id, user in table.rows:
            reached.setdefault(text_id, []).append(user)
    captions = [{"id": p["id"], "author": p["owner"], "text": p["caption"], "mentions": p["mentions"],
                 "created_at": p["created_at"]} for p in synthetic.photos.dicts()]
    said = [{"id": c["id"], "author": c["author"], "text": c["text"], "mentions": c["mentions"],
             "created_at": c["created_at"]} for c in synthetic.comments.dicts()]
    return [{**item, "reached": reached.get(item["id"], [])} for item in captions + said]


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
    can_see = visibility(drawn)
    owners = {photo["id"]: photo["owner"] for photo in drawn.photos.dicts()}
    photo_of = {comment["id"]: comment["photo"] for comment in drawn.comments.dicts()}

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


@pytest.mark.parametrize("shape", ["drawn", "crowded"])
def test_texts_mention_existing_accounts_as_the_rules_parse_and_store_them(
    shape: str, request: pytest.FixtureRequest
) -> None:
    synthetic: SyntheticGraph = request.getfixturevalue(shape)
    users = {user["username"]: user for user in synthetic.users.dicts()}
    assert synthetic.photo_mentions and synthetic.comment_mentions
    for item in texts(synthetic):
        assert text.parse(item["text"]).mentions == item["mentions"], item
        assert item["reached"] == [users[name]["id"] for name in item["mentions"]], item
        for name in item["mentions"]:
            assert users[name]["id"] != item["author"] and users[name]["created_at"] <= item["created_at"], item


@pytest.mark.parametrize("shape", ["drawn", "crowded"])
def test_no_mention_crosses_a_block(shape: str, request: pytest.FixtureRequest) -> None:
    synthetic: SyntheticGraph = request.getfixturevalue(shape)
    blocked = blocked_either_way(synthetic)
    assert blocked
    assert not [item for item in texts(synthetic) for user in item["reached"] if (item["author"], user) in blocked]


@pytest.mark.parametrize("shape", ["drawn", "crowded"])
def test_no_reply_or_comment_like_crosses_a_block_with_the_comments_author(shape: str, request: pytest.FixtureRequest) -> None:
    """The app refuses both (``privacy.require_visible_comment``): a seeded graph must not hold what it refuses."""
    synthetic: SyntheticGraph = request.getfixturevalue(shape)
    blocked = blocked_either_way(synthetic)
    authors = {c["id"]: c["author"] for c in synthetic.comments.dicts()}
    replies = [(c["author"], authors[c["reply_to"]]) for c in synthetic.comments.dicts() if c["reply_to"] is not None]
    likes = [(like["user"], authors[like["comment"]]) for like in synthetic.comment_likes.dicts()]
    assert replies and likes
    assert not [pair for pair in replies + likes if pair in blocked]


def test_no_text_mentions_more_accounts_than_the_rules_allow(crowded: SyntheticGraph) -> None:
    assert max(len(item["mentions"]) for item in texts(crowded)) == text.MAX_MENTIONS


def test_replies_address_the_author_they_answer(drawn: SyntheticGraph) -> None:
    names = {user["id"]: user["username"] for user in drawn.users.dicts()}
    by_id = {comment["id"]: comment for comment in drawn.comments.dicts()}
    blocked = blocked_either_way(drawn)
    replies = [comment for comment in by_id.values() if comment["reply_to"] is not None]
    addressing = [(reply, by_id[reply["reply_to"]]["author"]) for reply in replies]
    addressing = [(reply, answered) for reply, answered in addressing
                  if answered != reply["author"] and (answered, reply["author"]) not in blocked]
    assert addressing
    for reply, answered in addressing:
        assert reply["mentions"][0] == names[answered] and reply["text"].startswith(f"@{names[answered]} ")


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
        [(names[comment["author"]], comment["text"]) for comment in synthetic.comments.dicts()],
        [(photo_numbers[photo], names[user]) for photo, user in synthetic.photo_mentions.rows],
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
    assert count(graph, "(:Photo)-[:MENTIONS]->(:User)") == made["photo_mentions"]
    assert count(graph, "(:Comment)-[:MENTIONS]->(:User)") == made["comment_mentions"]
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
    assert shown["media"] == media.describe(context.media_store, synthetic_media(photo["id"]))
    assert (shown["hashtags"], shown["like_count"]) == (photo["hashtags"], photo["like_count"])
    assert len(thread.items) == photo["comment_count"] and any(c["reply_to"] for c in thread.items)
    assert found["users"][0]["username"] == owner["username"]
    assert {"name": hashtag[0], "photo_count": hashtag[1]} in search.search(context, 0, hashtag[0], limit=5)["hashtags"]
    stored = context.graph.execute("MATCH (p:Photo) RETURN p.id, p.media")[1]
    assert [photo_id for photo_id, descriptor in stored if descriptor != synthetic_media(photo_id)] == []


def assert_mentions_are_what_the_rules_link(context: Context) -> None:
    """Every caption's and comment's ``mentions`` and ``MENTIONS`` are what :func:`text.links` makes of its text now."""
    written = context.graph.execute(
        "MATCH (author:User)-[:POSTED|COMMENTED]->(t:Photo|Comment) OPTIONAL MATCH (t)-[:MENTIONS]->(u:User) "
        "RETURN author.id, t.id, coalesce(t.caption, t.text), t.mentions, collect(u.id)"
    )[1]
    assert any(mentions for *_, mentions, _ in written)
    for author, text_id, said, mentions, reached in written:
        linked = text.links(context, author, said, field="text")
        assert (list(mentions), sorted(reached)) == (linked.mentions, sorted(linked.mentioned_ids)), text_id


def expected_mention_notifications(synthetic: SyntheticGraph) -> dict[int, set[tuple[int, int | None]]]:
    """By user id, the (photo, comment) of each seeded mention the user may see and is told of.

    As :mod:`social.notifications` has it: none of one's own texts, none from across a block, none
    on a photo the privacy rule hides, and a comment on one's own photo is a
    ``comment`` notification already.
    """
    can_see, blocked = visibility(synthetic), blocked_either_way(synthetic)
    owners = {photo["id"]: photo["owner"] for photo in synthetic.photos.dicts()}
    said = {comment["id"]: comment for comment in synthetic.comments.dicts()}
    told: dict[int, set[tuple[int, int | None]]] = {}
    for photo, user in synthetic.photo_mentions.rows:
        if owners[photo] != user and can_see(user, owners[photo]):
            told.setdefault(user, set()).add((photo, None))
    for comment_id, user in synthetic.comment_mentions.rows:
        comment = said[comment_id]
        owner = owners[comment["photo"]]
        if user not in (comment["author"], owner) and (user, comment["author"]) not in blocked and can_see(user, owner):
            told.setdefault(user, set()).add((comment["photo"], comment_id))
    return told


@pytest.mark.parametrize("in_use", [False, True], ids=["bulk-loaded", "in batches"])
def test_mentioned_users_are_told_of_the_mentions_they_may_see(context: Context, in_use: bool) -> None:
    if in_use:
        accounts.sign_up(context, username="alice", password="long enough")
    seeded = seed(context.graph, CROWDED, seed=5)
    assert seeded.bulk is not in_use
    assert_written_as_drawn(context.graph, seeded)
    assert_mentions_are_what_the_rules_link(context)
    expected = expected_mention_notifications(seeded.synthetic)
    mentions = [*seeded.synthetic.photo_mentions.rows, *seeded.synthetic.comment_mentions.rows]
    sample = sorted({user for _, user in mentions})[::20]  # a page of notifications costs ~80 ms here
    sampled = [user for _, user in mentions if user in sample]
    assert len(sampled) / 2 < sum(len(expected.get(user, ())) for user in sample) < len(sampled)  # most, not all

    for user in sample:
        page = notifications.notifications(context, user, limit=100_000, cursor=None)
        told = {(item["photo"]["id"], item.get("comment", {}).get("id"))
                for item in page.items if item["type"] == "mention"}
        assert told == expected.get(user, set()), user


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


def test_a_synthetic_photos_media_names_every_size_under_keys_of_its_own() -> None:
    for photo_id, (width, height) in ((300, (1080, 1080)), (301, (1080, 1350)), (302, (1080, 566))):
        entries = json.loads(synthetic_media(photo_id))
        assert list(entries) == list(VARIANT_WIDTHS)
        assert [(entry["width"], entry["height"]) for entry in entries.values()] == [
            (target, round(height * target / width)) for target in VARIANT_WIDTHS.values()
        ]
        assert {keys.photo_id_of(entry["key"]) for entry in entries.values()} == {photo_id}
