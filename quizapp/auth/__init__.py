"""Accounts: register, log in, log out, change password."""

from flask import Flask, session
from sqlalchemy import bindparam, select

from quizapp.auth.views import bp
from quizapp.extensions import db, login_manager
from quizapp.models import User

# The version an account's sessions must carry: built once, since every API call may ask.
_SESSION_VERSION = select(User.session_version).where(User.id == bindparam("id"))


def _session_key(session_id: str) -> tuple[int, int] | None:
    """(account id, session version) from a session's "id:version", or None if malformed."""
    user_id, _, version = session_id.partition(":")
    if not (user_id.isascii() and user_id.isdigit() and version.isascii() and version.isdigit()):
        return None
    return int(user_id), int(version)


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """Find the account for a session, refusing sessions from before a password change."""
    key = _session_key(session_id)
    if key is None:
        return None
    user = db.session.get(User, key[0])
    if user is None or user.session_version != key[1]:
        return None
    return user


def session_user_id() -> int | None:
    """The account id the session cookie names, checked as load_user checks it, unloaded.

    For API calls, which need only the id: one small query instead of loading the account.
    None when the session names no current account, and whenever Flask-Login must decide
    itself (strong session protection); the caller then asks current_user, which also
    reads a remember-me cookie.
    """
    session_id = session.get("_user_id")
    if not isinstance(session_id, str) or login_manager.session_protection == "strong":
        return None
    key = _session_key(session_id)
    if key is None:
        return None
    version = db.session.execute(_SESSION_VERSION, {"id": key[0]}).scalar_one_or_none()
    return key[0] if version == key[1] else None


def init_app(app: Flask) -> None:
    """Register the accounts blueprint."""
    app.register_blueprint(bp)
