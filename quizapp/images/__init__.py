"""Images in questions: uploads cleaned by Pillow, kept in the database, served to who may see
the question."""

from flask import Flask

from quizapp.images.views import bp


def init_app(app: Flask) -> None:
    """Register the blueprint that serves question images."""
    app.register_blueprint(bp)
