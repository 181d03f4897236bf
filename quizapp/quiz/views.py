"""Quiz pages: the list, a quiz, its attempts question by question, finishing and results."""

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.orm import joinedload
from werkzeug.wrappers import Response

from quizapp import attempts as service
from quizapp.auth.guard import require_role
from quizapp.core.grading import ResponseError, read_response
from quizapp.drafts import drafts_of, keep_drafts
from quizapp.extensions import db
from quizapp.limits import answer_limit
from quizapp.models import Attempt, FeedbackMode, Question, Quiz, Role, now_utc
from quizapp.quiz import results
from quizapp.quiz.present import feedback, public_question

bp = Blueprint("quiz", __name__)
require_role(bp, Role.STUDENT)
ANSWER_FIELDS = ("answer", "match-", "position-")


def own_attempt(attempt_id: int) -> Attempt:
    """The current student's attempt, closed first if its time ran out; 404 for anyone else's."""
    # Every attempt page shows its quiz: one statement for both.
    attempt = db.session.get(Attempt, attempt_id, options=[joinedload(Attempt.quiz)])
    if attempt is None or attempt.user_id != current_user.id:
        abort(404)
    if service.close_if_expired(attempt, now_utc(), _grace()):
        flash("Time is up: your attempt was closed and graded with what you had saved.", "warning")
    return attempt


def _grace() -> timedelta:
    """How late this request may arrive: the grace for the page's one send at time-up."""
    timeup = request.method == "POST" and request.form.get("action") == "timeup"
    return service.GRACE if timeup else service.NO_GRACE


def quiz_by_slug(slug: str) -> Quiz:
    """A published quiz by its slug, or 404."""
    quiz = db.session.execute(db.select(Quiz).where(Quiz.slug == slug)).scalar_one_or_none()
    if quiz is None or not quiz.published:
        abort(404)
    return quiz


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
    quiz = quiz_by_slug(slug)
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
    quiz = quiz_by_slug(slug)
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


def _slice(values: Mapping[str, Sequence[str]], prefix: str) -> dict[str, list[str]]:
    """The submitted values of one question, its field prefix removed."""
    return {k.removeprefix(prefix): list(v) for k, v in values.items() if k.startswith(prefix)}


def _has_answer(values: Mapping[str, Sequence[str]]) -> bool:
    """True when a question's fields carry something to save."""
    return any(k.startswith(ANSWER_FIELDS) and any(x.strip() for x in v) for k, v in values.items())


def _view(
    attempt: Attempt,
    number: int,
    question: Question,
    answers: dict[str, Any],
    typed: Mapping[str, Sequence[str]] | None = None,
    drafts: Mapping[str, Any] | None = None,
) -> dict:
    """One question's view: its public part, its saved response (or unchecked draft), what was
    typed into a form that was refused (shown again as it was) and, if allowed, feedback."""
    show = attempt.finished or attempt.feedback_mode == FeedbackMode.IMMEDIATE.value
    (question,) = service.as_answered_all([question], answers)
    return {
        "number": number,
        "question": public_question(question, attempt.seed),
        "saved": answers[question.id].response
        if question.id in answers
        else (drafts or {}).get(question.id),
        "typed": typed,
        "feedback": feedback(question, answers.get(question.id))
        if show and (attempt.finished or question.id in answers)
        else None,
    }


def _views(
    attempt: Attempt,
    questions: list[Question],
    answers: dict[str, Any],
    typed: Mapping[int, Mapping[str, Sequence[str]]] | None = None,
    drafts: Mapping[str, Any] | None = None,
) -> list[dict]:
    """Every question's view, in the attempt's order; typed: refused input by question number."""
    typed = typed or {}
    return [
        _view(attempt, n, q, answers, typed.get(n), drafts)
        for n, q in enumerate(questions, start=1)
    ]


