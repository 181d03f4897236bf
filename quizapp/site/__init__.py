"""Public pages: home and health check."""

from flask import Flask

from quizapp.site.views import bp


def init_app(app: Flask) -> None:
    """Register the public blueprint."""
    app.register_blueprint(bp)
