"""The JSON API: the same journey and the same rules as the pages."""

import json
import re
from datetime import timedelta

import pytest

from quizapp.extensions import db
from quizapp.models import Answer, Attempt, now_utc
from tests.accounts import csrf_token
from tests.quizzes import (
    first_of_type,
    json_answer,
    load_bank,
    make_quiz,
    question_of,
    stored,
)


@pytest.fixture
def token(app, client, auth):
    """A bearer token for a student, with the bank loaded."""
    load_bank(app)
    auth.make_user("student")
    reply = client.post("/api/v1/tokens", json={"username": "student", "password": "correct horse"})
    assert reply.status_code == 201
    return {"Authorization": f"Bearer {reply.get_json()['token']}"}


def test_the_openapi_document_describes_every_endpoint_of_the_url_map(app, client):
    doc = client.get("/api/v1/openapi.json").get_json()
    assert doc["openapi"].startswith("3.1")
    routes = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/") and rule.endpoint != "api.openapi":
            path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule.removeprefix("/api/v1"))
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                routes.add((path, method.lower()))
    documented = {(path, method) for path, ops in doc["paths"].items() for method in ops}
    assert routes == documented
    assert ("/leaderboards/quizzes/{slug}", "get") in routes


def test_without_credentials_the_api_answers_401_in_json(client):
    reply = client.get("/api/v1/quizzes")
    assert reply.status_code == 401 and reply.get_json()["status"] == 401
    bad = client.get("/api/v1/quizzes", headers={"Authorization": "Bearer nonsense"})
    assert bad.status_code == 401


@pytest.mark.parametrize(
    "body", [{"username": "student", "password": "wrong"}, {"username": "nobody", "password": "x"}]
)
def test_a_wrong_password_gets_no_token(app, client, auth, body):
    auth.make_user("student")
    reply = client.post("/api/v1/tokens", json=body)
    assert reply.status_code == 401 and "Wrong login name or password." in reply.get_json()["error"]


@pytest.mark.parametrize("body", [None, "[]", '{"username": 1, "password": 2}'])
def test_a_malformed_token_request_gets_400(client, body):
    reply = client.post("/api/v1/tokens", data=body, content_type="application/json")
    assert reply.status_code == 400


def test_the_whole_journey_through_the_api_in_deferred_mode(app, client, token):
    make_quiz(app)
    assert any(
        q["slug"] == "test-quiz"
        for q in client.get("/api/v1/quizzes", headers=token).get_json()["quizzes"]
    )
    started = client.post("/api/v1/quizzes/test-quiz/attempts", headers=token)
    assert started.status_code == 201
    attempt = started.get_json()
    assert attempt["state"] == "open" and len(attempt["questions"]) == 8
    again = client.post("/api/v1/quizzes/test-quiz/attempts", headers=token)
    assert again.status_code == 200 and again.get_json()["id"] == attempt["id"]
    for item in attempt["questions"]:
        question = question_of(app, attempt["id"], item["number"])
        reply = client.put(
            f"/api/v1/attempts/{attempt['id']}/answers/{item['number']}",
            headers=token,
            json={"response": json_answer(question)},
        )
        assert reply.status_code == 200, reply.get_json()
        assert "feedback" not in reply.get_json()
    result = client.post(f"/api/v1/attempts/{attempt['id']}/finish", headers=token).get_json()
    assert result["state"] == "finished" and result["score"] == 8 and result["percent"] == 100
    assert all(q["feedback"]["score"] == 1 for q in result["questions"])
    assert result["by_status"] and result["passed"] is None
    assert (
        client.get(f"/api/v1/attempts/{attempt['id']}/result", headers=token).get_json()["score"]
        == 8
    )


