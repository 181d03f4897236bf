"""API endpoints: tokens, quizzes, attempts, answers, finishing and results."""

from datetime import timedelta
from typing import Any

from flask import Blueprint, abort, current_app, g, jsonify, request
from werkzeug.wrappers import Response

from quizapp import credentials, lookup, services
from quizapp.api import replies
from quizapp.api.auth import api_user_id, authenticate, issue_token
from quizapp.core.grading import Gradable, ResponseError, read_json_response
from quizapp.extensions import db
from quizapp.leaderboard import access as board_access
from quizapp.limits import answer_limit, limited_tokens
from quizapp.models import Attempt, Quiz, now_utc
from quizapp.quiz import service

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


def _own_attempt(attempt_id: int) -> Attempt:
    """The caller's attempt (closed first if its time ran out), else 404."""
    attempt = lookup.own_attempt_or_404(attempt_id, api_user_id())
    service.close_if_expired(attempt, now_utc())
    return attempt


@bp.get("/openapi.json")
def openapi() -> Response:
    """The OpenAPI 3.1 description of this API."""
    # Imported here: pydantic, which draws the schemas, costs app servers a tenth of a second
    # at start, and only this rarely asked-for document needs it.
    from quizapp.api.openapi import openapi_document

    return jsonify(openapi_document(current_app))


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
    return jsonify(replies.token_json(token, now + lifetime)), 201


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
    return jsonify(quizzes=[replies.quiz_json(q) for q in rows])


@bp.post("/quizzes/<slug>/attempts")
def start_attempt(slug: str) -> tuple[Response, int]:
    """Start an attempt, or resume the open one (200 when resumed, 201 when new)."""
    user_id = api_user_id()
    quiz = lookup.quiz_or_404(slug)
    try:
        attempt = service.start_attempt(quiz, user_id, now_utc())
    except service.AttemptRefused as exc:
        return _error(str(exc), 409)
    return jsonify(replies.attempt_json(attempt)), 201 if attempt.created else 200


@bp.get("/attempts/<int:attempt_id>")
def get_attempt(attempt_id: int) -> Response:
    """The attempt and its questions, without answers until the rules allow."""
    return jsonify(replies.attempt_json(_own_attempt(attempt_id)))


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
    except service.NotInAttempt:
        abort(404)
    except MissingResponse:
        return _error('Send {"response": ...}.', 400)
    except ResponseError as exc:
        return _error(str(exc), 422)
    except service.AttemptRefused as exc:
        return _error(str(exc), 409)
    return jsonify(replies.saved_json(number, saved))


@bp.post("/attempts/<int:attempt_id>/finish")
def finish_attempt(attempt_id: int) -> Response:
    """Finish and grade the attempt; finishing again changes nothing."""
    attempt = _own_attempt(attempt_id)
    if not attempt.finished:
        service.finish_attempt(attempt, now_utc())
    return jsonify(replies.result_json(attempt))


@bp.get("/attempts/<int:attempt_id>/result")
def result(attempt_id: int) -> tuple[Response, int] | Response:
    """The result with explanations, once the attempt is finished."""
    attempt = _own_attempt(attempt_id)
    if not attempt.finished:
        return _error("The attempt is not finished yet.", 409)
    return jsonify(replies.result_json(attempt))


@bp.get("/leaderboards/overall")
def overall_board() -> Response:
    """The overall board: the mean counted score across the quizzes whose boards everyone may
    see (anyone may read it)."""
    return _board(None)


@bp.get("/leaderboards/quizzes/<slug>")
def quiz_board(slug: str) -> Response:
    """One quiz's board (anyone may read a public board)."""
    return _board(lookup.quiz_or_404(slug))


def _board(quiz: Quiz | None) -> Response:
    """A board page as JSON, for the ?period= and ?page= asked for."""
    period, page = board_access.requested_period(), board_access.requested_page()
    return jsonify(replies.board_json(quiz, period, page, g.get("api_user_id"), now_utc()))
