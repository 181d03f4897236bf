"""Public reads answered from a version: an ETag and Last-Modified on the page, and a 304 that
renders nothing when the browser already holds that version.

A page's tag is its version and the viewer as far as the page shows them (the layout names
the account and its role), so one viewer's tag never matches another's page. A page that has
a message waiting (flash) is always rendered, or the message would wait for another page. The
layout's logout form carries a CSRF token that expires (WTF_CSRF_TIME_LIMIT), so the tag also
changes every half of that limit: a page the browser keeps never holds an expired token.
Only If-None-Match can give a 304: If-Modified-Since alone names no viewer.
"""

import hashlib
import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path

from flask import current_app, make_response, request, session
from flask_login import current_user
from werkzeug.wrappers import Response

# Files whose change may change every page: the templates, the static files the pages link,
# and the app's code (a release changes some of them, never the version a page is read from).
_BUILD = ("templates", "static", "quizapp")


def file_stamp(paths: Iterable[Path]) -> tuple[str, datetime]:
    """A fingerprint of the files' contents and their newest modification time (UTC, whole
    seconds, as Last-Modified carries)."""
    digest = hashlib.sha256()
    newest = 0.0
    for path in sorted(paths):
        digest.update(str(path).encode() + b"\0" + path.read_bytes())
        newest = max(newest, path.stat().st_mtime)
    return digest.hexdigest()[:16], datetime.fromtimestamp(int(newest), UTC)


def build_stamp() -> tuple[str, datetime]:
    """The stamp of the templates and static files, taken once per process."""
    cache = current_app.extensions.setdefault("quizapp.fresh", {})
    if "build" not in cache:
        root = Path(current_app.root_path).parent
        cache["build"] = file_stamp(
            path
            for folder in _BUILD
            for path in (root / folder).rglob("*")
            if path.is_file() and path.suffix != ".pyc"
        )
    stamp: tuple[str, datetime] = cache["build"]
    return stamp


def _viewer() -> str:
    """Who is asking, as far as a public page shows it."""
    if not current_user.is_authenticated:
        return "anonymous"
    limit = current_app.config.get("WTF_CSRF_TIME_LIMIT", 3600) or 3600
    window = int(time.time() // max(1, limit // 2))
    return f"{current_user.id}:{current_user.role}:{current_user.display_name}:{window}"


def etag(version: str) -> str:
    """The page's tag: its version, the build and the viewer, hashed (names stay private)."""
    build, _ = build_stamp()
    raw = f"{version}|{build}|{request.path}|{request.query_string.decode()}|{_viewer()}"
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def conditional(version: str, modified: datetime, render: Callable[[], str]) -> Response:
    """A 304 if the request holds this page's tag, else the rendered page with its tags.

    Cache-Control says the browser may keep the page but must ask again each time (no-cache),
    and no shared cache may keep it (private): the page names its viewer.
    """
    tag = etag(version)
    if tag in request.if_none_match and not session.get("_flashes"):
        response = Response(status=304)
    else:
        response = make_response(render())
    response.set_etag(tag)
    response.last_modified = max(modified, build_stamp()[1])
    response.headers["Cache-Control"] = "private, no-cache"
    response.vary.add("Cookie")
    return response