def test_immediate_mode_returns_feedback_with_each_answer_and_keeps_the_first(app, client, token):
    qid = "amimestrocel-conditional-approval.choice-date.2"  # the product's is the exam's
    make_quiz(app, question_ids=[qid], feedback_mode="immediate")
    attempt = client.post("/api/v1/quizzes/test-quiz/attempts", headers=token).get_json()
    question = stored(app, qid)
    url = f"/api/v1/attempts/{attempt['id']}/answers/1"
    reply = client.put(url, headers=token, json={"response": json_answer(question, False)})
    fb = reply.get_json()["feedback"]
    assert fb["score"] == 0 and fb["status_label"] == "Approved drug (conditional)"
    assert fb["correction"] and fb["why_wrong"]
    second = client.put(url, headers=token, json={"response": json_answer(question)})
    assert second.status_code == 409 and "already answered" in second.get_json()["error"]


@pytest.mark.parametrize(
    ("kind", "response", "status", "message"),
    [
        ("single", "zzz", 422, "Choose one of the options."),
        ("single", 5, 422, "wrong JSON type"),
        ("numeric", "twelve", 422, "wrong JSON type"),
        ("true_false", "yes", 422, "wrong JSON type"),
        ("ordering", ["a", "b", "c", "d"], 422, "List every item exactly once"),
        ("matching", {"x": "y"}, 422, "Choose a match for every item."),
    ],
)
def test_malformed_answers_get_a_clear_message_and_save_nothing(
    app, client, token, kind, response, status, message
):
    qid = first_of_type(kind)[0]
    make_quiz(app, question_ids=[qid])
    attempt = client.post("/api/v1/quizzes/test-quiz/attempts", headers=token).get_json()
    reply = client.put(
        f"/api/v1/attempts/{attempt['id']}/answers/1",
        headers=token,
        json={"response": response},
    )
    assert reply.status_code == status and message in reply.get_json()["error"]
    with app.app_context():
        assert db.session.execute(db.select(Answer)).first() is None


def test_a_missing_body_or_question_is_refused(app, client, token):
    make_quiz(app)
    attempt = client.post("/api/v1/quizzes/test-quiz/attempts", headers=token).get_json()
    base = f"/api/v1/attempts/{attempt['id']}/answers/"
    assert client.put(base + "1", headers=token, data="x").status_code == 400
    assert client.put(base + "1", headers=token, json={"answer": 1}).status_code == 400
    for outside in ("9", "0", "-1", question_of(app, attempt["id"], 1).id):
        reply = client.put(base + outside, headers=token, json={"response": "x"})
        assert reply.status_code == 404, outside
    assert client.get("/api/v1/attempts/999", headers=token).status_code == 404
    assert client.get(f"/api/v1/attempts/{attempt['id']}/result", headers=token).status_code == 409


def test_another_students_attempt_is_not_found_and_a_finished_one_is_read_only(
    app, client, auth, token
):
    make_quiz(app)
    attempt = client.post("/api/v1/quizzes/test-quiz/attempts", headers=token).get_json()
    auth.make_user("other")
    other = client.post(
        "/api/v1/tokens", json={"username": "other", "password": "correct horse"}
    ).get_json()
    other_headers = {"Authorization": f"Bearer {other['token']}"}
    assert client.get(f"/api/v1/attempts/{attempt['id']}", headers=other_headers).status_code == 404
    assert (
        client.post(f"/api/v1/attempts/{attempt['id']}/finish", headers=other_headers).status_code
        == 404
    )
    client.post(f"/api/v1/attempts/{attempt['id']}/finish", headers=token)
    reply = client.put(
        f"/api/v1/attempts/{attempt['id']}/answers/1",
        headers=token,
        json={"response": json_answer(question_of(app, attempt["id"], 1))},
    )
    assert reply.status_code == 409 and "finished" in reply.get_json()["error"]


