"""SQL statements per request on the hot paths of a class: pinned, and flat as data grows.

A class of 2,000 hits these requests tens of thousands of times a minute (docs/PERFORMANCE.md);
an N+1 query or a repeated lookup shows up here as a failed test, not as a slower benchmark.
"""

from contextlib import contextmanager

import pytest
from sqlalchemy import event

from quizapp.extensions import db
from tests.accounts import csrf_token
from tests.quizzes import json_answer, load_bank, make_quiz, question_of

QUESTIONS = 8  # make_quiz: one question of each type


@contextmanager
def counting(app):
    """Count the SQL statements sent while the block runs."""
    statements: list[str] = []
    with app.app_context():
        engine = db.engine

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


@pytest.fixture
def student(app, client, auth):
    """A logged-in student (session and bearer token) and two quizzes: deferred and immediate."""
    load_bank(app, with_builtins=False)
    make_quiz(app, "deferred", feedback_mode="deferred", published=True)
    make_quiz(app, "immediate", feedback_mode="immediate", published=True)
    auth.make_user("student")
    reply = client.post("/api/v1/tokens", json={"username": "student", "password": "correct horse"})
    auth.login("student")
    return {"Authorization": f"Bearer {reply.get_json()['token']}"}


def start(client, token, slug="deferred"):
    reply = client.post(f"/api/v1/quizzes/{slug}/attempts", headers=token)
    assert reply.status_code == 201
    return reply.get_json()


def saving(client, token, attempt, number):
    """The request that saves a right answer to question `number` of the attempt."""
    question = question_of(client.application, attempt["id"], number)
    body = {"response": json_answer(question)}
    path = f"/api/v1/attempts/{attempt['id']}/answers/{number}"

    def send():
        reply = client.put(path, json=body, headers=token)
        assert reply.status_code == 200, reply.get_json()

    return send


def save(client, token, attempt, number):
    saving(client, token, attempt, number)()


# Immediate feedback explains the answer from the question it read to grade it: no read-back.
@pytest.mark.parametrize(("slug", "most"), [("deferred", 4), ("immediate", 4)])
def test_saving_an_answer_takes_the_same_few_statements_however_many_are_saved(
    app, client, student, slug, most
):
    attempt = start(client, student, slug)
    first_save, last_save = (
        saving(client, student, attempt, 1),
        saving(client, student, attempt, QUESTIONS),
    )
    with counting(app) as first:
        first_save()
    for number in range(2, QUESTIONS):
        save(client, student, attempt, number)
    with counting(app) as last:
        last_save()
    assert len(first) == len(last) <= most, "\n".join(last)


def test_saving_with_the_browser_session_takes_no_more_statements_than_with_a_token(
    app, client, student
):
    """The page's autosave script and the class benchmark save through the session."""
    attempt = start(client, student)
    session = {"X-CSRFToken": csrf_token(client, "/quizzes")}
    by_token_save, by_session_save = (
        saving(client, student, attempt, 1),
        saving(client, session, attempt, 2),
    )
    with counting(app) as by_token:
        by_token_save()
    with counting(app) as by_session:
        by_session_save()
    assert len(by_session) == len(by_token) <= 4, "\n".join(by_session)


def test_a_question_page_takes_the_same_few_statements_however_many_are_answered(
    app, client, student
):
    attempt = start(client, student)
    page = f"/attempts/{attempt['id']}/questions/2"
    with counting(app) as arriving:
        assert client.get(page).status_code == 200  # arriving records the page, to resume
    with counting(app) as before:
        assert client.get(page).status_code == 200
    for number in range(1, QUESTIONS + 1):
        save(client, student, attempt, number)
    with counting(app) as after:
        assert client.get(page).status_code == 200
    assert len(before) == len(after) <= 4, "\n".join(after)
    assert len(arriving) == len(before) + 1 and arriving[-1].startswith("UPDATE attempt")


def test_saving_through_the_page_form_redirects_after_a_few_statements(app, client, student):
    attempt = start(client, student)
    page = f"/attempts/{attempt['id']}/questions/3"
    question = question_of(app, attempt["id"], 3)
    assert question.type == "true_false"
    form = {"csrf_token": csrf_token(client, page), "answer": "true", "action": "next"}
    with counting(app) as statements:
        reply = client.post(page, data=form)
    assert reply.status_code == 302
    assert len(statements) <= 8, "\n".join(statements)


def test_starting_takes_a_fixed_number_of_statements(app, client, student):
    with counting(app) as starting:
        start(client, student)
    # 9: a practice quiz (here: unlimited attempts) also reads the exam-pool quizzes, whose
    # questions it must not draw (docs/SECURITY.md, "Practice does not feed the exam").
    assert len(starting) <= 9, "\n".join(starting)


def test_finishing_takes_the_same_statements_however_many_answers_it_grades(app, auth, student):
    def finishing(name, answered):
        auth.make_user(name)
        client = app.test_client()
        reply = client.post("/api/v1/tokens", json={"username": name, "password": "correct horse"})
        token = {"Authorization": f"Bearer {reply.get_json()['token']}"}
        attempt = start(client, token)
        for number in range(1, answered + 1):
            save(client, token, attempt, number)
        with counting(app) as statements:
            reply = client.post(f"/api/v1/attempts/{attempt['id']}/finish", headers=token)
        assert reply.status_code == 200 and reply.get_json()["score"] > 0
        return statements

    finishing("first", 1)  # the first finish on a board also creates the board's size rows
    one, every = finishing("one", 1), finishing("every", QUESTIONS)
    assert len(one) == len(every) <= 22, "\n".join(every)
