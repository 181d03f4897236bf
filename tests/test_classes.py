"""Classes: join codes, assignment windows, per-class boards, the gradebook and its CSV."""

import csv
import io
from datetime import timedelta
from urllib.parse import unquote
from zoneinfo import ZoneInfo

import pytest

from quizapp.classes import service
from quizapp.extensions import db
from quizapp.models import Assignment, Attempt, Classroom, Question, Quiz, Role, User, now_utc
from quizapp.quiz.service import (
    AttemptRefused,
    finish_attempt,
    questions_of,
    retime_open_attempts,
    save_answers,
    start_attempt,
)
from tests.accounts import AuthActions, csrf_token
from tests.quizzes import first_of_type, load_bank, make_quiz

NOW = now_utc().replace(microsecond=0)


@pytest.fixture
def world(app, auth):
    """A teacher, another instructor, an admin, four students, and a four-question quiz."""
    load_bank(app, with_builtins=False)
    auth.make_user("teacher", role=Role.INSTRUCTOR, display_name="Ms Teacher")
    auth.make_user("rival", role=Role.INSTRUCTOR)
    auth.make_user("boss", role=Role.ADMIN)
    for name in ("ann", "bob", "cat", "dan"):
        auth.make_user(name)
    quiz = make_quiz(app, question_ids=first_of_type("true_false", 4), max_attempts=None)
    return {"quiz": quiz}


def uid(app, username):
    """The id of an account."""
    with app.app_context():
        return db.session.execute(db.select(User.id).where(User.username == username)).scalar_one()


def client_as(app, username):
    """A test client logged in as username."""
    client = app.test_client()
    AuthActions(app, client).login(username)
    return client


def post(client, url, page, **data):
    """Submit a form on page to url, with the page's CSRF token."""
    return client.post(url, data={"csrf_token": csrf_token(client, page), **data})


def table(page):
    """The rows of the page's table, where a board or gradebook lists students."""
    return page.split("<tbody>")[1].split("</tbody>")[0]


def new_class(app, name="7B Biology", teacher="teacher", valid_days=None, now=NOW):
    """A class of the teacher's: (id, join code)."""
    with app.app_context():
        classroom = service.create_class(name, uid(app, teacher), now, valid_days)
        return classroom.id, classroom.join_code


def enrol(app, class_id, *usernames):
    """Put students in the class through the service (the route is tested on its own)."""
    with app.app_context():
        code = db.session.get(Classroom, class_id).join_code
        for name in usernames:
            service.join_class(code, uid(app, name), NOW)


def assign(app, class_id, quiz_id, opens=None, closes=None):
    """Assign a quiz to the class; the assignment's id."""
    with app.app_context():
        classroom, quiz = db.session.get(Classroom, class_id), db.session.get(Quiz, quiz_id)
        return service.assign_quiz(classroom, quiz, opens, closes).id


def take(app, username, assignment_id, right, start=NOW, minutes=5):
    """A finished attempt through the assignment with `right` of the four answers right."""
    with app.app_context():
        assignment = db.session.get(Assignment, assignment_id)
        attempt = start_attempt(assignment.quiz, uid(app, username), start, assignment)
        questions = questions_of(attempt)
        responses = [(q, q.answer if i < right else not q.answer) for i, q in enumerate(questions)]
        save_answers(attempt, responses, start + timedelta(minutes=1))
        finish_attempt(attempt, start + timedelta(minutes=minutes))
        return attempt.id


def test_an_instructor_creates_a_class_and_gets_a_code_a_link_and_a_qr_code(app, world):
    client = client_as(app, "teacher")
    reply = post(client, "/teach/classes/new", "/teach/classes/new", name="7B Biology")
    assert reply.status_code == 302
    with app.app_context():
        classroom = db.session.execute(db.select(Classroom)).scalar_one()
        class_id, code = classroom.id, classroom.join_code
    page = client.get(f"/classes/{class_id}").get_data(as_text=True)
    assert code in page and f"/classes/join?code={code}" in page
    qr = client.get(f"/teach/classes/{class_id}/qr.svg")
    svg = qr.get_data(as_text=True)
    # standalone, as an <img> needs it: an inline-only SVG (no xmlns) shows as a broken image
    assert qr.mimetype == "image/svg+xml" and svg.startswith(
        '<svg xmlns="http://www.w3.org/2000/svg"'
    )


