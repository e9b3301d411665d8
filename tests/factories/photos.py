"""Photos posted over the API: multipart bodies built with urllib3, images drawn with Pillow."""

from __future__ import annotations

from typing import Any

import falcon.testing
from urllib3.filepost import encode_multipart_formdata

from tests.factories.images import jpeg_bytes
from tests.factories.users import ApiUser


def multipart(image: bytes | None = None, *, filename: str = "photo.jpg", content_type: str = "image/jpeg", **fields: str) -> tuple[bytes, str]:
    """A ``multipart/form-data`` body with an ``image`` part (unless ``None``) and text parts."""
    parts: dict[str, Any] = dict(fields)
    if image is not None:
        parts["image"] = (filename, image, content_type)
    return encode_multipart_formdata(parts)


def upload(
    client: falcon.testing.TestClient, user: ApiUser, image: bytes | None = None, **fields: str
) -> falcon.testing.Result:
    """``POST /v1/photos`` as ``user`` (a small JPEG unless told otherwise)."""
    body, content_type = multipart(jpeg_bytes(64, 48) if image is None else image, **fields)
    return client.simulate_post("/v1/photos", body=body, headers={**user.headers, "Content-Type": content_type})


def api_photo(client: falcon.testing.TestClient, user: ApiUser, **fields: str) -> dict[str, Any]:
    """Post a photo over the API and return it; fails the test on any answer but 201."""
    result = upload(client, user, **fields)
    assert result.status_code == 201, result.text
    return result.json
