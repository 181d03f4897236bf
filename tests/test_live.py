"""Live class mode: hosting, joining, the teacher-paced questions, scoring, results."""

import csv
import io
from datetime import timedelta

import pytest

from quizapp import create_app
from quizapp.extensions import db
from quizapp.live.models import LiveAnswer, LivePlayer
from quizapp.models import LeaderboardEntry, Role, now_utc
from tests.accounts import csrf_token
from tests.livesessions import (
    answer,
    at,
    client_as,
    code_of,
    host_session,
    join,
    key_of,
    live_quiz,
    move,
    players,
    session_row,
    text,
)
from tests.quizzes import load_bank

NOW = now_utc().replace(microsecond=0)


@pytest.fixture
def room(app, auth, monkeypatch):
    """A teacher hosting a lobby of the live quiz, the clock held at NOW."""
    load_bank(app, with_builtins=False)
    auth.make_user("teacher", role=Role.INSTRUCTOR, display_name="Ms Teacher")
    auth.make_user("rival", role=Role.INSTRUCTOR)
    for name in ("ann", "bob"):
        auth.make_user(name)
    at(monkeypatch, NOW)
    host = client_as(app, "teacher")
    session_id = host_session(host, live_quiz(app))
    return {"host": host, "id": session_id, "code": code_of(app, session_id)}


def guest(app, code, nickname):
    """A guest's browser that joined the session."""
    client = app.test_client()
    response = join(client, code, nickname)
    assert response.status_code == 302, text(response.get_data(as_text=True))
    return client


def test_a_host_opens_a_lobby_with_a_six_digit_code_a_link_and_a_qr_code(app, room):
    page = room["host"].get(f"/live/host/{room['id']}").get_data(as_text=True)
    assert len(room["code"]) == 6 and room["code"].isdigit()
    assert f"{room['code'][:3]} {room['code'][3:]}" in page
    assert f"/join?code={room['code']}" in page
    svg = room["host"].get(f"/live/host/{room['id']}/qr.svg")
    assert svg.mimetype == "image/svg+xml" and b"<svg" in svg.data
    # Every question of the quiz is asked (typed ones too: tests/test_live_typed.py).
    assert session_row(app, room["id"]).count == 4


def test_guests_and_students_join_and_the_lobby_shows_their_names_and_count(app, room, auth):
    guest(app, room["code"], "Zed")
    ann = client_as(app, "ann")
    assert join(ann, room["code"]).status_code == 302
    page = text(room["host"].get(f"/live/host/{room['id']}").get_data(as_text=True))
    assert "2 joined" in page and "Zed" in page and "Ann" in page
    state = room["host"].get(f"/live/host/{room['id']}/state").get_json()
    assert state["players"] == 2 and sorted(state["names"]) == ["Ann", "Zed"]


def test_a_student_who_chose_a_pseudonym_plays_under_it(app, room):
    with app.app_context():
        from quizapp.models import User

        user = db.session.execute(db.select(User).where(User.username == "bob")).scalar_one()
        user.board_privacy, user.pseudonym = "pseudonym", "Blue Heron"
        db.session.commit()
    join(client_as(app, "bob"), room["code"])
    assert set(players(app, room["id"])) == {"Blue Heron"}


@pytest.mark.parametrize(
    ("nickname", "message"),
    [
        ("", "Choose a nickname"),
        ("Z", "2 to 20 characters"),
        ("Z" * 21, "2 to 20 characters"),
        ("!!!", "at least one letter or digit"),
        ("Ms Teacher", "the name of an account"),
        ("ＺＥＤ", "has that nickname"),  # full-width capitals: Zed to a reader
    ],
)
def test_guest_nicknames_are_checked_with_a_clear_message(app, room, nickname, message):
    guest(app, room["code"], "Zed")
    response = join(app.test_client(), room["code"], nickname)
    assert response.status_code == 200
    assert message in text(response.get_data(as_text=True))
    assert set(players(app, room["id"])) == {"Zed"}


def test_a_wrong_code_is_refused_with_a_message(app, room):
    response = join(app.test_client(), "000000" if room["code"] != "000000" else "111111", "Zed")
    assert "No session is running with that code" in text(response.get_data(as_text=True))


