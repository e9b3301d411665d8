"""The image pipeline on real images drawn with Pillow: sizes, orientation, colour, metadata, refusals."""

from __future__ import annotations

import math
import string
import tempfile
from collections.abc import Callable
from io import BytesIO

import blurhash
import pytest
from PIL import Image, ImageChops, ImageStat

from media.errors import ImageTooLarge, MediaError, UndecodableImage, UnsupportedImage
from media.images import ProcessedImage, Variant, process_image
from tests.concurrency import all_at_once, errors_of
from tests.factories import images

MAX_PIXELS = 50_000_000
JPEG_HEADER_KEYS = {"jfif", "jfif_version", "jfif_unit", "jfif_density", "progressive", "progression"}
"""What Pillow reports for a bare progressive JPEG: its own header, nothing from the upload."""

SVG = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>'
HEIC_HEADER = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + bytes(64)
MP4_HEADER = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2" + bytes(64)
"""An ISO media file like HEIC, but a video."""

BASE83 = set(string.digits + string.ascii_letters + "#$%*+,-.:;=?@[]^_{|}~")

# Each accepted kind of upload and its variants' (width, height): large, medium, thumb.
ACCEPTED: dict[str, tuple[Callable[[], bytes], list[tuple[int, int]]]] = {
    "jpeg, orientation 6": (images.rotated_jpeg_with_gps, [(400, 600), (400, 600), (320, 480)]),
    "big jpeg": (lambda: images.jpeg_bytes(2400, 1800), [(1080, 810), (640, 480), (320, 240)]),
    "narrow jpeg": (lambda: images.jpeg_bytes(500, 250), [(500, 250), (500, 250), (320, 160)]),
    "odd aspect": (lambda: images.jpeg_bytes(1999, 1001), [(1080, 541), (640, 320), (320, 160)]),
    "tiny jpeg": (lambda: images.jpeg_bytes(3, 2), [(3, 2), (3, 2), (3, 2)]),
    "png with alpha": (images.png_with_alpha, [(400, 300), (400, 300), (320, 240)]),
    "webp": (images.webp_bytes, [(500, 400), (500, 400), (320, 256)]),
    "cmyk jpeg": (images.cmyk_jpeg, [(400, 300), (400, 300), (320, 240)]),
    "jpeg with icc profile": (images.jpeg_with_icc_profile, [(400, 300), (400, 300), (320, 240)]),
    "jpeg with a broken icc profile": (
        lambda: images.jpeg_bytes(400, 300, icc_profile=b"not a profile"),
        [(400, 300), (400, 300), (320, 240)],
    ),
    **{
        f"png {mode}": (lambda mode=mode: images.png_bytes(mode), [(400, 300), (400, 300), (320, 240)])
        for mode in ("P", "LA", "I;16", "1", "L")
    },
}


def processed(data: bytes, max_pixels: int = MAX_PIXELS) -> ProcessedImage:
    return process_image(BytesIO(data), max_pixels=max_pixels)


def opened(variant: Variant) -> Image.Image:
    image = Image.open(BytesIO(variant.data))
    image.load()
    return image


def large_of(data: bytes) -> Image.Image:
    return opened(processed(data).variants[0])


def close_to(pixel: tuple[int, ...], expected: tuple[int, ...], tolerance: int = 8) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, expected, strict=True))


@pytest.mark.parametrize("kind", ACCEPTED)
def test_each_accepted_kind_gives_three_progressive_jpegs_of_the_right_sizes(kind: str) -> None:
    make, sizes = ACCEPTED[kind]

    result = processed(make())

    assert [variant.name for variant in result.variants] == ["large", "medium", "thumb"]
    assert [(variant.width, variant.height) for variant in result.variants] == sizes
    for variant in result.variants:
        image = opened(variant)
        assert (image.format, image.mode, image.size) == ("JPEG", "RGB", (variant.width, variant.height))
        assert image.info.get("progressive")


@pytest.mark.parametrize("kind", ACCEPTED)
def test_no_metadata_of_the_upload_is_left(kind: str) -> None:
    make, _ = ACCEPTED[kind]

    for variant in processed(make()).variants:
        image = opened(variant)
        assert set(image.info) <= JPEG_HEADER_KEYS
        assert not image.getexif()
        assert not image.applist or [marker for marker, _ in image.applist] == ["APP0"]


def test_camera_gps_comment_and_xmp_bytes_are_gone() -> None:
    upload = images.rotated_jpeg_with_gps()
    assert all(trace in upload for trace in (b"Exif", b"Canon", b"shot at home", b"xmpmeta"))

    for variant in processed(upload).variants:
        assert not any(trace in variant.data for trace in (b"Exif", b"Canon", b"shot at home", b"xmpmeta", b"ICC"))


@pytest.mark.parametrize(
    ("orientation", "red_corner"),
    [(1, "top left"), (3, "bottom right"), (6, "top right"), (8, "bottom left")],
)
def test_exif_orientation_is_applied(orientation: int, red_corner: str) -> None:
    large = large_of(images.rotated_jpeg_with_gps(orientation))

    corners = {
        "top left": (10, 10),
        "top right": (large.width - 10, 10),
        "bottom left": (10, large.height - 10),
        "bottom right": (large.width - 10, large.height - 10),
    }
    red = {name for name, xy in corners.items() if close_to(large.getpixel(xy), images.RED, 30)}
    assert red == {red_corner}
    assert (large.height > large.width) == (orientation in (6, 8))


def test_transparency_is_composited_on_white() -> None:
    large = large_of(images.png_with_alpha())

    assert close_to(large.getpixel((10, 150)), (255, 255, 255))  # transparent black: white, not black
    assert close_to(large.getpixel((390, 150)), (0, 0, 255))


