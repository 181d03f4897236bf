"""Home page and the health check used by load balancers."""

from flask import Blueprint, jsonify, render_template
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.wrappers import Response

from quizapp.bank import fact_base
from quizapp.extensions import db
from quizapp.models import Quiz
from quizapp.site.study import marked_article
from quizapp.site.study import timeline as timeline_events

bp = Blueprint("site", __name__)


@bp.get("/")
def index() -> str:
    """The welcome page: what the app teaches, and the quizzes anyone can start."""
    quizzes = db.session.execute(
        db.select(Quiz).where(Quiz.published.is_(True)).order_by(Quiz.builtin.desc(), Quiz.id)
    ).scalars()
    return render_template("site/index.html", quizzes=list(quizzes))


@bp.get("/healthz")
def healthz() -> tuple[Response, int]:
    """Report ok after a real query, or 503 when the database does not answer."""
    try:
        db.session.execute(text("SELECT 1")).scalar_one()
    except SQLAlchemyError:
        db.session.rollback()
        return jsonify(status="error", database="unreachable"), 503
    return jsonify(status="ok", database="ok"), 200


@bp.get("/article")
def article() -> str:
    """The article, verbatim, with every checkable claim marked and explained."""
    base = fact_base()
    return render_template("site/article.html", article=base.article, sections=marked_article(base))


@bp.get("/timeline")
def timeline() -> str:
    """The events of the fact base in date order, each with its status."""
    return render_template("site/timeline.html", events=timeline_events(fact_base()))
