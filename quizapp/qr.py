"""A link as a QR code, drawn here as SVG, so no third party sees it (class and live codes)."""

import io

import segno
from flask import Response


def qr_response(url: str, scale: int) -> Response:
    """The URL as a standalone SVG QR code (xmlns, white quiet zone: as an <img> it must stand
    on its own), never cached since the code it holds can be replaced."""
    out = io.BytesIO()
    segno.make(url, error="m").save(
        out, kind="svg", scale=scale, xmldecl=False, svgclass=None, lineclass=None, light="#fff"
    )
    return Response(out.getvalue(), mimetype="image/svg+xml", headers={"Cache-Control": "no-store"})
