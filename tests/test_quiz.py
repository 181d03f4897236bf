"""A student's journey: start, answer, resume, finish, and understand every mistake."""

import re
from datetime import timedelta

import pytest
from markupsafe import escape

from quizapp.extensions import db
from quizapp.models import Answer, Attempt, Quiz, now_utc
from tests.accounts import AuthActions, csrf_token
from tests.quizzes import first_of_type, load_bank, make_quiz, right_form, stored, wrong_form


@pytest.fixture
def student(app, client, auth):
    """A logged-in student, with the bank loaded."""
    load_bank(app)
    auth.make_user("student")
    auth.login()
    return auth


def start(client, slug):
    """Press Start on a quiz; return the attempt id."""
    response = client.post(
        f"/quizzes/{slug}/start", data={"csrf_token": csrf_token(client, f"/quizzes/{slug}")}
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(re.search(r"/attempts/(\d+)", response.headers["Location"]).group(1))


def attempt_row(app, attempt_id):
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        db.session.expunge(attempt)
        return attempt


def post_question(client, attempt_id, number, values, action="next", headers=None):
    token = csrf_token(client, "/attempts")  # any page carries the session's token
    return client.post(
        f"/attempts/{attempt_id}/questions/{number}",
        data={"csrf_token": token, "action": action, **values},
        headers=headers,
    )


def finish(client, attempt_id):
    token = csrf_token(client, "/attempts")
    return client.post(f"/attempts/{attempt_id}/finish", data={"csrf_token": token})


def test_sync_creates_the_built_in_quizzes_and_keeps_an_instructors_edits(app, runner):
    runner.invoke(args=["bank", "sync"])
    with app.app_context():
        slugs = set(db.session.execute(db.select(Quiz.slug)).scalars())
        quiz = db.session.execute(db.select(Quiz).where(Quiz.slug == "full-test")).scalar_one()
        quiz.title = "Our full test"
        db.session.commit()
    assert slugs == {
        "research-or-approved-drug",
        "road-to-first-stem-cell-drug",
        "reading-the-article-critically",
        "full-test",
    }
    assert "0 created" in runner.invoke(args=["bank", "sync"]).output
    with app.app_context():
        assert (
            db.session.execute(db.select(Quiz.title).where(Quiz.slug == "full-test")).scalar_one()
            == "Our full test"
        )


def test_quizzes_need_an_account(client):
    response = client.get("/quizzes")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_a_student_sees_the_built_in_quizzes(student, client):
    html = client.get("/quizzes").get_data(as_text=True)
    for title in (
        "Research or approved drug?",
        "China&#39;s road to its first stem cell drug",
        "Reading the article critically",
        "Full test",
    ):
        assert title in html


def test_the_full_test_draws_20_questions_across_statuses_per_attempt(app, student, client):
    first, second = start(client, "full-test"), None
    attempt = attempt_row(app, first)
    assert len(attempt.question_ids) == 20
    with app.app_context():
        from quizapp.models import Question

        statuses = set(
            db.session.execute(
                db.select(Question.status).where(Question.id.in_(attempt.question_ids))
            ).scalars()
        )
        assert len(statuses) == 5
    finish(client, first)
    second = start(client, "full-test")
    assert attempt_row(app, second).question_ids != attempt.question_ids


def test_question_and_option_order_come_from_the_attempt_seed_and_survive_a_reload(
    app, student, client
):
    make_quiz(app, shuffle_questions=True)
    attempt_id = start(client, "test-quiz")
    page = client.get(f"/attempts/{attempt_id}/questions/1").get_data(as_text=True)
    assert client.get(f"/attempts/{attempt_id}/questions/1").get_data(as_text=True) == page
    assert "Question 1 of 8" in page


def test_deferred_mode_saves_as_the_student_goes_and_grades_at_the_end(app, student, client):
    make_quiz(app)
    attempt_id = start(client, "test-quiz")
    attempt = attempt_row(app, attempt_id)
    questions = [stored(app, qid) for qid in attempt.question_ids]
    for n, question in enumerate(questions, start=1):
        values = right_form(question) if n % 2 else wrong_form(question)
        page = post_question(client, attempt_id, n, values)
        assert page.status_code == 302, page.get_data(as_text=True)
        html = client.get(f"/attempts/{attempt_id}/questions/{n}").get_data(as_text=True)
        assert "Right." not in html and 'class="feedback' not in html
    # A deferred answer can still change before finishing.
    post_question(client, attempt_id, 2, right_form(questions[1]), action="back")
    finish_page = client.get(f"/attempts/{attempt_id}/finish").get_data(as_text=True)
    assert "You have answered all 8 questions." in finish_page
    assert finish(client, attempt_id).headers["Location"] == f"/attempts/{attempt_id}/result"
    result = attempt_row(app, attempt_id)
    right = {1, 2, 3, 5, 7}
    assert result.score == pytest.approx(len(right)) and result.finished_by == "student"
    html = client.get(f"/attempts/{attempt_id}/result").get_data(as_text=True)
    assert "63%" in html and "(5 of 8 points)" in html
    assert html.count('class="feedback') == 8 and "Why your choice is wrong" in html


def test_immediate_mode_explains_each_answer_at_once_and_keeps_it(app, student, client):
    qid = "amimestrocel-conditional-approval.choice-date.2"  # the product's is the exam's
    make_quiz(app, question_ids=[qid, first_of_type("classify")[0]], feedback_mode="immediate")
    attempt_id = start(client, "test-quiz")
    question = stored(app, qid)
    before = client.get(f"/attempts/{attempt_id}/questions/1").get_data(as_text=True)
    assert question.explanation not in before and "badge" not in before
    response = post_question(client, attempt_id, 1, wrong_form(question), action="check")
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Not right." in html and "Approved drug (conditional)" in html
    assert "Why your choice is wrong" in html and "Update since the article" in html
    assert "Section II" in html and "as of 2 January 2025" in html
    key = next(o["text"] for o in question.options if o["correct"])
    assert key in html.split("Right answer")[1]
    again = post_question(client, attempt_id, 1, right_form(question), action="check")
    follow = client.get(again.headers["Location"], follow_redirects=True).get_data(as_text=True)
    assert "You have already answered this question" in follow
    with app.app_context():
        answer = db.session.execute(db.select(Answer)).scalar_one()
        assert answer.score == 0.0


def test_an_attempt_resumes_where_it_was_after_logging_out(app, student, client):
    make_quiz(app)
    attempt_id = start(client, "test-quiz")
    question = stored(app, attempt_row(app, attempt_id).question_ids[2])
    post_question(client, attempt_id, 3, right_form(question), action="save")
    student.logout()
    student.login()
    assert start(client, "test-quiz") == attempt_id  # resume, not a second attempt
    response = client.get(f"/attempts/{attempt_id}")
    assert response.headers["Location"] == f"/attempts/{attempt_id}/questions/3"
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "checked" in html or 'value="' in html


def test_a_double_finish_scores_once(app, student, client):
    make_quiz(app)
    attempt_id = start(client, "test-quiz")
    question = stored(app, attempt_row(app, attempt_id).question_ids[0])
    post_question(client, attempt_id, 1, right_form(question))
    token = csrf_token(client, f"/attempts/{attempt_id}/finish")
    first = client.post(f"/attempts/{attempt_id}/finish", data={"csrf_token": token})
    finished_at = attempt_row(app, attempt_id).finished_at
    second = client.post(f"/attempts/{attempt_id}/finish", data={"csrf_token": token})
    assert first.status_code == second.status_code == 302
    row = attempt_row(app, attempt_id)
    assert row.finished_at == finished_at and row.score == 1.0


def test_a_double_start_makes_one_attempt(app, student, client):
    make_quiz(app)
    assert start(client, "test-quiz") == start(client, "test-quiz")
    with app.app_context():
        assert db.session.execute(db.select(db.func.count(Attempt.id))).scalar_one() == 1


def test_a_finished_attempt_is_read_only(app, student, client):
    make_quiz(app)
    attempt_id = start(client, "test-quiz")
    question = stored(app, attempt_row(app, attempt_id).question_ids[0])
    finish(client, attempt_id)
    response = post_question(client, attempt_id, 1, right_form(question))
    assert response.headers["Location"] == f"/attempts/{attempt_id}/result"
    with app.app_context():
        assert db.session.execute(db.select(Answer)).first() is None


def test_another_students_attempt_is_not_found(app, student, client):
    make_quiz(app)
    attempt_id = start(client, "test-quiz")
    other = app.test_client()
    AuthActions(app, other).make_user("other")
    AuthActions(app, other).login("other")
    for path in ("", "/questions/1", "/finish", "/result", "/all"):
        assert other.get(f"/attempts/{attempt_id}{path}").status_code == 404, path
    token = csrf_token(other, "/quizzes")
    assert (
        other.post(
            f"/attempts/{attempt_id}/questions/1", data={"csrf_token": token, "answer": "true"}
        ).status_code
        == 404
    )
    assert (
        other.post(f"/attempts/{attempt_id}/finish", data={"csrf_token": token}).status_code == 404
    )
    assert client.get(f"/attempts/{attempt_id}/questions/99").status_code == 404


@pytest.mark.parametrize(
    ("kind", "values", "message"),
    [
        ("single", {"answer": "not-an-option"}, "Choose one of the options."),
        ("numeric", {"answer": "nineteen"}, "Type a number"),
        ("multiple", {"answer": ["x", "y"]}, "Choose only among the options shown."),
        ("ordering", {"position-x": "1"}, "Give every item a position."),
    ],
)
def test_a_malformed_answer_gets_a_clear_message_and_saves_nothing(
    app, student, client, kind, values, message
):
    from tests.quizzes import first_of_type

    make_quiz(app, question_ids=first_of_type(kind))
    attempt_id = start(client, "test-quiz")
    response = post_question(client, attempt_id, 1, values)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.execute(db.select(Answer)).first() is None


def test_the_time_limit_closes_the_attempt_and_refuses_a_late_answer(
    app, student, client, monkeypatch
):
    make_quiz(app, time_limit_seconds=600)
    attempt_id = start(client, "test-quiz")
    questions = [stored(app, q) for q in attempt_row(app, attempt_id).question_ids]
    post_question(client, attempt_id, 1, right_form(questions[0]))
    page = client.get(f"/attempts/{attempt_id}/questions/2").get_data(as_text=True)
    assert 'class="timer" data-deadline=' in page
    later = now_utc() + timedelta(minutes=11)
    for pages in ("quizapp.quiz.views", "quizapp.quiz.answering"):
        monkeypatch.setattr(f"{pages}.now_utc", lambda: later)
    response = post_question(client, attempt_id, 2, right_form(questions[1]))
    html = client.get(response.headers["Location"], follow_redirects=True).get_data(as_text=True)
    assert "Time is up" in html
    row = attempt_row(app, attempt_id)
    assert row.finished_by == "timeout" and row.score == 1.0
    assert row.finished_at == row.deadline


def test_attempt_limits_are_enforced_with_a_message(app, student, client):
    make_quiz(app, max_attempts=1)
    finish(client, start(client, "test-quiz"))
    response = client.post(
        "/quizzes/test-quiz/start",
        data={"csrf_token": csrf_token(client, "/quizzes/test-quiz")},
        follow_redirects=True,
    )
    assert "You have used all 1 attempt(s) this quiz allows." in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("method", "expected"),
    [("highest", "100%"), ("last", "0%"), ("first", "100%"), ("average", "50%")],
)
def test_the_grading_method_decides_the_counted_score(app, student, client, method, expected):
    from tests.quizzes import first_of_type

    qid = first_of_type("true_false")[0]
    make_quiz(app, question_ids=[qid], grading_method=method)
    question = stored(app, qid)
    for values in (right_form(question), wrong_form(question)):
        attempt_id = start(client, "test-quiz")
        post_question(client, attempt_id, 1, values)
        finish(client, attempt_id)
    html = client.get("/quizzes/test-quiz").get_data(as_text=True)
    assert f"<dt>Your counted score</dt><dd>{expected}</dd>" in html


