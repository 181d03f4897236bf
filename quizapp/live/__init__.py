"""Live class mode: a teacher projects a quiz, the room joins with a code and answers on phones,
each reveal teaches (status, the article's quote, the update since), understanding scores."""

from flask import Flask

from quizapp.live import host, views
from quizapp.live.models import LiveAnswer, LivePlayer, LiveSession  # noqa: F401  (the tables)


def init_app(app: Flask) -> None:
    """Register the players' pages and the host's."""
    app.register_blueprint(views.bp)
    app.register_blueprint(host.bp)
