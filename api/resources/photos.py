"""Photos: upload, one photo, edit, delete, who liked it, and a user's profile grid."""

from __future__ import annotations

import falcon

from api.auth import login_required, viewer_id
from api.ratelimit import UPLOADS
from api.resources import Resource, schema
from api.schemas import (
    PatchPhotoSchema,
    PhotoPageSchema,
    PhotoSchema,
    PhotoUploadSchema,
    UserPageSchema,
    load,
    page_params,
)
from api.uploads import body_limit, read_photo_form
from social import likes, photos
from social.context import Context


class Photos(Resource):
    """``/v1/photos``: posting a photo."""

    rate_limit = {"POST": UPLOADS}

    def __init__(self, context: Context) -> None:
        super().__init__(context)
        self.max_body_bytes = {"POST": body_limit(context.settings.max_upload_bytes)}

    @falcon.before(login_required)
    def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
        """Post a photo.
        ---
        summary: Post a photo (multipart/form-data)
        description: >-
          The image is recognised by its content (JPEG, PNG or WebP), turned upright from its EXIF
          orientation, stripped of every other piece of metadata (GPS, camera, comments), converted to
          sRGB and stored as three progressive JPEGs (1080, 640 and 320 px wide, never upscaled) plus a
          blurhash; the upload itself is not kept. Hashtags (at most 30) and @mentions of existing
          accounts are taken from the caption.
        security: [{bearerAuth: []}]
        requestBody:
          required: true
          content:
            multipart/form-data:
              schema: PhotoUploadSchema
        responses:
          201:
            description: The new photo.
            content:
              application/json:
                schema: PhotoSchema
          413:
            description: The image is over the upload limit (20 MB by default).
          415:
            description: Not multipart/form-data, or an image we do not take (GIF, HEIC, SVG…) or no image at all.
          422:
            description: >-
              No image part, a caption or alt text too long, too many hashtags or mentions, an image we
              take but cannot decode, or one with more pixels than allowed.
        """
        form = read_photo_form(req, self._context.settings.max_upload_bytes)
        try:
            fields = schema(PhotoUploadSchema).load({**form.fields, "image": form.image})
            del fields["image"]
            photo = photos.post_photo(self._context, req.context.viewer.id, form.image, **fields)
        finally:
            form.close()
        resp.media = schema(PhotoSchema).dump(photo)
        resp.status = falcon.HTTP_201
        resp.location = f"/v1/photos/{photo['id']}"


class Photo(Resource):
    """``/v1/photos/{photo_id}``."""

    def on_get(self, req: falcon.Request, resp: falcon.Response, photo_id: int) -> None:
        """One photo.
        ---
        summary: One photo
        description: The owner's privacy applies, but a photo the viewer may not see is a 404 (its id says nothing).
        responses:
          200:
            content:
              application/json:
                schema: PhotoSchema
          404:
            description: No such photo, or the viewer may not see it.
        """
        resp.media = schema(PhotoSchema).dump(photos.get_photo(self._context, photo_id, viewer_id(req)))

    @falcon.before(login_required)
    def on_patch(self, req: falcon.Request, resp: falcon.Response, photo_id: int) -> None:
        """Edit a photo's caption or alt text.
        ---
        summary: The owner changes the caption or alt text; hashtags and mentions follow the caption
        security: [{bearerAuth: []}]
        requestBody:
          required: true
          content:
            application/json:
              schema: PatchPhotoSchema
        responses:
          200:
            content:
              application/json:
                schema: PhotoSchema
          403:
            description: Only the photo's owner may edit it.
          404:
            description: No such photo, or the viewer may not see it.
          422:
            description: The body breaks a rule.
        """
        photo = photos.update_photo(self._context, req.context.viewer.id, photo_id, **load(PatchPhotoSchema, req))
        resp.media = schema(PhotoSchema).dump(photo)

    @falcon.before(login_required)
    def on_delete(self, req: falcon.Request, resp: falcon.Response, photo_id: int) -> None:
        """Delete a photo.
        ---
        summary: The owner deletes a photo, its comments, likes and image bytes
        security: [{bearerAuth: []}]
        responses:
          204:
            description: Deleted.
          403:
            description: Only the photo's owner may delete it.
          404:
            description: No such photo, or the viewer may not see it.
        """
        photos.delete_photo(self._context, req.context.viewer.id, photo_id)
        resp.status = falcon.HTTP_204


class PhotoLikes(Resource):
    """``/v1/photos/{photo_id}/likes``."""

    def on_get(self, req: falcon.Request, resp: falcon.Response, photo_id: int) -> None:
        """Who liked a photo.
        ---
        summary: Who liked a photo, newest like first
        description: Accounts blocked either way are left out.
        parameters: [Limit, Cursor]
        responses:
          200:
            content:
              application/json:
                schema: UserPageSchema
          404:
            description: No such photo, or the viewer may not see it.
        """
        page = likes.likers(self._context, viewer_id(req), photo_id, **page_params(req))
        resp.media = schema(UserPageSchema).dump(page)


class UserPhotos(Resource):
    """``/v1/users/{username}/photos``: the profile grid."""

    def on_get(self, req: falcon.Request, resp: falcon.Response, username: str) -> None:
        """A user's photos, newest first.
        ---
        summary: A user's profile grid, newest first
        description: Private account, 403 unless the viewer is the owner or an approved follower; 404 across a block.
        parameters: [Limit, Cursor]
        responses:
          200:
            content:
              application/json:
                schema: PhotoPageSchema
          403:
            description: This account is private.
          404:
            description: No such user, or a block either way.
        """
        page = photos.user_photos(self._context, viewer_id(req), username, **page_params(req))
        resp.media = schema(PhotoPageSchema).dump(page)
