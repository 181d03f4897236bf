"""Accounts: register, log in, log out, change password."""

from flask import Flask, session
from sqlalchemy import Select, bindparam, select

from quizapp.auth.sessions import login_key_hash
from quizapp.auth.views import bp
from quizapp.extensions import db, login_manager
from quizapp.models import LoginSession, User


def _live(query: Select[tuple[object]]) -> Select[tuple[object]]:
    """Only a session of the account's current version, still on record (not logged out)."""
    return query.join(LoginSession, LoginSession.user_id == User.id).where(
        User.id == bindparam("id"),
        User.session_version == bindparam("version"),
        LoginSession.key_hash == bindparam("key"),
    )


# Built once, since every page and API call asks.
_SESSION_USER = _live(select(User))
_SESSION_USER_ID = _live(select(User.id))


def _session_key(session_id: str) -> tuple[int, int] | None:
    """(account id, session version) from a session's "id:version", or None if malformed."""
    user_id, _, version = session_id.partition(":")
    if not (user_id.isascii() and user_id.isdigit() and version.isascii() and version.isdigit()):
        return None
    return int(user_id), int(version)


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """Find the account for a session, refusing sessions logged out or from before a
    password change."""
    _, found = _checked(session_id, _SESSION_USER)
    return found if isinstance(found, User) else None


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
    user_id, found = _checked(session_id, _SESSION_USER_ID)
    return user_id if found is not None else None


def _checked(session_id: str, query: Select[tuple[object]]) -> tuple[int, object]:
    """The account id a session names and what `query` finds for it when the session is
    current (same password version, same login key); (0, None) when it names nothing."""
    key, login_key = _session_key(session_id), login_key_hash()
    if key is None or login_key is None:
        return 0, None
    found = db.session.execute(
        query, {"id": key[0], "version": key[1], "key": login_key}
    ).scalar_one_or_none()
    return key[0], found


def init_app(app: Flask) -> None:
    """Register the accounts blueprint."""
    app.register_blueprint(bp)
