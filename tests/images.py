"""Builders of image files for tests: good ones and hostile ones, made with Pillow."""

import io
import struct
import zlib

from PIL import Image, PngImagePlugin
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

SCRIPT = "<script>alert('owned')</script>"


def png(size=(40, 30), colour=(200, 30, 30), text: dict[str, str] | None = None) -> bytes:
    """A PNG, with text chunks (tEXt) if given."""
    info = PngImagePlugin.PngInfo()
    for key, value in (text or {}).items():
        info.add_text(key, value)
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG", pnginfo=info)
    return out.getvalue()


def jpeg_with_exif() -> bytes:
    """A JPEG whose EXIF names a camera and says where it was taken."""
    image = Image.new("RGB", (32, 24), (20, 120, 200))
    exif = Image.Exif()
    exif[0x010F] = "Secret Camera Maker"  # Make
    exif[0x8825] = {1: "N", 2: (31.0, 14.0, 0.0)}  # GPS position
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A small PNG whose header claims a huge size: a decompression bomb as a decoder meets
    it (the pixels would only be inflated after the header is read)."""
    data = png((1, 1))
    ihdr = data[8 + 8 : 8 + 8 + 13]
    new_ihdr = struct.pack(">II", width, height) + ihdr[8:]
    crc = struct.pack(">I", zlib.crc32(b"IHDR" + new_ihdr) & 0xFFFFFFFF)
    return data[:16] + new_ihdr + crc + data[16 + 13 + 4 :]


SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(1)</script><rect width='10' height='10'/></svg>"
)
HTML_AS_PNG = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"


def post_form(client, url: str, fields: dict, files: dict[str, tuple[bytes, str]]):
    """Post a form with files as a browser does (multipart), encoded in memory: the test client
    would spool a large body to a temporary file it never closes."""
    form = MultiDict(fields)
    for name, (data, filename) in files.items():
        form[name] = FileStorage(io.BytesIO(data), filename)
    boundary, body = encode_multipart(form)
    return client.post(url, data=body, content_type=f"multipart/form-data; boundary={boundary}")
