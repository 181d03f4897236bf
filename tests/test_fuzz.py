"""Fuzzing: generated input into every form of the app and every operation of the API.

The forms come from the URL map, as in test_authorization: a new form route that is neither
fuzzed here nor set aside in NOT_FORMS fails a test. Each form is read from its real page (CSRF
token, field names, the values the page offers) and posted with hypothesis values: any text,
numbers as text, very long strings, fields missing or sent twice, and unknown fields. The API is
fuzzed by schemathesis from its own OpenAPI document, with a student's bearer token and the ids
of real attempts. Neither may ever answer with a server error.
"""

import gc
import io
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import pytest
import schemathesis
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.exceptions import HTTPException
from werkzeug.test import TestResponse, encode_multipart

from quizapp import credentials
from quizapp.api.openapi import openapi_document
from quizapp.api.views import bp as api_bp
from quizapp.auth import service as services
from quizapp.classes import service as classes
from quizapp.extensions import db
from quizapp.live import joining
from quizapp.live import service as live
from quizapp.models import QuestionReport, Quiz, Role, User, now_utc
from quizapp.quiz import service
from tests.accounts import CSRF_PATTERN, AuthActions, csrf_token
from tests.html_forms import Field, Form, post_forms
from tests.quizzes import first_of_type, load_bank, make_quiz

