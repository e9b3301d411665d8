"""The media store on S3 (or MinIO, or moto) through boto3: production, behind a CDN."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from datetime import timezone
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from media.errors import MediaUnavailable
from media.keys import IMMUTABLE, public_url
from media.store import StoredObject

if TYPE_CHECKING:
    from instagraph.settings import Settings

DELETE_BATCH = 1000
"""The most keys S3 takes in one ``DeleteObjects`` request."""

CLIENT_CONFIG = Config(
    connect_timeout=2,
    read_timeout=10,
    retries={"mode": "standard", "max_attempts": 3},
)
"""Fail fast when S3 is away: a request waits seconds, not botocore's default minutes, before answering 503."""


class S3MediaStore:
    """Objects in ``bucket`` under ``prefix``; keys are given and listed without the prefix.

    Args:
        client: a boto3 S3 client (its endpoint, credentials and region are its own business).
        bucket: the bucket's name.
        prefix: a folder in the bucket (``""`` for the whole bucket); slashes around it do not matter.
        public_base: the URL the objects are served under (a CDN).
    """

    def __init__(self, client: Any, bucket: str, prefix: str, public_base: str) -> None:
        self.client = client
        self.bucket = bucket
        self.prefix = f"{prefix.strip('/')}/" if prefix.strip("/") else ""
        self._public_base = public_base

    @classmethod
    def from_settings(cls, settings: Settings) -> S3MediaStore:
        """The store at ``settings.media_url`` (``s3://bucket/optional/prefix``), through ``aws_endpoint_url`` when set.

        Credentials and region come from boto3's usual chain (``AWS_*`` variables, profiles, instance roles).
        """
        url = urlsplit(settings.media_url)
        client = boto3.session.Session().client("s3", endpoint_url=settings.aws_endpoint_url, config=CLIENT_CONFIG)
        return cls(client, url.netloc, url.path, settings.media_public_url)

    def put(self, key: str, data: bytes, content_type: str = "image/jpeg") -> None:
        with self._unavailable_on_error(f"store {key}"):
            self.client.put_object(
                Bucket=self.bucket, Key=self.prefix + key, Body=data, ContentType=content_type, CacheControl=IMMUTABLE
            )

    def delete(self, keys: Iterable[str]) -> None:
        objects = [{"Key": self.prefix + key} for key in keys]
        for start in range(0, len(objects), DELETE_BATCH):
            with self._unavailable_on_error("delete"):
                answer = self.client.delete_objects(
                    Bucket=self.bucket, Delete={"Objects": objects[start : start + DELETE_BATCH], "Quiet": True}
                )
            if answer.get("Errors"):  # the request succeeded but some keys were refused
                first = answer["Errors"][0]
                raise MediaUnavailable(
                    f"S3 bucket {self.bucket!r} refused to delete {len(answer['Errors'])} objects,"
                    f" {first.get('Key')!r} first: {first.get('Code')} {first.get('Message')}"
                )

    def exists(self, key: str) -> bool:
        with self._unavailable_on_error(f"look up {key}"):
            try:
                self.client.head_object(Bucket=self.bucket, Key=self.prefix + key)
            except ClientError as error:
                if error.response.get("ResponseMetadata", {}).get("HTTPStatusCode") == 404:
                    return False
                raise
        return True

    def list(self) -> Iterator[StoredObject]:
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=self.prefix)
        with self._unavailable_on_error("list"):
            for page in pages:
                for found in page.get("Contents", []):
                    modified = found["LastModified"].astimezone(timezone.utc).replace(tzinfo=None)
                    yield StoredObject(found["Key"][len(self.prefix) :], found["Size"], modified)

    def url(self, key: str) -> str:
        return public_url(self._public_base, key)

    def ping(self) -> None:
        with self._unavailable_on_error("answer"):
            self.client.head_bucket(Bucket=self.bucket)

    @contextlib.contextmanager
    def _unavailable_on_error(self, action: str) -> Iterator[None]:
        """Any botocore error (unreachable, timed out, refused, no credentials…) as :class:`MediaUnavailable`."""
        try:
            yield
        except (BotoCoreError, ClientError) as error:
            raise MediaUnavailable(f"S3 bucket {self.bucket!r} did not {action}: {error}") from error
