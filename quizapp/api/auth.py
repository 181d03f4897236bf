"""Who is calling the API: a bearer token, or the browser's session (which then needs CSRF)."""

import hashlib
import secrets

from flask import abort, g, request
from flask_login import current_user
from sqlalchemy.orm import joinedload

from quizapp.core.text import without_controls
from quizapp.extensions import csrf, db
from quizapp.models import ApiToken, User

STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}


def hash_token(token: str) -> str:
    """The stored form of a token: its SHA-256, so a database leak reveals no token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue_token(user: User, name: str) -> str:
    """Create a new token for the user and return it; only its hash is kept."""
    token = secrets.token_urlsafe(32)
    db.session.add(
        ApiToken(user_id=user.id, token_hash=hash_token(token), name=without_controls(name)[:60])
    )
    db.session.commit()
    return token


def authenticate() -> None:
    """Set g.api_user from the bearer token or the session; check CSRF for sessions."""
    header = request.headers.get("Authorization", "")
    g.api_user = None
    if header.startswith("Bearer "):
        token = db.session.execute(
            db.select(ApiToken)
            .options(joinedload(ApiToken.user))  # one statement for the token and its owner
            .where(ApiToken.token_hash == hash_token(header[7:].strip()))
        ).scalar_one_or_none()
        if token is None:
            abort(401)
        g.api_user = token.user
        return
    if current_user.is_authenticated:
        if request.method in STATE_CHANGING:
            csrf.protect()  # a cookie alone must not be enough to change anything
        g.api_user = current_user._get_current_object()


def api_user() -> User:
    """The authenticated caller, or a 401."""
    if g.get("api_user") is None:
        abort(401)
    user: User = g.api_user
    return user
