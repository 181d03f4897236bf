"""Answering: one question per page or all on one page, saved by the buttons, by the page's
background save as answers change (drafts in immediate mode), and by the page at time-up."""

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from quizapp.core.grading import ResponseError, read_response
from quizapp.drafts import drafts_of, keep_drafts
from quizapp.limits import answer_limit
from quizapp.models import Attempt, FeedbackMode, Question, now_utc
from quizapp.quiz import service
from quizapp.quiz.present import question_view, question_views
from quizapp.quiz.views import bp, grace_of_request, own_attempt

ANSWER_FIELDS = ("answer", "match-", "position-")


def _slice(values: Mapping[str, Sequence[str]], prefix: str) -> dict[str, list[str]]:
    """The submitted values of one question, its field prefix removed."""
    return {k.removeprefix(prefix): list(v) for k, v in values.items() if k.startswith(prefix)}


def _has_answer(values: Mapping[str, Sequence[str]]) -> bool:
    """True when a question's fields carry something to save."""
    return any(k.startswith(ANSWER_FIELDS) and any(x.strip() for x in v) for k, v in values.items())


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
        view=question_view(attempt, number, current, answers, typed, _drafts(attempt)),
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


def _is_autosave(action: str | None) -> bool:
    """True for the page's background save. A time-up send is never one, whatever its headers
    say: it is the one late send the grace allows, and it closes the attempt."""
    return request.headers.get("X-Autosave") == "1" and action != "timeup"


def _save_one(attempt: Attempt, current: Question, number: int) -> Response | str | None:
    """Handle a POST of the one-per-page form: an error message, a redirect, or None to show."""
    values = request.form.to_dict(flat=False)
    action = request.form.get("action", "next")
    autosave = _is_autosave(action)
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
                return _autosave_reply(str(service.AlreadyAnswered()), 409)
            return _autosave_reply(draft=True)
        try:
            service.save_answers(
                attempt, [(current, response)], now, position=number - 1, grace=grace_of_request()
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
        service.finish_attempt(attempt, now, by=service.FinishedBy.TIMEOUT)
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
        immediate = attempt.feedback_mode == FeedbackMode.IMMEDIATE.value
        responses = _read_page(attempt, questions, immediate, errors)
        action = request.form.get("action")
        autosave = _is_autosave(action)
        now = now_utc()
        try:
            if autosave and immediate:
                keep_drafts(attempt, responses, now)
            else:
                service.save_answers(attempt, responses, now, grace=grace_of_request())
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
        views=question_views(attempt, questions, answers, typed, _drafts(attempt)),
        errors=errors,
    )
    return (page, 422) if errors else page


def _read_page(
    attempt: Attempt, questions: list[Question], immediate: bool, errors: dict[int, str]
) -> list[tuple[Question, Any]]:
    """The responses the page's form gives, question by question; a response that cannot be
    read goes into errors under its question's number. An empty field is no answer, and in
    immediate mode an answer already checked is never replaced."""
    values = request.form.to_dict(flat=False)
    saved = service.answers_of(attempt)
    responses = []
    for n, q in enumerate(questions, start=1):
        mine = _slice(values, f"q{n}-")
        if not _has_answer(mine) or (immediate and q.id in saved):
            continue
        try:
            responses.append((q, read_response(service.gradable(q), mine)))
        except ResponseError as exc:
            errors[n] = str(exc)
    return responses


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
