"""API endpoints: tokens, quizzes, attempts, answers, finishing and results."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from flask import Blueprint, abort, current_app, g, jsonify, request
from werkzeug.wrappers import Response

from quizapp import attempts as service
from quizapp import credentials, services
from quizapp.api.auth import api_user_id, authenticate, issue_token
from quizapp.api.openapi import openapi_document
from quizapp.core import attempt_rules
from quizapp.core.grading import Gradable, ResponseError, read_json_response
from quizapp.extensions import db
from quizapp.leaderboard import access as board_access
from quizapp.leaderboard.board import read_board
from quizapp.leaderboard.overall import overall_members
from quizapp.limits import answer_limit, limited_tokens
from quizapp.models import Answer, Attempt, FeedbackMode, Question, Quiz, now_utc
from quizapp.quiz import results
from quizapp.quiz.present import feedback, public_question, shows_feedback

bp = Blueprint("api", __name__, url_prefix="/api/v1")
bp.before_request(authenticate)


class MissingResponse(Exception):
    """A save sent a JSON object without its "response"."""


def _error(message: str, status: int) -> tuple[Response, int]:
    """A JSON error with a message for people."""
    return jsonify(error=message, status=status), status


def _body() -> dict[str, Any]:
    """The JSON object sent, or a 400 with a message."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        abort(400, "Send a JSON object with Content-Type: application/json.")
    return body


def _quiz_json(quiz: Quiz) -> dict[str, Any]:
    return {
        "slug": quiz.slug,
        "title": quiz.title,
        "description": quiz.description,
        "question_count": quiz.draw_count or len(quiz.question_ids),
        "feedback_mode": quiz.feedback_mode,
        "one_per_page": quiz.one_per_page,
        "time_limit_seconds": quiz.time_limit_seconds,
        "max_attempts": quiz.max_attempts,
        "grading_method": quiz.grading_method,
        "pass_mark": quiz.pass_mark,
    }


def _own_attempt(attempt_id: int) -> Attempt:
    """The caller's attempt (closed first if its time ran out), else 404."""
    attempt = db.session.get(Attempt, attempt_id)
    if attempt is None or attempt.user_id != api_user_id():
        abort(404)
    service.close_if_expired(attempt, now_utc())
    return attempt


def _attempt_json(
    attempt: Attempt,
    questions: list[Question] | None = None,
    answers: dict[str, Answer] | None = None,
) -> dict[str, Any]:
    """The attempt with its questions: keys and explanations only where the rules allow.

    questions and answers: the attempt's, when the caller has read them already.
    """
    if questions is None:
        questions = service.questions_of(attempt)
    if answers is None:
        answers = {} if attempt.created else service.answers_of(attempt)
    items = []
    for n, question in enumerate(service.as_answered_all(questions, answers), start=1):
        item = {
            "number": n,
            **public_question(question, attempt.seed),
            "response": answers[question.id].response if question.id in answers else None,
        }
        if shows_feedback(attempt, question.id in answers):
            item["feedback"] = feedback(question, answers.get(question.id))
        items.append(item)
    return {
        "id": attempt.id,
        "quiz": attempt.quiz.slug,
        "number": attempt.number,
        "state": "finished" if attempt.finished else "open",
        "feedback_mode": attempt.feedback_mode,
        "started_at": attempt.started_at.isoformat(),
        "deadline": attempt.deadline.isoformat() if attempt.deadline else None,
        "finished_at": attempt.finished_at.isoformat() if attempt.finished_at else None,
        "finished_by": attempt.finished_by,
        "score": attempt.score,
        "max_score": attempt.max_score,
        "percent": attempt.percent,
        "answered": len(answers),
        "questions": items,
    }


@bp.get("/openapi.json")
def openapi() -> Response:
    """The OpenAPI 3.1 description of this API."""
    return jsonify(openapi_document())


@bp.post("/tokens")
@limited_tokens
def create_token() -> tuple[Response, int]:
    """Exchange a login name and password for a bearer token."""
    body = _body()
    username, password = body.get("username"), body.get("password")
    if not isinstance(username, str) or not isinstance(password, str):
        return _error("Send username and password as strings.", 400)
    user = services.authenticate(username, password)
    if user is None:
        return _error("Wrong login name or password.", 401)
    name = body.get("name") if isinstance(body.get("name"), str) else "api"
    now, lifetime = now_utc(), timedelta(days=int(current_app.config["API_TOKEN_DAYS"]))
    token = issue_token(user, name, now, lifetime)
    return jsonify(token=token, token_type="Bearer", expires_at=(now + lifetime).isoformat()), 201


@bp.delete("/tokens/current")
def revoke_current_token() -> Response | tuple[Response, int]:
    """Revoke the bearer token this request carries: it stops working at once."""
    user_id, token_id = api_user_id(), g.get("api_token_id")
    if token_id is None:
        return _error(
            "Send the token to revoke as Authorization: Bearer <token>. "
            "A browser session ends with POST /auth/logout.",
            400,
        )
    credentials.revoke_token(user_id, token_id)
    return Response(status=204)


@bp.get("/quizzes")
def quizzes() -> Response:
    """The published quizzes."""
    api_user_id()
    rows = db.session.execute(
        db.select(Quiz).where(Quiz.published.is_(True)).order_by(Quiz.id)
    ).scalars()
    return jsonify(quizzes=[_quiz_json(q) for q in rows])