def test_an_answer_sent_after_the_time_limit_is_refused_and_the_attempt_closed(
    app, client, token, monkeypatch
):
    make_quiz(app, time_limit_seconds=600)
    attempt = client.post("/api/v1/quizzes/test-quiz/attempts", headers=token).get_json()
    first, second = (question_of(app, attempt["id"], n) for n in (1, 2))
    path = f"/api/v1/attempts/{attempt['id']}/answers/"
    in_time = {"response": json_answer(first)}
    assert client.put(path + "1", headers=token, json=in_time).status_code == 200
    later = now_utc() + timedelta(minutes=11)
    monkeypatch.setattr("quizapp.api.views.now_utc", lambda: later)
    late = {"response": json_answer(second)}
    reply = client.put(path + "2", headers=token, json=late)
    assert reply.status_code == 409 and "finished" in reply.get_json()["error"]
    with app.app_context():
        row = db.session.get(Attempt, attempt["id"])
        assert row.finished_by == "timeout" and row.score == 1.0
        saved = db.session.execute(db.select(Answer.question_id)).scalars().all()
        assert saved == [first.id]


def test_a_session_needs_the_csrf_token_to_change_anything(app, client, auth):
    load_bank(app)
    make_quiz(app)
    auth.make_user("student")
    auth.login()
    assert client.get("/api/v1/quizzes").status_code == 200
    refused = client.post("/api/v1/quizzes/test-quiz/attempts")
    assert refused.status_code == 400 and refused.is_json
    token = csrf_token(client, "/quizzes")
    ok = client.post("/api/v1/quizzes/test-quiz/attempts", headers={"X-CSRFToken": token})
    assert ok.status_code == 201


def test_no_api_response_of_an_unfinished_deferred_attempt_reveals_the_key(app, client, token):
    make_quiz(app)
    attempt = client.post("/api/v1/quizzes/test-quiz/attempts", headers=token).get_json()
    questions = [question_of(app, attempt["id"], item["number"]) for item in attempt["questions"]]
    secrets = {q.explanation for q in questions} | {q.correction for q in questions if q.correction}
    secrets |= {o["feedback"] for q in questions for o in q.options if o.get("feedback")}
    bodies = [
        json.dumps(attempt),
        client.get(f"/api/v1/attempts/{attempt['id']}", headers=token).get_data(as_text=True),
    ]
    bodies.append(
        client.put(
            f"/api/v1/attempts/{attempt['id']}/answers/1",
            headers=token,
            json={"response": json_answer(questions[0])},
        ).get_data(as_text=True)
    )
    for body in bodies:
        assert '"correct"' not in body and '"feedback"' not in body and '"answer"' not in body
        for secret in secrets:
            assert secret not in body


def test_the_quiz_closing_is_a_deadline_for_an_attempt_already_open(
    app, client, token, monkeypatch
):
    """Started two minutes before the close: a save after it is refused, the attempt is
    graded with what was saved by then, and the after-close board shows that score."""
    closes = now_utc().replace(microsecond=0) + timedelta(minutes=2)
    make_quiz(app, closes_at=closes, leaderboard="after_close")
    attempt = client.post("/api/v1/quizzes/test-quiz/attempts", headers=token).get_json()
    assert attempt["deadline"] == closes.isoformat()
    path = f"/api/v1/attempts/{attempt['id']}/answers/"
    first, second = (question_of(app, attempt["id"], n) for n in (1, 2))
    in_time = client.put(path + "1", headers=token, json={"response": json_answer(first)})
    assert in_time.status_code == 200
    after = closes + timedelta(seconds=5)
    monkeypatch.setattr("quizapp.api.views.now_utc", lambda: after)
    late = client.put(path + "2", headers=token, json={"response": json_answer(second)})
    assert late.status_code == 409, late.get_json()
    result = client.post(f"/api/v1/attempts/{attempt['id']}/finish", headers=token).get_json()
    assert (result["score"], result["finished_by"]) == (1.0, "timeout")
    assert result["finished_at"] == closes.isoformat()
    board = client.get("/api/v1/leaderboards/quizzes/test-quiz").get_json()
    assert board["visible"] and [r["score"] for r in board["rows"]] == [12.5]
