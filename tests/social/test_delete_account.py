"""Deleting an account leaves nothing of it behind: content, relationships, sessions."""

from __future__ import annotations

import json

from social import accounts, follows, sessions
from social.context import Context
from tests.factories.users import make_user, make_viewer

# Photos and comments have no service of their own yet; these statements put
# them in the graph the way the photo and comment actions will.
POST_PHOTO = """
MATCH (u:User {id: $owner})
CREATE (u)-[:POSTED {created_at: $now, seq: $id}]->(p:Photo {id: $id, caption: '', alt_text: '',
        media: $media, blurhash: '', created_at: $now})
CREATE (p)-[:TAGGED]->(:Hashtag {name: $tag})
"""
COMMENT = """
MATCH (u:User {id: $author})
MATCH (p:Photo {id: $photo})
CREATE (u)-[:COMMENTED {created_at: $now, seq: $id}]->(c:Comment {id: $id, text: 'nice', created_at: $now})-[:`ON`]->(p)
"""
LIKE = """
MATCH (u:User {id: $user})
MATCH (p:Photo {id: $photo})
CREATE (u)-[:LIKED {created_at: $now, seq: $seq}]->(p)
"""


def count(ctx: Context, query: str) -> int:
    return ctx.graph.execute(query)[1][0][0]


def test_delete_account_removes_everything_it_owns(context: Context) -> None:
    now = context.now()
    doomed = make_viewer(context, "doomed")
    friend = make_user(context, "friend")
    follows.follow(context, doomed.id, "friend")
    follows.follow(context, friend["id"], "doomed")
    own_photo, friends_photo = context.new_id(), context.new_id()
    media = json.dumps({"large": {"key": "ab/cd.jpg"}})
    run = lambda query, **params: context.graph.execute(query, {"now": now, **params}, write=True)  # noqa: E731
    run(POST_PHOTO, owner=doomed.id, id=own_photo, media=media, tag="mine")
    run(POST_PHOTO, owner=friend["id"], id=friends_photo, media="{}", tag="theirs")
    run(COMMENT, author=friend["id"], photo=own_photo, id=context.new_id())
    run(COMMENT, author=doomed.id, photo=friends_photo, id=context.new_id())
    run(LIKE, user=doomed.id, photo=friends_photo, seq=context.new_id())
    run(LIKE, user=friend["id"], photo=own_photo, seq=context.new_id())

    assert accounts.delete_account(context, doomed.id) == [media]

    assert count(context, "MATCH (u:User {username: 'doomed'}) RETURN count(*)") == 0
    assert count(context, "MATCH (p:Photo) RETURN count(*)") == 1  # the friend's
    assert count(context, "MATCH (c:Comment) RETURN count(*)") == 0  # on the doomed photo, and by doomed
    assert count(context, "MATCH (:User)-[r:LIKED]->() RETURN count(*)") == 0
    assert count(context, "MATCH (:User)-[r:FOLLOWS]->() RETURN count(*)") == 0
    assert count(context, "MATCH (s:Session) RETURN count(*)") == 0
    assert sessions.authenticate(context, "anything") is None
    assert accounts.profile(context, "friend")["counts"] == {"photos": 1, "followers": 0, "following": 0}


def test_deleting_an_account_with_nothing_works(context: Context) -> None:
    lonely = make_user(context, "lonely")
    assert accounts.delete_account(context, lonely["id"]) == []
    assert count(context, "MATCH (u:User) RETURN count(*)") == 0