PASSWORD = "correct horse"
ACCOUNTS = {"student": Role.STUDENT, "teacher": Role.INSTRUCTOR, "boss": Role.ADMIN}
TYPES = ("single", "multiple", "true_false", "classify", "numeric", "short", "matching", "ordering")
# Modest, so the whole file runs in well under a minute on SQLite or PostgreSQL.
FORM_EXAMPLES = 25
API_EXAMPLES = 30
FUZZ_SETTINGS = settings(
    max_examples=FORM_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

Pages = Callable[[dict[str, Any]], list[str]]


def _questions(path: str) -> Pages:
    """Pages about one question of each type, path holding {qid}."""
    return lambda w: [path.format(qid=qid) for qid in w["question_of_type"].values()]


# endpoint: (the account that may use the form, the pages that hold it)
FORMS: dict[str, tuple[str | None, Pages]] = {
    "auth.login": (None, lambda w: ["/auth/login", "/auth/login?next=/quizzes"]),
    "auth.register": (None, lambda w: ["/auth/register"]),
    "auth.logout": ("student", lambda w: ["/"]),
    "auth.change_password": ("student", lambda w: ["/auth/password"]),
    "auth.profile": ("student", lambda w: ["/auth/profile"]),
    "auth.revoke_token": ("student", lambda w: ["/auth/profile"]),
    "quiz.start": ("student", lambda w: [f"/quizzes/{w['builtin_slug']}"]),
    "quiz.question": (
        "student",
        lambda w: [f"/attempts/{w['paged_attempt']}/questions/{n}" for n in range(1, 9)],
    ),
    "quiz.all_questions": ("student", lambda w: [f"/attempts/{w['whole_attempt']}/all"]),
    "quiz.finish": ("student", lambda w: [f"/attempts/{w['whole_attempt']}/finish"]),
    "reports.create": (
        "student",
        lambda w: [
            f"/reports/attempts/{w['finished_attempt']}/questions/{n}/flag"
            for n in w["finished_questions"]
        ],
    ),
    "author.new_question": (
        "teacher",
        lambda w: [f"/author/questions/new?type={kind}" for kind in TYPES],
    ),
    "author.edit_question": ("teacher", _questions("/author/questions/{qid}/edit")),
    "author.question": ("teacher", _questions("/author/questions/{qid}")),
    "author.comment": ("teacher", _questions("/author/questions/{qid}")),
    "author.move": ("teacher", _questions("/author/questions/{qid}")),
    "author.new_quiz": ("teacher", lambda w: ["/author/quizzes/new"]),
    "author.edit_quiz": ("teacher", lambda w: [f"/author/quizzes/{w['whole_quiz']}/edit"]),
    "author.import_gift": ("teacher", lambda w: ["/author/import"]),
    "leaderboard.settings": ("teacher", lambda w: [f"/leaderboards/quizzes/{w['builtin_slug']}"]),
    "instructor.resolve": ("teacher", lambda w: ["/instructor/reports"]),
    "admin.set_role": ("boss", lambda w: ["/admin/users"]),
    "admin.revoke_tokens": ("boss", lambda w: ["/admin/users"]),
    "classes.join": ("student", lambda w: ["/classes/", "/classes/join?code=ABCD2345"]),
    "classes.start": ("student", lambda w: [f"/classes/{w['class_id']}"]),
    "teach.new": ("teacher", lambda w: ["/teach/classes/new"]),
    "teach.assign": ("teacher", lambda w: [f"/classes/{w['class_id']}"]),
    "teach.replace_code": ("teacher", lambda w: [f"/classes/{w['class_id']}"]),
    "live.join": (None, lambda w: ["/join", f"/join?code={w['live_code']}"]),
    "live.answer": ("student", lambda w: [f"/live/{w['live_question']}"]),
    "host.new": ("teacher", lambda w: ["/live/host/new"]),
    "host.move": ("teacher", lambda w: [f"/live/host/{w['live_lobby']}"]),
    "host.lock": ("teacher", lambda w: [f"/live/host/{w['live_lobby']}"]),
    "host.remove": ("teacher", lambda w: [f"/live/host/{w['live_lobby']}"]),
}
# JSON, not forms: schemathesis fuzzes them from the OpenAPI document (below), and
# test_every_api_route_is_in_the_openapi_document keeps that document complete.
NOT_FORMS = {
    "api.create_token",
    "api.revoke_current_token",
    "api.start_attempt",
    "api.save_answer",
    "api.finish_attempt",
}
# Values a page cannot offer but a person would type, so generated input also gets past
# the first check: a real password, a GIFT question, the import's confirmation.
TYPED = {
    "password": [PASSWORD],
    "current": [PASSWORD],
    "username": ["student", "teacher"],
    "text": ["::Q1:: Has it been approved? {T}", "Which? {=yes ~no}"],
    "confirm": ["yes"],
    "freeze_at": ["2030-01-01T12:00", "9999-12-31T23:59"],
}
ODD_TEXT = [
    "",
    " ",
    "0",
    "-1",
    "1e309",
    "nan",
    "inf",
    "2026-02-30",
    "0001-01-01T00:00",
    "9999-12-31T23:59:59",
    "\x00",
    "a -> b",
    "{=",
]
TEXT = st.one_of(
    st.text(),  # any code point but surrogates, control characters included
    st.integers(min_value=-(2**80), max_value=2**80).map(str),
    st.floats().map(str),
    st.sampled_from(ODD_TEXT),
    # Long: up to past the 500 kB a field may hold (a 413).
    st.builds(lambda s, n: s * n, st.text(min_size=1, max_size=3), st.integers(1000, 60_000)),
)


def test_every_form_of_the_app_is_fuzzed(app):
    posting = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if rule.methods & {"POST", "PUT", "PATCH", "DELETE"}
    }
    assert posting - FORMS.keys() - NOT_FORMS == set(), "fuzz the new form in FORMS"
    assert (FORMS.keys() | NOT_FORMS) - posting == set(), "FORMS names a form that is gone"


def test_every_api_route_is_in_the_openapi_document(app):
    paths = openapi_document(app)["paths"]
    missing = []
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("api.") or rule.endpoint == "api.openapi":
            continue
        path = re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule.rule.removeprefix("/api/v1"))
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            if method.lower() not in paths.get(path, {}):
                missing.append(f"{method} {path}")
    assert missing == [], "describe these in quizapp/api/openapi.py"


