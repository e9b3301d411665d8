"""Deleting an account leaves nothing of it behind: content, relationships, sessions, media, and exact counters."""

from __future__ import annotations

import io

from social import accounts, comments, follows, likes, photos, sessions
from social.context import Context
from tests.factories.images import jpeg_bytes
from tests.factories.users import make_user, make_viewer


def count(ctx: Context, query: str) -> int:
    return ctx.graph.execute(query)[1][0][0]


def post(ctx: Context, owner_id: int, caption: str) -> int:
    return photos.post_photo(ctx, owner_id, io.BytesIO(jpeg_bytes(64, 48)), caption=caption)["id"]


def test_delete_account_removes_everything_it_owns(context: Context) -> None:
    doomed = make_viewer(context, "doomed")
    friend = make_user(context, "friend")["id"]
    follows.follow(context, doomed.id, "friend")
    follows.follow(context, friend, "doomed")
    own_photo = post(context, doomed.id, "#shared #mine")
    friends_photo = post(context, friend, "#shared")
    comments.add_comment(context, friend, own_photo, "nice")
    opening = comments.add_comment(context, doomed.id, friends_photo, "hello")["id"]
    comments.add_comment(context, friend, friends_photo, "hi back", reply_to=opening)
    comments.add_comment(context, friend, friends_photo, "stays")
    liked_comment = comments.add_comment(context, friend, friends_photo, "like me")["id"]
    likes.like_photo(context, doomed.id, friends_photo)
    likes.like_comment(context, doomed.id, liked_comment)
    likes.like_photo(context, friend, own_photo)
    stored_before = {obj.key for obj in context.media_store.list()}

    accounts.delete_account(context, doomed.id)

    assert count(context, "MATCH (u:User {username: 'doomed'}) RETURN count(*)") == 0
    assert count(context, "MATCH (p:Photo) RETURN count(*)") == 1  # the friend's
    remaining = [c["text"] for c in comments.comments_on(context, friend, friends_photo, limit=10, cursor=None).items]
    assert remaining == ["stays", "like me"]  # doomed's comment went with the reply to it
    friends = photos.get_photo(context, friends_photo, friend)
    assert (friends["like_count"], friends["comment_count"]) == (0, 2)
    assert count(context, "MATCH (c:Comment) WHERE c.like_count <> 0 RETURN count(*)") == 0
    assert count(context, "MATCH (h:Hashtag {name: 'shared'}) RETURN h.photo_count") == 1
    assert count(context, "MATCH (h:Hashtag {name: 'mine'}) RETURN h.photo_count") == 0
    assert count(context, "MATCH (:User)-[r:FOLLOWS]->() RETURN count(*)") == 0
    assert count(context, "MATCH (s:Session) RETURN count(*)") == 0
    assert count(context, "MATCH (n:Username) RETURN count(*)") == 1
    assert sessions.authenticate(context, "anything") is None
    assert accounts.profile(context, "friend")["counts"] == {"photos": 1, "followers": 0, "following": 0}
    left = {obj.key for obj in context.media_store.list()}
    assert len(left) == 3 and left < stored_before  # the friend's three variants, none of doomed's


def test_deleting_an_account_with_nothing_works(context: Context) -> None:
    lonely = make_user(context, "lonely")
    accounts.delete_account(context, lonely["id"])
    assert count(context, "MATCH (u:User) RETURN count(*)") == 0
