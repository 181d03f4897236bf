"""Time running out, resuming and feedback, through the pages' own requests: what the server
keeps when the page sends what is on screen at time-up, and where a student comes back to."""

from datetime import timedelta

import pytest

from quizapp.extensions import db
from quizapp.models import Answer
from quizapp.quiz.service import GRACE
from tests.accounts import csrf_token
from tests.quizzes import first_of_type, make_quiz, right_form, stored, wrong_form
from tests.test_quiz import (
    attempt_row,
    post_question,
    start,
    student,  # noqa: F401 (a fixture)
)

AUTOSAVE = {"X-Autosave": "1"}


def kept(app) -> dict[str, object]:
    """The answers the server holds, by question id."""
    with app.app_context():
        return {a.question_id: a.response for a in db.session.execute(db.select(Answer)).scalars()}


def at(monkeypatch, moment) -> None:
    """Move the pages' clock to a moment."""
    for pages in ("quizapp.quiz.views", "quizapp.quiz.answering"):
        monkeypatch.setattr(f"{pages}.now_utc", lambda: moment)


@pytest.fixture
def timed(app, student, client):  # noqa: F811
    """An open attempt of a ten-minute quiz, its questions and its deadline."""
    make_quiz(app, time_limit_seconds=600)
    attempt_id = start(client, "test-quiz")
    row = attempt_row(app, attempt_id)
    return attempt_id, [stored(app, q) for q in row.question_ids], row.deadline


def test_what_the_page_sends_as_time_runs_out_is_saved_graded_and_dated_at_the_deadline(
    app, client, monkeypatch, timed
):
    attempt_id, questions, deadline = timed
    at(monkeypatch, deadline + GRACE - timedelta(seconds=1))  # the send arrives a little late
    response = post_question(client, attempt_id, 2, right_form(questions[1]), action="timeup")
    assert response.headers["Location"] == f"/attempts/{attempt_id}"
    row = attempt_row(app, attempt_id)
    assert row.finished_by == "timeout" and row.score == 1.0 and row.finished_at == deadline
    assert list(kept(app)) == [questions[1].id]


def test_a_send_after_the_grace_is_refused_and_the_attempt_closed_with_what_was_saved(
    app, client, monkeypatch, timed
):
    attempt_id, questions, deadline = timed
    post_question(client, attempt_id, 1, right_form(questions[0]), action="save")
    at(monkeypatch, deadline + GRACE)
    response = post_question(client, attempt_id, 2, right_form(questions[1]), action="timeup")
    html = client.get(response.headers["Location"], follow_redirects=True).get_data(as_text=True)
    assert "Time is up" in html
    assert list(kept(app)) == [questions[0].id]
    assert attempt_row(app, attempt_id).score == 1.0


def test_only_the_time_up_send_gets_the_grace_an_ordinary_save_is_refused_at_the_deadline(
    app, client, monkeypatch, timed
):
    attempt_id, questions, deadline = timed
    at(monkeypatch, deadline + timedelta(seconds=5))
    autosave = post_question(
        client, attempt_id, 2, right_form(questions[1]), action="autosave", headers=AUTOSAVE
    )
    assert autosave.status_code == 302  # the attempt was closed first: to its result
    assert kept(app) == {} and attempt_row(app, attempt_id).finished_by == "timeout"


def test_a_time_up_send_dressed_as_a_background_save_still_closes_the_attempt(
    app, client, monkeypatch, timed
):
    """Found by re-running the attack: with the autosave header, every send in the grace was
    taken and the attempt stayed open. The grace is one send, which closes the attempt."""
    attempt_id, questions, deadline = timed
    at(monkeypatch, deadline + timedelta(seconds=1))
    post_question(
        client, attempt_id, 1, right_form(questions[0]), action="timeup", headers=AUTOSAVE
    )
    assert attempt_row(app, attempt_id).finished_by == "timeout"
    at(monkeypatch, deadline + timedelta(seconds=3))
    again = post_question(
        client, attempt_id, 2, right_form(questions[1]), action="timeup", headers=AUTOSAVE
    )
    assert again.status_code == 302 and list(kept(app)) == [questions[0].id]


def test_a_time_up_sent_early_by_a_fast_device_clock_saves_and_the_attempt_goes_on(
    app, client, monkeypatch, timed
):
    attempt_id, questions, deadline = timed
    at(monkeypatch, deadline - timedelta(seconds=20))
    response = post_question(client, attempt_id, 3, wrong_form(questions[2]), action="timeup")
    assert response.headers["Location"] == f"/attempts/{attempt_id}"
    assert attempt_row(app, attempt_id).finished_at is None
    assert list(kept(app)) == [questions[2].id]


