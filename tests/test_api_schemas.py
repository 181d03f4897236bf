"""The OpenAPI document against the API's real replies: a student's whole journey, every reply
checked against the schema the document gives for its path, method and status code."""

import re
from datetime import timedelta

import jsonschema_rs
import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from quizapp.api.openapi import OPERATIONS, openapi_document
from quizapp.core.questions import QType
from quizapp.core.status import Status
from quizapp.models import FeedbackMode, GradingMethod, now_utc
from quizapp.quiz.service import FinishedBy
from tests.quizzes import load_bank, make_quiz, question_of
from tests.test_api import json_answer

PASSWORD = "correct horse"
REQUESTS = {"TokenRequest", "AnswerRequest"}  # what callers send: the server ignores extra keys


class CheckedClient:
    """A client whose every API reply must match the document's schema for it."""

    def __init__(self, client: FlaskClient, document: dict) -> None:
        self.client, self.document = client, document
        self.headers: dict[str, str] = {}
        self.seen: set[tuple[str, str, int]] = set()

    def call(self, method: str, path: str, **kwargs) -> TestResponse:
        """Send the request with the student's token, check the reply, and return it."""
        kwargs.setdefault("headers", self.headers)
        reply = self.client.open("/api/v1" + path, method=method, **kwargs)
        template = self.template_of(path)
        self.seen.add((template, method.lower(), reply.status_code))
        problems = self.problems(template, method.lower(), reply)
        assert problems == [], f"{method} {path} {reply.status_code}: {problems}"
        return reply

    def template_of(self, path: str) -> str:
        """The document's path that matches a real one."""
        for template in self.document["paths"]:
            if re.fullmatch(re.sub(r"\{\w+\}", "[^/]+", template), path.partition("?")[0]):
                return template
        raise AssertionError(f"{path} is not in the document")

    def problems(self, template: str, method: str, reply: TestResponse) -> list[str]:
        """Where the reply departs from the document (nothing: an empty list)."""
        responses = self.document["paths"][template][method]["responses"]
        if str(reply.status_code) not in responses:
            return [f"status {reply.status_code} is not documented"]
        response = responses[str(reply.status_code)]
        if "$ref" in response:
            response = self.document["components"]["responses"][response["$ref"].split("/")[-1]]
        if "content" not in response:
            return [] if reply.data == b"" else ["a body where none is documented"]
        schema = response["content"]["application/json"]["schema"]
        validator = jsonschema_rs.Draft202012Validator(
            {**schema, "components": self.document["components"]}
        )
        return [
            f"{'/'.join(map(str, e.instance_path))}: {e.message}"
            for e in validator.iter_errors(reply.get_json())
        ]


@pytest.fixture
def api(app: Flask, client: FlaskClient, auth) -> CheckedClient:
    """A student's checked client, with the bank loaded."""
    load_bank(app, with_builtins=False)
    auth.make_user("student")
    return CheckedClient(client, client.get("/api/v1/openapi.json").get_json())


def log_in(api: CheckedClient) -> None:
    """Get a token through the API, as a client program does, after two failed tries."""
    assert api.call("POST", "/tokens", json={"username": "student"}).status_code == 400
    wrong = {"username": "student", "password": "wrong"}
    assert api.call("POST", "/tokens", json=wrong).status_code == 401
    right = {"username": "student", "password": PASSWORD, "name": "journey"}
    reply = api.call("POST", "/tokens", json=right)
    assert reply.status_code == 201
    api.headers = {"Authorization": f"Bearer {reply.get_json()['token']}"}


def answer_every_question(app: Flask, api: CheckedClient, attempt: dict, right=True) -> list:
    """Save an answer to each question of the attempt; the replies."""
    replies = []
    for item in attempt["questions"]:
        question = question_of(app, attempt["id"], item["number"])
        body = {"response": json_answer(question, right or question.type != "classify")}
        reply = api.call("PUT", f"/attempts/{attempt['id']}/answers/{item['number']}", json=body)
        assert reply.status_code == 200
        replies.append(reply.get_json())
    return replies


