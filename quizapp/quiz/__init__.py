"""Students take quizzes: attempts, feedback and results."""

from flask import Flask

from quizapp.quiz.views import bp


def init_app(app: Flask) -> None:
    """Register the quiz blueprint."""
    app.register_blueprint(bp)
