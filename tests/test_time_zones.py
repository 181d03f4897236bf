"""Dates in the viewer's time zone: chosen on the profile, stored in UTC, shown with the zone
named, and typed into the quiz builder and class assignments in it."""

from datetime import UTC, datetime
from html import unescape

import pytest

from quizapp.classes import service as classes
from quizapp.extensions import db
from quizapp.models import Assignment, Quiz, Role, User
from quizapp.quiz import service as attempts
from tests.accounts import AuthActions, csrf_token
from tests.quizzes import first_of_type, load_bank, make_quiz


def set_zone(app, username, zone):
    """Give an account a time zone directly (the profile form has its own test)."""
    with app.app_context():
        user = db.session.execute(db.select(User).where(User.username == username)).scalar_one()
        user.time_zone = zone
        db.session.commit()
        return user.id


def logged_in(app, username):
    """A test client logged in as username."""
    client = app.test_client()
    AuthActions(app, client).login(username)
    return client


def page(client, url):
    """A page's text with entities read."""
    response = client.get(url)
    assert response.status_code == 200, url
    return unescape(response.get_data(as_text=True))


def page_text(response):
    """A response's text with entities read."""
    return unescape(response.get_data(as_text=True))


def profile(client, **changes):
    """Post the profile form as its owner would."""
    data = {"display_name": "Wanderer", "board_privacy": "named", "pseudonym": "", **changes}
    data["csrf_token"] = csrf_token(client, "/auth/profile")
    return client.post("/auth/profile", data=data)


@pytest.mark.parametrize("bad", ["Mars/Olympus_Mons", "Asia/Shanghai<script>", "", "localtime"])
def test_a_bad_zone_name_is_refused_with_a_message_and_nothing_is_saved(app, auth, bad):
    auth.make_user("wanderer", display_name="Wanderer")
    client = logged_in(app, "wanderer")
    response = profile(client, time_zone=bad)
    assert response.status_code == 200
    assert "is not a time zone name such as Asia/Shanghai or UTC." in page_text(response)
    with app.app_context():
        user = db.session.execute(db.select(User).where(User.username == "wanderer")).scalar_one()
        assert user.time_zone is None


def test_a_zone_chosen_on_the_profile_is_kept_and_offered_back(app, auth):
    auth.make_user("wanderer", display_name="Wanderer")
    client = logged_in(app, "wanderer")
    first = page(client, "/auth/profile")
    assert "data-guess-zone" in first  # none chosen yet: the page offers the browser's
    assert profile(client, time_zone="America/New_York").status_code == 302
    with app.app_context():
        user = db.session.execute(db.select(User).where(User.username == "wanderer")).scalar_one()
        assert user.time_zone == "America/New_York"
    again = page(client, "/auth/profile")
    assert '<option selected value="America/New_York">' in again
    assert "data-guess-zone" not in again
    data = {"display_name": "Wanderer", "board_privacy": "hidden", "pseudonym": ""}
    data["csrf_token"] = csrf_token(client, "/auth/profile")
    assert client.post("/auth/profile", data=data).status_code == 302  # a form with no zone
    with app.app_context():
        user = db.session.execute(db.select(User).where(User.username == "wanderer")).scalar_one()
        assert (user.board_privacy, user.time_zone) == ("hidden", "America/New_York")


@pytest.fixture
def teacher(app, auth):
    """An instructor in Shanghai, logged in, with the bank loaded."""
    load_bank(app)
    auth.make_user("teacher", role=Role.INSTRUCTOR)
    set_zone(app, "teacher", "Asia/Shanghai")
    return logged_in(app, "teacher")


def builder_data(client, **changes):
    data = {
        "title": "Zoned",
        "mode": "fixed",
        "question_ids": first_of_type("single", 2),
        "feedback_mode": "deferred",
        "grading_method": "highest",
        "leaderboard": "public",
        "published": "y",
        **changes,
    }
    data["csrf_token"] = csrf_token(client, "/author/quizzes/new")
    return data


def test_quiz_dates_typed_in_shanghai_are_stored_in_utc_and_shown_back_in_shanghai(app, teacher):
    builder = page(teacher, "/author/quizzes/new")
    assert "Opens (Asia/Shanghai)" in builder and "Closes (Asia/Shanghai)" in builder
    data = builder_data(teacher, opens_at="2026-01-10T09:00", closes_at="2026-01-10T17:30")
    assert teacher.post("/author/quizzes/new", data=data).status_code == 302
    with app.app_context():
        quiz = db.session.execute(db.select(Quiz).where(Quiz.title == "Zoned")).scalar_one()
        assert quiz.opens_at == datetime(2026, 1, 10, 1, 0, tzinfo=UTC)
        assert quiz.closes_at == datetime(2026, 1, 10, 9, 30, tzinfo=UTC)
    edit = page(teacher, f"/author/quizzes/{quiz.id}/edit")
    assert 'value="2026-01-10T09:00"' in edit and 'value="2026-01-10T17:30"' in edit
    detail = page(teacher, f"/quizzes/{quiz.slug}")  # what a student reads, in their zone
    assert '<dt>Opens</dt><dd><time datetime="2026-01-10T01:00:00+00:00">' in detail
    assert "10 Jan 2026, 09:00 Asia/Shanghai</time>" in detail
    assert "10 Jan 2026, 17:30 Asia/Shanghai</time>" in detail


