"""Uploads into the variants we serve: checked by content, bounded in pixels, upright, sRGB, stripped, re-encoded.

What comes out of :func:`process_image` is three progressive JPEGs (see
:data:`VARIANT_WIDTHS`) and a blurhash; nothing of the upload survives but its
pixels. The format is told from the bytes, never from a name or a declared
type; the pixel count is read from the header and checked before anything is
decoded, so a small file that declares a huge image (a decompression bomb)
costs nothing.

Colour: an upload carrying an ICC profile (phones shoot Display P3, cameras
Adobe RGB, print files CMYK) is converted to sRGB with LittleCMS, and the
variants carry no profile. Browsers take an untagged image as sRGB, so dropping
the profile without converting would show such photos dull or shifted, and
embedding one would cost every variant kilobytes and keep metadata we strip.

Speed, the way image services get it: a JPEG is decoded by libjpeg at 1/2, 1/4
or 1/8 scale when the largest variant is that much smaller (``Image.draft``),
the colour work happens on the largest variant rather than the upload, each
variant is shrunk from the one before it, and the blurhash is computed from a
tiny copy of the smallest. Pillow releases the GIL while it decodes, resizes
and encodes, so uploads on different threads use different cores.
"""

from __future__ import annotations

import dataclasses
from io import BytesIO
from typing import BinaryIO

import blurhash
from PIL import ExifTags, Image, ImageCms

from media.errors import ImageTooLarge, UndecodableImage, UnsupportedImage

ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP")
"""Pillow's names of the formats an upload may be in."""

VARIANT_WIDTHS = {"large": 1080, "medium": 640, "thumb": 320}
"""Each variant's width in pixels, largest first; smaller uploads are never enlarged."""

JPEG_QUALITY = 82
BLURHASH_WIDTH = 32
"""Width of the copy the blurhash is computed from: 4×3 components need no more."""

_SNIFF_BYTES = 256
_TRANSPOSE_FOR_ORIENTATION = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
"""How to turn an image upright for each EXIF orientation (1 is already upright)."""

_QUARTER_TURNS = {5, 6, 7, 8}
"""Orientations whose upright image has width and height swapped."""

