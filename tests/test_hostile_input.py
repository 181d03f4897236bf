"""Hostile input into every text field: nothing breaks (no 500), and nothing runs when shown.

The browser check of the same pages is in tests/browser/test_hostile_in_browser.py.
"""

from html.parser import HTMLParser

import pytest

from quizapp.extensions import db
from quizapp.models import Question, Role, User
from tests.accounts import csrf_token
from tests.hostile import hostile_inputs
from tests.quizzes import load_bank

INPUTS = hostile_inputs()
FORBIDDEN_TAGS = {"script", "iframe", "object", "embed", "style", "base", "frame", "applet"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href"}


OUR_SCRIPTS = {"/static/attempt.js", "/static/profile.js", "/static/quiz_builder.js"}


class TagScanner(HTMLParser):
    """Collects what a browser would treat as markup: tags and attributes, never text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script" and values.get("src") in OUR_SCRIPTS:
            return  # our own: the only scripts the site serves
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"<{tag}>")
        if tag == "meta" and "http-equiv" in values:
            self.problems.append("<meta http-equiv>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...>")
            if name in URL_ATTRIBUTES and (value or "").strip().lower().startswith(
                ("javascript:", "data:", "vbscript:")
            ):
                self.problems.append(f"<{tag} {name}={value!r}>")
            if name == "style":
                self.problems.append(f"<{tag} style=...>")


def assert_inert(html: str, where: str) -> None:
    """No script, event handler, style or script URL that we did not write ourselves."""
    scanner = TagScanner()
    scanner.feed(html)
    assert scanner.problems == [], (where, scanner.problems[:5])


def test_there_are_over_a_hundred_hostile_inputs():
    assert len(INPUTS) >= 100 and len(set(INPUTS)) == len(INPUTS)


def test_hostile_display_names_and_pseudonyms_are_stored_or_refused_never_run(app, client, auth):
    auth.make_user("boss", role=Role.ADMIN)
    auth.login("boss")
    token = csrf_token(client, "/auth/profile")
    for n, value in enumerate(INPUTS):
        response = client.post(
            "/auth/profile",
            data={
                "csrf_token": token,
                "display_name": value,
                "board_privacy": "pseudonym",
                "pseudonym": value,
            },
        )
        assert response.status_code in (200, 302), (n, response.status_code)
        page = client.get("/auth/profile").get_data(as_text=True)
        assert_inert(page, f"profile #{n}")
    with app.app_context():
        stored = db.session.execute(
            db.select(User.display_name).where(User.username == "boss")
        ).scalar_one()
        assert "\x00" not in stored and len(stored) <= 60
    assert_inert(client.get("/admin/users").get_data(as_text=True), "admin users")


def test_hostile_registrations_get_messages_not_errors(client):
    token = csrf_token(client, "/auth/register")
    for n, value in enumerate(INPUTS[:40]):
        response = client.post(
            "/auth/register",
            data={
                "csrf_token": token,
                "username": value,
                "display_name": value,
                "password": "long enough",
                "confirm": "long enough",
            },
        )
        assert response.status_code == 200, n  # refused: the login name has bad characters
        assert_inert(response.get_data(as_text=True), f"register #{n}")


def test_hostile_question_text_is_stored_and_shown_inert_everywhere(app, client, auth):
    load_bank(app)
    auth.make_user("teacher", role=Role.INSTRUCTOR)
    auth.login("teacher")
    token = csrf_token(client, "/author/questions/new")
    for n, value in enumerate(INPUTS):
        text = f"Q{n} {value}"[:4000]
        response = client.post(
            "/author/questions/new",
            data={
                "csrf_token": token,
                "type": "single",
                "prompt": text,
                "text_format": "markdown",
                "status": "rule",
                "as_of": "2026-01-01",
                "facts": "",
                "no_fact_reason": value[:300],
                "explanation": text,
                "tags": value[:400],
                "options-0-text": f"A {value}"[:900],
                "options-0-correct": "y",
                "options-0-feedback": value[:900],
                "options-1-text": "B",
                "numeric_tolerance": "0",
            },
        )
        assert response.status_code in (200, 302), (n, response.status_code)
    with app.app_context():
        ids = (
            db.session.execute(db.select(Question.id).where(Question.origin == "authored"))
            .scalars()
            .all()
        )
        assert all("\x00" not in db.session.get(Question, i).prompt for i in ids)
    assert len(ids) >= 100
    for qid in ids:
        page = client.get(f"/author/questions/{qid}").get_data(as_text=True)
        assert_inert(page, qid)
        tried = client.post(
            f"/author/questions/{qid}", data={"csrf_token": token, "answer": "nope"}
        )
        assert tried.status_code == 200
    for path in ("/author/questions", "/author/questions?q=script", "/author/export.gift"):
        response = client.get(path)
        assert response.status_code == 200
        if "gift" not in path:
            assert_inert(response.get_data(as_text=True), path)


def test_hostile_comments_quiz_titles_and_gift_text_never_break(app, client, auth):
    load_bank(app)
    auth.make_user("teacher", role=Role.INSTRUCTOR)
    auth.login("teacher")
    qid = db_first_question(app)
    token = csrf_token(client, f"/author/questions/{qid}")
    for n, value in enumerate(INPUTS):
        assert (
            client.post(
                f"/author/questions/{qid}/comments", data={"csrf_token": token, "body": value}
            ).status_code
            == 302
        )
        assert client.post(
            "/author/quizzes/new",
            data={
                "csrf_token": token,
                "title": f"T{n} {value}"[:200],
                "slug": value[:80],
                "description": value,
                "mode": "fixed",
                "question_ids": qid,
                "feedback_mode": "deferred",
                "grading_method": "highest",
                "leaderboard": "public",
            },
        ).status_code in (200, 302)
        assert (
            client.post(
                "/author/import",
                data={"csrf_token": token, "text": value, "status": "rule", "as_of": "2026-01-01"},
            ).status_code
            == 200
        )
    assert_inert(client.get(f"/author/questions/{qid}").get_data(as_text=True), "comments")
    assert_inert(client.get("/author/quizzes").get_data(as_text=True), "quizzes")
    assert_inert(client.get("/quizzes").get_data(as_text=True), "student quiz list")


def test_hostile_api_input_gets_json_errors_not_500(app, client, auth):
    from tests.quizzes import first_of_type, make_quiz

    load_bank(app, with_builtins=False)
    make_quiz(app, question_ids=first_of_type("short"))
    auth.make_user("student")
    for value in INPUTS:
        reply = client.post(
            "/api/v1/tokens", json={"username": value, "password": value, "name": value}
        )
        assert reply.status_code in (400, 401), reply.status_code
    token = client.post(
        "/api/v1/tokens",
        json={"username": "student", "password": "correct horse", "name": INPUTS[0]},
    ).get_json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    attempt = client.post("/api/v1/quizzes/test-quiz/attempts", headers=headers).get_json()
    for value in INPUTS:
        reply = client.put(
            f"/api/v1/attempts/{attempt['id']}/answers/1",
            headers=headers,
            json={"response": value},
        )
        assert reply.status_code in (200, 422), reply.status_code
        # 400 when the database refuses the characters (PostgreSQL and NUL), else 404 or 200
        assert client.get(f"/api/v1/leaderboards/quizzes/{value[:50]}").status_code in (
            400,
            404,
            200,
        )
    bad_path = client.put(
        f"/api/v1/attempts/{attempt['id']}/answers/x%00y", headers=headers, json={"response": "a"}
    )
    assert bad_path.status_code in (400, 404)


def test_non_utf8_form_bytes_get_a_message_not_a_500(client, auth):
    auth.make_user("student")
    auth.login()
    token = csrf_token(client, "/auth/profile")
    body = b"csrf_token=" + token.encode() + b"&display_name=%FF%FEbad&board_privacy=named"
    response = client.post(
        "/auth/profile", data=body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code in (200, 302, 400)


def db_first_question(app):
    with app.app_context():
        return db.session.execute(db.select(Question.id).order_by(Question.id)).scalars().first()


@pytest.fixture(autouse=True)
def _no_server_errors(app):
    """Any 500 in these tests fails them: the handler would hide it behind a page."""
    app.config["PROPAGATE_EXCEPTIONS"] = True