def build_world(app: Flask) -> dict[str, Any]:
    """Accounts, the bank, an open attempt on each kind of quiz page, a finished one, reports."""
    load_bank(app)
    auth = AuthActions(app, app.test_client())
    for name, role in ACCOUNTS.items():
        auth.make_user(name, PASSWORD, role)
    paged = make_quiz(app, slug="paged-quiz", feedback_mode="immediate")
    whole = make_quiz(app, slug="whole-quiz", one_per_page=False)
    with app.app_context():
        student = db.session.execute(db.select(User).where(User.username == "student")).scalar_one()
        now = now_utc()
        builtin = (
            db.session.execute(db.select(Quiz).where(Quiz.builtin.is_(True))).scalars().first()
        )
        open_paged = service.start_attempt(db.session.get(Quiz, paged), student.id, now)
        open_whole = service.start_attempt(db.session.get(Quiz, whole), student.id, now)
        finished = service.start_attempt(builtin, student.id, now)
        service.finish_attempt(finished, now)
        teacher = db.session.execute(db.select(User).where(User.username == "teacher")).scalar_one()
        classroom = classes.create_class("Fuzzed class", teacher.id, now, None)
        classes.join_class(classroom.join_code, student.id, now)
        classes.assign_quiz(classroom, db.session.get(Quiz, whole), None, None)
        # Live sessions: a lobby the student is in (remove, lock, move), and one on a question
        # (the student's answer buttons).
        lobby = live.create_session(db.session.get(Quiz, paged), teacher.id, now)
        joining.join_as_user(lobby, student, now)
        asking = live.create_session(db.session.get(Quiz, paged), teacher.id, now)
        joining.join_as_user(asking, student, now)
        live.advance(asking, "question", asking.version, now)
        for n in range(3):  # tokens for the profile page to list, with a revoke form each
            credentials.issue_token(student, f"token {n}", now)
        for qid in finished.question_ids[:5]:
            db.session.add(
                QuestionReport(
                    question_id=qid,
                    user_id=student.id,
                    attempt_id=finished.id,
                    reason="wrong",
                    comment="",
                )
            )
        db.session.commit()
        return {
            "builtin_slug": builtin.slug,
            "paged_attempt": open_paged.id,
            "whole_attempt": open_whole.id,
            "whole_quiz": whole,
            "finished_attempt": finished.id,
            "finished_questions": [1, 2, 3],
            "class_id": classroom.id,
            "live_lobby": lobby.id,
            "live_code": lobby.code,
            "live_question": asking.id,
            "question_of_type": {kind: first_of_type(kind)[0] for kind in TYPES},
        }


class Visitor:
    """A browser of one account (None: anonymous), logged in again whenever its session ends."""

    def __init__(self, app: Flask, account: str | None) -> None:
        self.app, self.account = app, account
        self.client = app.test_client()
        self.token = ""
        if account:
            self.log_in()

    def log_in(self) -> None:
        """A fresh session, logged in (with the password put back, if a form changed it)."""
        self.client = self.app.test_client()
        if self.account is None:
            return
        if AuthActions(self.app, self.client).login(self.account, PASSWORD).status_code != 302:
            with self.app.app_context():
                services.change_password(services.find_user(self.account), PASSWORD)
            AuthActions(self.app, self.client).login(self.account, PASSWORD)

    def forms_on(self, page: str, endpoint: str) -> list[Form]:
        """The page's forms that post to endpoint (the page opened as this visitor)."""
        if self.account is None:
            self.client = self.app.test_client()
        response = self.client.get(page)
        if response.status_code == 302 and "/auth/login" in response.headers["Location"]:
            self.log_in()
            response = self.client.get(page)
        html = response.get_data(as_text=True)
        if token := CSRF_PATTERN.search(html):
            self.token = token.group(1)
        return [
            form
            for form in post_forms(html, f"http://localhost{page}")
            if self.endpoint_of(form) == endpoint
        ]

    def endpoint_of(self, form: Form) -> str | None:
        """The endpoint the form posts to, or None if it posts nowhere in this app."""
        try:
            return self.app.url_map.bind("localhost").match(
                urlsplit(form.action).path, method="POST"
            )[0]
        except HTTPException:
            return None


def _renamed(name: str) -> st.SearchStrategy[str]:
    """A known field name with another number in it: options-7-text, q99-answer."""
    return st.integers(-3, 10**20).map(lambda n: re.sub(r"\d+", str(n), name, count=1))


UPLOAD = st.tuples(
    st.one_of(st.binary(), st.sampled_from(TYPED["text"]).map(str.encode)), st.text()
)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=6,
)


