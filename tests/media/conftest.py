"""A real S3 for the media tests: moto's server on a free port, reached over HTTP through boto3."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto.server import ThreadedMotoServer

from media.s3 import CLIENT_CONFIG
from tests.ports import free_port

_BOTO = boto3.session.Session()
"""One session for every test client: a session loads S3's service model once, a fresh one costs ~70 ms."""


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    """The URL of a moto S3 server running for the whole session."""
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


def s3_client(endpoint: str) -> Any:
    """A boto3 S3 client for ``endpoint`` with the store's own timeouts and dummy credentials."""
    return _BOTO.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        config=CLIENT_CONFIG,
    )


@pytest.fixture
def bucket(s3_endpoint: str) -> str:
    """A new empty bucket on the session's server."""
    name = f"media-{uuid.uuid4().hex[:16]}"
    s3_client(s3_endpoint).create_bucket(Bucket=name)
    return name