def test_a_quiz_time_the_new_york_clocks_skip_is_refused_with_a_message(app, teacher):
    set_zone(app, "teacher", "America/New_York")
    data = builder_data(teacher, opens_at="2026-03-08T02:30")
    refused = teacher.post("/author/quizzes/new", data=data)
    assert refused.status_code == 200
    assert "02:30 on 8 March 2026 does not exist in America/New_York" in page_text(refused)
    with app.app_context():
        assert db.session.execute(db.select(Quiz).where(Quiz.title == "Zoned")).first() is None


def test_a_class_window_across_the_dst_change_is_typed_in_new_york_and_read_in_shanghai(app, auth):
    load_bank(app, with_builtins=False)
    auth.make_user("teacher", role=Role.INSTRUCTOR)
    auth.make_user("ann")
    teacher_id = set_zone(app, "teacher", "America/New_York")
    ann = set_zone(app, "ann", "Asia/Shanghai")
    quiz_id = make_quiz(app, question_ids=first_of_type("true_false", 2))
    with app.app_context():
        classroom = classes.create_class("7B", teacher_id, datetime.now(UTC), None)
        classes.join_class(classroom.join_code, ann, datetime.now(UTC))
        class_id = classroom.id
    client = logged_in(app, "teacher")
    detail = f"/classes/{class_id}"
    assert "Opens for the class (America/New_York)" in page(client, detail)
    sent = client.post(
        f"/teach/classes/{class_id}/assignments",
        data={
            "csrf_token": csrf_token(client, detail),
            "quiz_id": quiz_id,
            "opens_at": "2026-03-07T12:00",  # still winter time, UTC-5
            "closes_at": "2026-03-09T12:00",  # summer time, UTC-4
        },
    )
    assert sent.status_code == 302
    with app.app_context():
        assignment = db.session.execute(db.select(Assignment)).scalar_one()
        assert assignment.opens_at == datetime(2026, 3, 7, 17, 0, tzinfo=UTC)
        assert assignment.closes_at == datetime(2026, 3, 9, 16, 0, tzinfo=UTC)
    shown = page(client, detail)
    assert "7 Mar 2026, 12:00 America/New_York" in shown
    assert "9 Mar 2026, 12:00 America/New_York" in shown
    student = page(logged_in(app, "ann"), detail)
    assert "8 Mar 2026, 01:00 Asia/Shanghai" in student
    assert "10 Mar 2026, 00:00 Asia/Shanghai" in student


def test_a_skipped_time_in_a_class_window_is_refused_with_a_message(app, auth):
    load_bank(app, with_builtins=False)
    auth.make_user("teacher", role=Role.INSTRUCTOR)
    teacher_id = set_zone(app, "teacher", "America/New_York")
    quiz_id = make_quiz(app, question_ids=first_of_type("true_false", 2))
    with app.app_context():
        class_id = classes.create_class("7B", teacher_id, datetime.now(UTC), None).id
    client = logged_in(app, "teacher")
    detail = f"/classes/{class_id}"
    client.post(
        f"/teach/classes/{class_id}/assignments",
        data={
            "csrf_token": csrf_token(client, detail),
            "quiz_id": quiz_id,
            "opens_at": "2026-03-08T02:15",
        },
    )
    assert "02:15 on 8 March 2026 does not exist in America/New_York" in page(client, detail)
    with app.app_context():
        assert db.session.execute(db.select(Assignment)).first() is None


def test_attempts_and_the_audit_trail_show_dates_in_the_viewers_zone(app, auth):
    load_bank(app, with_builtins=False)
    auth.make_user("ann")
    auth.make_user("boss", role=Role.ADMIN)
    ann = set_zone(app, "ann", "Asia/Shanghai")
    set_zone(app, "boss", "America/New_York")
    quiz_id = make_quiz(app, question_ids=first_of_type("true_false", 1))
    started = datetime(2026, 7, 1, 20, 15, tzinfo=UTC)
    with app.app_context():
        attempt = attempts.start_attempt(db.session.get(Quiz, quiz_id), ann, started)
        attempts.finish_attempt(attempt, started)
    history = page(logged_in(app, "ann"), "/attempts")
    assert "2 Jul 2026, 04:15 Asia/Shanghai" in history
    assert '<time datetime="2026-07-01T20:15:00+00:00">' in history
    audit = page(logged_in(app, "boss"), "/admin/audit")  # creating accounts is audited
    assert " America/New_York</time>" in audit and " UTC</time>" not in audit


def test_a_quiz_not_yet_open_says_when_it_opens_in_the_students_zone(app, auth):
    load_bank(app, with_builtins=False)
    auth.make_user("ann")
    set_zone(app, "ann", "Asia/Shanghai")
    opens = datetime(2099, 1, 10, 1, 0, tzinfo=UTC)
    make_quiz(app, slug="later", question_ids=first_of_type("true_false", 2), opens_at=opens)
    client = logged_in(app, "ann")
    refused = client.post(
        "/quizzes/later/start",
        data={"csrf_token": csrf_token(client, "/quizzes/later")},
        follow_redirects=True,
    )
    assert "This quiz opens on 10 Jan 2099, 09:00 Asia/Shanghai." in page_text(refused)
