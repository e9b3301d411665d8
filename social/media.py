"""A photo's image bytes in the media store: storing, describing, removing and sweeping them.

Nothing is ever half-written. Media is stored before the graph learns about
it, and removed after the graph forgot it: an upload whose graph write fails
removes what it stored, and a crash between the two steps leaves only objects
no photo references, which :func:`sweep` (``instagraph media sweep``) finds
and removes. A photo's ``media`` property is a JSON map from variant name to
``{"key", "width", "height"}``; URLs are made when a photo is shown, so the
public base (a CDN) can change without touching the graph.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import logging
from collections.abc import Callable, Iterable, Iterator
from datetime import timedelta
from typing import Any

from media.images import ProcessedImage, Variant
from media.keys import photo_id_of, variant_key
from media.store import MediaStore, StoredObject
from social.context import Context

DESCRIBED_KEPT = 20_000
"""Described ``media`` descriptors kept per process (about 1 KB each)."""
SWEEP_BATCH = 500
"""Photos looked up in the graph per query while sweeping."""

_log = logging.getLogger(__name__)


def store_variants(store: MediaStore, photo_id: int, image: ProcessedImage) -> str:
    """Put every variant of ``image`` under its key and return the ``media`` JSON describing them.

    If any put fails, the variants already stored are removed before the error goes on.
    """
    stored: dict[str, dict[str, Any]] = {}
    try:
        for variant in image.variants:
            entry = stored[variant.name] = media_entry(photo_id, variant)
            store.put(entry["key"], variant.data, "image/jpeg")
    except BaseException:
        remove_keys(store, [entry["key"] for entry in stored.values()])
        raise
    return json.dumps(stored, separators=(",", ":"))


def media_entry(photo_id: int, variant: Variant) -> dict[str, Any]:
    """A variant's entry in its photo's ``media`` JSON: the key it is stored under, and its size."""
    return {"key": variant_key(photo_id, variant), "width": variant.width, "height": variant.height}


@functools.lru_cache(maxsize=DESCRIBED_KEPT)
def describe(store: MediaStore, media: str | None) -> dict[str, dict[str, Any]]:
    """The API's ``media`` map (``{"large": {"url", "width", "height"}, …}``) of a stored ``media`` JSON.

    Worked out once per process for the photos shown most (every card of every page describes its media:
    parsing and three URLs were half of making a card): callers share the map and must not change it.
    A descriptor never changes (a photo's media is written once) and a store's URLs are fixed, so what is
    kept is exact.
    """
    return {
        name: {"url": store.url(entry["key"]), "width": entry["width"], "height": entry["height"]}
        for name, entry in _parsed(media).items()
    }


def keys_of(media: str | None) -> list[str]:
    """The media store keys a stored ``media`` JSON names."""
    return [entry["key"] for entry in _parsed(media).values()]


def remove(store: MediaStore, media: Iterable[str | None]) -> None:
    """Remove the objects of photos the graph no longer has (best effort: the sweep catches what fails)."""
    remove_keys(store, [key for descriptor in media for key in keys_of(descriptor)])


def remove_keys(store: MediaStore, keys: list[str]) -> None:
    """Delete ``keys``; a failure is logged, not raised, because the graph is already right."""
    if not keys:
        return
    try:
        store.delete(keys)
    except Exception:  # the store is down: the objects are orphans now, which the sweep removes
        _log.warning("could not delete %d media objects; `instagraph media sweep` will", len(keys), exc_info=True)


def _parsed(media: str | None) -> dict[str, dict[str, Any]]:
    return json.loads(media) if media else {}


@dataclasses.dataclass
class SweepReport:
    """What a sweep saw and did."""

    examined: int = 0
    kept: int = 0
    too_recent: int = 0
    removed: list[str] = dataclasses.field(default_factory=list)


def sweep(
    ctx: Context,
    *,
    older_than: timedelta,
    dry_run: bool = False,
    progress: Callable[[SweepReport], None] = lambda report: None,
) -> SweepReport:
    """Remove stored objects that no photo references; safe beside a running server.

    An object younger than ``older_than`` is left alone: its upload may still
    be on its way to the graph. Every other object is kept only if its key
    names a photo that exists and whose ``media`` names that key.

    Args:
        older_than: the grace period for uploads in flight.
        dry_run: report what would be removed, remove nothing.
        progress: called after each batch with the report so far.
    """
    report = SweepReport()
    horizon = ctx.now() - older_than
    for batch in _batches(ctx.media_store.list(), SWEEP_BATCH):
        old = [obj for obj in batch if obj.modified < horizon]
        report.examined += len(batch)
        report.too_recent += len(batch) - len(old)
        referenced = _referenced_keys(ctx, old)
        orphans = [obj.key for obj in old if obj.key not in referenced]
        report.kept += len(old) - len(orphans)
        if orphans and not dry_run:
            ctx.media_store.delete(orphans)
        report.removed += orphans
        progress(report)
    return report


def _referenced_keys(ctx: Context, objects: list[StoredObject]) -> set[str]:
    """The keys among ``objects`` that the photo named in each key still references."""
    photo_ids = sorted({photo_id for obj in objects if (photo_id := photo_id_of(obj.key)) is not None})
    if not photo_ids:
        return set()
    rows = ctx.graph.read("photos/media_of", ids=photo_ids)
    return {key for row in rows for key in keys_of(row["media"])}


def _batches(objects: Iterator[StoredObject], size: int) -> Iterator[list[StoredObject]]:
    batch: list[StoredObject] = []
    for obj in objects:
        batch.append(obj)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch

