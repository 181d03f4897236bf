"""Learner reports on questions, the instructors' queue, and item analysis of quizzes."""

from flask import Flask

from quizapp.reports import instructor, views


def init_app(app: Flask) -> None:
    """Register both blueprints: the students' flags (/reports), the instructors' pages
    (/instructor)."""
    app.register_blueprint(views.bp)
    app.register_blueprint(instructor.bp)
