"""The image pipeline next to plain Pillow doing the same work the obvious way, on a 3 MB 12-megapixel JPEG.

The reference opens the upload, applies ``ImageOps.exif_transpose``, resizes the
full image to each width with LANCZOS and saves three progressive JPEGs at the
same quality. The pipeline should take at most 0.6× its time per photo, alone
and with two uploads at once; and since Pillow releases the GIL while it works,
two uploads on two threads should go at least 1.5× as fast as one (given two cores).
"""

from __future__ import annotations

import io
import os
import statistics
import time
from collections.abc import Callable

from PIL import Image, ImageOps

from media.images import JPEG_QUALITY, VARIANT_WIDTHS, process_image
from tests.concurrency import all_at_once, errors_of
from tests.factories.images import photo_like_jpeg

WIDTH, HEIGHT = 4000, 3000
MAX_PIXELS = 50_000_000
LATENCY_ROUNDS = 9
PHOTOS_PER_THREAD = {"pipeline": 12, "reference": 4}
"""Enough photos for a steady rate without spending a minute on the slow reference."""
TARGET_RATIO = 0.6
TARGET_SPEEDUP = 1.5


def pipeline(upload: bytes) -> None:
    process_image(io.BytesIO(upload), max_pixels=MAX_PIXELS)


def reference(upload: bytes) -> None:
    """What a first version would do: every variant resized from the fully decoded image."""
    image = ImageOps.exif_transpose(Image.open(io.BytesIO(upload)))
    for width in VARIANT_WIDTHS.values():
        variant = image.resize((width, round(image.height * width / image.width)), Image.Resampling.LANCZOS)
        variant.save(io.BytesIO(), "JPEG", quality=JPEG_QUALITY, progressive=True)


CONTENDERS: dict[str, Callable[[bytes], None]] = {"pipeline": pipeline, "reference": reference}


def _milliseconds(work: Callable[[bytes], None], upload: bytes) -> float:
    started = time.perf_counter()
    work(upload)
    return (time.perf_counter() - started) * 1000


def median_ms(upload: bytes) -> dict[str, float]:
    """Each contender's median time for one photo, taking turns so a noisy neighbour slows both alike."""
    times: dict[str, list[float]] = {name: [] for name in CONTENDERS}
    for _ in range(LATENCY_ROUNDS):
        for name, work in CONTENDERS.items():
            times[name].append(_milliseconds(work, upload))
    return {name: statistics.median(each) for name, each in times.items()}


def photos_per_second(work: Callable[[bytes], None], upload: bytes, threads: int, photos: int) -> float:
    """Photos done per second by ``threads`` concurrent uploads of ``photos`` photos each."""

    def upload_many(_: int) -> None:
        for _ in range(photos):
            work(upload)

    started = time.perf_counter()
    failures = errors_of(all_at_once(upload_many, threads))
    elapsed = time.perf_counter() - started
    if failures:
        raise failures[0]
    return threads * photos / elapsed


def _verdict(met: bool) -> str:
    return "PASS" if met else "MISS"


def main() -> int:
    """Measure, show progress, print the summary table and whether each target is met."""
    print(f"making a {WIDTH}×{HEIGHT} photo-like JPEG…", flush=True)
    upload = photo_like_jpeg(WIDTH, HEIGHT)
    variants = process_image(io.BytesIO(upload), max_pixels=MAX_PIXELS).variants
    sizes = ", ".join(f"{v.name} {v.width}×{v.height} {len(v.data) / 1e3:.0f} kB" for v in variants)
    print(f"  {len(upload) / 1e6:.1f} MB; variants: {sizes}", flush=True)
    reference(upload)  # warm up: imports, allocator

    print(f"latency: {LATENCY_ROUNDS} rounds of each, alternating…", flush=True)
    latency = median_ms(upload)
    rates: dict[tuple[str, int], float] = {}
    for threads in (1, 2):
        for name, work in CONTENDERS.items():
            print(f"throughput: {name}, {threads} concurrent upload(s)…", flush=True)
            rates[name, threads] = photos_per_second(work, upload, threads, PHOTOS_PER_THREAD[name])

    latency_ratio = latency["pipeline"] / latency["reference"]
    concurrent_ratio = rates["reference", 2] / rates["pipeline", 2]  # time per photo, pipeline over reference
    speedup = rates["pipeline", 2] / rates["pipeline", 1]
    cores = os.cpu_count() or 1

    print()
    print(f"{'':30}{'pipeline':>10}{'reference':>11}{'time ratio':>12}")
    print(f"{'median ms per photo':30}{latency['pipeline']:>10.1f}{latency['reference']:>11.1f}{latency_ratio:>12.2f}")
    for threads in (1, 2):
        pipeline_rate, reference_rate = rates["pipeline", threads], rates["reference", threads]
        label = f"photos/s, {threads} concurrent upload{'s' if threads > 1 else ''}"
        print(f"{label:30}{pipeline_rate:>10.1f}{reference_rate:>11.1f}{reference_rate / pipeline_rate:>12.2f}")
    print()
    print(f"time per photo, pipeline / reference, alone: {latency_ratio:.2f} (target ≤ {TARGET_RATIO}) "
          f"{_verdict(latency_ratio <= TARGET_RATIO)}")
    print(f"time per photo, pipeline / reference, 2 at once: {concurrent_ratio:.2f} (target ≤ {TARGET_RATIO}) "
          f"{_verdict(concurrent_ratio <= TARGET_RATIO)}")
    if cores >= 2:
        print(f"pipeline speed-up from 2 concurrent uploads: {speedup:.2f}× (target ≥ {TARGET_SPEEDUP}× on "
              f"{cores} cores) {_verdict(speedup >= TARGET_SPEEDUP)}")
    else:
        print(f"pipeline speed-up from 2 concurrent uploads: {speedup:.2f}× (no target: 1 core)")
    return 0