def test_every_reply_of_a_students_whole_journey_matches_the_document(app, api, monkeypatch):
    make_quiz(app, "deferred", pass_mark=50.0, max_attempts=1)
    make_quiz(app, "immediate", feedback_mode="immediate")
    make_quiz(app, "timed", time_limit_seconds=600)
    assert api.call("GET", "/quizzes").status_code == 401
    log_in(api)
    assert len(api.call("GET", "/quizzes").get_json()["quizzes"]) == 3
    assert api.call("POST", "/quizzes/nothing-here/attempts").status_code == 404

    attempt = api.call("POST", "/quizzes/deferred/attempts").get_json()
    assert api.call("POST", "/quizzes/deferred/attempts").status_code == 200  # resumed
    path = f"/attempts/{attempt['id']}"
    assert api.call("GET", path + "/result").status_code == 409
    assert api.call("PUT", path + "/answers/1", json={"answer": 1}).status_code == 400
    assert api.call("PUT", path + "/answers/99", json={"response": "x"}).status_code == 404
    numeric = next(q for q in attempt["questions"] if q["type"] == "numeric")["number"]
    bad = api.call("PUT", f"{path}/answers/{numeric}", json={"response": "twelve"})
    assert bad.status_code == 422
    answer_every_question(app, api, attempt)
    assert api.call("GET", path).get_json()["answered"] == len(attempt["questions"])
    result = api.call("POST", path + "/finish").get_json()
    assert result["passed"] is True and result["finished_by"] == "student"
    assert api.call("GET", path + "/result").get_json()["by_status"]
    first = {"response": json_answer(question_of(app, attempt["id"], 1))}
    assert api.call("PUT", path + "/answers/1", json=first).status_code == 409
    assert api.call("POST", "/quizzes/deferred/attempts").status_code == 409  # none left

    practice = api.call("POST", "/quizzes/immediate/attempts").get_json()
    saved = answer_every_question(app, api, practice, right=False)
    assert all("feedback" in reply for reply in saved)
    first = {"response": json_answer(question_of(app, practice["id"], 1))}
    again = api.call("PUT", f"/attempts/{practice['id']}/answers/1", json=first)
    assert again.status_code == 409
    finished = api.call("POST", f"/attempts/{practice['id']}/finish").get_json()
    assert finished["confusions"]  # the classify question was answered with a wrong status

    timed = api.call("POST", "/quizzes/timed/attempts").get_json()
    assert timed["deadline"] is not None
    later = now_utc() + timedelta(minutes=11)
    monkeypatch.setattr("quizapp.api.views.now_utc", lambda: later)
    closed = api.call("GET", f"/attempts/{timed['id']}").get_json()
    assert (closed["state"], closed["finished_by"]) == ("finished", "timeout")

    overall = api.call("GET", "/leaderboards/overall").get_json()
    assert overall["counts"] and overall["rows"]
    assert api.call("GET", "/leaderboards/quizzes/deferred?period=week").get_json()["rows"]
    assert api.call("GET", "/leaderboards/overall?period=year").status_code == 400
    assert api.call("GET", "/leaderboards/quizzes/nothing-here").status_code == 404

    assert api.call("DELETE", "/tokens/current").status_code == 204
    assert api.call("GET", "/quizzes").status_code == 401
    answered = {(path, method) for path, method, status in api.seen if status < 300}
    documented = {(p, m) for p, methods in api.document["paths"].items() for m in methods}
    assert answered == documented, "the journey leaves an operation untried"


def test_the_documents_enums_are_the_apps_own(app):
    schemas = openapi_document(app)["components"]["schemas"]
    for enum in (QType, Status, FeedbackMode, GradingMethod, FinishedBy):
        assert schemas[enum.__name__]["enum"] == [member.value for member in enum]


def test_every_reply_schema_holds_exactly_its_keys(app):
    schemas = openapi_document(app)["components"]["schemas"]
    replies = {name: s for name, s in schemas.items() if "properties" in s and name not in REQUESTS}
    assert {"Attempt", "Result", "Question", "Feedback", "Board", "SavedReply"} <= replies.keys()
    assert [name for name, s in replies.items() if s.get("additionalProperties") is not False] == []
    attempt = schemas["Attempt"]["properties"]
    assert {"started_at", "finished_at", "finished_by"} <= attempt.keys()
    assert "format" in schemas["Question"]["properties"] | schemas["Feedback"]["properties"]


def test_the_document_says_how_every_question_type_is_answered(app):
    save = openapi_document(app)["paths"]["/attempts/{attempt_id}/answers/{number}"]["put"]
    assert all(f"{kind.value}: " in save["description"] for kind in QType)


def test_every_documented_operation_is_a_route_of_the_api(app):
    endpoints = {r.endpoint.removeprefix("api.") for r in app.url_map.iter_rules()}
    assert OPERATIONS.keys() <= endpoints
