"""Instructors: the question bank, the review workflow, the quiz builder, GIFT exchange."""

from flask import Flask

from quizapp.author.views import bp


def init_app(app: Flask) -> None:
    """Register the instructor blueprint."""
    app.register_blueprint(bp)