def field_values(known: Field) -> st.SearchStrategy[list[Any]]:
    """Nothing (missing), one value (mostly) or several (duplicated) for a field.

    A value is one the page offers or a person might type, generated text, or a file.
    """
    offered = known.values + TYPED.get(known.name, [])
    value = st.one_of(st.sampled_from(offered), TEXT, UPLOAD) if offered else TEXT | UPLOAD
    if known.kind == "file":
        value = UPLOAD | TEXT
    return st.one_of(value.map(lambda v: [v]), st.lists(value, max_size=3))


def submission(form: Form) -> st.SearchStrategy[list[tuple[str, Any]]]:
    """Generated (name, value) pairs for the form, plus a few fields it never had."""
    names = [name for name in form.fields if not name.endswith("csrf_token")]
    extra_name = (
        st.one_of(st.text(), st.sampled_from(names).flatmap(_renamed)) if names else st.text()
    )
    return st.builds(
        lambda chosen, extras: [(n, v) for n, vs in chosen.items() for v in vs] + extras,
        st.fixed_dictionaries({name: field_values(form.fields[name]) for name in names}),
        st.lists(st.tuples(extra_name, TEXT), max_size=3),
    )


def send(
    client: FlaskClient, form: Form, pairs: list[tuple[str, Any]], multipart: bool
) -> TestResponse:
    """Post the pairs as the page's form would, or as multipart (always, with a file)."""
    if not (multipart or form.multipart or any(isinstance(v, tuple) for _, v in pairs)):
        return client.post(form.action, data=MultiDict(pairs))
    # Encoded here, in memory: the test client would spool a big body to a temporary file
    # and never close it (a ResourceWarning).
    boundary, body = encode_multipart(
        MultiDict(
            [
                (n, FileStorage(io.BytesIO(v[0]), v[1]) if isinstance(v, tuple) else v)
                for n, v in pairs
            ]
        )
    )
    return client.post(
        form.action, data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )


def assert_no_server_error(response: TestResponse) -> None:
    """Never a 5xx, never a stack trace in the body."""
    body = response.get_data()
    assert response.status_code < 500, (response.status_code, body[:500])
    assert b"Traceback" not in body


@pytest.mark.parametrize("endpoint", sorted(FORMS))
def test_generated_input_into_a_form_never_gets_a_server_error(app, endpoint):
    world = build_world(app)
    account, pages_of = FORMS[endpoint]
    pages = pages_of(world)
    visitor = Visitor(app, account)
    first_seen = {}
    for page in pages:
        forms = visitor.forms_on(page, endpoint)
        assert forms, f"no form posting to {endpoint} on {page}"
        first_seen[page] = forms

    @FUZZ_SETTINGS
    @given(data=st.data())
    def post_generated_input(data: st.DataObject) -> None:
        page = data.draw(st.sampled_from(pages), label="page")
        form = first_seen[page][data.draw(st.integers(0, len(first_seen[page]) - 1))]
        pairs = data.draw(submission(form), label="fields")
        how = data.draw(st.sampled_from(["as the page says", "multipart", "json"]), label="how")
        visitor.forms_on(page, endpoint)  # a fresh CSRF token, logged in again if need be
        token = visitor.token
        if how == "json":  # what a script might send; forms take form posts only
            as_json = {n: v for n, v in pairs if isinstance(v, str)} | {"csrf_token": token}
            body = data.draw(st.one_of(st.just(as_json), JSON), label="json")
            response = visitor.client.post(form.action, json=body, headers={"X-CSRFToken": token})
        else:
            tokens = [(name, token) for name in form.fields if name.endswith("csrf_token")]
            response = send(visitor.client, form, tokens + pairs, how == "multipart")
        assert_no_server_error(response)

    post_generated_input()


def well_formed_requests(
    operation: schemathesis.APIOperation, path: str, world: dict[str, Any]
) -> list[st.SearchStrategy[schemathesis.Case]]:
    """Requests random data rarely makes: the student's real login, well-formed answers."""
    if path == "/tokens":
        return [
            st.text().flatmap(
                lambda name: operation.as_strategy(
                    body={"username": "student", "password": PASSWORD, "name": name}
                )
            )
        ]
    if path == "/attempts/{attempt_id}/answers/{number}":
        return [
            st.sampled_from(world["answers"]).flatmap(
                lambda answer: operation.as_strategy(
                    path_parameters={"attempt_id": answer[0], "number": answer[1]},
                    body={"response": answer[2]},
                )
            )
        ]
    return []