def test_a_guest_rejoins_after_closing_the_tab_and_keeps_the_score(app, room):
    zed = guest(app, room["code"], "Zed")
    move(room["host"], app, room["id"], "question")
    right, _ = key_of(app, room["id"], 0)
    answer(zed, room["id"], 0, right[0])
    move(room["host"], app, room["id"], "reveal")
    # The tab closed; the join link (or the QR code) again: the cookie brings the player back.
    again = zed.get(f"/join?code={room['code']}")
    assert again.headers["Location"].endswith(f"/live/{room['id']}")
    back = zed.post(
        "/join",
        data={"csrf_token": csrf_token(zed, "/join"), "code": room["code"], "nickname": ""},
    )
    assert back.headers["Location"].endswith(f"/live/{room['id']}")
    page = text(zed.get(f"/live/{room['id']}").get_data(as_text=True))
    assert "Right" in page and "with 100 points" in page
    assert len(players(app, room["id"])) == 1
    # Guests never reach the site's boards.
    with app.app_context():
        assert db.session.execute(db.select(LeaderboardEntry)).first() is None
    assert "Zed" not in text(app.test_client().get("/leaderboards").get_data(as_text=True))
    # Without the cookie the session's page is nobody's business.
    assert app.test_client().get(f"/live/{room['id']}").status_code == 404


def test_a_student_rejoins_on_another_device_with_the_same_player(app, room):
    first = client_as(app, "ann")
    join(first, room["code"])
    move(room["host"], app, room["id"], "question")
    right, _ = key_of(app, room["id"], 0)
    answer(first, room["id"], 0, right[0])
    second = client_as(app, "ann")  # a phone that ran out of battery, a borrowed laptop
    assert join(second, room["code"]).status_code == 302
    assert "Answer received" in text(second.get(f"/live/{room['id']}").get_data(as_text=True))
    assert len(players(app, room["id"])) == 1


def test_a_late_joiner_plays_from_the_current_question(app, room):
    move(room["host"], app, room["id"], "question")
    move(room["host"], app, room["id"], "reveal")
    move(room["host"], app, room["id"], "question")
    late = guest(app, room["code"], "Late")
    page = text(late.get(f"/live/{room['id']}").get_data(as_text=True))
    assert "Question 2 of 4" in page
    right, _ = key_of(app, room["id"], 1)
    answer(late, room["id"], 1, right[0])
    with app.app_context():
        rows = db.session.execute(db.select(LiveAnswer)).scalars().all()
    assert [(r.position, r.points) for r in rows] == [(1, 100)]


def test_a_locked_room_refuses_newcomers_and_lets_its_players_back(app, room):
    zed = guest(app, room["code"], "Zed")
    room["host"].post(
        f"/live/host/{room['id']}/lock",
        data={"csrf_token": csrf_token(room["host"], f"/live/host/{room['id']}")},
    )
    refused = join(app.test_client(), room["code"], "Newcomer")
    assert "locked" in text(refused.get_data(as_text=True))
    assert join(zed, room["code"]).status_code == 302  # Zed comes back through the cookie
    assert set(players(app, room["id"])) == {"Zed"}


def test_a_removed_player_sees_it_cannot_answer_and_cannot_rejoin(app, room):
    zed = guest(app, room["code"], "Zed")
    ann = client_as(app, "ann")
    join(ann, room["code"])
    for name, client in (("Zed", zed), ("Ann", ann)):
        player_id = players(app, room["id"])[name].id
        room["host"].post(
            f"/live/host/{room['id']}/players/{player_id}/remove",
            data={"csrf_token": csrf_token(room["host"], f"/live/host/{room['id']}")},
        )
        page = text(client.get(f"/live/{room['id']}").get_data(as_text=True))
        assert "The host removed you" in page
        again = join(client, room["code"], "Zed again" if name == "Zed" else "")
        assert "The host removed you" in text(again.get_data(as_text=True))
    move(room["host"], app, room["id"], "question")
    right, _ = key_of(app, room["id"], 0)
    answer(zed, room["id"], 0, right[0])
    answer(ann, room["id"], 0, right[0])
    with app.app_context():
        assert db.session.execute(db.select(LiveAnswer)).first() is None
    state = room["host"].get(f"/live/host/{room['id']}/state").get_json()
    assert state["players"] == 0
    assert set(players(app, room["id"])) == {"Zed", "Ann"}


