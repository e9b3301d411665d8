"""Images drawn with Pillow in memory, one function per kind of upload, each returning the file's bytes."""

from __future__ import annotations

import struct
import zlib
from io import BytesIO

from PIL import ExifTags, Image, ImageDraw

RED = (220, 20, 20)
"""The colour :func:`rotated_jpeg_with_gps` paints its stored top-left quarter with."""

XMP_PACKET = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF/></x:xmpmeta>'


def _encoded(image: Image.Image, image_format: str, **options: object) -> bytes:
    buffer = BytesIO()
    image.save(buffer, image_format, **options)
    return buffer.getvalue()


def _gradient(width: int, height: int) -> Image.Image:
    """An RGB image whose colour changes across both axes, so resizing has real work to do."""
    vertical = Image.linear_gradient("L")  # 256×256, black at the top to white at the bottom
    horizontal = vertical.transpose(Image.Transpose.ROTATE_90).resize((width, height))
    vertical = vertical.resize((width, height))
    return Image.merge("RGB", (horizontal, vertical, Image.new("L", (width, height), 128)))


def jpeg_bytes(width: int = 800, height: int = 600, **options: object) -> bytes:
    """A baseline RGB JPEG; ``options`` go to Pillow's JPEG writer (``exif``, ``icc_profile``, ``quality``…)."""
    return _encoded(_gradient(width, height), "JPEG", **options)


def rotated_jpeg_with_gps(orientation: int = 6) -> bytes:
    """A 600×400 stored (landscape) JPEG with an EXIF ``orientation``; 6 shows it as 400×600 portrait.

    It carries everything that must not leave the server: a camera make and model,
    GPS coordinates, a comment and an XMP packet. Its stored top-left quarter is
    :data:`RED`; upright, that quarter is top-right (6), bottom-right (3) or bottom-left (8).
    """
    image = _gradient(600, 400)
    ImageDraw.Draw(image).rectangle((0, 0, 299, 199), fill=RED)
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.Make] = "Canon"
    exif[ExifTags.Base.Model] = "Canon EOS 5D"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (48.0, 51.0, 29.6)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (2.0, 17.0, 40.2)
    return _encoded(image, "JPEG", exif=exif, comment=b"shot at home", xmp=XMP_PACKET)