def test_the_all_on_one_page_view_sends_every_answer_at_time_up(app, student, client, monkeypatch):  # noqa: F811
    make_quiz(app, time_limit_seconds=600, one_per_page=False)
    attempt_id = start(client, "test-quiz")
    row = attempt_row(app, attempt_id)
    questions = [stored(app, q) for q in row.question_ids]
    values = {f"q{n}-{k}": v for n in (1, 2) for k, v in right_form(questions[n - 1]).items()}
    token = csrf_token(client, f"/attempts/{attempt_id}/all")
    at(monkeypatch, row.deadline + timedelta(seconds=2))
    client.post(
        f"/attempts/{attempt_id}/all", data={"csrf_token": token, "action": "timeup", **values}
    )
    finished = attempt_row(app, attempt_id)
    assert finished.finished_by == "timeout" and finished.score == 2.0


def test_resuming_opens_the_page_being_viewed_not_the_last_one_saved(app, student, client):  # noqa: F811
    make_quiz(app)
    attempt_id = start(client, "test-quiz")
    question = stored(app, attempt_row(app, attempt_id).question_ids[0])
    post_question(client, attempt_id, 1, right_form(question), action="next")
    assert client.get(f"/attempts/{attempt_id}/questions/2").status_code == 200
    assert client.get(f"/attempts/{attempt_id}").headers["Location"].endswith("/questions/2")
    client.get(f"/attempts/{attempt_id}/questions/5")
    assert client.get(f"/attempts/{attempt_id}").headers["Location"].endswith("/questions/5")


def test_check_answer_lands_on_the_feedback_and_marks_each_option_in_words(app, student, client):  # noqa: F811
    qid = first_of_type("single")[0]
    make_quiz(app, question_ids=[qid], feedback_mode="immediate")
    attempt_id = start(client, "test-quiz")
    question = stored(app, qid)
    response = post_question(client, attempt_id, 1, wrong_form(question), action="check")
    assert response.headers["Location"] == f"/attempts/{attempt_id}/questions/1#feedback"
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'id="feedback" tabindex="-1"' in html
    assert html.count("Your choice: wrong") == 1 and html.count("The right answer") == 1
    assert "Your choice: right" not in html


def test_the_all_on_one_page_autosave_answers_in_json_and_names_what_it_could_not_read(
    app,
    student,  # noqa: F811
    client,
):
    make_quiz(app, one_per_page=False)
    attempt_id = start(client, "test-quiz")
    questions = [stored(app, q) for q in attempt_row(app, attempt_id).question_ids]
    values = {f"q1-{k}": v for k, v in right_form(questions[0]).items()}
    token = csrf_token(client, f"/attempts/{attempt_id}/all")
    ok = client.post(
        f"/attempts/{attempt_id}/all",
        data={"csrf_token": token, "action": "autosave", **values},
        headers={"X-Autosave": "1"},
    )
    assert ok.get_json() == {"saved": True, "errors": {}, "answered": 1, "draft": False}
    bad = client.post(
        f"/attempts/{attempt_id}/all",
        data={"csrf_token": token, "action": "autosave", **values, "q5-answer": "many"},
        headers={"X-Autosave": "1"},
    )
    assert bad.status_code == 422 and "question 5" in bad.get_json()["error"]
    assert list(bad.get_json()["errors"]) == ["5"]  # the page shows it beside question 5
    assert list(kept(app)) == [questions[0].id]


def test_an_unchecked_choice_in_immediate_mode_is_kept_shown_again_and_graded_at_the_end(
    app,
    student,  # noqa: F811
    client,
):
    make_quiz(app, feedback_mode="immediate")
    attempt_id = start(client, "test-quiz")
    questions = [stored(app, q) for q in attempt_row(app, attempt_id).question_ids]
    autosave = {"X-Autosave": "1"}
    reply = post_question(
        client, attempt_id, 1, right_form(questions[0]), action="autosave", headers=autosave
    )
    assert reply.get_json() == {"saved": True, "draft": True}
    assert kept(app) == {}  # not an answer yet: checking it would grade and lock it
    page = client.get(f"/attempts/{attempt_id}/questions/1").get_data(as_text=True)
    assert "checked" in page and "Saved, not checked yet" in page and "feedback" not in page
    post_question(client, attempt_id, 2, wrong_form(questions[1]), action="check")
    late = post_question(
        client, attempt_id, 2, right_form(questions[1]), action="autosave", headers=autosave
    )
    assert late.status_code == 409  # a checked answer is not replaced by a draft
    token = csrf_token(client, "/attempts")
    client.post(f"/attempts/{attempt_id}/finish", data={"csrf_token": token})
    row = attempt_row(app, attempt_id)
    assert row.score == 1.0  # the unchecked right choice counted; the checked wrong one did not
    assert set(kept(app)) == {questions[0].id, questions[1].id}
