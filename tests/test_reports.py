"""Learner reports and item analysis: students flag, instructors resolve and read the numbers."""

import csv
import io
from datetime import timedelta

import pytest
from markupsafe import escape
from sqlalchemy import event

from quizapp.extensions import db
from quizapp.models import (
    Answer,
    Attempt,
    Question,
    QuestionComment,
    QuestionReport,
    Quiz,
    Role,
    User,
    now_utc,
)
from quizapp.quiz.service import attempts_of, finish_attempt
from quizapp.reports import item_analysis, service
from tests.accounts import csrf_token
from tests.quizzes import core_bank, first_of_type, load_bank, make_quiz

TF1, TF2 = first_of_type("true_false", 2)
CLASSIFY = next(
    q for q in core_bank() if q.type.value == "classify" and q.status.value == "research"
)
CL = CLASSIFY.id
RESEARCH = next(o.id for o in CLASSIFY.options if o.text == "Research")
APPROVED = next(o.id for o in CLASSIFY.options if o.text == "Approved drug")
QIDS = [TF1, TF2, CL]
KEY = {q.id: q.answer for q in core_bank() if q.id in (TF1, TF2)}


def right(qid):
    """A right response to one of the quiz's questions."""
    return RESEARCH if qid == CL else KEY[qid]


def wrong(qid):
    """A wrong (but valid) response to one of the quiz's questions."""
    return APPROVED if qid == CL else not KEY[qid]


@pytest.fixture(autouse=True)
def reports_registered(app):
    """Register the reports blueprints on the test app if create_app did not (yet)."""
    from quizapp import reports

    if "reports" not in app.blueprints:
        reports.init_app(app)


def item_quiz(app):
    """A three-question quiz: two true/false questions and a research classify question."""
    load_bank(app, with_builtins=False)
    return make_quiz(app, slug="item-quiz", title="Item quiz", question_ids=QIDS)


@pytest.fixture
def quiz_id(app):
    """The item quiz, without attempts."""
    return item_quiz(app)


def user_id(app, username, role=Role.STUDENT):
    """The id of an account, created (without a usable password) if new."""
    with app.app_context():
        user = db.session.execute(
            db.select(User).where(User.username == username)
        ).scalar_one_or_none()
        if user is None:
            user = User(
                username=username, display_name=username.title(), password_hash="x", role=role
            )
            db.session.add(user)
            db.session.commit()
        return user.id


def take(app, username, quiz_id, responses, finished=None, minutes=5, done=True, questions=None):
    """A student's attempt with these responses (a missing question is unanswered), finished.

    Its questions are QIDS unless `questions` names others."""
    questions = questions or QIDS
    finished = finished or now_utc().replace(microsecond=0)
    uid = user_id(app, username)
    with app.app_context():
        quiz, user = db.session.get(Quiz, quiz_id), db.session.get(User, uid)
        attempt = Attempt(
            quiz_id=quiz_id,
            user_id=uid,
            number=len(attempts_of(quiz, user.id)) + 1,
            seed=1,
            question_ids=questions,
            feedback_mode="deferred",
            started_at=finished - timedelta(minutes=minutes),
            max_score=float(len(questions)),
        )
        db.session.add(attempt)
        db.session.flush()
        for qid, response in responses.items():
            db.session.add(Answer(attempt_id=attempt.id, question_id=qid, response=response))
        db.session.commit()
        if done:
            finish_attempt(attempt, finished)
        return attempt.id


def worked_example(app, quiz_id):
    """Four finished attempts whose statistics are worked out by hand in the tests below.

    ann 1: all right (100%); ann 2: all wrong (0%); bob: TF1 right, TF2 wrong, CL unanswered
    (33.3%); cat: all wrong, classifying research as an approved drug (0%).
    """
    start = now_utc().replace(microsecond=0) - timedelta(hours=4)
    take(app, "ann", quiz_id, {q: right(q) for q in QIDS}, finished=start)
    take(app, "ann", quiz_id, {q: wrong(q) for q in QIDS}, finished=start + timedelta(hours=1))
    take(app, "bob", quiz_id, {TF1: right(TF1), TF2: wrong(TF2)}, finished=start)
    take(app, "cat", quiz_id, {q: wrong(q) for q in QIDS}, finished=start)
    return quiz_id


