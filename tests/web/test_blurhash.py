"""The client's blurhash decoder (``web/blurhash.js``, run by node) paints what the reference decoder paints."""

from __future__ import annotations

import io
import json
import subprocess

import blurhash
import pytest
from PIL import Image

from api.resources.web import WEB_ROOT
from tests.factories.images import jpeg_bytes

WIDTH, HEIGHT = 12, 9
_DECODE = """
const { decode } = await import(process.argv[1]);
const pixels = decode(process.argv[2], Number(process.argv[3]), Number(process.argv[4]));
console.log(JSON.stringify(Array.from(pixels)));
"""


def _decoded_by_the_client(hash_: str) -> list[tuple[int, int, int]]:
    run = subprocess.run(
        ["node", "--input-type=module", "-e", _DECODE, (WEB_ROOT / "blurhash.js").as_uri(), hash_, str(WIDTH), str(HEIGHT)],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    rgba = json.loads(run.stdout)
    assert all(alpha == 255 for alpha in rgba[3::4])
    return [tuple(rgba[i : i + 3]) for i in range(0, len(rgba), 4)]


@pytest.mark.parametrize("components", [(4, 3), (1, 1), (9, 9)])
def test_the_client_decodes_as_the_reference_does(components: tuple[int, int]) -> None:
    hash_ = blurhash.encode(Image.open(io.BytesIO(jpeg_bytes(160, 120))), *components)
    rgb = blurhash.decode(hash_, WIDTH, HEIGHT).convert("RGB").tobytes()
    expected = [tuple(rgb[i : i + 3]) for i in range(0, len(rgb), 3)]
    actual = _decoded_by_the_client(hash_)
    assert len(actual) == len(expected) == WIDTH * HEIGHT
    worst = max(abs(a - e) for pixel, reference in zip(actual, expected) for a, e in zip(pixel, reference))
    assert worst <= 2, f"off by up to {worst} per channel (the two round differently by one)"
