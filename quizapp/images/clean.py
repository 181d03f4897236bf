"""Turning an uploaded file into a clean image, or a refusal in words for people.

Only PNG, JPEG and WebP are read, and only within the limits below; the pixels are copied into
a new image and encoded again, so nothing the file carried besides its pixels (text chunks,
EXIF and its GPS position, ICC profiles, trailing bytes, a script pretending to be an image)
reaches the database. The size is checked from the header, before any pixel is decoded, so a
decompression bomb costs nothing. No Flask, no database: the form and GIFT import both call it.
"""

import hashlib
import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps

MAX_BYTES = 1024 * 1024
MAX_SIDE = 4000
MAX_PIXELS = 12_000_000
# Pillow's own check, at open, from the header: past this a warning (made an error below), past
# twice this an error. Set at the largest square we could accept, so that images just over our
# limits get the message naming their size, and anything far larger never reaches a decoder.
Image.MAX_IMAGE_PIXELS = MAX_SIDE * MAX_SIDE

LIMITS_TEXT = "PNG, JPEG or WebP, at most 1 MB and 4,000 pixels a side"
# Pillow's format name -> how the image is served and saved again.
FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}
EXTENSIONS = {"image/png": "png", "image/jpeg": "jpg", "image/webp": "webp"}


class ImageRefused(ValueError):
    """The file is not an image we keep; the message says why and what to do."""


@dataclass(frozen=True)
class CleanImage:
    """An image re-encoded from its pixels alone, named by the SHA-256 of its bytes."""

    data: bytes
    content_type: str
    width: int
    height: int

    @property
    def sha256(self) -> str:
        """The hex SHA-256 of the bytes: the image's name and its ETag."""
        return hashlib.sha256(self.data).hexdigest()


def _looks_like_svg(head: bytes, filename: str) -> bool:
    """SVG is XML that may carry scripts; it gets its own message."""
    text = head[:1024].lstrip().lower()
    return filename.lower().endswith((".svg", ".svgz")) or (
        text.startswith((b"<?xml", b"<svg", b"<!doctype svg")) and b"<svg" in text
    )


def clean_image(data: bytes, filename: str = "") -> CleanImage:
    """The upload as a clean PNG, JPEG or WebP image; ImageRefused says why it is not one."""
    if not data:
        raise ImageRefused("The file is empty. Choose a PNG, JPEG or WebP image.")
    if len(data) > MAX_BYTES:
        raise ImageRefused(
            f"The file is {-(-len(data) // 1024):,} KB; at most 1,024 KB (1 MB) is accepted. "
            "Save it smaller (fewer pixels, or JPEG or WebP) and try again."
        )
    if _looks_like_svg(data, filename):
        raise ImageRefused(
            "SVG images are not accepted: they can carry scripts. Export it as PNG and try again."
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            source = Image.open(io.BytesIO(data), formats=list(FORMATS))
            width, height = source.size
            if width > MAX_SIDE or height > MAX_SIDE or width * height > MAX_PIXELS:
                raise ImageRefused(_too_many_pixels((width, height)))
            source.load()
            return _reencode(source)
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        # Raised by Image.open itself, from the header: no pixel was decoded.
        raise ImageRefused(_too_many_pixels(None)) from None
    except ImageRefused:
        raise
    except (OSError, ValueError, SyntaxError, EOFError) as error:
        # Not an image Pillow can read in these formats, or a damaged one (Pillow raises
        # SyntaxError for some broken headers).
        raise ImageRefused(
            "This file is not a PNG, JPEG or WebP image, or it is damaged. "
            "Open it in an image editor, save it as PNG or JPEG, and try again."
        ) from error


def _too_many_pixels(size: tuple[int, int] | None) -> str:
    """The refusal for an image that is too large in pixels."""
    found = f"The image is {size[0]:,} × {size[1]:,} pixels" if size else "The image is too large"
    return (
        f"{found}; at most {MAX_SIDE:,} pixels a side "
        f"and {MAX_PIXELS // 1_000_000} million in all are accepted. Make it smaller and try again."
    )


def _reencode(source: Image.Image) -> CleanImage:
    """The pixels alone, upright (EXIF orientation applied, then dropped), encoded again."""
    content_type = FORMATS[str(source.format)]
    upright = ImageOps.exif_transpose(source)
    has_alpha = upright.mode in ("RGBA", "LA", "PA") or "transparency" in upright.info
    if content_type == "image/jpeg":
        mode = "L" if upright.mode == "L" else "RGB"
    else:
        mode = "RGBA" if has_alpha else ("L" if upright.mode == "L" else "RGB")
    pixels = upright.convert(mode)
    # A new image from the raw pixels carries no info dict: no text, EXIF or ICC to copy.
    fresh = Image.frombytes(mode, pixels.size, pixels.tobytes())
    out = io.BytesIO()
    if content_type == "image/png":
        fresh.save(out, "PNG", optimize=True)
    elif content_type == "image/jpeg":
        fresh.save(out, "JPEG", quality=85, optimize=True)
    else:
        fresh.save(out, "WEBP", quality=85)
    return CleanImage(out.getvalue(), content_type, fresh.width, fresh.height)