@pytest.fixture
def example(app, quiz_id):
    """The item quiz with the worked example's four finished attempts."""
    return worked_example(app, quiz_id)


def log_in_as(auth, username, role=Role.STUDENT):
    """Create an account with a password and log in with it."""
    auth.make_user(username, role=role)
    auth.login(username)


def flag_url(attempt_id, number=1):
    """The report form of question `number` of an attempt (the attempts here hold QIDS)."""
    return f"/reports/attempts/{attempt_id}/questions/{number}/flag"


def flag(client, attempt_id, number=1, **data):
    """Send the report form as a browser would."""
    token = csrf_token(client, "/quizzes")
    return client.post(flag_url(attempt_id, number), data={"csrf_token": token, **data})


def reports(app):
    """Every stored report, detached for reading."""
    with app.app_context():
        rows = db.session.execute(db.select(QuestionReport)).scalars().all()
        db.session.expunge_all()
        return rows


def count_commits(app, action):
    """Run action inside an app context and return how many commits it made."""
    commits = []

    def record(session):
        """Note one commit."""
        commits.append(session)

    with app.app_context():
        session = db.session()
        event.listen(session, "after_commit", record)
        action()
        event.remove(session, "after_commit", record)
    return len(commits)


# Flagging a question


def test_a_student_flags_a_question_of_their_finished_attempt(app, client, auth, quiz_id):
    log_in_as(auth, "ann")
    attempt_id = take(app, "ann", quiz_id, {TF1: right(TF1)})
    page = client.get(flag_url(attempt_id))
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert next(q.prompt for q in core_bank() if q.id == TF1).replace("'", "&#39;") in html
    assert "The question is ambiguous" in html and 'maxlength="1000"' in html
    response = flag(client, attempt_id, reason="ambiguous", comment="  Which date is meant?  ")
    assert response.status_code == 302  # back to the question reported, on the result page
    assert response.headers["Location"] == f"/attempts/{attempt_id}/result#review-1"
    followed = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Thank you: your report was sent to the instructors." in followed
    [report] = reports(app)
    assert (report.question_id, report.attempt_id, report.reason, report.comment) == (
        TF1,
        attempt_id,
        "ambiguous",
        "Which date is meant?",
    )
    assert report.user_id == user_id(app, "ann") and report.resolved_at is None


def test_the_same_student_cannot_fill_the_queue_with_one_question(app, client, auth, quiz_id):
    log_in_as(auth, "ann")
    attempt_id = take(app, "ann", quiz_id, {})
    assert flag(client, attempt_id, reason="wrong").status_code == 302
    again = flag(client, attempt_id, reason="outdated")
    html = client.get(again.headers["Location"]).get_data(as_text=True)
    assert "You have already reported this question" in html
    assert len(reports(app)) == 1


def test_another_students_attempt_is_not_found(app, client, auth, quiz_id):
    attempt_id = take(app, "ann", quiz_id, {TF1: right(TF1)})
    log_in_as(auth, "bob")
    assert client.get(flag_url(attempt_id)).status_code == 404
    assert flag(client, attempt_id, reason="wrong").status_code == 404
    assert reports(app) == []


def test_an_unfinished_attempt_or_a_question_outside_it_is_not_found(app, client, auth, quiz_id):
    log_in_as(auth, "ann")
    open_id = take(app, "ann", quiz_id, {TF1: right(TF1)}, done=False)
    assert client.get(flag_url(open_id)).status_code == 404
    assert flag(client, open_id, reason="wrong").status_code == 404
    finish_by_service(app, open_id)
    assert client.get(flag_url(open_id, len(QIDS) + 1)).status_code == 404
    assert client.get(flag_url(open_id, 0)).status_code == 404
    assert client.get(f"/reports/attempts/{open_id}/questions/{TF1}/flag").status_code == 404
    assert client.get(flag_url(open_id)).status_code == 200
    assert reports(app) == []