def test_a_student_joins_with_the_code_as_typed_and_may_be_in_several_classes(app, world):
    first, code1 = new_class(app)
    second, code2 = new_class(app, "Chemistry")
    client = client_as(app, "ann")
    typed = code1.lower()[:4] + " " + code1.lower()[4:]  # as read off a projector
    assert post(client, "/classes/join", "/classes/", code=typed).status_code == 302
    assert post(client, "/classes/join", "/classes/", code=code2).status_code == 302
    listing = client.get("/classes/").get_data(as_text=True)
    assert "7B Biology" in listing and "Chemistry" in listing
    with app.app_context():
        joined = service.classes_joined(uid(app, "ann"))
    assert {c.id for c in joined} == {first, second}


def test_wrong_expired_reused_and_replaced_codes_get_clear_messages(app, world):
    class_id, code = new_class(app)
    _, old = new_class(app, "Old class", valid_days=1, now=NOW - timedelta(days=2))
    client = client_as(app, "ann")

    def join(typed):
        return post(client, "/classes/join", "/classes/", code=typed).get_data(as_text=True)

    assert "No class has the code ZZZZ2222" in join("zzzz2222")
    assert "expired on" in join(old) and "Ask your instructor for a new one" in join(old)
    assert post(client, "/classes/join", "/classes/", code=code).status_code == 302
    assert "You are already in 7B Biology." in join(code)
    teacher = client_as(app, "teacher")
    post(teacher, f"/teach/classes/{class_id}/code", f"/classes/{class_id}")
    with app.app_context():
        assert db.session.get(Classroom, class_id).join_code != code
    bob = client_as(app, "bob")
    refused = post(bob, "/classes/join", "/classes/", code=code).get_data(as_text=True)
    assert "No class has the code" in refused and "replaced" in refused
    with app.app_context():
        assert not service.is_member(db.session.get(Classroom, class_id), uid(app, "bob"))


def test_the_join_link_fills_the_code_in(app, world):
    _, code = new_class(app)
    page = client_as(app, "ann").get(f"/classes/join?code={code}").get_data(as_text=True)
    assert f'value="{code}"' in page


def test_instructors_see_only_their_own_classes_unless_admin(app, world):
    class_id, _ = new_class(app)
    rival = client_as(app, "rival")
    assert "7B Biology" not in rival.get("/classes/").get_data(as_text=True)
    for url in (f"/classes/{class_id}", f"/teach/classes/{class_id}/gradebook"):
        assert rival.get(url).status_code == 404
        assert client_as(app, "boss").get(url).status_code == 200
    assert "7B Biology" in client_as(app, "boss").get("/classes/").get_data(as_text=True)
    assert client_as(app, "ann").get(f"/classes/{class_id}").status_code == 404


def test_an_attempt_through_the_class_keeps_to_the_class_window(app, world):
    class_id, _ = new_class(app)
    enrol(app, class_id, "ann")
    opens, closes = NOW + timedelta(hours=1), NOW + timedelta(hours=2)
    aid = assign(app, class_id, world["quiz"], opens, closes)
    with app.app_context():
        assignment = db.session.get(Assignment, aid)
        ann = uid(app, "ann")
        with pytest.raises(AttemptRefused, match="Your class can start this quiz from"):
            start_attempt(assignment.quiz, ann, NOW, assignment)
        with pytest.raises(AttemptRefused, match="closed for your class"):
            start_attempt(assignment.quiz, ann, closes, assignment)
        attempt = start_attempt(assignment.quiz, ann, opens, assignment)
        assert attempt.deadline == closes and attempt.assignment_id == aid
        attempt_id = attempt.id
    later = closes + timedelta(hours=1)
    assign(app, class_id, world["quiz"], opens, later)  # the teacher moves the close
    with app.app_context():
        assert db.session.get(Attempt, attempt_id).deadline == later


