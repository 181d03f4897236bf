"""Home page and the health check used by load balancers."""

from datetime import datetime
from pathlib import Path

from flask import Blueprint, current_app, jsonify, render_template
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.wrappers import Response

from quizapp import fresh
from quizapp.bank import fact_base
from quizapp.core.content import ARTICLE_FILE, CLAIMS_FILE, FACTS_FILE
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


def content_stamp() -> tuple[str, datetime]:
    """The version of the study pages: a fingerprint of the fact base's files (the article,
    the facts, the claims) and their newest modification time, read once per process, as the
    fact base itself is."""
    cache = current_app.extensions.setdefault("quizapp.fresh", {})
    if "content" not in cache:
        folder = Path(current_app.config["CONTENT_FOLDER"])
        cache["content"] = fresh.file_stamp(
            folder / name for name in (ARTICLE_FILE, FACTS_FILE, CLAIMS_FILE)
        )
    stamp: tuple[str, datetime] = cache["content"]
    return stamp


@bp.get("/article")
def article() -> Response:
    """The article, verbatim, with every checkable claim marked and explained; a 304 when the
    browser holds this version of it."""

    def render() -> str:
        base = fact_base()
        return render_template(
            "site/article.html", article=base.article, sections=marked_article(base)
        )

    return fresh.conditional(*content_stamp(), render)


@bp.get("/timeline")
def timeline() -> Response:
    """The events of the fact base in date order, each with its status; a 304 when the browser
    holds this version of it."""

    def render() -> str:
        return render_template("site/timeline.html", events=timeline_events(fact_base()))

    return fresh.conditional(*content_stamp(), render)