def test_the_result_page_sums_up_by_status_and_names_confusions(app, student, client):
    classify = [
        q
        for q in __import__("tests.quizzes").quizzes.core_bank()
        if q.type.value == "classify" and q.status.value == "research"
    ][:2]
    make_quiz(app, question_ids=[q.id for q in classify], pass_mark=50)
    attempt_id = start(client, "test-quiz")
    for n, q in enumerate(classify, start=1):
        approved = next(o.id for o in q.options if o.text == "Approved drug")
        post_question(client, attempt_id, n, {"answer": approved})
    finish(client, attempt_id)
    html = client.get(f"/attempts/{attempt_id}/result").get_data(as_text=True)
    assert "Research: 0 of 2 right" in html
    assert "Twice you took research for an approved drug." in html
    assert "Not passed (pass mark 50%)" in html and "Time taken:" in html


def test_all_on_one_page_saves_good_answers_and_marks_bad_ones(app, student, client):
    make_quiz(app, one_per_page=False)
    attempt_id = start(client, "test-quiz")
    questions = [stored(app, q) for q in attempt_row(app, attempt_id).question_ids]
    assert client.get(f"/attempts/{attempt_id}").headers["Location"].endswith("/all")
    values = {f"q1-{k}": v for k, v in right_form(questions[0]).items()}
    values["q5-answer"] = "not a number"
    token = csrf_token(client, f"/attempts/{attempt_id}/all")
    response = client.post(
        f"/attempts/{attempt_id}/all", data={"csrf_token": token, "action": "save", **values}
    )
    assert response.status_code == 422
    assert "Type a number" in response.get_data(as_text=True)
    with app.app_context():
        saved = db.session.execute(db.select(Answer.question_id)).scalars().all()
    assert saved == [questions[0].id]


