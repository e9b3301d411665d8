"""Comments: a photo's comments, writing one, deleting one."""

from __future__ import annotations

import falcon

from api.auth import viewer_id
from api.operations import operation
from api.ratelimit import COMMENTS
from api.resources import Resource, dump
from api.schemas import CommentPageSchema, CommentSchema, NewCommentSchema, PageQuery
from social import comments


class PhotoComments(Resource):
    """``/v1/photos/{photo_id}/comments``."""

    rate_limit = {"POST": COMMENTS}

    @operation(
        query=PageQuery,
        responses={200: CommentPageSchema},
        errors={404: "No such photo, or the viewer may not see it."},
    )
    def on_get(self, req: falcon.Request, resp: falcon.Response, photo_id: int, query: dict) -> None:
        """A photo's comments, oldest first, replies among them.

        Comments by accounts blocked either way are left out.
        """
        page = comments.comments_on(self._context, viewer_id(req), photo_id, **query)
        resp.media = dump(CommentPageSchema, page)

    @operation(
        auth=True,
        body=NewCommentSchema,
        responses={201: (CommentSchema, "The new comment.")},
        errors={
            404: "No such photo, or the viewer may not see it.",
            422: "Too many hashtags or mentions, or reply_to not a comment on this photo.",
        },
        idempotent=True,
        supplies={"comment_id": "/id"},
    )
    def on_post(self, req: falcon.Request, resp: falcon.Response, photo_id: int, body: dict) -> None:
        """Comment on a photo, or reply to one of its comments.

        Threads are one level deep: a reply to a reply joins the thread of the comment it answers,
        so ``reply_to`` in the answer is that thread's opening comment. Hashtags and @mentions are
        taken from the text as for captions.
        """
        reply_to = body.get("reply_to")
        comment = comments.add_comment(
            self._context,
            req.context.viewer.id,
            photo_id,
            body["text"],
            reply_to=int(reply_to) if reply_to else None,
        )
        resp.media = dump(CommentSchema, comment)
        resp.status = falcon.HTTP_201


class Comment(Resource):
    """``/v1/comments/{comment_id}``."""

    @operation(
        auth=True,
        responses={204: "Deleted."},
        errors={
            403: "Only the comment's author or the photo's owner may delete it.",
            404: "No such comment, or the viewer may not see it.",
        },
    )
    def on_delete(self, req: falcon.Request, resp: falcon.Response, comment_id: int) -> None:
        """Delete a comment, and the replies to it.

        By the comment's author or the photo's owner. Deleting a thread's opening comment deletes
        the replies to it too (a thread without its opening comment reads as nonsense); deleting a
        reply deletes only that reply. The photo's comment_count drops by as many.
        """
        comments.delete_comment(self._context, req.context.viewer.id, comment_id)
        resp.status = falcon.HTTP_204