def test_starting_from_the_class_page_refuses_outside_the_window_with_a_message(app, world):
    class_id, _ = new_class(app)
    enrol(app, class_id, "ann")
    aid = assign(app, class_id, world["quiz"], closes=NOW - timedelta(minutes=1))
    client = client_as(app, "ann")
    reply = post(client, f"/classes/{class_id}/assignments/{aid}/start", f"/classes/{class_id}")
    assert reply.status_code == 302
    page = client.get(f"/classes/{class_id}").get_data(as_text=True)
    assert "This quiz is closed for your class." in page
    with app.app_context():
        assert db.session.execute(db.select(Attempt)).first() is None


def test_class_boards_show_members_only_with_pseudonyms_and_without_hidden_students(app, world):
    class_id, _ = new_class(app)
    other_class, _ = new_class(app, "Chemistry")
    enrol(app, class_id, "ann", "bob", "cat")
    enrol(app, other_class, "dan")
    aid = assign(app, class_id, world["quiz"])
    second = make_quiz(
        app, slug="second", title="Second quiz", question_ids=first_of_type("true_false", 4)
    )
    aid2 = assign(app, class_id, second)
    other_aid = assign(app, other_class, world["quiz"])
    with app.app_context():
        bob = db.session.get(User, uid(app, "bob"))
        bob.board_privacy, bob.pseudonym = "pseudonym", "Blue Heron"
        db.session.get(User, uid(app, "cat")).board_privacy = "hidden"
        db.session.commit()
    take(app, "ann", aid, right=3)  # 75%
    take(app, "ann", aid2, right=1)  # 25%
    take(app, "bob", aid, right=4)  # 100%, second quiz not taken
    take(app, "cat", aid, right=4)  # hidden
    take(app, "dan", other_aid, right=4)  # another class
    client = client_as(app, "ann")
    quiz_board = table(client.get(f"/classes/{class_id}/board?quiz={aid}").get_data(as_text=True))
    assert "Blue Heron" in quiz_board and "Bob" not in quiz_board
    assert "Cat" not in quiz_board and "Dan" not in quiz_board
    assert quiz_board.index("Blue Heron") < quiz_board.index("Ann")
    overall = table(client.get(f"/classes/{class_id}/board").get_data(as_text=True))
    # ann: (75 + 25) / 2 = 50%; bob: (100 + 0) / 2 = 50%: equal, so time breaks the tie, and
    # bob took 5 minutes in all to ann's 10.
    assert overall.count("50%") == 2
    assert overall.index("Blue Heron") < overall.index("Ann")
    assert client_as(app, "dan").get(f"/classes/{class_id}/board").status_code == 404


def test_the_gradebook_counts_by_grading_method_against_hand_computed_numbers(app, world):
    class_id, _ = new_class(app)
    enrol(app, class_id, "ann", "bob")
    with app.app_context():
        quiz = db.session.get(Quiz, world["quiz"])
        quiz.grading_method, quiz.pass_mark = "average", 60.0
        db.session.commit()
    aid = assign(app, class_id, world["quiz"])
    second = make_quiz(
        app, slug="second", title="Second quiz", question_ids=first_of_type("true_false", 4)
    )
    aid2 = assign(app, class_id, second)
    take(app, "ann", aid, right=4)  # 100
    take(app, "ann", aid, right=1, start=NOW + timedelta(hours=1))  # 25: average 62.5, passed
    take(app, "bob", aid, right=2)  # 50: not passed
    take(app, "ann", aid2, right=2)  # 50 (highest of one)
    with app.app_context():
        from quizapp.classes import grades

        classroom = db.session.get(Classroom, class_id)
        rows = {
            r.user.username: r
            for r in grades.gradebook(
                service.members_of(classroom), service.assignments_of(classroom)
            )
        }
    ann, bob = rows["ann"], rows["bob"]
    assert ann.cells[aid].counted == pytest.approx(62.5) and ann.cells[aid].used == 2
    assert ann.cells[aid].passed is True and bob.cells[aid].passed is False
    assert ann.cells[aid].last_activity == NOW + timedelta(hours=1, minutes=5)
    assert bob.cells[aid2].counted is None and bob.cells[aid2].used == 0
    assert ann.overall == pytest.approx((62.5 + 50) / 2) and bob.overall == pytest.approx(25)
    teacher = client_as(app, "teacher")
    by_score = teacher.get(f"/teach/classes/{class_id}/gradebook?sort=overall").get_data(
        as_text=True
    )
    assert "56%" in by_score and by_score.index("Ann") < by_score.index("Bob")
    waiting = teacher.get(f"/teach/classes/{class_id}/gradebook?show=not-started").get_data(
        as_text=True
    )
    assert "(bob)" in waiting and "(ann)" not in waiting