@bp.route("/attempts/<int:attempt_id>/questions/<int:number>", methods=["GET", "POST"])
@answer_limit
def question(attempt_id: int, number: int) -> str | Response | tuple[Any, int]:
    """One question per page: save the answer, then go back, on, or to finishing."""
    attempt = own_attempt(attempt_id)
    if attempt.finished:
        return redirect(url_for("quiz.result", attempt_id=attempt.id))
    current = service.question_at(attempt, number)
    if current is None:
        abort(404)
    error = None
    if request.method == "POST":
        outcome = _save_one(attempt, current, number)
        if isinstance(outcome, str):
            error = outcome
        elif outcome is not None:
            return outcome
    answers = service.answers_of(attempt)
    typed = request.form.to_dict(flat=False) if error else None
    page = render_template(
        "quiz/question.html",
        attempt=attempt,
        view=_view(attempt, number, current, answers, typed, _drafts(attempt)),
        total=len(attempt.question_ids),
        error=error,
        answered=len(answers),
    )
    if error:
        return page, 422
    service.remember_page(attempt, number)  # after rendering: its commit expires what it read
    return page


def _drafts(attempt: Attempt) -> dict[str, Any]:
    """The attempt's unchecked choices (immediate feedback only: elsewhere a choice is saved
    as the answer)."""
    immediate = attempt.feedback_mode == FeedbackMode.IMMEDIATE.value
    return drafts_of(attempt) if immediate else {}


def _autosave_reply(error: str | None = None, code: int = 200, **extra: Any) -> Response:
    """The JSON answer to the page's background save."""
    reply = jsonify(saved=False, error=error, **extra) if error else jsonify(saved=True, **extra)
    reply.status_code = code
    return reply


def _save_one(attempt: Attempt, current: Question, number: int) -> Response | str | None:
    """Handle a POST of the one-per-page form: an error message, a redirect, or None to show."""
    values = request.form.to_dict(flat=False)
    action = request.form.get("action", "next")
    autosave = request.headers.get("X-Autosave") == "1"
    now = now_utc()
    if _has_answer(values):
        try:
            response = read_response(service.gradable(current), values)
        except ResponseError as exc:
            if action == "timeup":
                return _time_up(attempt, now)
            return _autosave_reply(str(exc), 422) if autosave else str(exc)
        if autosave and attempt.feedback_mode == FeedbackMode.IMMEDIATE.value:
            if not keep_drafts(attempt, [(current, response)], now):
                return _autosave_reply(service.ALREADY_ANSWERED, 409)
            return _autosave_reply(draft=True)
        try:
            service.save_answers(
                attempt, [(current, response)], now, position=number - 1, grace=_grace()
            )
        except service.AttemptRefused as exc:
            if autosave:
                return _autosave_reply(str(exc), 409)
            flash(str(exc), "warning")
            return redirect(url_for("quiz.attempt", attempt_id=attempt.id))
        if autosave:
            return _autosave_reply()
    elif action == "check":
        return "Choose or type an answer first."
    if action == "timeup":
        return _time_up(attempt, now)
    if action == "back":
        return redirect(url_for("quiz.question", attempt_id=attempt.id, number=max(1, number - 1)))
    if action == "next":
        last = len(attempt.question_ids)
        if number >= last:
            return redirect(url_for("quiz.finish", attempt_id=attempt.id))
        return redirect(url_for("quiz.question", attempt_id=attempt.id, number=number + 1))
    if action == "finish":
        return redirect(url_for("quiz.finish", attempt_id=attempt.id))
    # "check": back to the same page, at its feedback.
    return redirect(
        url_for("quiz.question", attempt_id=attempt.id, number=number, _anchor="feedback")
    )