def test_answers_close_when_the_timer_ends(app, room, monkeypatch):
    host = room["host"]
    sid = host_session(host, live_quiz_id(app), timer_seconds=20)
    code = code_of(app, sid)
    early, late = guest(app, code, "Early"), guest(app, code, "Late")
    move(host, app, sid, "question")
    right, _ = key_of(app, sid, 0)
    at(monkeypatch, NOW + timedelta(seconds=19))
    answer(early, sid, 0, right[0])
    at(monkeypatch, NOW + timedelta(seconds=23))  # past the deadline and its 2 s of grace
    refused = answer(late, sid, 0, right[0])
    page = text(late.get(f"/live/{sid}").get_data(as_text=True))
    assert refused.status_code == 303 and "Time is up" in page
    with app.app_context():
        saved = db.session.execute(db.select(LiveAnswer)).scalars().all()
    assert [players(app, sid)["Early"].id] == [a.player_id for a in saved]


def live_quiz_id(app):
    """The live quiz the room fixture made."""
    with app.app_context():
        from quizapp.models import Quiz

        return db.session.execute(db.select(Quiz.id).where(Quiz.slug == "live-quiz")).scalar_one()


def test_an_answer_after_the_reveal_is_refused_and_the_first_one_stands(app, room):
    zed = guest(app, room["code"], "Zed")
    move(room["host"], app, room["id"], "question")
    right, wrong = key_of(app, room["id"], 0)
    answer(zed, room["id"], 0, wrong[0])
    move(room["host"], app, room["id"], "reveal")
    answer(zed, room["id"], 0, right[0])
    page = text(zed.get(f"/live/{room['id']}").get_data(as_text=True))
    assert "Not right" in page
    with app.app_context():
        (saved,) = db.session.execute(db.select(LiveAnswer)).scalars().all()
    assert saved.response == wrong[0] and saved.points == 0


def test_a_double_answer_is_counted_once_and_a_change_before_the_reveal_counts(app, room):
    zed = guest(app, room["code"], "Zed")
    move(room["host"], app, room["id"], "question")
    right, wrong = key_of(app, room["id"], 0)
    answer(zed, room["id"], 0, wrong[0])
    answer(zed, room["id"], 0, wrong[0])
    answer(zed, room["id"], 0, right[0])
    assert "Answer received" in text(zed.get(f"/live/{room['id']}").get_data(as_text=True))
    state = room["host"].get(f"/live/host/{room['id']}/state").get_json()
    assert (state["answered"], state["players"]) == (1, 1)
    with app.app_context():
        (saved,) = db.session.execute(db.select(LiveAnswer)).scalars().all()
    assert saved.response == right[0] and saved.points == 100


def test_an_answer_meant_for_an_earlier_question_is_not_given_to_the_next(app, room):
    zed = guest(app, room["code"], "Zed")
    move(room["host"], app, room["id"], "question")
    move(room["host"], app, room["id"], "reveal")
    move(room["host"], app, room["id"], "question")
    right, _ = key_of(app, room["id"], 0)
    answer(zed, room["id"], 0, right[0])  # a page left open on question 1
    with app.app_context():
        assert db.session.execute(db.select(LiveAnswer)).first() is None


def test_a_second_click_of_next_moves_the_session_on_once(app, room):
    version = session_row(app, room["id"]).version
    move(room["host"], app, room["id"], "question", version)
    second = move(room["host"], app, room["id"], "question", version)  # the same page's button
    assert second.status_code == 303
    row = session_row(app, room["id"])
    assert (row.phase, row.position) == ("question", 0)


