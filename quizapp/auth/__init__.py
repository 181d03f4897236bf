"""Accounts: register, log in, log out, change password."""

from flask import Flask

from quizapp.auth.views import bp
from quizapp.extensions import db, login_manager
from quizapp.models import User


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """Find the account for a session, refusing sessions from before a password change."""
    user_id, _, version = session_id.partition(":")
    if not user_id.isdigit() or not version.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or user.session_version != int(version):
        return None
    return user


def init_app(app: Flask) -> None:
    """Register the accounts blueprint."""
    app.register_blueprint(bp)
