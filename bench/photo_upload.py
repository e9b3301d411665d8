"""``POST /v1/photos`` through the whole app next to the image pipeline alone, for a 3 MB 12-megapixel JPEG.

What the app adds to the pipeline (multipart parsing, spooling, the caption's
links, storing three variants, the graph write, reading the photo back) should
be small next to the pixels: the target is the full request at ≤ 1.2× the
pipeline's time. Both run on the same image in the same process, alternating,
so a noisy neighbour slows both alike.
"""

from __future__ import annotations

import io
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import falcon.testing

from api.app import create_app
from graph.backends.ladybug import LadybugGraph
from graph.migrations import setup_schema
from instagraph.settings import Settings
from media.images import process_image
from tests.conftest import make_context
from tests.factories.images import photo_like_jpeg
from tests.factories.photos import multipart
from tests.factories.users import api_user

ROUNDS = 10
TARGET_RATIO = 1.2


def _timed(work: Callable[[], None]) -> float:
    started = time.perf_counter()
    work()
    return (time.perf_counter() - started) * 1000


def main() -> int:
    """Print the medians, the ratio and whether the target is met."""
    image = photo_like_jpeg()
    print(f"image: 4000×3000 JPEG, {len(image) / 1e6:.1f} MB; {ROUNDS} rounds of each, alternating", flush=True)
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings.from_env({"INSTAGRAPH_HOME": str(Path(folder) / "home"), "INSTAGRAPH_SECRET_KEY": "bench"})
        graph = LadybugGraph.from_url(settings.graph_url)
        setup_schema(graph)
        context = make_context(settings, graph)
        client = falcon.testing.TestClient(create_app(context))
        user = api_user(client, "bench")
        body, content_type = multipart(image, caption="Bench #bench @bench", alt_text="A bench")
        headers = {**user.headers, "Content-Type": content_type}

        def post() -> None:
            assert client.simulate_post("/v1/photos", body=body, headers=headers).status_code == 201

        def pipeline() -> None:
            process_image(io.BytesIO(image), max_pixels=settings.max_image_pixels)

        pipeline(), post()  # warm both up (imports, the engine's first write)
        alone, full = [], []
        for round_ in range(ROUNDS):
            alone.append(_timed(pipeline))
            full.append(_timed(post))
            print(f"  round {round_ + 1}/{ROUNDS}: pipeline {alone[-1]:.0f} ms, POST {full[-1]:.0f} ms", flush=True)
        graph.close()
    pipeline_ms, post_ms = statistics.median(alone), statistics.median(full)
    ratio = post_ms / pipeline_ms
    verdict = "PASS" if ratio <= TARGET_RATIO else "MISS"
    print()
    print(f"{'':28}{'median ms':>10}")
    print(f"{'pipeline alone':28}{pipeline_ms:>10.1f}")
    print(f"{'POST /v1/photos (full app)':28}{post_ms:>10.1f}")
    print(f"ratio POST / pipeline: {ratio:.2f} (target ≤ {TARGET_RATIO}) {verdict}")
    return 0


if __name__ == "__main__":
    main()