@bp.post("/quizzes/<slug>/attempts")
def start_attempt(slug: str) -> tuple[Response, int]:
    """Start an attempt, or resume the open one (200 when resumed, 201 when new)."""
    user_id = api_user_id()
    quiz = db.session.execute(db.select(Quiz).where(Quiz.slug == slug)).scalar_one_or_none()
    if quiz is None or not quiz.published:
        abort(404)
    try:
        attempt = service.start_attempt(quiz, user_id, now_utc())
    except service.AttemptRefused as exc:
        return _error(str(exc), 409)
    return jsonify(_attempt_json(attempt)), 201 if attempt.created else 200


@bp.get("/attempts/<int:attempt_id>")
def get_attempt(attempt_id: int) -> Response:
    """The attempt and its questions, without answers until the rules allow."""
    return jsonify(_attempt_json(_own_attempt(attempt_id)))


@bp.put("/attempts/<int:attempt_id>/answers/<int:number>")
@answer_limit
def save_answer(attempt_id: int, number: int) -> tuple[Response, int] | Response:
    """Save the answer to question `number` (from 1): {"response": ...} in its type's JSON form."""

    def read(question: Gradable) -> Any:
        body = _body()
        if "response" not in body:
            raise MissingResponse
        return read_json_response(question, body["response"])

    try:
        saved = service.save_one_answer(api_user_id(), attempt_id, number, read, now_utc())
        if saved is None:  # not the caller's open attempt: find out which refusal applies
            saved = _save_the_long_way(_own_attempt(attempt_id), number, read)
    except service.NotInAttempt:
        abort(404)
    except MissingResponse:
        return _error('Send {"response": ...}.', 400)
    except ResponseError as exc:
        return _error(str(exc), 422)
    except service.AttemptRefused as exc:
        return _error(str(exc), 409)
    reply: dict[str, Any] = {"saved": True, "number": number, "response": saved.response}
    if saved.immediate:
        answer = db.session.execute(
            db.select(Answer).where(
                Answer.attempt_id == attempt_id, Answer.question_id == saved.question_id
            )
        ).scalar_one()
        reply["feedback"] = feedback(db.get_or_404(Question, saved.question_id), answer)
    return jsonify(reply)


def _save_the_long_way(
    attempt: Attempt, number: int, read: Callable[[Gradable], Any]
) -> service.SavedAnswer:
    """Save through the general service, which refuses a finished or timed-out attempt."""
    question = service.question_at(attempt, number)
    if question is None:
        raise service.NotInAttempt(number)
    response = read(service.gradable(question))
    immediate = attempt.feedback_mode == FeedbackMode.IMMEDIATE.value  # read before the commit
    service.save_answers(attempt, [(question, response)], now_utc())
    return service.SavedAnswer(response, immediate, question.id)


@bp.post("/attempts/<int:attempt_id>/finish")
def finish_attempt(attempt_id: int) -> Response:
    """Finish and grade the attempt; finishing again changes nothing."""
    attempt = _own_attempt(attempt_id)
    if not attempt.finished:
        service.finish_attempt(attempt, now_utc())
    return jsonify(_result_json(attempt))


@bp.get("/attempts/<int:attempt_id>/result")
def result(attempt_id: int) -> tuple[Response, int] | Response:
    """The result with explanations, once the attempt is finished."""
    attempt = _own_attempt(attempt_id)
    if not attempt.finished:
        return _error("The attempt is not finished yet.", 409)
    return jsonify(_result_json(attempt))


@bp.get("/leaderboards/overall")
def overall_board() -> Response:
    """The overall board: the mean counted score across the quizzes whose boards everyone may
    see (anyone may read it)."""
    return _board_json(None)


@bp.get("/leaderboards/quizzes/<slug>")
def quiz_board(slug: str) -> Response:
    """One quiz's board (anyone may read a public board)."""
    return _board_json(board_access.quiz_or_404(slug))


def _board_json(quiz: Quiz | None) -> Response:
    """A board page as JSON, with the same names and rules as the HTML page."""
    now = now_utc()
    period = board_access.requested_period()
    visible, note = board_access.board_state(quiz, now)
    user_id = g.get("api_user_id")
    data: dict[str, Any] = {
        "board": quiz.slug if quiz else "overall",
        "period": period,
        "note": note,
        "visible": visible,
    }
    if quiz is None:
        counted = overall_members(now)
        data["counts"] = [q.slug for q in counted]
    if visible:
        page = read_board(
            board_access.board_key(quiz),
            period,
            now,
            board_access.requested_page(),
            viewer_id=user_id,
            divisor=len(counted) if quiz is None and counted else 1,
        )
        data.update(
            page=page.page,
            pages=page.pages,
            total=page.total,
            rows=[
                {
                    "rank": r.rank,
                    "name": r.name,
                    "score": r.score,
                    "time_seconds": r.time_seconds,
                    "finished_at": r.finished_at.isoformat(),
                    "is_viewer": r.is_viewer,
                }
                for r in page.rows
            ],
            viewer_rank=page.viewer_rank,
            viewer_hidden=page.viewer_hidden,
        )
    return jsonify(data)


def _result_json(attempt: Attempt) -> dict[str, Any]:
    """Score, pass or fail, status breakdown and confusions, and every question's feedback."""
    questions = service.questions_of(attempt)
    answers = service.answers_of(attempt)
    data = _attempt_json(attempt, questions, answers)
    summary = results.summarise(service.as_answered_all(questions, answers), answers)
    data["passed"] = attempt_rules.passed(attempt.percent, attempt.quiz.pass_mark)
    data["by_status"] = summary["breakdown"]
    data["confusions"] = summary["confusions"]
    return data