def test_autosave_answers_in_json(app, student, client):
    make_quiz(app)
    attempt_id = start(client, "test-quiz")
    question = stored(app, attempt_row(app, attempt_id).question_ids[0])
    ok = post_question(
        client, attempt_id, 1, right_form(question), action="autosave", headers={"X-Autosave": "1"}
    )
    assert ok.get_json() == {"saved": True}
    bad = post_question(
        client, attempt_id, 1, {"answer": "zzz"}, action="autosave", headers={"X-Autosave": "1"}
    )
    assert bad.status_code == 422 and bad.get_json()["saved"] is False


def test_no_page_of_an_unfinished_attempt_reveals_the_answer_key(app, student, client):
    make_quiz(app)
    attempt_id = start(client, "test-quiz")
    questions = [stored(app, q) for q in attempt_row(app, attempt_id).question_ids]
    secrets = {q.explanation for q in questions}
    secrets |= {o["feedback"] for q in questions for o in q.options if o.get("feedback")}
    secrets |= {q.correction for q in questions if q.correction}
    pages = [f"/attempts/{attempt_id}/questions/{n}" for n in range(1, 9)]
    pages += [f"/attempts/{attempt_id}/finish", "/quizzes/test-quiz", "/attempts", "/quizzes"]
    for path in pages:
        html = client.get(path).get_data(as_text=True)
        assert 'class="badge' not in html and '"correct"' not in html, path
        for secret in secrets:
            assert secret not in html, (path, secret[:60])
    # Ordering items are never shown already in the right order.
    ordering = next(q for q in questions if q.type == "ordering")
    n = questions.index(ordering) + 1
    html = client.get(f"/attempts/{attempt_id}/questions/{n}").get_data(as_text=True)
    positions = [html.index(str(escape(item))) for item in ordering.answer]
    assert positions != sorted(positions)