def finish_by_service(app, attempt_id):
    """Finish an open attempt now."""
    with app.app_context():
        finish_attempt(db.session.get(Attempt, attempt_id), now_utc())


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"reason": "boring"}, "Choose why: the answer is wrong"),
        ({"comment": "no reason given"}, "Choose why: the answer is wrong"),
        ({"reason": "wrong", "comment": "x" * 1001}, "A comment has at most 1000 characters."),
    ],
)
def test_bad_input_gets_a_clear_message_and_saves_nothing(
    app, client, auth, quiz_id, data, message
):
    log_in_as(auth, "ann")
    attempt_id = take(app, "ann", quiz_id, {})
    response = flag(client, attempt_id, **data)
    assert response.status_code == 422  # the form again, not a bounce to the result's top
    html = response.get_data(as_text=True)
    assert "Your report was not sent yet" in html and message in html
    if data.get("comment"):  # what was typed is still in the box
        assert f"{escape(data['comment'])}</textarea>" in html
    assert reports(app) == []


def test_a_comment_of_exactly_1000_characters_with_line_breaks_is_accepted(
    app, client, auth, quiz_id
):
    log_in_as(auth, "ann")
    attempt_id = take(app, "ann", quiz_id, {})
    comment = ("y" * 99 + "\r\n") * 9 + "y" * 100  # 1000 characters once breaks are one each
    flag(client, attempt_id, reason="outdated", comment=comment)
    [report] = reports(app)
    assert len(report.comment) == 1000


def test_flagging_needs_an_account(app, client, quiz_id):
    attempt_id = take(app, "ann", quiz_id, {})
    response = client.get(flag_url(attempt_id))
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_flagging_makes_exactly_one_commit(app, quiz_id):
    attempt_id = take(app, "ann", quiz_id, {})

    def action():
        """Flag a question of ann's attempt."""
        attempt = db.session.get(Attempt, attempt_id)
        service.flag_question(attempt, TF2, attempt.user_id, "wrong", "", now_utc())

    assert count_commits(app, action) == 1


# The instructors' queue


def report_on(app, quiz_id, username, question_id, reason="wrong", comment="", hours_ago=0):
    """A report by a student (on a new finished attempt of theirs), made hours_ago."""
    attempt_id = take(app, username, quiz_id, {})
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        moment = now_utc() - timedelta(hours=hours_ago)
        report = service.flag_question(
            attempt, question_id, attempt.user_id, reason, comment, moment
        )
        return report.id


def resolve(client, report_id, note, query=""):
    """Press Resolve on one report of the queue."""
    token = csrf_token(client, "/instructor/reports")
    return client.post(
        f"/instructor/reports/{report_id}/resolve{query}",
        data={f"report-{report_id}-csrf_token": token, f"report-{report_id}-note": note},
    )


def test_the_queue_shows_open_reports_first_newest_first(app, client, auth, quiz_id):
    old = report_on(app, quiz_id, "ann", TF1, "outdated", "Dated claim", hours_ago=5)
    done = report_on(app, quiz_id, "bob", TF2, "wrong", "Already handled", hours_ago=1)
    new = report_on(app, quiz_id, "cat", CL, "ambiguous", "Two readings", hours_ago=2)
    with app.app_context():
        service.resolve_report(
            db.session.get(QuestionReport, done), user_id(app, "ann"), "ok", now_utc()
        )
    log_in_as(auth, "teacher", Role.INSTRUCTOR)
    html = client.get("/instructor/reports").get_data(as_text=True)
    positions = [html.index(text) for text in ("Two readings", "Dated claim", "Already handled")]
    assert positions == sorted(positions)
    assert "Cat" in html and "The question is ambiguous" in html and "It is out of date" in html
    assert html.count("<textarea") == 2  # a resolve form for each open report only
    assert f'id="report-{old}-note"' in html and f'for="report-{new}-note"' in html
    assert next(q.prompt for q in core_bank() if q.id == CL)[:40] in html
    open_only = client.get("/instructor/reports?state=open").get_data(as_text=True)
    assert "Dated claim" in open_only and "Already handled" not in open_only
    resolved = client.get("/instructor/reports?state=resolved").get_data(as_text=True)
    assert "Already handled" in resolved and "Dated claim" not in resolved
    assert "by Ann" in resolved
    assert client.get("/instructor/reports?state=closed").status_code == 400


