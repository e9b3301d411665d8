"""Comments: a photo's comments, writing one, deleting one."""

from __future__ import annotations

import falcon

from api.auth import login_required, viewer_id
from api.ratelimit import COMMENTS
from api.resources import Resource, schema
from api.schemas import CommentPageSchema, CommentSchema, NewCommentSchema, load, page_params
from social import comments


class PhotoComments(Resource):
    """``/v1/photos/{photo_id}/comments``."""

    rate_limit = {"POST": COMMENTS}

    def on_get(self, req: falcon.Request, resp: falcon.Response, photo_id: int) -> None:
        """A photo's comments, oldest first.
        ---
        summary: A photo's comments, oldest first, replies among them
        description: Comments by accounts blocked either way are left out.
        parameters: [Limit, Cursor]
        responses:
          200:
            content:
              application/json:
                schema: CommentPageSchema
          404:
            description: No such photo, or the viewer may not see it.
        """
        page = comments.comments_on(self._context, viewer_id(req), photo_id, **page_params(req))
        resp.media = schema(CommentPageSchema).dump(page)

    @falcon.before(login_required)
    def on_post(self, req: falcon.Request, resp: falcon.Response, photo_id: int) -> None:
        """Comment on a photo.
        ---
        summary: Comment on a photo, or reply to one of its comments
        description: >-
          Threads are one level deep: a reply to a reply joins the thread of the comment it answers,
          so ``reply_to`` in the answer is that thread's opening comment. Hashtags and @mentions are
          taken from the text as for captions.
        security: [{bearerAuth: []}]
        requestBody:
          required: true
          content:
            application/json:
              schema: NewCommentSchema
        responses:
          201:
            description: The new comment.
            content:
              application/json:
                schema: CommentSchema
          404:
            description: No such photo, or the viewer may not see it.
          422:
            description: Empty or too long, too many hashtags or mentions, or reply_to not a comment on this photo.
        """
        fields = load(NewCommentSchema, req)
        reply_to = fields.get("reply_to")
        comment = comments.add_comment(
            self._context,
            req.context.viewer.id,
            photo_id,
            fields["text"],
            reply_to=int(reply_to) if reply_to else None,
        )
        resp.media = schema(CommentSchema).dump(comment)
        resp.status = falcon.HTTP_201


class Comment(Resource):
    """``/v1/comments/{comment_id}``."""

    @falcon.before(login_required)
    def on_delete(self, req: falcon.Request, resp: falcon.Response, comment_id: int) -> None:
        """Delete a comment.
        ---
        summary: Delete a comment, and the replies to it
        description: >-
          By the comment's author or the photo's owner. Deleting a thread's opening comment deletes
          the replies to it too (a thread without its opening comment reads as nonsense); deleting a
          reply deletes only that reply. The photo's comment_count drops by as many.
        security: [{bearerAuth: []}]
        responses:
          204:
            description: Deleted.
          403:
            description: Only the comment's author or the photo's owner may delete it.
          404:
            description: No such comment, or the viewer may not see it.
        """
        comments.delete_comment(self._context, req.context.viewer.id, comment_id)
        resp.status = falcon.HTTP_204

