"""Who is calling the API: a bearer token, or the browser's session (which then needs CSRF)."""

import hashlib
import secrets
from functools import cache

from flask import abort, g, request
from flask_login import current_user
from sqlalchemy import Select, bindparam

from quizapp.auth import session_user_id
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


@cache
def _token_owner() -> Select[tuple[int]]:
    """The id of a token's owner, by the token's hash: built once (every API call runs it)."""
    return db.select(ApiToken.user_id).where(ApiToken.token_hash == bindparam("hash"))


def authenticate() -> None:
    """Set g.api_user_id from the bearer token or the session; check CSRF for sessions.

    A bearer token or a session costs one small query; the account itself is loaded only by
    views that need more of it than its id (saving an answer does not).
    """
    header = request.headers.get("Authorization", "")
    g.api_user_id = None
    if header.startswith("Bearer "):
        owner = db.session.execute(
            _token_owner(), {"hash": hash_token(header[7:].strip())}
        ).scalar_one_or_none()
        if owner is None:
            abort(401)
        g.api_user_id = owner
        return
    user_id = session_user_id()
    if user_id is None and current_user.is_authenticated:  # a remember-me cookie, say
        user_id = current_user.id
    if user_id is not None:
        if request.method in STATE_CHANGING:
            csrf.protect()  # a cookie alone must not be enough to change anything
        g.api_user_id = user_id


def api_user_id() -> int:
    """The id of the authenticated caller, or a 401."""
    user_id: int | None = g.get("api_user_id")
    if user_id is None:
        abort(401)
    return user_id
