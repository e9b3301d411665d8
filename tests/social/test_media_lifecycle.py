"""Nothing half-written: media and the graph stay in step when writes fail, and the sweep removes orphans."""

from __future__ import annotations

import dataclasses
import io
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from graph.errors import GraphError
from media.errors import MediaUnavailable
from media.images import ProcessedImage, Variant
from media.keys import variant_key
from social import media, photos
from social.context import Context, utc_now
from tests.factories.images import jpeg_bytes
from tests.factories.users import make_user

REPO = Path(__file__).resolve().parents[2]


class GraphRefusingWrites:
    """The real graph, except that every write transaction fails (a leader lost, a disk full)."""

    def __init__(self, graph: Any) -> None:
        self._graph = graph

    def __getattr__(self, name: str) -> Any:
        return getattr(self._graph, name)

    def transaction(self, work: Any) -> Any:
        raise GraphError("the graph refused the write")


class StoreFailingOnPut:
    """The real store, except that the ``fail_at``-th put fails (the store went away mid-upload)."""

    def __init__(self, store: Any, fail_at: int) -> None:
        self._store = store
        self._puts_left = fail_at

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)

    def put(self, key: str, data: bytes, content_type: str = "image/jpeg") -> None:
        self._puts_left -= 1
        if self._puts_left == 0:
            raise MediaUnavailable("the media store went away")
        self._store.put(key, data, content_type)


def stored(ctx: Context) -> list[str]:
    return [obj.key for obj in ctx.media_store.list()]


def photo_count(ctx: Context) -> int:
    return ctx.graph.execute("MATCH (p:Photo) RETURN count(*)")[1][0][0]


def test_a_failed_graph_write_removes_the_stored_variants(context: Context) -> None:
    owner = make_user(context)["id"]
    failing = dataclasses.replace(context, graph=GraphRefusingWrites(context.graph))
    with pytest.raises(GraphError):
        photos.post_photo(failing, owner, io.BytesIO(jpeg_bytes()), caption="#lost")
    assert stored(context) == [] and photo_count(context) == 0


def test_a_store_failing_mid_upload_leaves_nothing(context: Context) -> None:
    owner = make_user(context)["id"]
    failing = dataclasses.replace(context, media_store=StoreFailingOnPut(context.media_store, fail_at=3))
    with pytest.raises(MediaUnavailable):
        photos.post_photo(failing, owner, io.BytesIO(jpeg_bytes()))
    assert stored(context) == [] and photo_count(context) == 0


def orphan(ctx: Context, photo_id: int) -> str:
    """Store one variant for ``photo_id`` without telling the graph (a crash between the two steps)."""
    variant = Variant("thumb", 1, 1, b"not really a jpeg")
    key = variant_key(photo_id, variant)
    ctx.media_store.put(key, variant.data, "image/jpeg")
    return key


def test_the_sweep_removes_only_old_objects_no_photo_references(context: Context) -> None:
    owner = make_user(context)["id"]
    kept = photos.post_photo(context, owner, io.BytesIO(jpeg_bytes()))
    of_a_missing_photo = orphan(context, context.new_id())
    of_an_existing_photo = orphan(context, int(kept["id"]))  # same photo id, a key its media does not name
    later = dataclasses.replace(context, now=lambda: utc_now() + timedelta(hours=2))

    recent = media.sweep(context, older_than=timedelta(hours=1))
    assert recent.removed == [] and recent.too_recent == 5
    dry = media.sweep(later, older_than=timedelta(hours=1), dry_run=True)
    assert sorted(dry.removed) == sorted([of_a_missing_photo, of_an_existing_photo]) and len(stored(context)) == 5
    report = media.sweep(later, older_than=timedelta(hours=1))
    assert sorted(report.removed) == sorted(dry.removed) and report.kept == 3
    assert sorted(stored(context)) == sorted(media.keys_of(_media_of(context, kept["id"])))


def _media_of(ctx: Context, photo_id: int) -> str:
    return ctx.graph.read("photos/media_of", ids=[photo_id])[0]["media"]


def test_store_variants_describes_what_it_stored(context: Context) -> None:
    image = ProcessedImage((Variant("large", 4, 3, b"a"), Variant("thumb", 2, 1, b"b")), "LKO2?U%2Tw=w]~RBVZRi};RPxuwH")
    described = media.describe(context.media_store, media.store_variants(context.media_store, 7, image))
    assert described == {
        "large": {"url": context.media_store.url(variant_key(7, image.variants[0])), "width": 4, "height": 3},
        "thumb": {"url": context.media_store.url(variant_key(7, image.variants[1])), "width": 2, "height": 1},
    }


def test_the_sweep_command_runs_beside_a_graph_and_says_what_it_did(tmp_path: Path) -> None:
    env = {key: value for key, value in os.environ.items() if not key.startswith("INSTAGRAPH_")}
    env["INSTAGRAPH_HOME"] = str(tmp_path / "home")
    run = lambda *args: subprocess.run(  # noqa: E731
        [sys.executable, "-m", "cli.main", *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=120
    )
    assert "--older-than" in run("media", "sweep", "--help").stdout
    assert run("schema").returncode == 0
    first = run("cypher", "-c", "RETURN 1 AS one")  # makes the embedded graph
    assert first.returncode == 0, first.stderr
    swept = run("media", "sweep", "--older-than", "0")
    assert swept.returncode == 0, swept.stderr
    assert "sweep done: 0 objects examined" in swept.stderr
