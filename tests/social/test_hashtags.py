"""Hashtag pages read ids first and then the photos through the privacy rule: pages stay full when photos are hidden."""

from __future__ import annotations

import io

from social import follows, hashtags, photos
from social.context import Context
from tests.factories.images import jpeg_bytes
from tests.factories.users import make_user

IMAGE = jpeg_bytes(32, 24)


def _post(ctx: Context, owner_id: int, caption: str) -> int:
    return photos.post_photo(ctx, owner_id, io.BytesIO(IMAGE), caption=caption)["id"]


def _all_pages(ctx: Context, viewer_id: int, name: str, limit: int) -> list[list[int]]:
    pages, cursor = [], None
    while True:
        page = hashtags.tagged_photos(ctx, viewer_id, name, limit=limit, cursor=cursor)
        pages.append([photo["id"] for photo in page.items])
        if page.next_cursor is None:
            return pages
        cursor = page.next_cursor


def test_a_page_is_full_of_visible_photos_however_many_newer_ones_are_hidden(context: Context) -> None:
    public = make_user(context)["id"]
    hidden = make_user(context, private=True)
    stranger = make_user(context)["id"]
    follower = make_user(context)
    follows.follow(context, follower["id"], hidden["username"])
    follows.approve_request(context, hidden["id"], follower["username"])
    # Oldest first: 3 public photos, then 12 private ones (more than one batch of spare ids), then 2 public.
    visible = [_post(context, public, "#lake one") for _ in range(3)]
    private = [_post(context, hidden["id"], "#lake two") for _ in range(12)]
    visible += [_post(context, public, "#lake three") for _ in range(2)]

    newest_visible = sorted(visible, reverse=True)
    assert _all_pages(context, stranger, "lake", 2) == [newest_visible[0:2], newest_visible[2:4], newest_visible[4:]]
    everything = sorted(visible + private, reverse=True)
    assert _all_pages(context, follower["id"], "#LAKE", 4) == [everything[i : i + 4] for i in range(0, 17, 4)]
