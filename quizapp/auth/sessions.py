"""Logging a browser in and out: Flask-Login's session, plus a key the server can forget."""

from flask import session
from flask_login import login_user, logout_user

from quizapp import credentials
from quizapp.models import User, now_utc

LOGIN_KEY = "login_key"  # the session cookie's entry naming its LoginSession row


def log_in(user: User) -> None:
    """Start a new session for the user: nothing set before it carries over."""
    session.clear()
    key = credentials.start_login_session(user.id, now_utc())
    login_user(user)
    session[LOGIN_KEY] = key


def log_out() -> None:
    """End this session on the server too, so a copy of its cookie no longer logs in."""
    key = session.get(LOGIN_KEY)
    if isinstance(key, str):
        credentials.end_login_session(key)
    logout_user()
    session.clear()


def login_key_hash() -> str | None:
    """The stored form of the key this request's session carries, if any."""
    key = session.get(LOGIN_KEY)
    return credentials.secret_hash(key) if isinstance(key, str) else None