def png_with_alpha(width: int = 400, height: int = 300) -> bytes:
    """An RGBA PNG: the left half fully transparent black, the right half opaque blue."""
    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    ImageDraw.Draw(image).rectangle((width // 2, 0, width, height), fill=(0, 0, 255, 255))
    return _encoded(image, "PNG")


def png_bytes(mode: str, width: int = 400, height: int = 300) -> bytes:
    """A PNG in Pillow ``mode`` (``P``, ``LA``, ``I;16``, ``1``, ``L``, ``RGB``…); ``P`` has a transparent index."""
    image = _gradient(width, height)
    if mode == "P":
        image = image.convert("P", palette=Image.Palette.ADAPTIVE, colors=255)
        image.putpalette(image.getpalette() + [0, 0, 0])  # index 255: black, made transparent below
        ImageDraw.Draw(image).rectangle((0, 0, width // 4, height), fill=255)
        return _encoded(image, "PNG", transparency=255)
    if mode == "I;16":
        # Grey over the full 16-bit range: a conversion that clips instead of scaling shows mostly white.
        return _encoded(image.convert("L").convert("I").point(lambda value: value * 257).convert("I;16"), "PNG")
    return _encoded(image.convert(mode), "PNG")


def webp_bytes(width: int = 500, height: int = 400) -> bytes:
    """A lossy RGB WebP."""
    return _encoded(_gradient(width, height), "WEBP", quality=80)


def cmyk_jpeg(width: int = 400, height: int = 300) -> bytes:
    """A CMYK JPEG (print workflows make them) of pure cyan: RGB (0, 255, 255) on screen."""
    return _encoded(Image.new("CMYK", (width, height), (255, 0, 0, 0)), "JPEG", quality=95)


def jpeg_with_icc_profile(width: int = 400, height: int = 300, grey: int = 128) -> bytes:
    """A grey JPEG tagged with a *linear* sRGB profile (gamma 1.0), see :func:`linear_srgb_profile`.

    Value 128 in linear light is 0.5, which sRGB encodes as 188: a converting
    pipeline shows ~188, one that only drops the profile shows 128.
    """
    return jpeg_bytes_of(Image.new("RGB", (width, height), (grey,) * 3), icc_profile=linear_srgb_profile(), quality=95)


def jpeg_bytes_of(image: Image.Image, **options: object) -> bytes:
    """``image`` as a JPEG."""
    return _encoded(image, "JPEG", **options)


def gif_bytes() -> bytes:
    """A small GIF (a format we refuse)."""
    return _encoded(_gradient(64, 48).convert("P"), "GIF")


def truncated_jpeg() -> bytes:
    """A JPEG cut in the middle of its pixel data: the header reads, the pixels do not."""
    whole = jpeg_bytes(800, 600, quality=95)
    return whole[: len(whole) // 2]


def not_an_image() -> bytes:
    """Text, whatever name or type an upload claims for it."""
    return b"Dear diary, today I uploaded a text file and called it photo.jpg.\n" * 20


def decompression_bomb(width: int = 8_000, height: int = 8_000) -> bytes:
    """A valid 1-bit black PNG of ``width``×``height`` pixels that weighs a few kilobytes.

    The default 64 megapixels is over the service's default limit (50) but under
    Pillow's own warning threshold (~89), so only our check can refuse it.
    Written by hand because Pillow would first build the whole image in memory.
    """
    row = b"\x00" * (1 + (width + 7) // 8)  # filter byte 0, then the packed bits
    compressor = zlib.compressobj(9)
    pixels = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1 bit, greyscale, no interlace
    return b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header) + _png_chunk(b"IDAT", pixels) + _png_chunk(b"IEND", b"")


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def photo_like_jpeg(width: int = 4000, height: int = 3000, quality: int = 90) -> bytes:
    """A camera-like JPEG: smooth shapes under fine grain, so it weighs what a phone photo does (~3 MB at 12 MP).

    Flat test images compress to almost nothing and decode unrealistically fast;
    grain at several scales gives libjpeg the work a real photo gives it.
    """
    scene = _gradient(width, height)
    draw = ImageDraw.Draw(scene)
    for i in range(12):
        left, top = (i * 331) % width, (i * 197) % height
        draw.ellipse((left, top, left + width // 4, top + height // 3), fill=(40 + 17 * i, 200 - 13 * i, 90 + 11 * i))
    texture = Image.merge("RGB", [_grain(width, height, seed) for seed in range(3)])
    return _encoded(Image.blend(scene, texture, 0.35), "JPEG", quality=quality)


def _grain(width: int, height: int, seed: int) -> Image.Image:
    """Noise at a coarse and a fine scale, blended: blotches and grain like a sensor's."""
    coarse = Image.effect_noise((width // 40 + seed, height // 40 + seed), 60)
    coarse = coarse.resize((width, height), Image.Resampling.BICUBIC)
    fine = Image.effect_noise((width, height), 40)
    return Image.blend(coarse, fine, 0.5)


def linear_srgb_profile() -> bytes:
    """An ICC v2 display profile with sRGB's primaries and a linear (gamma 1.0) tone curve.

    Pillow's ImageCms can only create sRGB, Lab and XYZ profiles; this one is
    written by hand so that converting to sRGB visibly changes the pixels.
    """
    white = _xyz_tag((0.9642, 1.0, 0.8249))  # D50, the profile connection space's white
    tags = [
        (b"desc", _description_tag("linear sRGB")),
        (b"wtpt", white),
        (b"rXYZ", _xyz_tag((0.4361, 0.2225, 0.0139))),  # sRGB primaries adapted to D50
        (b"gXYZ", _xyz_tag((0.3851, 0.7169, 0.0971))),
        (b"bXYZ", _xyz_tag((0.1431, 0.0606, 0.7141))),
        (b"rTRC", b"curv" + bytes(4) + struct.pack(">I", 0)),  # no entries: the identity curve
        (b"gTRC", b"curv" + bytes(4) + struct.pack(">I", 0)),
        (b"bTRC", b"curv" + bytes(4) + struct.pack(">I", 0)),
    ]
    offset = 128 + 4 + 12 * len(tags)
    table, body = b"", b""
    for signature, data in tags:
        data += bytes(-len(data) % 4)
        table += signature + struct.pack(">II", offset + len(body), len(data))
        body += data
    size = offset + len(body)
    header = (
        struct.pack(">I", size) + bytes(4) + bytes([2, 0x10, 0, 0]) + b"mntrRGB XYZ " + bytes(12) + b"acsp"
        + bytes(24) + struct.pack(">I", 0) + _s15(0.9642) + _s15(1.0) + _s15(0.8249) + bytes(48)
    )
    return header + struct.pack(">I", len(tags)) + table + body


def _s15(value: float) -> bytes:
    """ICC's s15Fixed16Number."""
    return struct.pack(">i", round(value * 65536))


def _xyz_tag(xyz: tuple[float, float, float]) -> bytes:
    return b"XYZ " + bytes(4) + b"".join(_s15(value) for value in xyz)


def _description_tag(text: str) -> bytes:
    ascii_text = text.encode("ascii") + b"\x00"
    return b"desc" + bytes(4) + struct.pack(">I", len(ascii_text)) + ascii_text + bytes(4 + 4 + 2 + 1 + 67)