def _time_up(attempt: Attempt, now: datetime) -> Response:
    """The page sent what was on screen as its time ran out: close the attempt if the server's
    clock agrees (what was sent is already saved), else go on where the student was."""
    if attempt.deadline is not None and now >= attempt.deadline and not attempt.finished:
        service.finish_attempt(attempt, now, by="timeout")
        flash("Time is up: your attempt was closed and graded with your answers.", "warning")
    return redirect(url_for("quiz.attempt", attempt_id=attempt.id))


@bp.route("/attempts/<int:attempt_id>/all", methods=["GET", "POST"])
@answer_limit
def all_questions(attempt_id: int) -> str | Response | tuple[str, int]:
    """Every question on one page: save all answers at once, each error beside its question."""
    attempt = own_attempt(attempt_id)
    if attempt.finished:
        return redirect(url_for("quiz.result", attempt_id=attempt.id))
    questions = service.questions_of(attempt)
    errors: dict[int, str] = {}
    if request.method == "POST":
        values = request.form.to_dict(flat=False)
        saved = service.answers_of(attempt)
        immediate = attempt.feedback_mode == FeedbackMode.IMMEDIATE.value
        responses = []
        for n, q in enumerate(questions, start=1):
            mine = _slice(values, f"q{n}-")
            if not _has_answer(mine) or (immediate and q.id in saved):
                continue
            try:
                responses.append((q, read_response(service.gradable(q), mine)))
            except ResponseError as exc:
                errors[n] = str(exc)
        action = request.form.get("action")
        autosave = request.headers.get("X-Autosave") == "1"
        now = now_utc()
        try:
            if autosave and immediate:
                keep_drafts(attempt, responses, now)
            else:
                service.save_answers(attempt, responses, now, grace=_grace())
        except service.AttemptRefused as exc:
            if autosave:
                return _autosave_reply(str(exc), 409)
            flash(str(exc), "warning")
            return redirect(url_for("quiz.attempt", attempt_id=attempt.id))
        if action == "timeup":
            return _time_up(attempt, now)
        if autosave:
            return _autosave_reply(
                _errors_text(errors) if errors else None,
                422 if errors else 200,
                errors={str(n): message for n, message in errors.items()},
                answered=_answered_count(attempt, immediate),
                draft=immediate,
            )
        if not errors:
            flash(_saved_text(len(responses)), "success")
            if action == "finish":
                return redirect(url_for("quiz.finish", attempt_id=attempt.id))
            return redirect(url_for("quiz.all_questions", attempt_id=attempt.id))
    answers = service.answers_of(attempt)
    typed = {n: _slice(request.form.to_dict(flat=False), f"q{n}-") for n in errors}
    page = render_template(
        "quiz/all.html",
        attempt=attempt,
        views=_views(attempt, questions, answers, typed, _drafts(attempt)),
        errors=errors,
    )
    return (page, 422) if errors else page


def _answered_count(attempt: Attempt, immediate: bool) -> int:
    """How many questions of the attempt have something saved (a draft counts in immediate
    mode), for the page's live count."""
    return len(set(service.answers_of(attempt)) | set(_drafts(attempt) if immediate else ()))


def _saved_text(count: int) -> str:
    """How many answers a page's save stored, in words."""
    return "Saved 1 answer." if count == 1 else f"Saved {count} answers."


def _errors_text(errors: dict[int, str]) -> str:
    """The background save's message when some answers of the page could not be read."""
    numbers = ", ".join(str(n) for n in sorted(errors))
    return f"Saved, except question {numbers}: {next(iter(errors.values()))}"


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
        views=_views(attempt, questions, answers),
        summary=results.summarise(service.as_answered_all(questions, answers), answers),
        attempts=attempts,
        counted=service.counted_percent(attempt.quiz, attempts),
        can_retake=_can_retake(attempt.quiz, attempts),
    )


def _can_retake(quiz: Quiz, attempts: list[Attempt]) -> bool:
    """True while the quiz allows another attempt."""
    try:
        service.check_can_start(quiz, attempts, now_utc())
    except service.AttemptRefused:
        return False
    return True
