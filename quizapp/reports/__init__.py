"""Learner reports on questions, the instructors' queue, and item analysis of quizzes."""

from flask import Flask

from quizapp.reports.views import bp, student_bp


def init_app(app: Flask) -> None:
    """Register both report blueprints: the students' flags and the instructors' pages."""
    app.register_blueprint(student_bp)
    app.register_blueprint(bp)