def test_a_transparent_palette_index_is_composited_on_white() -> None:
    large = large_of(images.png_bytes("P"))

    assert close_to(large.getpixel((10, 150)), (255, 255, 255))


def test_cmyk_becomes_the_same_colour_in_rgb() -> None:
    assert close_to(large_of(images.cmyk_jpeg()).getpixel((200, 150)), (0, 255, 255))


def test_an_icc_profile_is_converted_to_srgb_not_just_dropped() -> None:
    # Grey 128 in linear light is 188 in sRGB; dropping the profile would leave 128.
    assert close_to(large_of(images.jpeg_with_icc_profile(grey=128)).getpixel((200, 150)), (188, 188, 188), 4)


def test_sixteen_bit_grey_is_scaled_to_eight_bits_not_clipped() -> None:
    darkest, lightest = large_of(images.png_bytes("I;16")).convert("L").getextrema()

    assert darkest < 60 and lightest > 190


def test_a_big_jpeg_decoded_at_reduced_scale_looks_like_the_full_decode() -> None:
    upload = images.photo_like_jpeg(2400, 1800)
    full = Image.open(BytesIO(upload)).resize((1080, 810), Image.Resampling.LANCZOS)

    large = large_of(upload)

    assert _psnr(large, full) > 35  # what JPEG quality 82 alone allows; a poor shrink lands far below


def _psnr(image: Image.Image, reference: Image.Image) -> float:
    squared = ImageChops.difference(image, reference).point(lambda value: value * value)
    mean_squared_error = sum(ImageStat.Stat(squared).mean) / 3
    return 10 * math.log10(255**2 / mean_squared_error)


def test_blurhash_is_four_by_three_base83_and_decodes() -> None:
    hashes = {kind: processed(make()).blurhash for kind, (make, _) in ACCEPTED.items()}

    for value in hashes.values():
        assert len(value) == 2 + 4 + 2 * (4 * 3 - 1)
        assert set(value) <= BASE83
        assert blurhash.decode(value, 8, 6).size == (8, 6)
    assert hashes["webp"] != hashes["cmyk jpeg"]


@pytest.mark.parametrize("in_memory_up_to", [10**7, 1024], ids=["in memory", "rolled over to disk"])
def test_a_spooled_upload_is_read_and_left_open_for_its_owner(in_memory_up_to: int) -> None:
    with tempfile.SpooledTemporaryFile(max_size=in_memory_up_to) as source:
        source.write(images.webp_bytes())

        result = process_image(source, max_pixels=MAX_PIXELS)

        assert [(variant.width, variant.height) for variant in result.variants] == ACCEPTED["webp"][1]
        assert not source.closed


@pytest.mark.parametrize("kind", ["jpeg, orientation 6", "jpeg with icc profile", "png with alpha"])
def test_the_same_upload_gives_the_same_bytes_on_concurrent_threads(kind: str) -> None:
    upload = ACCEPTED[kind][0]()
    alone = processed(upload)

    outcomes = all_at_once(lambda _: processed(upload), 4)

    assert not errors_of(outcomes)
    assert all(outcome == alone for outcome in outcomes)


# -- refusals -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("upload", "error", "in_detail"),
    [
        pytest.param(images.gif_bytes(), UnsupportedImage, "GIF images are not accepted", id="gif"),
        pytest.param(images.not_an_image(), UnsupportedImage, "not an image", id="text"),
        pytest.param(b"", UnsupportedImage, "not an image", id="empty"),
        pytest.param(SVG, UnsupportedImage, "SVG images are not accepted", id="svg"),
        pytest.param(HEIC_HEADER, UnsupportedImage, "HEIC images are not accepted", id="heic"),
        pytest.param(MP4_HEADER, UnsupportedImage, "not an image", id="mp4"),
        pytest.param(images.truncated_jpeg(), UndecodableImage, "JPEG image is damaged", id="truncated jpeg"),
        pytest.param(images.jpeg_bytes()[:40], UndecodableImage, "header is damaged", id="jpeg header only"),
        pytest.param(images.png_with_alpha()[:-30], UndecodableImage, "PNG image is damaged", id="truncated png"),
        pytest.param(images.webp_bytes()[:200], UndecodableImage, "WEBP image", id="truncated webp"),
        pytest.param(images.decompression_bomb(), ImageTooLarge, "8000×8000 pixels; at most 50,000,000", id="bomb"),
        pytest.param(images.decompression_bomb(20_000, 20_000), ImageTooLarge, "50,000,000", id="huge bomb"),
    ],
)
def test_refusals_raise_their_error_with_a_detail(upload: bytes, error: type[MediaError], in_detail: str) -> None:
    with pytest.raises(error) as refused:
        processed(upload)

    assert in_detail in refused.value.detail


def test_the_pixel_limit_is_inclusive() -> None:
    upload = images.jpeg_bytes(100, 50)

    assert processed(upload, max_pixels=5_000).variants
    with pytest.raises(ImageTooLarge):
        processed(upload, max_pixels=4_999)


def test_a_bomb_is_refused_from_its_header_before_any_decoding() -> None:
    # Its pixel data is garbage: had anything been decoded, the error would be UndecodableImage.
    bomb = images.decompression_bomb()
    pixels_at = bomb.index(b"IDAT") + 4
    garbage_pixels = bomb[:pixels_at] + b"\xff" * (len(bomb) - pixels_at)
    with pytest.raises(UndecodableImage):
        processed(garbage_pixels, max_pixels=10**9)

    with pytest.raises(ImageTooLarge):
        processed(garbage_pixels)
