"""Photos: upload, one photo, edit, delete, who liked it, and a user's profile grid."""

from __future__ import annotations

import falcon

from api.auth import viewer_id
from api.operations import operation
from api.ratelimit import UPLOADS
from api.resources import CONTENT_ERRORS, Resource, dump
from api.schemas import PageQuery, PatchPhotoSchema, PhotoPageSchema, PhotoSchema, PhotoUploadSchema, UserPageSchema
from api.uploads import body_limit
from social import likes, photos
from social.context import Context


class Photos(Resource):
    """``/v1/photos``: posting a photo."""

    rate_limit = {"POST": UPLOADS}

    def __init__(self, context: Context) -> None:
        super().__init__(context)
        self.max_upload_bytes = context.settings.max_upload_bytes
        self.max_body_bytes = {"POST": body_limit(self.max_upload_bytes)}

    @operation(
        auth=True,
        form=PhotoUploadSchema,
        responses={201: (PhotoSchema, "The new photo.")},
        errors={
            413: "The image is over the upload limit (20 MB by default).",
            415: "Not multipart/form-data, or an image we do not take (GIF, HEIC, SVG…) or no image at all.",
            422: (
                "Too many hashtags or mentions, an image we take but cannot decode, or one with more pixels "
                "than allowed."
            ),
        },
        idempotent=True,
        supplies={"photo_id": "/id"},
    )
    def on_post(self, req: falcon.Request, resp: falcon.Response, body: dict) -> None:
        """Post a photo (multipart/form-data).

        The image is recognised by its content (JPEG, PNG or WebP), turned upright from its EXIF
        orientation, stripped of every other piece of metadata (GPS, camera, comments), converted to
        sRGB and stored as three progressive JPEGs (1080, 640 and 320 px wide, never upscaled) plus a
        blurhash; the upload itself is not kept. Hashtags (at most 30) and @mentions of existing
        accounts are taken from the caption.
        """
        fields = dict(body)
        image = fields.pop("image")
        photo = photos.post_photo(self._context, req.context.viewer.id, image, **fields)
        resp.media = dump(PhotoSchema, photo)
        resp.status = falcon.HTTP_201
        resp.location = f"/v1/photos/{photo['id']}"


class Photo(Resource):
    """``/v1/photos/{photo_id}``."""

    @operation(responses={200: PhotoSchema}, errors={404: "No such photo, or the viewer may not see it."})
    def on_get(self, req: falcon.Request, resp: falcon.Response, photo_id: int) -> None:
        """One photo.

        The owner's privacy applies, but a photo the viewer may not see is a 404 (its id says nothing).
        """
        resp.media = dump(PhotoSchema, photos.get_photo(self._context, photo_id, viewer_id(req)))

    @operation(
        auth=True,
        body=PatchPhotoSchema,
        responses={200: PhotoSchema},
        errors={
            403: "Only the photo's owner may edit it.",
            404: "No such photo, or the viewer may not see it.",
            422: "Too many hashtags or mentions.",
        },
    )
    def on_patch(self, req: falcon.Request, resp: falcon.Response, photo_id: int, body: dict) -> None:
        """The owner changes the caption or alt text; hashtags and mentions follow the caption."""
        photo = photos.update_photo(self._context, req.context.viewer.id, photo_id, **body)
        resp.media = dump(PhotoSchema, photo)

    @operation(
        auth=True,
        responses={204: "Deleted."},
        errors={403: "Only the photo's owner may delete it.", 404: "No such photo, or the viewer may not see it."},
    )
    def on_delete(self, req: falcon.Request, resp: falcon.Response, photo_id: int) -> None:
        """The owner deletes a photo, its comments, likes and image bytes."""
        photos.delete_photo(self._context, req.context.viewer.id, photo_id)
        resp.status = falcon.HTTP_204


class PhotoLikes(Resource):
    """``/v1/photos/{photo_id}/likes``."""

    @operation(query=PageQuery, responses={200: UserPageSchema}, errors={404: "No such photo, or the viewer may not see it."})
    def on_get(self, req: falcon.Request, resp: falcon.Response, photo_id: int, query: dict) -> None:
        """Who liked a photo, newest like first.

        Accounts blocked either way are left out.
        """
        page = likes.likers(self._context, viewer_id(req), photo_id, **query)
        resp.media = dump(UserPageSchema, page)


class UserPhotos(Resource):
    """``/v1/users/{username}/photos``: the profile grid."""

    @operation(
        query=PageQuery,
        responses={200: PhotoPageSchema},
        errors=CONTENT_ERRORS,
    )
    def on_get(self, req: falcon.Request, resp: falcon.Response, username: str, query: dict) -> None:
        """A user's profile grid, newest first.

        Private account, 403 unless the viewer is the owner or an approved follower; 404 across a block.
        """
        page = photos.user_photos(self._context, viewer_id(req), username, **query)
        resp.media = dump(PhotoPageSchema, page)
