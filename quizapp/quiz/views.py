"""Quiz pages: the list, a quiz, starting and resuming, finishing and results (answering is in
quizapp.quiz.answering, on the same blueprint)."""

from datetime import timedelta

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.orm import joinedload
from werkzeug.wrappers import Response

from quizapp.auth.guard import require_role
from quizapp.core import attempt_rules
from quizapp.extensions import db
from quizapp.lookup import own_attempt_or_404, quiz_or_404
from quizapp.models import Attempt, Quiz, Role, now_utc
from quizapp.quiz import results, service
from quizapp.quiz.present import question_views

bp = Blueprint("quiz", __name__)
require_role(bp, Role.STUDENT)


def own_attempt(attempt_id: int) -> Attempt:
    """The current student's attempt, closed first if its time ran out; 404 for anyone else's."""
    # Every attempt page shows its quiz: one statement for both.
    attempt = own_attempt_or_404(attempt_id, current_user.id, options=[joinedload(Attempt.quiz)])
    if service.close_if_expired(attempt, now_utc(), grace_of_request()):
        flash("Time is up: your attempt was closed and graded with what you had saved.", "warning")
    return attempt


def grace_of_request() -> timedelta:
    """How late this request may arrive: the grace for the page's one send at time-up."""
    timeup = request.method == "POST" and request.form.get("action") == "timeup"
    return service.GRACE if timeup else service.NO_GRACE


@bp.get("/quizzes")
def index() -> str:
    """Every published quiz, with the student's counted score on each."""
    quizzes = (
        db.session.execute(
            db.select(Quiz).where(Quiz.published.is_(True)).order_by(Quiz.builtin.desc(), Quiz.id)
        )
        .scalars()
        .all()
    )
    mine = results.attempts_by_quiz(current_user.id)
    return render_template("quiz/index.html", quizzes=quizzes, mine=mine)


@bp.get("/quizzes/<slug>")
def detail(slug: str) -> str:
    """A quiz's description and rules, the student's attempts, and start or resume."""
    quiz = quiz_or_404(slug)
    attempts = service.attempts_of(quiz, current_user.id)
    now = now_utc()
    for attempt in attempts:
        service.close_if_expired(attempt, now)
    try:
        service.check_can_start(quiz, [a for a in attempts], now)
        refusal = None
    except service.AttemptRefused as exc:
        refusal = str(exc)
    open_attempt = next((a for a in attempts if not a.finished), None)
    return render_template(
        "quiz/detail.html",
        quiz=quiz,
        attempts=attempts,
        open_attempt=open_attempt,
        refusal=refusal,
        counted=service.counted_percent(quiz, attempts),
    )


@bp.post("/quizzes/<slug>/start")
def start(slug: str) -> Response:
    """Start a new attempt, or resume the open one (a double click starts only one)."""
    quiz = quiz_or_404(slug)
    try:
        attempt = service.start_attempt(quiz, current_user.id, now_utc())
    except service.AttemptRefused as exc:
        flash(str(exc), "error")
        return redirect(url_for("quiz.detail", slug=slug))
    return redirect(url_for("quiz.attempt", attempt_id=attempt.id))


@bp.get("/attempts")
def history() -> str:
    """All of the student's attempts, newest first."""
    attempts = (
        db.session.execute(
            db.select(Attempt)
            .where(Attempt.user_id == current_user.id)
            .order_by(Attempt.started_at.desc())
        )
        .scalars()
        .all()
    )
    return render_template("quiz/history.html", attempts=attempts)


@bp.get("/attempts/<int:attempt_id>")
def attempt(attempt_id: int) -> Response:
    """Resume an attempt where it was, or show its result once finished."""
    attempt = own_attempt(attempt_id)
    if attempt.finished:
        return redirect(url_for("quiz.result", attempt_id=attempt.id))
    if not attempt.quiz.one_per_page:
        return redirect(url_for("quiz.all_questions", attempt_id=attempt.id))
    return redirect(url_for("quiz.question", attempt_id=attempt.id, number=attempt.position + 1))


@bp.route("/attempts/<int:attempt_id>/finish", methods=["GET", "POST"])
def finish(attempt_id: int) -> str | Response:
    """Confirm finishing, listing unanswered questions; finishing twice scores once."""
    attempt = own_attempt(attempt_id)
    if request.method == "POST" or attempt.finished:
        if not attempt.finished and service.finish_attempt(attempt, now_utc()):
            flash("Your attempt is finished and graded.", "success")
        return redirect(url_for("quiz.result", attempt_id=attempt.id))
    answers = service.answers_of(attempt)
    unanswered = [n for n, qid in enumerate(attempt.question_ids, start=1) if qid not in answers]
    return render_template("quiz/finish.html", attempt=attempt, unanswered=unanswered)


@bp.get("/attempts/<int:attempt_id>/result")
def result(attempt_id: int) -> str | Response:
    """Score, pass or fail, time, status breakdown and confusions, and a review of each answer."""
    attempt = own_attempt(attempt_id)
    if not attempt.finished:
        return redirect(url_for("quiz.attempt", attempt_id=attempt.id))
    questions = service.questions_of(attempt)
    answers = service.answers_of(attempt)
    attempts = service.attempts_of(attempt.quiz, current_user.id)
    return render_template(
        "quiz/result.html",
        attempt=attempt,
        quiz=attempt.quiz,
        views=question_views(attempt, questions, answers),
        summary=results.summarise(service.as_answered_all(questions, answers), answers),
        attempts=attempts,
        counted=service.counted_percent(attempt.quiz, attempts),
        can_retake=_can_retake(attempt.quiz, attempts),
        passed=attempt_rules.passed(attempt.percent, attempt.quiz.pass_mark),
    )


def _can_retake(quiz: Quiz, attempts: list[Attempt]) -> bool:
    """True while the quiz allows another attempt."""
    try:
        service.check_can_start(quiz, attempts, now_utc())
    except service.AttemptRefused:
        return False
    return True


# The answering pages add their views to bp: imported here, with it, so the blueprint is whole
# wherever it is imported from.
from quizapp.quiz import answering  # noqa: E402, F401