def api_document() -> dict[str, Any]:
    """The API's OpenAPI document, drawn from a bare app holding only the API's routes."""
    bare = Flask(__name__)
    bare.register_blueprint(api_bp)
    return openapi_document(bare)


OPERATIONS = [
    (method.upper(), path)
    for path, methods in api_document()["paths"].items()
    for method in methods
]


# Which JSON type an answer takes depends on its question's type, which a schema keyed by
# path cannot say: a schema-valid answer of the wrong type gets the documented 422.
API_CONFIG = schemathesis.Config.from_dict(
    {
        "operations": [
            {
                "include-path": "/attempts/{attempt_id}/answers/{number}",
                "checks": {
                    "positive_data_acceptance": {
                        "expected-statuses": ["2xx", "401", "403", "404", "409", "422"]
                    }
                },
            }
        ]
    }
)


def a_well_formed_answer(question: dict[str, Any]) -> Any:
    """An answer of the right JSON type for a question as the API shows it (right or wrong)."""
    kind = question["type"]
    if kind == "multiple":
        return [question["options"][0]["id"]]
    if kind == "true_false":
        return True
    if kind == "numeric":
        return 1
    if kind == "short":
        return "an answer"
    if kind == "matching":
        return {left["text"]: question["rights"][0] for left in question["lefts"]}
    if kind == "ordering":
        return [item["text"] for item in question["items"]]
    return question["options"][0]["id"]  # single, classify


def api_world(app: Flask, client: FlaskClient) -> dict[str, Any]:
    """A student's bearer token, an open attempt (immediate feedback) and a finished one."""
    load_bank(app, with_builtins=False)
    make_quiz(app, slug="open-quiz", feedback_mode="immediate")
    make_quiz(app, slug="done-quiz")
    AuthActions(app, client).make_user("student", PASSWORD)
    token = client.post(
        "/api/v1/tokens", json={"username": "student", "password": PASSWORD}
    ).get_json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    opened = client.post("/api/v1/quizzes/open-quiz/attempts", headers=headers).get_json()
    done = client.post("/api/v1/quizzes/done-quiz/attempts", headers=headers).get_json()
    for question in done["questions"]:
        client.put(
            f"/api/v1/attempts/{done['id']}/answers/{question['number']}",
            headers=headers,
            json={"response": a_well_formed_answer(question)},
        )
    client.post(f"/api/v1/attempts/{done['id']}/finish", headers=headers)
    return {
        "headers": headers,
        "attempt_id": [opened["id"], done["id"]],
        "number": [q["number"] for q in opened["questions"] + done["questions"]],
        "slug": ["open-quiz", "done-quiz"],
        "answers": [
            (opened["id"], q["number"], a_well_formed_answer(q)) for q in opened["questions"]
        ],
    }


@pytest.mark.parametrize("mode", list(schemathesis.GenerationMode), ids=str)
@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[" ".join(op) for op in OPERATIONS])
def test_generated_api_requests_get_documented_answers_never_server_errors(
    app, client, method, path, mode
):
    world = api_world(app, client)
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app, config=API_CONFIG)
    operation = schema[path][method]
    strategies = [operation.as_strategy(mode)]
    known = {name: st.sampled_from(world[name]) for name in world if "{" + name + "}" in path}
    if known:  # real ids too, else every attempt would be someone else's (404)
        strategies.append(
            st.fixed_dictionaries(known).flatmap(
                lambda values: operation.as_strategy(mode, path_parameters=values)
            )
        )
    if mode == schemathesis.GenerationMode.POSITIVE:
        strategies += well_formed_requests(operation, path, world)

    @settings(
        max_examples=API_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow]
    )
    @given(case=st.one_of(strategies))
    def call_and_validate(case: schemathesis.Case) -> None:
        # Every default check: no server error, documented status, content type and schema,
        # invalid input refused, auth not ignored.
        case.call_and_validate(headers=world["headers"])

    call_and_validate()