def test_the_gradebook_csv_is_formula_safe_and_exact(app, world, auth):
    auth.make_user("eve", display_name='=HYPERLINK("http://evil")')
    class_id, _ = new_class(app)
    enrol(app, class_id, "eve")
    aid = assign(app, class_id, world["quiz"])
    take(app, "eve", aid, right=3)
    reply = client_as(app, "teacher").get(f"/teach/classes/{class_id}/gradebook.csv")
    assert reply.mimetype == "text/csv" and "attachment" in reply.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(reply.get_data(as_text=True))))
    assert rows[0][:4] == ["Student", "Login name", "Overall", "Test quiz: counted"]
    assert rows[1][0].startswith("'=") and rows[1][2:5] == ["75.0", "75.0", "1"]


def test_the_gradebook_csv_gives_times_in_the_teachers_zone_and_names_it(app, world):
    class_id, _ = new_class(app)
    enrol(app, class_id, "ann")
    take(app, "ann", assign(app, class_id, world["quiz"]), right=3)
    with app.app_context():
        db.session.get(User, uid(app, "teacher")).time_zone = "Asia/Shanghai"
        db.session.commit()
    reply = client_as(app, "teacher").get(f"/teach/classes/{class_id}/gradebook.csv")
    rows = list(csv.reader(io.StringIO(reply.get_data(as_text=True))))
    column = rows[0].index("Test quiz: last activity (Asia/Shanghai)")
    finished = (NOW + timedelta(minutes=5)).astimezone(ZoneInfo("Asia/Shanghai"))
    assert rows[1][column] == f"{finished:%Y-%m-%d %H:%M}"


def test_a_teacher_opens_a_students_attempt_as_the_student_saw_it(app, world):
    class_id, _ = new_class(app)
    enrol(app, class_id, "ann")
    aid = assign(app, class_id, world["quiz"])
    attempt_id = take(app, "ann", aid, right=3)
    teacher = client_as(app, "teacher")
    book = teacher.get(f"/teach/classes/{class_id}/gradebook").get_data(as_text=True)
    assert f"/teach/classes/{class_id}/attempts/{attempt_id}" in book
    page = teacher.get(f"/teach/classes/{class_id}/attempts/{attempt_id}").get_data(as_text=True)
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        first = db.session.get(Question, attempt.question_ids[0])
        explanation = first.explanation
    assert "75%" in page and "Review, as the student saw it" in page
    assert explanation.split()[0] in page
    # an attempt not started through this class is not the class's to show
    with app.app_context():
        quiz = db.session.get(Quiz, world["quiz"])
        own = start_attempt(quiz, uid(app, "ann"), NOW + timedelta(days=1))
        finish_attempt(own, NOW + timedelta(days=1, minutes=1))
        own_id = own.id
    assert teacher.get(f"/teach/classes/{class_id}/attempts/{own_id}").status_code == 404
    assert (
        client_as(app, "rival").get(f"/teach/classes/{class_id}/attempts/{attempt_id}").status_code
        == 404
    )