def test_the_queue_shows_25_reports_a_page(app, client, auth, quiz_id):
    uid = user_id(app, "ann")
    with app.app_context():
        for n in range(26):
            db.session.add(
                QuestionReport(question_id=TF1, user_id=uid, reason="wrong", comment=f"c{n}")
            )
        db.session.commit()
    log_in_as(auth, "teacher", Role.INSTRUCTOR)
    first = client.get("/instructor/reports").get_data(as_text=True)
    second = client.get("/instructor/reports?page=2").get_data(as_text=True)
    assert first.count("<dt>Reason</dt>") == 25 and second.count("<dt>Reason</dt>") == 1
    assert "Page 1 of 2" in first and 'href="/instructor/reports?state=all&amp;page=2"' in first
    assert "No reports to show" in client.get("/instructor/reports?page=9").get_data(as_text=True)


def test_resolving_sends_the_question_back_to_review_with_a_comment(app, client, auth, quiz_id):
    report_id = report_on(app, quiz_id, "ann", TF1, "outdated", "Dated claim")
    log_in_as(auth, "teacher", Role.INSTRUCTOR)
    response = resolve(client, report_id, "  Date updated to 2025.  ", "?state=open&page=1")
    assert response.headers["Location"] == "/instructor/reports?state=open&page=1"
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Report resolved: the question is back in review" in html
    with app.app_context():
        report = db.session.get(QuestionReport, report_id)
        assert report.resolved_at is not None and report.resolution == "Date updated to 2025."
        assert report.resolver_id == user_id(app, "teacher")
        assert db.session.get(Question, TF1).state == "review"
        [comment] = db.session.execute(db.select(QuestionComment)).scalars().all()
        assert comment.body == "Learner report resolved: Date updated to 2025."
        assert comment.state_change == "published → review" and comment.question_id == TF1
        assert comment.author_id == user_id(app, "teacher")
    again = resolve(client, report_id, "Once more")
    assert "already resolved" in client.get(again.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        assert db.session.execute(db.select(db.func.count(QuestionComment.id))).scalar_one() == 1


@pytest.mark.parametrize(
    ("note", "message"),
    [
        ("", "Write a resolution note."),
        ("   ", "Write a resolution note."),
        ("n" * 1001, "A resolution note has 1 to 1000 characters."),
    ],
)
def test_a_resolution_needs_a_note(app, client, auth, quiz_id, note, message):
    report_id = report_on(app, quiz_id, "ann", TF1)
    log_in_as(auth, "teacher", Role.INSTRUCTOR)
    response = resolve(client, report_id, note)
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "The report is still open." in html and message in html
    with app.app_context():
        assert db.session.get(QuestionReport, report_id).resolved_at is None
        assert db.session.get(Question, TF1).state == "published"
        assert db.session.execute(db.select(QuestionComment)).first() is None


def test_resolving_makes_exactly_one_commit(app, quiz_id):
    report_id = report_on(app, quiz_id, "ann", TF1)
    teacher = user_id(app, "teacher", Role.INSTRUCTOR)

    def action():
        """Resolve the report."""
        report = db.session.get(QuestionReport, report_id)
        service.resolve_report(report, teacher, "Checked.", now_utc())

    assert count_commits(app, action) == 1


def dismiss(client, report_id, note):
    """Press "Dismiss with a note" on one report of the queue."""
    token = csrf_token(client, "/instructor/reports")
    return client.post(
        f"/instructor/reports/{report_id}/resolve",
        data={
            f"report-{report_id}-csrf_token": token,
            f"report-{report_id}-note": note,
            f"report-{report_id}-dismiss": "Dismiss with a note",
        },
    )


def set_state(app, question_id, state):
    """Put a question in a workflow state, as if moved there earlier."""
    with app.app_context():
        db.session.get(Question, question_id).state = state
        db.session.commit()


def test_a_wrong_report_is_dismissed_with_a_note_and_the_question_is_untouched(
    app, client, auth, quiz_id
):
    report_id = report_on(app, quiz_id, "ann", TF1, "wrong", "I think it is false")
    with app.app_context():
        before = db.session.get(Question, TF1)
        before = (before.state, before.version, before.updated_at)
    log_in_as(auth, "teacher", Role.INSTRUCTOR)
    response = dismiss(client, report_id, "The key is right: see the NMPA notice.")
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Report dismissed: the question was not changed." in html
    with app.app_context():
        report = db.session.get(QuestionReport, report_id)
        assert report.resolved_at is not None and report.outcome == "dismissed"
        assert report.resolution == "The key is right: see the NMPA notice."
        question = db.session.get(Question, TF1)
        assert (question.state, question.version, question.updated_at) == before
        assert db.session.execute(db.select(QuestionComment)).first() is None
    resolved = client.get("/instructor/reports?state=resolved").get_data(as_text=True)
    assert "<dt>Outcome</dt><dd>Dismissed</dd>" in resolved


def test_the_queue_links_each_report_to_its_question(app, client, auth, quiz_id):
    report_on(app, quiz_id, "ann", TF1, "wrong", "Check this")
    log_in_as(auth, "teacher", Role.INSTRUCTOR)
    html = client.get("/instructor/reports").get_data(as_text=True)
    assert f'href="/author/questions/{TF1}"' in html
    assert client.get(f"/author/questions/{TF1}").status_code == 200
    assert "Dismiss with a note" in html and "Send back to review" in html


def test_a_report_on_a_retired_question_offers_only_dismissal_and_never_moves_it(
    app, client, auth, quiz_id
):
    report_id = report_on(app, quiz_id, "ann", TF1, "outdated", "Old news")
    set_state(app, TF1, "retired")
    log_in_as(auth, "teacher", Role.INSTRUCTOR)
    html = client.get("/instructor/reports").get_data(as_text=True)
    assert "Dismiss with a note" in html and "Send back to review" not in html
    response = resolve(client, report_id, "Send it back anyway")  # a forged press
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "cannot go back to review" in html and "The report is still open." in html
    with app.app_context():
        assert db.session.get(Question, TF1).state == "retired"
        assert db.session.get(QuestionReport, report_id).resolved_at is None
        assert db.session.execute(db.select(QuestionComment)).first() is None
    dismiss(client, report_id, "Retired already.")
    with app.app_context():
        assert db.session.get(Question, TF1).state == "retired"
        assert db.session.get(QuestionReport, report_id).outcome == "dismissed"


def test_a_report_on_a_question_already_in_review_closes_with_the_note_in_its_history(
    app, client, auth, quiz_id
):
    report_id = report_on(app, quiz_id, "ann", TF1)
    set_state(app, TF1, "review")
    log_in_as(auth, "teacher", Role.INSTRUCTOR)
    resolve(client, report_id, "Being rewritten.")
    with app.app_context():
        assert db.session.get(Question, TF1).state == "review"
        [comment] = db.session.execute(db.select(QuestionComment)).scalars().all()
        assert comment.body == "Learner report resolved: Being rewritten."
        assert comment.state_change is None


def test_dismissing_makes_exactly_one_commit(app, quiz_id):
    report_id = report_on(app, quiz_id, "ann", TF1)
    teacher = user_id(app, "teacher", Role.INSTRUCTOR)

    def action():
        """Dismiss the report."""
        report = db.session.get(QuestionReport, report_id)
        service.resolve_report(report, teacher, "Fine as it is.", now_utc(), "dismissed")

    assert count_commits(app, action) == 1


# Who may see what

INSTRUCTOR_PAGES = [
    "/instructor/reports",
    "/instructor/quizzes/analysis",
    "/instructor/quizzes/item-quiz/analysis",
    "/instructor/quizzes/item-quiz/analysis/questions.csv",
    "/instructor/quizzes/item-quiz/analysis/options.csv",
    "/instructor/quizzes/item-quiz/analysis/attempts.csv",
]


def test_students_get_403_on_every_instructor_page(app, client, auth, quiz_id):
    report_id = report_on(app, quiz_id, "bob", TF1)
    log_in_as(auth, "ann")
    for path in INSTRUCTOR_PAGES:
        assert client.get(path).status_code == 403, path
    response = resolve(client, report_id, "I resolve my own report")
    assert response.status_code == 403
    assert reports(app)[0].resolved_at is None


def test_anonymous_visitors_are_sent_to_log_in(client, quiz_id):
    for path in INSTRUCTOR_PAGES:
        response = client.get(path)
        assert response.status_code == 302, path
        assert "/auth/login" in response.headers["Location"], path


@pytest.mark.parametrize("role", [Role.INSTRUCTOR, Role.ADMIN])
def test_instructors_and_admins_get_in(app, client, auth, quiz_id, role):
    log_in_as(auth, "staff", role)
    for path in INSTRUCTOR_PAGES:
        assert client.get(path).status_code == 200, path


# Item analysis


def test_the_analysis_matches_the_numbers_worked_out_by_hand(app, client, auth, example):
    log_in_as(auth, "teacher", Role.INSTRUCTOR)
    html = client.get("/instructor/quizzes/item-quiz/analysis").get_data(as_text=True)
    # Highest of each student: ann 100%, bob 33.3%, cat 0%.
    assert "3 of 4 finished attempts" in html
    assert "<dt>Mean</dt><dd>44.4%</dd>" in html  # (100 + 33.33 + 0) / 3
    assert "<dt>Median</dt><dd>33.3%</dd>" in html
    # Item variances 1/3 each, totals 3, 1, 0 with variance 7/3: 3/2 * (1 - 1 / (7/3)) = 6/7.
    assert "<dt>Cronbach’s alpha</dt><dd>0.86</dd>" in html
    with app.app_context():
        result = item_analysis.analyse(db.session.get(Quiz, example), "highest")
    facility = {item.question_id: item.facility for item in result.items}
    assert facility == pytest.approx({TF1: 2 / 3, TF2: 1 / 3, CL: 1 / 3})
    assert "66.7%" in html and "33.3%" in html
    assert "Research: 1 (33%)" in html and "Approved drug: 1 (33%)" in html
    assert "(not answered): 1 (33%)" in html
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html and "3 attempts by score" in html


def test_the_confusion_matrix_counts_true_status_against_the_chosen_one(app, example):
    with app.app_context():
        quiz = db.session.get(Quiz, example)
        highest = item_analysis.analyse(quiz, "highest").confusion
        every = item_analysis.analyse(quiz, "all").confusion
    from quizapp.core.status import Status

    assert highest[Status.RESEARCH][Status.RESEARCH] == 1  # ann's first attempt
    assert highest[Status.RESEARCH][Status.APPROVED_DRUG] == 1  # cat; bob did not answer
    assert every[Status.RESEARCH][Status.APPROVED_DRUG] == 2  # ann's second attempt too
    assert sum(n for row in every.values() for n in row.values()) == 3


@pytest.mark.parametrize(
    ("which", "counted", "mean"),
    [
        ("highest", "3 of 4", "44.4%"),
        ("first", "3 of 4", "44.4%"),  # each student's first attempt is their best here
        ("last", "3 of 4", "11.1%"),  # ann 0%, bob 33.3%, cat 0%
        ("all", "4 of 4", "33.3%"),  # (100 + 0 + 33.3 + 0) / 4
    ],
)
def test_the_attempts_choice_changes_the_counted_attempts(
    app, client, auth, example, which, counted, mean
):
    log_in_as(auth, "teacher", Role.INSTRUCTOR)
    response = client.get(f"/instructor/quizzes/item-quiz/analysis?attempts={which}")
    html = response.get_data(as_text=True)
    assert f"{counted} finished attempts" in html and f"<dt>Mean</dt><dd>{mean}</dd>" in html
    assert f'href="/instructor/quizzes/item-quiz/analysis?attempts={which}" aria-current' in html
    assert f"questions.csv?attempts={which}" in html


def test_an_unknown_attempts_choice_is_a_bad_request(client, auth, example):
    log_in_as(auth, "teacher", Role.INSTRUCTOR)
    for path in ("", "/questions.csv", "/attempts.csv"):
        url = f"/instructor/quizzes/item-quiz/analysis{path}?attempts=best"
        assert client.get(url).status_code == 400, path
    assert client.get("/instructor/quizzes/no-such-quiz/analysis").status_code == 404


def read_csv(response):
    """The rows of a CSV download."""
    return list(csv.reader(io.StringIO(response.get_data(as_text=True))))


def test_csv_downloads_hold_the_counted_attempts(app, client, auth, example):
    log_in_as(auth, "teacher", Role.INSTRUCTOR)
    base = "/instructor/quizzes/item-quiz/analysis"
    questions = client.get(f"{base}/questions.csv")
    assert questions.mimetype == "text/csv"
    assert questions.headers["Content-Disposition"] == (
        'attachment; filename="item-quiz-questions-highest.csv"'
    )
    rows = read_csv(questions)
    assert rows[0] == [
        "question",
        "attempts",
        "facility_%",
        "sd_%",
        "discrimination_index_%",
        "median_seconds",
    ]
    # TF1 scores 1, 1, 0 against rests 2, 0, 0: r = 0.5; SD = sqrt(1/3).
    assert rows[1][:5] == [TF1, "3", "66.67", "57.74", "50.0"]
    assert float(rows[1][5]) >= 0  # median seconds, estimated from when answers were saved
    options = read_csv(client.get(f"{base}/options.csv?attempts=all"))
    assert options[0] == ["question", "option", "count", "share_%"]
    assert [CL, "Approved drug", "2", "50.0"] in options
    attempts = client.get(f"{base}/attempts.csv?attempts=last")
    assert 'filename="item-quiz-attempts-last.csv"' in attempts.headers["Content-Disposition"]
    rows = read_csv(attempts)
    assert rows[0] == ["student", "attempt", "score", "out_of", "percent", "seconds"]
    assert ["Ann", "2", "0.0", "3.0", "0.0", "300.0"] in rows and len(rows) == 4


def test_alpha_is_explained_when_it_is_not_defined(app, client, auth, quiz_id):
    take(app, "ann", quiz_id, {TF1: right(TF1)})
    log_in_as(auth, "teacher", Role.INSTRUCTOR)
    html = client.get("/instructor/quizzes/item-quiz/analysis").get_data(as_text=True)
    assert "not defined: it needs at least two attempts" in html


def test_a_quiz_without_attempts_says_so(client, auth, quiz_id):
    log_in_as(auth, "teacher", Role.INSTRUCTOR)
    html = client.get("/instructor/quizzes/item-quiz/analysis").get_data(as_text=True)
    assert "No finished attempts yet" in html


def test_the_histogram_escapes_the_quiz_title(app, client, auth, example):
    with app.app_context():
        db.session.get(Quiz, example).title = 'Item <script>alert("x")</script> quiz'
        db.session.commit()
    log_in_as(auth, "teacher", Role.INSTRUCTOR)
    html = client.get("/instructor/quizzes/item-quiz/analysis").get_data(as_text=True)
    assert "<script>" not in html
    assert "Scores: Item &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; quiz</title>" in html


def test_the_index_lists_quizzes_with_their_finished_attempts(app, client, auth, example):
    take(app, "dan", example, {}, done=False)  # unfinished: not counted
    make_quiz(app, slug="empty-quiz", title="Empty quiz", question_ids=[TF1])
    log_in_as(auth, "teacher", Role.INSTRUCTOR)
    html = client.get("/instructor/quizzes/analysis").get_data(as_text=True)
    assert '<a href="/instructor/quizzes/item-quiz/analysis">Item quiz</a>' in html
    assert "<td>4</td>\n      <td>3</td>" in html
    assert "Empty quiz</a></th>\n      <td>Yes</td>\n      <td>0</td>" in html


def test_the_analysis_shows_questions_as_students_saw_them_with_the_key_and_typed_answers(
    app, client, auth
):
    load_bank(app, with_builtins=False)
    short, numeric = first_of_type("short")[0], first_of_type("numeric")[0]
    with app.app_context():
        question = db.session.get(Question, short)
        question.prompt = "Which body gave the **first approval**?"
        question.extra = (question.extra or {}) | {"text_format": "markdown"}
        accepted, value = question.answer[0], db.session.get(Question, numeric).answer["value"]
        db.session.commit()
    quiz_id = make_quiz(app, slug="typed-quiz", title="Typed quiz", question_ids=[short, numeric])
    typed = [accepted.upper() + ".", f"  {accepted.lower()} ", "certainly not this"]
    for name, text in zip(["ann", "bob", "cat"], typed, strict=True):
        take(app, name, quiz_id, {short: text, numeric: value}, questions=[short, numeric])
    log_in_as(auth, "teacher", Role.INSTRUCTOR)
    html = client.get("/instructor/quizzes/typed-quiz/analysis").get_data(as_text=True)

    assert "<strong>first approval</strong>" in html and "**first approval**" not in html
    # Two spellings of the accepted answer are one answer, marked as the key; the other is not.
    key_mark = '<strong class="key-mark"><span aria-hidden="true">✓</span> Key</strong>'
    normalised = " ".join(accepted.casefold().replace(".", " ").split())
    assert f"{escape(normalised)}: 2 (67%) {key_mark}" in html
    assert "certainly not this: 1 (33%)</li>" in html
    assert f"{value:g}: 3 (100%) {key_mark}" in html
    assert f"Key: {escape(accepted)}" in html
    assert "<dt>Facility</dt><dd>the mean score on the question" in html


def test_the_key_is_marked_among_the_options_chosen(app, client, auth, example):
    log_in_as(auth, "teacher", Role.INSTRUCTOR)
    html = client.get("/instructor/quizzes/item-quiz/analysis").get_data(as_text=True)
    key_mark = '<strong class="key-mark"><span aria-hidden="true">✓</span> Key</strong>'
    # The classify question is research: ann's first attempt chose it; cat chose approved drug.
    assert f"Research: 1 (33%) {key_mark}</li>" in html
    assert "Approved drug: 1 (33%)</li>" in html


def test_time_on_each_question_is_estimated_from_the_saves():
    from datetime import UTC, datetime, timedelta

    from quizapp.models import Answer, Attempt
    from quizapp.reports.item_analysis import _seconds_per_question

    start = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
    attempt = Attempt(started_at=start)
    answers = {
        "q2": Answer(question_id="q2", saved_at=start + timedelta(seconds=70)),
        "q1": Answer(question_id="q1", saved_at=start + timedelta(seconds=30)),
    }
    assert _seconds_per_question(attempt, answers) == {"q1": 30.0, "q2": 40.0}
