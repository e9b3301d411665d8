"""The whole app with its media on S3 (moto's server over HTTP): uploads land in the bucket, URLs point at the CDN."""

from __future__ import annotations

import dataclasses

import falcon.testing

from api.app import create_app
from media.s3 import S3MediaStore
from social.context import Context
from tests.factories.photos import api_photo
from tests.factories.users import api_user
from tests.media.conftest import s3_client

CDN = "https://cdn.example.test/media"


def test_photos_live_in_the_bucket_and_are_served_by_the_cdn(context: Context, s3_endpoint: str, bucket: str) -> None:
    client_s3 = s3_client(s3_endpoint)
    store = S3MediaStore(client_s3, bucket, "instagraph/v1", CDN)
    client = falcon.testing.TestClient(create_app(dataclasses.replace(context, media_store=store)))
    ann = api_user(client, "ann")
    photo = api_photo(client, ann, caption="on S3")
    keys = {obj["Key"] for obj in client_s3.list_objects_v2(Bucket=bucket).get("Contents", [])}
    assert keys == {f"instagraph/v1/{v['url'].removeprefix(CDN + '/')}" for v in photo["media"].values()}
    head = client_s3.head_object(Bucket=bucket, Key=sorted(keys)[0])
    assert head["ContentType"] == "image/jpeg" and "immutable" in head["CacheControl"]
    assert client.simulate_get(photo["media"]["thumb"]["url"].replace(CDN, "/media")).status_code == 404  # not ours to serve
    assert client.simulate_get("/readyz").json["checks"]["media_store"] == "ok"
    assert client.simulate_delete(f"/v1/photos/{photo['id']}", headers=ann.headers).status_code == 204
    assert client_s3.list_objects_v2(Bucket=bucket).get("Contents", []) == []
