"""``/media/{key}`` over HTTP: the bytes, caching headers, conditional requests, and no way out of the folder."""

from __future__ import annotations

from pathlib import Path

import falcon
import falcon.testing
import pytest

from api.resources.media import MediaFiles
from media.images import Variant
from media.keys import IMMUTABLE, parse_key, variant_key
from media.local import LocalMediaStore
from tests.factories.images import jpeg_bytes

DATA = jpeg_bytes(64, 48)
KEY = variant_key(42, Variant("thumb", 64, 48, DATA))
ETAG = f'"{parse_key(KEY).digest}"'


@pytest.fixture
def store(tmp_path: Path) -> LocalMediaStore:
    store = LocalMediaStore(tmp_path / "media", "/media")
    store.put(KEY, DATA)
    return store


@pytest.fixture
def client(store: LocalMediaStore) -> falcon.testing.TestClient:
    app = falcon.App()
    app.add_route("/media/{key:path}", MediaFiles(store))
    return falcon.testing.TestClient(app)


def test_get_answers_the_jpeg_cacheable_forever(client: falcon.testing.TestClient) -> None:
    answer = client.simulate_get(f"/media/{KEY}")

    assert answer.status_code == 200
    assert answer.content == DATA
    assert answer.headers["Content-Type"] == "image/jpeg"
    assert answer.headers["Content-Length"] == str(len(DATA))
    assert answer.headers["ETag"] == ETAG
    assert answer.headers["Cache-Control"] == IMMUTABLE


def test_head_answers_the_same_headers_without_the_body(client: falcon.testing.TestClient) -> None:
    answer = client.simulate_head(f"/media/{KEY}")

    assert answer.status_code == 200
    assert answer.content == b""
    assert answer.headers["Content-Length"] == str(len(DATA))
    assert (answer.headers["ETag"], answer.headers["Cache-Control"]) == (ETAG, IMMUTABLE)


@pytest.mark.parametrize("if_none_match", [ETAG, f"W/{ETAG}", f'"stale", {ETAG}', "*"])
@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_a_current_copy_gets_304_without_a_body(
    client: falcon.testing.TestClient, method: str, if_none_match: str
) -> None:
    answer = client.simulate_request(method, f"/media/{KEY}", headers={"If-None-Match": if_none_match})

    assert answer.status_code == 304
    assert answer.content == b""
    assert (answer.headers["ETag"], answer.headers["Cache-Control"]) == (ETAG, IMMUTABLE)


@pytest.mark.parametrize("if_none_match", ['"stale"', f'"{parse_key(KEY).digest[:-1]}"', ""])
def test_another_copy_gets_the_bytes(client: falcon.testing.TestClient, if_none_match: str) -> None:
    answer = client.simulate_get(f"/media/{KEY}", headers={"If-None-Match": if_none_match})

    assert (answer.status_code, answer.content) == (200, DATA)


def test_a_key_with_no_file_is_404(client: falcon.testing.TestClient, store: LocalMediaStore) -> None:
    gone = variant_key(43, Variant("thumb", 64, 48, DATA))
    store.path_of(gone).mkdir(parents=True)  # a folder is not an object either

    assert client.simulate_get(f"/media/{gone}").status_code == 404
    assert client.simulate_get(f"/media/{gone}", headers={"If-None-Match": "*"}).status_code == 404
    assert client.simulate_head(f"/media/{gone}").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/media/../secret.jpg",
        "/media/%2e%2e/secret.jpg",
        "/media/%2E%2E%2Fsecret.jpg",
        "/media/photos/42/../../../secret.jpg",
        f"/media/{KEY}/../../../../secret.jpg",
        "/media/..%5csecret.jpg",
        "/media//etc/passwd",
        "/media/%2Fetc%2Fpasswd",
        "/media/../../../../../../etc/passwd",
        f"/media/{KEY}%00.txt",
        "/media/",
    ],
)
def test_no_path_leads_out_of_the_media_folder(client: falcon.testing.TestClient, tmp_path: Path, path: str) -> None:
    (tmp_path / "secret.jpg").write_bytes(b"the secret")  # right beside the media folder

    answer = client.simulate_get(path)

    assert answer.status_code == 404
    assert b"the secret" not in answer.content and b"root:" not in answer.content