def test_the_state_endpoint_answers_304_until_the_session_moves_on(app, room):
    zed = guest(app, room["code"], "Zed")
    first = zed.get(f"/live/{room['id']}/state")
    etag = first.headers["ETag"]
    assert zed.get(f"/live/{room['id']}/state", headers={"If-None-Match": etag}).status_code == 304
    guest(app, room["code"], "Yan")  # a join does not move the players' version
    assert zed.get(f"/live/{room['id']}/state", headers={"If-None-Match": etag}).status_code == 304
    move(room["host"], app, room["id"], "question")
    moved = zed.get(f"/live/{room['id']}/state", headers={"If-None-Match": etag})
    assert moved.status_code == 200 and moved.get_json()["phase"] == "question"
    # The host's poll also changes when someone answers.
    host_etag = room["host"].get(f"/live/host/{room['id']}/state").headers["ETag"]
    answer(zed, room["id"], 0, key_of(app, room["id"], 0)[0][0])
    after = room["host"].get(f"/live/host/{room['id']}/state", headers={"If-None-Match": host_etag})
    assert after.status_code == 200 and after.get_json()["answered"] == 1


def test_the_reveal_shows_the_distribution_the_key_the_status_the_quote_and_why(app, room):
    clients = {n: guest(app, room["code"], n) for n in ("Ada", "Bea", "Cy")}
    move(room["host"], app, room["id"], "question")
    right, wrong = key_of(app, room["id"], 0)
    answer(clients["Ada"], room["id"], 0, right[0])
    answer(clients["Bea"], room["id"], 0, right[0])
    answer(clients["Cy"], room["id"], 0, wrong[0])
    before = text(room["host"].get(f"/live/host/{room['id']}").get_data(as_text=True))
    assert "3 of 3 have answered" in before and "✓ the answer" not in before
    move(room["host"], app, room["id"], "reveal")
    html = room["host"].get(f"/live/host/{room['id']}").get_data(as_text=True)
    page = text(html)
    assert "2 (67%)" in page and "1 (33%)" in page and "✓ the answer" in page
    assert 'class="badge badge--' in html and "The article (13 November 2025)" in page
    assert 'width="67%"' in html  # the bar, drawn by the server
    cy = text(clients["Cy"].get(f"/live/{room['id']}").get_data(as_text=True))
    ada = text(clients["Ada"].get(f"/live/{room['id']}").get_data(as_text=True))
    assert "✗ Not right" in cy and "Right answer:" in cy
    assert "✓ Right" in ada and "You are =1 of 3" in ada


def test_points_follow_partial_credit_and_speed_only_breaks_ties(app, room, monkeypatch):
    sid = room["id"]
    clients = {n: guest(app, room["code"], n) for n in ("Fast", "Slow", "Half")}
    host = room["host"]
    # Question 1 (single): Fast and Slow right, Slow later; Half wrong.
    move(host, app, sid, "question")
    right, wrong = key_of(app, sid, 0)
    at(monkeypatch, NOW + timedelta(seconds=2))
    answer(clients["Fast"], sid, 0, right[0])
    at(monkeypatch, NOW + timedelta(seconds=9))
    answer(clients["Slow"], sid, 0, right[0])
    answer(clients["Half"], sid, 0, wrong[0])
    move(host, app, sid, "reveal")
    move(host, app, sid, "board")
    board = text(host.get(f"/live/host/{sid}").get_data(as_text=True))
    assert board.index("1 Fast 100") < board.index("2 Slow 100") < board.index("3 Half 0")
    # Questions 2 and 3: only the multiple choice's partial credit separates them.
    for position in (1, 2):
        move(host, app, sid, "question")
        right, wrong = key_of(app, sid, position)
        if position == 2:
            answer(clients["Half"], sid, position, *right[:1])  # one of the right options
        move(host, app, sid, "reveal")
    move(host, app, sid, "question")
    move(host, app, sid, "reveal")
    move(host, app, sid, "ended")
    with app.app_context():
        half = db.session.execute(
            db.select(LiveAnswer.points).where(LiveAnswer.position == 2)
        ).scalar_one()
    right, _ = key_of(app, sid, 2)
    assert half == round(100 / len(right))
    podium = text(host.get(f"/live/host/{sid}").get_data(as_text=True))
    assert "The podium" in podium and "Fast" in podium