_ISO_MEDIA_BRANDS = {
    **dict.fromkeys((b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"), "HEIC"),
    **dict.fromkeys((b"avif", b"avis"), "AVIF"),
}
"""Image formats among the ISO media files (``ftyp`` box), by major brand; the rest are videos and the like."""

# What Pillow raises for data it cannot parse or decode, whichever format and step (header, pixels,
# EXIF); UnidentifiedImageError is an OSError.
_DECODING_ERRORS = (OSError, SyntaxError, ValueError, EOFError, IndexError)


@dataclasses.dataclass(frozen=True)
class Variant:
    """One size of an upload: a progressive sRGB JPEG with no metadata."""

    name: str
    width: int
    height: int
    data: bytes = dataclasses.field(repr=False)


@dataclasses.dataclass(frozen=True)
class ProcessedImage:
    """The variants of one upload, largest first, and a blurhash of it (4×3 components)."""

    variants: tuple[Variant, ...]
    blurhash: str


def process_image(source: BinaryIO, *, max_pixels: int) -> ProcessedImage:
    """Check an upload and make its variants and blurhash.

    Args:
        source: the upload, a seekable binary file; it is read, not closed or kept.
        max_pixels: the most pixels (width × height) an upload may declare.

    Raises:
        UnsupportedImage: the content is not a JPEG, PNG or WebP image.
        ImageTooLarge: the header declares more than ``max_pixels`` pixels.
        UndecodableImage: the content is an accepted format but cannot be decoded.
    """
    with _open(source, max_pixels) as upload:
        try:
            decoded = _decode(upload)
        except _DECODING_ERRORS as error:
            raise UndecodableImage(f"The {upload.format} image is damaged or incomplete and cannot be read.") from error
    images = _variant_images(decoded)
    variants = tuple(
        Variant(name, image.width, image.height, _encoded(image)) for name, image in zip(VARIANT_WIDTHS, images)
    )
    return ProcessedImage(variants, _blurhash(images[-1]))


def _open(source: BinaryIO, max_pixels: int) -> Image.Image:
    """The upload opened by Pillow with its header read and checked, nothing decoded."""
    source.seek(0)
    kind = _sniffed_format(source.read(_SNIFF_BYTES))
    if kind not in ACCEPTED_FORMATS:
        raise UnsupportedImage(_unsupported_detail(kind))
    try:
        upload = Image.open(source, formats=[kind])
    except Image.DecompressionBombError as error:  # Pillow's own limit, met before ours can be checked
        raise ImageTooLarge(f"The image has far more than {max_pixels:,} pixels, the most accepted.") from error
    except _DECODING_ERRORS as error:
        raise UndecodableImage(f"The {kind} image's header is damaged and cannot be read.") from error
    width, height = upload.size
    if width * height > max_pixels:
        upload.close()
        raise ImageTooLarge(f"The image is {width}×{height} pixels; at most {max_pixels:,} are accepted.")
    return upload


def _sniffed_format(head: bytes) -> str | None:
    """The format the first bytes of a file announce, when we know it; Pillow's name for ours."""
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "GIF"
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return "TIFF"
    if head[4:8] == b"ftyp":
        return _ISO_MEDIA_BRANDS.get(head[8:12])
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<") and b"<svg" in head:
        return "SVG"
    return None


def _unsupported_detail(kind: str | None) -> str:
    accepted = "JPEG, PNG or WebP"
    if kind is None:
        return f"The upload is not an image we can read; send a {accepted} image."
    return f"{kind} images are not accepted; send a {accepted} image."


# -- decoding ---------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class _Decoded:
    """An upload's pixels and what is still to do to them."""

    pixels: Image.Image
    """Decoded at the smallest scale that covers the large variant, in a mode resizing keeps right, no metadata."""
    orientation: int
    sizes: list[tuple[int, int]]
    """Each variant's upright (width, height), from the upload's full size."""
    icc_profile: bytes | None


def _decode(upload: Image.Image) -> _Decoded:
    """Decode ``upload`` once, as small as the large variant allows, keeping only what the variants need."""
    orientation = _orientation(upload)
    sizes = variant_sizes(_upright_size(upload.size, orientation))
    upload.draft(upload.mode, _stored_size(sizes[0], orientation))  # JPEG only: libjpeg scales while decoding
    upload.load()
    icc_profile = upload.info.get("icc_profile")
    pixels = _resizable(upload)
    pixels.info = {}  # EXIF, GPS, XMP, comments, profile: none of it may reach a variant
    return _Decoded(pixels, orientation, sizes, icc_profile)


def _orientation(upload: Image.Image) -> int:
    orientation = upload.getexif().get(ExifTags.Base.Orientation, 1)
    return orientation if orientation in _TRANSPOSE_FOR_ORIENTATION else 1


def _upright_size(size: tuple[int, int], orientation: int) -> tuple[int, int]:
    return (size[1], size[0]) if orientation in _QUARTER_TURNS else size


_stored_size = _upright_size  # turning a size a quarter back is the same swap


def variant_sizes(upright: tuple[int, int]) -> list[tuple[int, int]]:
    """Each variant's (width, height), in :data:`VARIANT_WIDTHS` order, never wider than the upload."""
    width, height = upright
    widths = [min(target, width) for target in VARIANT_WIDTHS.values()]
    return [(each, max(1, round(height * each / width))) for each in widths]


def _resizable(image: Image.Image) -> Image.Image:
    """``image`` in a mode Pillow resizes with every filter: RGB, RGBA, L or CMYK."""
    if "transparency" in image.info or image.mode in {"LA", "PA", "La", "RGBa"}:
        return image.convert("RGBA")  # resize premultiplies alpha, so transparent pixels do not bleed
    if image.mode in {"RGB", "RGBA", "L", "CMYK"}:
        return image
    if image.mode.startswith("I"):  # 16-bit grey (PNG): scale to 8 bits, converting would clip at 255
        return image.point(lambda value: value / 257).convert("L")
    return image.convert("RGB")


# -- variants ---------------------------------------------------------------------------------


def _variant_images(decoded: _Decoded) -> list[Image.Image]:
    """Every variant's image, upright and in sRGB, each shrunk from the one before."""
    largest = _shrunk(decoded.pixels, _stored_size(decoded.sizes[0], decoded.orientation))
    largest = _in_srgb(largest, decoded.icc_profile)
    if decoded.orientation in _TRANSPOSE_FOR_ORIENTATION:
        largest = largest.transpose(_TRANSPOSE_FOR_ORIENTATION[decoded.orientation])
    images = [largest]
    for size in decoded.sizes[1:]:
        images.append(_shrunk(images[-1], size))
    return images


def _shrunk(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    return image if image.size == size else image.resize(size, Image.Resampling.LANCZOS)


def _in_srgb(image: Image.Image, icc_profile: bytes | None) -> Image.Image:
    """``image`` as RGB in sRGB: transparency composited on white (JPEG has no alpha), its profile applied."""
    if image.mode == "RGBA":
        flat = Image.new("RGB", image.size, "white")
        flat.paste(image, mask=image.getchannel("A"))
        image = flat
    if icc_profile:
        image = _converted(image, icc_profile)
    return image if image.mode == "RGB" else image.convert("RGB")


def _converted(image: Image.Image, icc_profile: bytes) -> Image.Image:
    # A fresh sRGB profile each time (0.1 ms): LittleCMS reads a profile's tags lazily through one
    # file position, so threads must not share profile handles.
    srgb = ImageCms.createProfile("sRGB")
    try:
        return ImageCms.profileToProfile(image, BytesIO(icc_profile), srgb, outputMode="RGB")
    except (ImageCms.PyCMSError, OSError):  # a broken or mismatched profile is no reason to refuse a photo
        return image


def _encoded(image: Image.Image) -> bytes:
    buffer = BytesIO()
    # No optimize=True: libjpeg always builds optimal Huffman tables for progressive JPEG (same bytes, measured).
    image.save(buffer, "JPEG", quality=JPEG_QUALITY, progressive=True)
    return buffer.getvalue()


def _blurhash(smallest: Image.Image) -> str:
    width = min(BLURHASH_WIDTH, smallest.width)
    tiny = smallest.resize((width, max(1, round(smallest.height * width / smallest.width))), Image.Resampling.BOX)
    return blurhash.encode(tiny, x_components=4, y_components=3)
