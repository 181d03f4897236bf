"""Who is calling the API: a bearer token, or the browser's session (which then needs CSRF)."""

from functools import cache

from flask import abort, g, request
from flask_login import current_user
from sqlalchemy import Select, bindparam

from quizapp.auth import session_user_id
from quizapp.credentials import issue_token, secret_hash
from quizapp.extensions import csrf, db
from quizapp.models import ApiToken, now_utc

STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}
__all__ = ["api_user_id", "authenticate", "issue_token"]


@cache
def _token_owner() -> Select[tuple[int, int]]:
    """A live token's id and owner, by the token's hash: built once (every API call runs it)."""
    return db.select(ApiToken.id, ApiToken.user_id).where(
        ApiToken.token_hash == bindparam("hash"), ApiToken.expires_at > bindparam("now")
    )


def authenticate() -> None:
    """Set g.api_user_id from the bearer token or the session; check CSRF for sessions.

    A bearer token or a session costs one small query; the account itself is loaded only by
    views that need more of it than its id (saving an answer does not). An expired or
    revoked token is refused like an unknown one.
    """
    header = request.headers.get("Authorization", "")
    g.api_user_id = g.api_token_id = None
    if header.startswith("Bearer "):
        row = db.session.execute(
            _token_owner(), {"hash": secret_hash(header[7:].strip()), "now": now_utc()}
        ).first()
        if row is None:
            abort(401)
        g.api_token_id, g.api_user_id = row
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