def test_an_open_attempt_from_elsewhere_is_not_resumed_as_the_classs(app, world):
    class_id, _ = new_class(app)
    enrol(app, class_id, "ann")
    aid = assign(app, class_id, world["quiz"])
    with app.app_context():
        assignment = db.session.get(Assignment, aid)
        ann = uid(app, "ann")
        elsewhere = start_attempt(assignment.quiz, ann, NOW)
        with pytest.raises(AttemptRefused, match="not started from this class"):
            start_attempt(assignment.quiz, ann, NOW, assignment)
        finish_attempt(elsewhere, NOW + timedelta(minutes=1))
        mine = start_attempt(assignment.quiz, ann, NOW + timedelta(minutes=2), assignment)
        assert mine.assignment_id == aid and mine.number == 2
        # the quiz's own page resumes the class's attempt: the same attempt, its window kept
        assert start_attempt(assignment.quiz, ann, NOW + timedelta(minutes=3)).id == mine.id


def test_moving_the_quizs_close_keeps_the_classs_earlier_close_as_the_deadline(app, world):
    class_id, _ = new_class(app)
    enrol(app, class_id, "ann")
    class_close = NOW + timedelta(hours=1)
    aid = assign(app, class_id, world["quiz"], closes=class_close)
    with app.app_context():
        assignment = db.session.get(Assignment, aid)
        attempt = start_attempt(assignment.quiz, uid(app, "ann"), NOW, assignment)
        quiz = assignment.quiz
        quiz.closes_at = NOW + timedelta(hours=5)
        retime_open_attempts(quiz)
        db.session.commit()
        assert db.session.get(Attempt, attempt.id).deadline == class_close


def test_the_class_page_tells_a_student_what_is_open_and_their_own_score(app, world):
    class_id, _ = new_class(app)
    enrol(app, class_id, "ann")
    soon = make_quiz(
        app, slug="soon", title="Soon quiz", question_ids=first_of_type("true_false", 4)
    )
    gone = make_quiz(
        app, slug="gone", title="Gone quiz", question_ids=first_of_type("true_false", 4)
    )
    aid = assign(app, class_id, world["quiz"])
    assign(app, class_id, soon, opens=now_utc() + timedelta(days=1))
    assign(app, class_id, gone, closes=now_utc() - timedelta(minutes=1))
    take(app, "ann", aid, right=3)
    rows = table(client_as(app, "ann").get(f"/classes/{class_id}").get_data(as_text=True))
    test_row, soon_row, gone_row = rows.split("</tr>")[:3]
    assert "75%" in test_row and "(1 attempt)" in test_row and "Start" in test_row
    assert "Not open yet" in soon_row and "Start" not in soon_row
    assert "Closed" in gone_row and "Start" not in gone_row


def test_the_gradebook_filters_by_name_and_its_csv_keeps_the_filter(app, world):
    class_id, _ = new_class(app)
    enrol(app, class_id, "ann", "bob")
    assign(app, class_id, world["quiz"])
    teacher = client_as(app, "teacher")
    page = table(teacher.get(f"/teach/classes/{class_id}/gradebook?q=AN").get_data(as_text=True))
    assert "(ann)" in page and "(bob)" not in page
    csv_text = teacher.get(f"/teach/classes/{class_id}/gradebook.csv?q=bo").get_data(as_text=True)
    assert [row[1] for row in csv.reader(io.StringIO(csv_text))][1:] == ["bob"]


def test_the_join_link_survives_logging_in_first(app, world):
    _, code = new_class(app)
    client = app.test_client()
    reply = client.get(f"/classes/join?code={code}")
    assert reply.status_code == 302 and "/auth/login" in reply.headers["Location"]
    next_url = reply.headers["Location"].split("next=")[1]
    assert unquote(next_url) == f"/classes/join?code={code}"
    AuthActions(app, client).login("ann", next_url=unquote(next_url))
    assert f'value="{code}"' in client.get(unquote(next_url)).get_data(as_text=True)
