"""Leaderboards: per quiz and overall, for all time, this week and this month."""

from flask import Flask

from quizapp.leaderboard.views import bp


def init_app(app: Flask) -> None:
    """Register the leaderboard blueprint."""
    app.register_blueprint(bp)
