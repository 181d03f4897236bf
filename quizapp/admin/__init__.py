"""Administration: accounts and roles."""

from flask import Flask

from quizapp.admin.views import bp


def init_app(app: Flask) -> None:
    """Register the admin blueprint."""
    app.register_blueprint(bp)
