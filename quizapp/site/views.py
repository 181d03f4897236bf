"""Home page and the health check used by load balancers."""

from flask import Blueprint, jsonify, render_template
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.wrappers import Response

from quizapp.extensions import db

bp = Blueprint("site", __name__)


@bp.get("/")
def index() -> str:
    """The welcome page: what the app teaches and where to start."""
    return render_template("site/index.html")


@bp.get("/healthz")
def healthz() -> tuple[Response, int]:
    """Report ok after a real query, or 503 when the database does not answer."""
    try:
        db.session.execute(text("SELECT 1")).scalar_one()
    except SQLAlchemyError:
        db.session.rollback()
        return jsonify(status="error", database="unreachable"), 503
    return jsonify(status="ok", database="ok"), 200
