"""One contract for both media stores (local disk, S3 through moto's server over HTTP), then what each adds."""

from __future__ import annotations

import dataclasses
import os
import stat
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from instagraph.settings import Settings
from media.errors import MediaUnavailable
from media.images import Variant
from media.keys import IMMUTABLE, variant_key
from media.local import LocalMediaStore
from media.s3 import S3MediaStore
from media.store import MediaStore, StoredObject, open_media_store
from tests.ports import free_port
from tests.media.conftest import s3_client

PUBLIC_BASE = "https://cdn.example.com/"
PREFIX = "some/prefix"
S3_DELETE_LIMIT = 1000
"""The most keys S3 takes in one DeleteObjects request (moto takes any number)."""


def key_of(photo_id: int, variant: str = "large", data: bytes = b"jpeg") -> str:
    return variant_key(photo_id, Variant(variant, 1, 1, data))


def utc_now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


@dataclasses.dataclass
class Backend:
    """A store and a way to read its bytes behind its back (the interface has no reads: CDNs serve them)."""

    store: Any
    read: Callable[[str], bytes]


@pytest.fixture(params=["local", "s3"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Backend:
    if request.param == "local":
        local = LocalMediaStore(tmp_path / "media", PUBLIC_BASE)
        return Backend(local, lambda key: local.path_of(key).read_bytes())
    bucket = request.getfixturevalue("bucket")
    client = s3_client(request.getfixturevalue("s3_endpoint"))
    s3 = S3MediaStore(client, bucket, PREFIX, PUBLIC_BASE)
    return Backend(s3, lambda key: client.get_object(Bucket=bucket, Key=f"{PREFIX}/{key}")["Body"].read())


@pytest.fixture
def store(backend: Backend) -> MediaStore:
    return backend.store


# -- the contract -------------------------------------------------------------------------------


def test_put_stores_the_bytes_under_the_key(backend: Backend) -> None:
    key = key_of(1)

    backend.store.put(key, b"\xff\xd8 the jpeg", "image/jpeg")

    assert backend.read(key) == b"\xff\xd8 the jpeg"


def test_an_object_exists_from_put_until_delete(store: MediaStore) -> None:
    key = key_of(1)
    assert not store.exists(key)

    store.put(key, b"jpeg")
    assert store.exists(key)

    store.delete([key])
    assert not store.exists(key)


def test_putting_a_key_again_leaves_one_object(backend: Backend) -> None:
    key = key_of(1)

    backend.store.put(key, b"first")
    backend.store.put(key, b"again")

    assert [found.key for found in backend.store.list()] == [key]
    assert backend.read(key) == b"again"


def test_list_gives_every_object_with_its_size_and_naive_utc_time(store: MediaStore) -> None:
    before = utc_now()
    expected = {key_of(size, variant): size for size in (1, 2, 3) for variant in ("large", "thumb")}
    for key, size in expected.items():
        store.put(key, bytes(size))

    found = list(store.list())

    assert {obj.key: obj.size for obj in found} == expected
    for obj in found:
        assert isinstance(obj, StoredObject) and obj.modified.tzinfo is None
        # S3 keeps whole seconds.
        assert before - timedelta(seconds=2) <= obj.modified <= utc_now() + timedelta(seconds=2)


def test_an_empty_store_lists_nothing(store: MediaStore) -> None:
    assert list(store.list()) == []


def test_delete_is_idempotent_and_touches_no_other_key(store: MediaStore) -> None:
    kept, removed = key_of(1, "large"), key_of(1, "thumb")
    store.put(kept, b"kept")
    store.put(removed, b"removed")

    store.delete([removed])
    store.delete([removed, key_of(2)])
    store.delete([])

    assert [obj.key for obj in store.list()] == [kept]


def test_delete_takes_more_keys_than_one_s3_request_holds(store: MediaStore) -> None:
    first, last = key_of(1), key_of(S3_DELETE_LIMIT + 5)
    store.put(first, b"first")
    store.put(last, b"last")

    store.delete([first, *(key_of(photo_id) for photo_id in range(2, S3_DELETE_LIMIT + 5)), last])

    assert list(store.list()) == []


def test_url_is_the_key_under_the_public_base(store: MediaStore) -> None:
    key = key_of(1)

    assert store.url(key) == f"https://cdn.example.com/{key}"


def test_ping_answers(store: MediaStore) -> None:
    store.ping()


# -- S3 ---------------------------------------------------------------------------------------


@pytest.fixture
def s3(s3_endpoint: str, bucket: str) -> S3MediaStore:
    return S3MediaStore(s3_client(s3_endpoint), bucket, PREFIX, PUBLIC_BASE)


def test_s3_keys_live_under_the_prefix_and_list_without_it(s3: S3MediaStore) -> None:
    key = key_of(1)
    s3.put(key, b"mine")
    for foreign in ("elsewhere.txt", f"{PREFIX}-other/{key}", key):  # a sibling prefix is not ours either
        s3.client.put_object(Bucket=s3.bucket, Key=foreign, Body=b"not ours")

    stored = [found["Key"] for found in s3.client.list_objects_v2(Bucket=s3.bucket, Prefix=f"{PREFIX}/")["Contents"]]

    assert stored == [f"{PREFIX}/{key}"]
    assert [obj.key for obj in s3.list()] == [key]


@pytest.mark.parametrize("prefix", ["", "/", "/some/prefix/"])
def test_s3_prefix_slashes_do_not_matter(s3_endpoint: str, bucket: str, prefix: str) -> None:
    s3 = S3MediaStore(s3_client(s3_endpoint), bucket, prefix, PUBLIC_BASE)
    key = key_of(1)

    s3.put(key, b"jpeg")

    assert [obj.key for obj in s3.list()] == [key]
    assert s3.client.head_object(Bucket=bucket, Key=f"{prefix.strip('/')}/{key}".lstrip("/"))


def test_s3_objects_say_jpeg_and_may_be_cached_forever(s3: S3MediaStore) -> None:
    key = key_of(1)

    s3.put(key, b"jpeg", "image/jpeg")

    head = s3.client.head_object(Bucket=s3.bucket, Key=f"{PREFIX}/{key}")
    assert (head["ContentType"], head["CacheControl"]) == ("image/jpeg", IMMUTABLE)


def test_s3_list_follows_every_page(s3: S3MediaStore) -> None:
    keys = {key_of(photo_id) for photo_id in range(1, 8)}
    for key in keys:
        s3.put(key, b"jpeg")
    pages = []

    def two_per_page(params: dict[str, Any], **_: Any) -> None:  # botocore's own hook, as a page size would
        params["MaxKeys"] = 2
        pages.append(params)

    s3.client.meta.events.register("provide-client-params.s3.ListObjectsV2", two_per_page)

    assert {obj.key for obj in s3.list()} == keys
    assert len(pages) == 4


def test_s3_delete_sends_at_most_a_thousand_keys_a_request(s3: S3MediaStore) -> None:
    sent: list[int] = []
    s3.client.meta.events.register(
        "provide-client-params.s3.DeleteObjects", lambda params, **_: sent.append(len(params["Delete"]["Objects"]))
    )

    s3.delete(key_of(photo_id) for photo_id in range(1, 2 * S3_DELETE_LIMIT + 2))

    assert sent == [S3_DELETE_LIMIT, S3_DELETE_LIMIT, 1]


@pytest.fixture
def unreachable() -> S3MediaStore:
    """A store whose endpoint nobody listens on."""
    return S3MediaStore(s3_client(f"http://127.0.0.1:{free_port()}"), "media", PREFIX, PUBLIC_BASE)


@pytest.mark.parametrize(
    "use",
    [
        lambda store: store.ping(),
        lambda store: store.put(key_of(1), b"jpeg"),
        lambda store: store.exists(key_of(1)),
        lambda store: store.delete([key_of(1)]),
        lambda store: list(store.list()),
    ],
    ids=["ping", "put", "exists", "delete", "list"],
)
def test_s3_unreachable_is_media_unavailable(unreachable: S3MediaStore, use: Callable[[S3MediaStore], object]) -> None:
    with pytest.raises(MediaUnavailable) as failed:
        use(unreachable)

    assert "'media'" in failed.value.detail


def test_s3_missing_bucket_is_media_unavailable(s3_endpoint: str) -> None:
    gone = S3MediaStore(s3_client(s3_endpoint), "no-such-bucket", PREFIX, PUBLIC_BASE)

    with pytest.raises(MediaUnavailable):
        gone.ping()
    with pytest.raises(MediaUnavailable):
        gone.put(key_of(1), b"jpeg")


# -- local disk --------------------------------------------------------------------------------


@pytest.fixture
def local(tmp_path: Path) -> LocalMediaStore:
    return LocalMediaStore(tmp_path / "media", "/media")


@pytest.mark.parametrize("key", ["../outside.jpg", "/etc/passwd", f"photos/1/../../{key_of(1)}", "photos/1/notes.txt"])
def test_local_refuses_keys_that_are_not_ours(local: LocalMediaStore, tmp_path: Path, key: str) -> None:
    with pytest.raises(ValueError):
        local.put(key, b"x")
    with pytest.raises(ValueError):
        local.exists(key)
    with pytest.raises(ValueError):
        local.delete([key])
    assert local.path_of(key) is None
    assert [path.name for path in tmp_path.rglob("*")] == ["media"]


def test_local_delete_checks_every_key_before_removing_any(local: LocalMediaStore) -> None:
    key = key_of(1)
    local.put(key, b"jpeg")

    with pytest.raises(ValueError):
        local.delete([key, "../etc/passwd"])

    assert local.exists(key)


def test_local_writes_leave_no_temporary_files(local: LocalMediaStore) -> None:
    for photo_id in range(1, 4):
        local.put(key_of(photo_id), b"jpeg")

    files = [path.relative_to(local.root).as_posix() for path in local.root.rglob("*") if path.is_file()]

    assert sorted(files) == sorted(key_of(photo_id) for photo_id in range(1, 4))


def test_local_failed_write_leaves_nothing_behind(local: LocalMediaStore) -> None:
    key = key_of(1)
    local.path_of(key).mkdir(parents=True)  # a folder where the file should go: the final rename fails

    with pytest.raises(MediaUnavailable):
        local.put(key, b"jpeg")

    assert [path for path in local.root.rglob("*") if path.is_file()] == []


def test_local_files_are_readable_by_a_web_server_in_front(local: LocalMediaStore) -> None:
    key = key_of(1)
    local.put(key, b"jpeg")

    assert stat.S_IMODE(os.stat(local.path_of(key)).st_mode) == 0o644


def test_local_list_skips_files_that_are_not_objects(local: LocalMediaStore) -> None:
    key = key_of(1)
    local.put(key, b"jpeg")
    (local.path_of(key).parent / ".large-cut-short.part").write_bytes(b"half")
    (local.root / "README.txt").write_text("not ours")

    assert [obj.key for obj in local.list()] == [key]


def test_local_ping_fails_when_the_folder_is_gone(local: LocalMediaStore) -> None:
    local.root.rmdir()

    with pytest.raises(MediaUnavailable):
        local.ping()


# -- choosing the store -----------------------------------------------------------------------


def test_a_file_url_opens_the_local_store(settings: Settings, tmp_path: Path) -> None:
    store = open_media_store(settings.replace(media_url=f"file://{tmp_path / 'pictures'}", media_public_url="/media"))

    assert isinstance(store, LocalMediaStore)
    assert store.root == tmp_path / "pictures" and store.root.is_dir()
    assert store.url(key_of(1)) == f"/media/{key_of(1)}"


def test_the_default_settings_keep_media_under_home(settings: Settings) -> None:
    store = open_media_store(settings)

    assert isinstance(store, LocalMediaStore) and store.root == settings.home / "media"


def test_an_s3_url_opens_the_s3_store_on_the_endpoint(settings: Settings, s3_endpoint: str) -> None:
    s3_settings = settings.replace(
        media_url="s3://photos-bucket/some/prefix", aws_endpoint_url=s3_endpoint, media_public_url=PUBLIC_BASE
    )

    store = open_media_store(s3_settings)

    assert isinstance(store, S3MediaStore)
    assert (store.bucket, store.prefix) == ("photos-bucket", "some/prefix/")
    assert store.client.meta.endpoint_url == s3_endpoint
    assert store.url(key_of(1)) == f"https://cdn.example.com/{key_of(1)}"


@pytest.mark.parametrize("url", ["gs://bucket/prefix", "/var/media", "file://relative/folder"])
def test_other_media_urls_are_refused_clearly(settings: Settings, url: str) -> None:
    with pytest.raises(ValueError, match="INSTAGRAPH_MEDIA_URL"):
        open_media_store(settings.replace(media_url=url))
