"""Builders for live-session tests: a host, a room, players, all through the real forms."""

import re
from datetime import datetime

from flask import Flask
from flask.testing import FlaskClient

from quizapp.extensions import db
from quizapp.live.models import LivePlayer, LiveSession
from quizapp.models import Question
from tests.accounts import AuthActions, csrf_token
from tests.quizzes import first_of_type, make_quiz

PAGES = ("quizapp.live.views", "quizapp.live.host")


def live_quiz(app: Flask) -> int:
    """A quiz of four live questions with options, in order: single, true/false, multiple,
    classify (typed and row-by-row questions: typed_quiz)."""
    ids = [
        first_of_type("single")[0],
        first_of_type("true_false")[0],
        first_of_type("multiple")[0],
        first_of_type("classify")[0],
    ]
    return make_quiz(app, slug="live-quiz", title="Live quiz", question_ids=ids)


TYPED = ("numeric", "short", "matching", "ordering")


def typed_quiz(app: Flask) -> int:
    """A quiz of the live questions without options, in order: numeric, short, matching,
    ordering."""
    ids = [first_of_type(kind)[0] for kind in TYPED]
    return make_quiz(app, slug="typed-quiz", title="Typed quiz", question_ids=ids)


def client_as(app: Flask, username: str) -> FlaskClient:
    """A test client logged in as username."""
    client = app.test_client()
    AuthActions(app, client).login(username)
    return client


def host_session(host: FlaskClient, quiz_id: int, **fields: object) -> int:
    """Open a lobby through the host's form; the session's id."""
    data = {
        "csrf_token": csrf_token(host, "/live/host/new"),
        "quiz_id": quiz_id,
        "classroom_id": 0,
        **fields,
    }
    response = host.post("/live/host/new", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(response.headers["Location"].rsplit("/", 1)[1])


def session_row(app: Flask, session_id: int) -> LiveSession:
    """The session as stored, detached for reading."""
    with app.app_context():
        row = db.session.get(LiveSession, session_id)
        db.session.expunge(row)
        return row


def code_of(app: Flask, session_id: int) -> str:
    """The session's join code."""
    return session_row(app, session_id).code


def join(client: FlaskClient, code: str, nickname: str = "") -> object:
    """Submit the join form."""
    token = csrf_token(client, "/join")
    return client.post("/join", data={"csrf_token": token, "code": code, "nickname": nickname})


def move(host: FlaskClient, app: Flask, session_id: int, to: str, version: int | None = None):
    """Press a host button: to the next question, the reveal, the board or the end."""
    page = f"/live/host/{session_id}"
    token = csrf_token(host, page)
    seen = session_row(app, session_id).version if version is None else version
    return host.post(f"{page}/move", data={"csrf_token": token, "to": to, "version": str(seen)})


def answer(client: FlaskClient, session_id: int, position: int, *values: str):
    """Press an answer button on the player's page (several values: a multiple choice)."""
    token = csrf_token(client, "/join")  # any form of the session carries the same token
    return client.post(
        f"/live/{session_id}/answer",
        data={"csrf_token": token, "position": str(position), "answer": list(values)},
    )


def send(client: FlaskClient, session_id: int, position: int, values: dict[str, list[str]]):
    """Send the player's answer form with these fields (a number, a text, a row's choice)."""
    token = csrf_token(client, "/join")
    return client.post(
        f"/live/{session_id}/answer",
        data={"csrf_token": token, "position": str(position), **values},
    )


def question_at(app: Flask, session_id: int, position: int) -> Question:
    """The session's question at position, detached."""
    with app.app_context():
        session = db.session.get(LiveSession, session_id)
        question = db.session.get(Question, session.question_ids[position])
        db.session.expunge(question)
        return question


def key_of(app: Flask, session_id: int, position: int) -> tuple[list[str], list[str]]:
    """(the right option ids, the wrong ones) of the session's question at position."""
    with app.app_context():
        session = db.session.get(LiveSession, session_id)
        question = db.session.get(Question, session.question_ids[position])
        if question.type == "true_false":
            right = "true" if question.answer else "false"
            return [right], ["false" if right == "true" else "true"]
        right = [o["id"] for o in question.options if o["correct"]]
        wrong = [o["id"] for o in question.options if not o["correct"]]
        return right, wrong


def players(app: Flask, session_id: int) -> dict[str, LivePlayer]:
    """The session's players by name, detached."""
    with app.app_context():
        rows = list(
            db.session.execute(
                db.select(LivePlayer).where(LivePlayer.session_id == session_id)
            ).scalars()
        )
        for row in rows:
            db.session.expunge(row)
        return {p.name: p for p in rows}


def at(monkeypatch, moment: datetime) -> None:
    """Move the live pages' clock to a moment."""
    for pages in PAGES:
        monkeypatch.setattr(f"{pages}.now_utc", lambda: moment)


def text(html: str) -> str:
    """A page's visible words, tags dropped and spacing folded."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())
