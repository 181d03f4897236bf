"""Classes: an instructor's groups of students, joined with a code, with assigned quizzes,
their own boards and a gradebook."""

from flask import Flask

from quizapp.classes.views import bp, teach_bp


def init_app(app: Flask) -> None:
    """Register both class blueprints: the members' pages and the teachers' pages."""
    app.register_blueprint(bp)
    app.register_blueprint(teach_bp)
