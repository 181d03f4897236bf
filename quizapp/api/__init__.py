"""The JSON API under /api/v1: the same student journey as the pages, with the same rules."""

from flask import Flask

from quizapp.api.views import bp
from quizapp.extensions import csrf


def init_app(app: Flask) -> None:
    """Register the API; CSRF is checked in the blueprint for cookie sessions only."""
    csrf.exempt(bp)
    app.register_blueprint(bp)