def test_equal_points_and_equal_time_share_a_rank(app, room, monkeypatch):
    a, b = guest(app, room["code"], "Ann Guest"), guest(app, room["code"], "Bo Guest")
    move(room["host"], app, room["id"], "question")
    right, _ = key_of(app, room["id"], 0)
    at(monkeypatch, NOW + timedelta(seconds=3))
    answer(a, room["id"], 0, right[0])
    answer(b, room["id"], 0, right[0])
    move(room["host"], app, room["id"], "reveal")
    move(room["host"], app, room["id"], "board")
    page = text(room["host"].get(f"/live/host/{room['id']}").get_data(as_text=True))
    assert "=1 Ann Guest 100" in page and "=1 Bo Guest 100" in page


def test_the_speed_bonus_is_capped_at_a_fifth(app, room, monkeypatch):
    sid = host_session(room["host"], live_quiz_id(app), timer_seconds=10, speed_bonus="y")
    zed = guest(app, code_of(app, sid), "Zed")
    move(room["host"], app, sid, "question")
    answer(zed, sid, 0, key_of(app, sid, 0)[0][0])  # at once: the whole bonus
    move(room["host"], app, sid, "reveal")
    move(room["host"], app, sid, "question")
    at(monkeypatch, NOW + timedelta(seconds=5))  # half the time left: half the bonus
    answer(zed, sid, 1, key_of(app, sid, 1)[0][0])
    with app.app_context():
        points = (
            db.session.execute(db.select(LiveAnswer.points).order_by(LiveAnswer.position))
            .scalars()
            .all()
        )
    assert points == [120, 110]


def test_results_download_per_player_and_per_question(app, room):
    zed = guest(app, room["code"], "=HYPERLINK(1)")
    move(room["host"], app, room["id"], "question")
    answer(zed, room["id"], 0, key_of(app, room["id"], 0)[0][0])
    move(room["host"], app, room["id"], "reveal")
    move(room["host"], app, room["id"], "ended")
    by_player = list(
        csv.reader(
            io.StringIO(
                room["host"].get(f"/live/host/{room['id']}/players.csv").get_data(as_text=True)
            )
        )
    )
    assert by_player[0][:4] == ["Rank", "Player", "Guest", "Points"]
    assert by_player[1][:5] == ["1", "'=HYPERLINK(1)", "yes", "100", "1"]
    by_question = list(
        csv.reader(
            io.StringIO(
                room["host"].get(f"/live/host/{room['id']}/questions.csv").get_data(as_text=True)
            )
        )
    )
    assert [r[0] for r in by_question[1:]] == ["1", "2", "3", "4"]
    assert by_question[1][4:6] == ["1", "1"] and by_question[2][4:6] == ["0", "0"]


def test_a_class_sessions_results_land_in_the_class_gradebook(app, room):
    from quizapp.classes import service as classes
    from quizapp.models import User

    with app.app_context():
        teacher = db.session.execute(db.select(User).where(User.username == "teacher")).scalar_one()
        classroom = classes.create_class("7B", teacher.id, NOW, None)
        for name in ("ann", "bob"):
            user = db.session.execute(db.select(User).where(User.username == name)).scalar_one()
            classes.join_class(classroom.join_code, user.id, NOW)
        class_id = classroom.id
    sid = host_session(room["host"], live_quiz_id(app), classroom_id=class_id)
    ann = client_as(app, "ann")
    join(ann, code_of(app, sid))
    guest(app, code_of(app, sid), "Visitor")
    move(room["host"], app, sid, "question")
    answer(ann, sid, 0, key_of(app, sid, 0)[0][0])
    move(room["host"], app, sid, "reveal")
    gradebook = text(
        room["host"].get(f"/teach/classes/{class_id}/gradebook").get_data(as_text=True)
    )
    assert "Live quiz" not in gradebook  # not until the session ends
    move(room["host"], app, sid, "ended")
    gradebook = text(
        room["host"].get(f"/teach/classes/{class_id}/gradebook").get_data(as_text=True)
    )
    assert "Live sessions" in gradebook and "Ann (ann) 25%" in gradebook
    assert "Bob (bob) did not play" in gradebook and "Visitor" not in gradebook
    exported = room["host"].get(f"/teach/classes/{class_id}/gradebook.csv").get_data(as_text=True)
    assert "Live:" in exported