# What the fuzzers found, pinned: each of these was a 500 (or a broken session) before its fix.

HUGE = "99999999999999999999"  # past any id or page a database column holds


@pytest.mark.parametrize(
    "url",
    [
        f"/attempts/{HUGE}",
        f"/attempts/1/questions/{HUGE}",
        f"/api/v1/attempts/{HUGE}",
        f"/author/quizzes/{HUGE}/edit",
        f"/reports/attempts/{HUGE}/questions/x/flag",
    ],
)
def test_a_number_past_any_id_in_a_url_is_not_found(client, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "url", ["/admin/users", "/admin/audit", "/author/questions", "/instructor/reports"]
)
def test_a_page_number_past_any_page_is_a_page_past_the_end(client, auth, url):
    auth.make_user("boss", role=Role.ADMIN)
    auth.login("boss")
    assert client.get(f"{url}?page={HUGE}").status_code in (200, 404)


def test_a_huge_number_in_a_form_is_refused_with_a_message(client, auth):
    auth.make_user("teacher", role=Role.INSTRUCTOR)
    auth.login("teacher")
    response = client.post(
        "/author/quizzes/new",
        data={
            "csrf_token": csrf_token(client, "/author/quizzes/new"),
            "title": "Big",
            "max_attempts": "9" * 400,
        },
    )
    assert response.status_code == 200
    assert "That number is too large." in response.get_data(as_text=True)


def test_a_file_or_json_sent_to_a_text_field_gets_a_page_not_a_server_error(client, auth):
    auth.make_user("student")
    auth.login()
    token = csrf_token(client, "/auth/profile")
    upload = client.post(
        "/auth/profile",
        data={
            "csrf_token": token,
            "display_name": (io.BytesIO(b"not text"), "name.txt"),
            "board_privacy": "named",
        },
    )
    assert upload.status_code in (200, 302)
    for body in ([1, 2], 7, "text", {"csrf_token": token, "display_name": 5}):
        sent = client.post("/auth/profile", json=body, headers={"X-CSRFToken": token})
        assert sent.status_code in (200, 302), body


def test_a_form_part_without_a_name_is_ignored(client, auth):
    auth.make_user("teacher", role=Role.INSTRUCTOR)
    auth.login("teacher")
    token = csrf_token(client, "/author/questions/new")
    body = (
        f'--B\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{token}\r\n'
        "--B\r\nContent-Disposition: form-data\r\n\r\nnameless\r\n--B--\r\n"
    ).encode()
    response = client.post(
        "/author/questions/new", data=body, content_type="multipart/form-data; boundary=B"
    )
    assert response.status_code == 200


def test_an_upload_before_an_oversized_field_is_closed_when_the_body_is_refused(client):
    boundary, body = encode_multipart(
        MultiDict([("file", FileStorage(io.BytesIO(b"x"), "a.gift")), ("text", "y" * 600_000)])
    )
    response = client.post(
        "/auth/login", data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )
    assert response.status_code == 413
    gc.collect()  # an upload left open would warn here, and warnings fail the test


def test_a_made_up_review_state_is_refused_without_growing_the_session(app, client, auth):
    load_bank(app, with_builtins=False)
    auth.make_user("teacher", role=Role.INSTRUCTOR)
    auth.login("teacher")
    qid = first_of_type("single")[0]
    response = client.post(
        f"/author/questions/{qid}/state",
        data={"csrf_token": csrf_token(client, "/"), "state": "x" * 5000},
    )
    assert response.status_code == 302  # no warning that the session cookie grew past 4 kB
    page = client.get(f"/author/questions/{qid}").get_data(as_text=True)
    assert "That change was not understood" in page


@pytest.mark.parametrize("page", ["0", "-1", "abc", "1.5", ""])
def test_the_api_says_why_a_board_page_is_refused(client, page):
    response = client.get(f"/api/v1/leaderboards/overall?page={page}")
    assert response.status_code == 400
    assert response.get_json()["message"] == "page must be a whole number, 1 or more"


def test_a_board_page_past_the_last_shows_the_last(client):
    response = client.get(f"/api/v1/leaderboards/overall?page={HUGE}")
    assert response.status_code == 200 and response.get_json()["page"] == 1
