"""Serving question images: the stored bytes, their own type, no sniffing, cached by hash."""

import re

from flask import Blueprint, abort, request
from flask_login import current_user
from werkzeug.wrappers import Response

from quizapp.auth.guard import require_role
from quizapp.extensions import db
from quizapp.images.store import file_name, may_see
from quizapp.models import QuestionImage, Role

bp = Blueprint("images", __name__, url_prefix="/images")
require_role(bp, Role.STUDENT)

FILE_NAME = re.compile(r"([0-9a-f]{64})\.(png|jpg|webp)")
# Served as data only: were a browser ever to render the bytes as a page, no script runs.
IMAGE_CSP = "default-src 'none'; sandbox"


@bp.get("/<name>")
def image(name: str) -> Response:
    """One image, to a user who may see a question that shows it (404 to anyone else, so
    whether an image exists is not told either)."""
    match = FILE_NAME.fullmatch(name)
    found = db.session.get(QuestionImage, match.group(1)) if match else None
    if found is None or file_name(found) != name or not may_see(found, current_user):
        abort(404)
    response = Response(found.data, mimetype=found.content_type)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = IMAGE_CSP
    # Private: whether one may see it depends on the account. The URL names the bytes, so
    # they never change under it.
    response.headers["Cache-Control"] = "private, max-age=31536000, immutable"
    response.set_etag(found.sha256)
    return response.make_conditional(request)