def test_no_practice_quiz_draw_can_contain_a_full_test_question(app):
    """The Full test is an exam pool: every quiz with immediate feedback or unlimited
    attempts (the built-in ones, and an instructor's that draws from everything or lists
    Full-test questions) never draws one of its questions, and still draws in full."""
    from random import Random

    from quizapp.models import Question
    from quizapp.quiz import service

    load_bank(app)
    make_quiz(app, slug="loop-everything", draw_count=20, draw_filter={}, feedback_mode="immediate")
    # Feedback at the end but a hundred tries: a practice quiz by another name.
    make_quiz(app, slug="hundred-tries", draw_count=20, draw_filter={}, max_attempts=100)
    with app.app_context():
        quizzes = {q.slug: q for q in db.session.execute(db.select(Quiz)).scalars()}
        full = quizzes.pop("full-test")
        exam = set(service.available_questions(full))
        listed = (
            sorted(exam)[:5]
            + [q for q in service.available_questions(quizzes["loop-everything"])][:1]
        )
        quizzes["listed"] = Quiz(slug="listed", question_ids=listed, max_attempts=None)
        kinds = db.session.execute(
            db.select(Question.type, Question.status).where(Question.id.in_(exam))
        ).all()
        assert {t for t, _ in kinds} >= {"single", "true_false", "classify", "short", "numeric"}
        assert len({s for _, s in kinds}) == 5 and len(exam) >= 150
        for seed in range(100):
            assert set(service.choose_questions(full, Random(seed))) <= exam
        assert not service.is_practice(quizzes["hundred-tries"])
        for quiz in quizzes.values():  # every quiz that is not an exam pool
            for seed in range(100):
                drawn = service.choose_questions(quiz, Random(seed))
                assert not set(drawn) & exam, quiz.slug
                assert len(drawn) == (quiz.draw_count or 1), quiz.slug