def test_another_instructor_cannot_see_or_drive_the_session(app, room):
    rival = client_as(app, "rival")
    assert rival.get(f"/live/host/{room['id']}").status_code == 404
    token = csrf_token(rival, "/live/host/")
    response = rival.post(
        f"/live/host/{room['id']}/move",
        data={"csrf_token": token, "to": "question", "version": "1"},
    )
    assert response.status_code == 404 and session_row(app, room["id"]).phase == "lobby"


def test_a_selection_of_questions_in_an_unpublished_quiz_can_be_hosted(app, room):
    from tests.quizzes import first_of_type, make_quiz

    chosen = first_of_type("true_false", 2)
    quiz_id = make_quiz(
        app, slug="lesson", title="Lesson pick", question_ids=chosen, published=False
    )
    form = room["host"].get("/live/host/new").get_data(as_text=True)
    assert "Lesson pick (not published)" in form
    sid = host_session(room["host"], quiz_id)
    assert session_row(app, sid).question_ids == chosen


def test_an_exam_pool_is_not_hosted(app, room):
    from quizapp.live import service
    from quizapp.models import Quiz

    with app.app_context():
        quiz = db.session.get(Quiz, live_quiz_id(app))
        quiz.exam_pool = True
        db.session.commit()
    form = room["host"].get("/live/host/new").get_data(as_text=True)
    assert "Live quiz" not in form  # not offered
    response = room["host"].post(
        "/live/host/new",
        data={
            "csrf_token": csrf_token(room["host"], "/live/host/new"),
            "quiz_id": live_quiz_id(app),
            "classroom_id": 0,
        },
    )
    assert response.status_code == 200 and "Not a valid choice" in response.get_data(as_text=True)
    with app.app_context():  # nor by the service, whoever calls it
        with pytest.raises(service.LiveRefused, match="exam pool"):
            service.create_session(db.session.get(Quiz, live_quiz_id(app)), 1, NOW)


def test_a_session_lives_in_the_database_across_app_servers_and_restarts(app, room, tmp_path):
    zed = guest(app, room["code"], "Zed")
    other = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "RATELIMIT_ENABLED": False,
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        }
    )
    # The host presses "Start" on one server; the guest's phone polls and answers on another.
    move(room["host"], app, room["id"], "question")
    phone = other.test_client()
    phone.set_cookie(f"live-{room['id']}", zed.get_cookie(f"live-{room['id']}").value)
    assert phone.get(f"/live/{room['id']}/state").get_json()["phase"] == "question"
    assert answer(phone, room["id"], 0, key_of(app, room["id"], 0)[0][0]).status_code == 303
    with app.app_context():
        assert db.session.execute(db.select(LivePlayer.name)).scalars().all() == ["Zed"]
        assert db.session.execute(db.select(LiveAnswer.points)).scalars().all() == [100]
    with other.app_context():
        db.engine.dispose()


@pytest.mark.ratelimits(LIMIT_LIVE_JOIN="3 per minute", LIMIT_LIVE_ANSWERS="2 per minute")
def test_guessing_codes_is_slowed_and_answers_are_limited_per_player_not_per_address(app, room):
    guesser = app.test_client()
    for n in range(3):
        assert join(guesser, f"{n:06d}", "Guess").status_code == 200
    assert join(guesser, room["code"], "Guess").status_code == 429
    # Every phone of a class comes from one address: each player has its own answer count.
    with app.test_request_context():
        from quizapp import limits

        limits.reset()
    a, b = guest(app, room["code"], "Ada"), guest(app, room["code"], "Bea")
    move(room["host"], app, room["id"], "question")
    right, _ = key_of(app, room["id"], 0)
    assert [answer(a, room["id"], 0, right[0]).status_code for _ in range(3)] == [303, 303, 429]
    assert answer(b, room["id"], 0, right[0]).status_code == 303
