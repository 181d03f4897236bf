"""Leaderboards: ranks, ties, periods, privacy in every output, instructor controls, scale."""

import csv
import io
from datetime import timedelta

import pytest
from sqlalchemy import event

from quizapp.extensions import db
from quizapp.models import Answer, Attempt, Quiz, Role, User, now_utc
from quizapp.quiz import service
from tests.accounts import AuthActions, csrf_token
from tests.quizzes import load_bank, make_quiz, true_statements

QIDS = true_statements(4)


@pytest.fixture
def quiz_id(app):
    """A four-question true/false quiz (all answers are True), its board public."""
    load_bank(app, with_builtins=False)
    return make_quiz(app, slug="board-quiz", title="Board quiz", question_ids=QIDS)


def finish(app, username, quiz_id, right, minutes=5, finished=None, display=None):
    """Have a student (created if new) finish an attempt with `right` of 4 answers right."""
    finished = finished or now_utc().replace(microsecond=0)
    with app.app_context():
        user = db.session.execute(
            db.select(User).where(User.username == username)
        ).scalar_one_or_none()
        if user is None:
            user = User(
                username=username,
                display_name=display or username.title(),
                password_hash="x",
                role="student",
            )
            db.session.add(user)
            db.session.flush()
        quiz = db.session.get(Quiz, quiz_id)
        number = len(service.attempts_of(quiz, user.id)) + 1
        attempt = Attempt(
            quiz_id=quiz_id,
            user_id=user.id,
            number=number,
            seed=1,
            question_ids=QIDS,
            feedback_mode="deferred",
            started_at=finished - timedelta(minutes=minutes),
            max_score=4.0,
        )
        db.session.add(attempt)
        db.session.flush()
        for n, qid in enumerate(QIDS):
            db.session.add(Answer(attempt_id=attempt.id, question_id=qid, response=n < right))
        db.session.commit()
        service.finish_attempt(attempt, finished)
        return attempt.id


def board(client, path="/api/v1/leaderboards/quizzes/board-quiz", **params):
    reply = client.get(path, query_string=params)
    assert reply.status_code == 200, reply.get_data(as_text=True)
    return reply.get_json()


def test_the_board_changes_when_an_attempt_finishes(app, client, quiz_id):
    assert board(client)["rows"] == []
    finish(app, "ann", quiz_id, right=3)
    rows = board(client)["rows"]
    assert [(r["rank"], r["name"], r["score"]) for r in rows] == [("1", "Ann", 75.0)]
    assert board(client, "/api/v1/leaderboards/overall")["rows"][0]["score"] == 75.0


def test_score_ranks_first_then_speed_then_the_earlier_finish_and_equals_share(
    app, client, quiz_id
):
    moment = now_utc().replace(microsecond=0)
    finish(app, "slow", quiz_id, right=4, minutes=9, finished=moment)
    finish(app, "fast", quiz_id, right=4, minutes=3, finished=moment)
    finish(app, "low", quiz_id, right=2, minutes=1, finished=moment)
    finish(app, "twin1", quiz_id, right=3, minutes=5, finished=moment)
    finish(app, "twin2", quiz_id, right=3, minutes=5, finished=moment)
    finish(app, "later", quiz_id, right=3, minutes=5, finished=moment + timedelta(seconds=30))
    rows = board(client)["rows"]
    assert [(r["rank"], r["name"]) for r in rows] == [
        ("1", "Fast"),
        ("2", "Slow"),
        ("=3", "Twin1"),
        ("=3", "Twin2"),
        ("5", "Later"),
        ("6", "Low"),
    ]


@pytest.mark.parametrize(
    ("method", "scores", "expected"),
    [
        ("highest", [2, 4, 1], 100.0),
        ("last", [2, 4, 1], 25.0),
        ("first", [2, 4, 1], 50.0),
        ("average", [2, 4, 1], pytest.approx(58.3333, abs=1e-3)),
    ],
)
def test_the_board_counts_the_score_the_grading_method_picks(
    app, client, quiz_id, method, scores, expected
):
    with app.app_context():
        db.session.get(Quiz, quiz_id).grading_method = method
        db.session.commit()
    start = now_utc() - timedelta(hours=3)
    for i, right in enumerate(scores):
        finish(app, "ann", quiz_id, right, finished=start + timedelta(hours=i))
    assert board(client)["rows"][0]["score"] == expected


def test_week_and_month_boards_hold_only_attempts_of_their_period(app, client, quiz_id):
    now = now_utc()
    finish(app, "old", quiz_id, right=4, finished=now - timedelta(days=70))
    finish(app, "new", quiz_id, right=2, finished=now)
    assert [r["name"] for r in board(client, period="all")["rows"]] == ["Old", "New"]
    assert [r["name"] for r in board(client, period="week")["rows"]] == ["New"]
    assert [r["name"] for r in board(client, period="month")["rows"]] == ["New"]
    assert client.get("/api/v1/leaderboards/overall?period=year").status_code == 400
    assert client.get("/leaderboards/overall?period=year").status_code == 400


def test_privacy_choices_hold_in_html_json_and_csv(app, client, auth, quiz_id):
    finish(app, "named", quiz_id, right=4, display="Named Person")
    finish(app, "masked", quiz_id, right=3, display="Real Name")
    finish(app, "ghost", quiz_id, right=2, display="Hidden Person")
    with app.app_context():
        from quizapp.leaderboard.services import update_profile

        users = {u.username: u for u in db.session.execute(db.select(User)).scalars()}
        update_profile(users["masked"], "Real Name", "pseudonym", "Blue Fox")
        update_profile(users["ghost"], "Hidden Person", "hidden", None)
    auth.make_user("teacher", role=Role.INSTRUCTOR)
    auth.login("teacher")
    outputs = {
        "html": client.get("/leaderboards/quizzes/board-quiz").get_data(as_text=True),
        "json": client.get("/api/v1/leaderboards/quizzes/board-quiz").get_data(as_text=True),
        "csv": client.get("/leaderboards/quizzes/board-quiz.csv").get_data(as_text=True),
        "overall": client.get("/leaderboards/overall.csv").get_data(as_text=True),
    }
    for kind, text in outputs.items():
        assert "Named Person" in text and "Blue Fox" in text, kind
        assert "Real Name" not in text and "Hidden Person" not in text, kind
    assert board(client)["total"] == 2


def test_a_student_chooses_privacy_on_the_profile_page(app, client, auth, quiz_id):
    auth.make_user("student", display_name="Stu")
    auth.login()
    token = csrf_token(client, "/auth/profile")
    bad = client.post(
        "/auth/profile",
        data={
            "csrf_token": token,
            "display_name": "Stu",
            "board_privacy": "pseudonym",
            "pseudonym": "",
        },
    )
    assert "Choose a pseudonym, or another way to appear." in bad.get_data(as_text=True)
    client.post(
        "/auth/profile",
        data={
            "csrf_token": token,
            "display_name": "Stu",
            "board_privacy": "hidden",
            "pseudonym": "",
        },
    )
    finish(app, "student", quiz_id, right=4)
    assert board(client)["rows"] == []
    html = client.get("/leaderboards/quizzes/board-quiz").get_data(as_text=True)
    assert "You are hidden from leaderboards." in html


def test_the_viewer_sees_their_own_rank_far_down_a_paginated_board(app, client, auth, quiz_id):
    moment = now_utc().replace(microsecond=0)
    for n in range(60):
        finish(app, f"s{n:02d}", quiz_id, right=4, minutes=1 + n, finished=moment)
    AuthActions(app, client).make_user("me")
    auth.login("me")
    finish(app, "me", quiz_id, right=1, finished=moment)
    html = client.get("/leaderboards/quizzes/board-quiz").get_data(as_text=True)
    assert "You are #61 of 61." in html and "Page 1 of 2" in html
    second = board(client, page=2)
    assert second["page"] == 2 and [r["rank"] for r in second["rows"]][-1] == "61"
    assert second["rows"][-1]["is_viewer"] is True


def test_queries_per_board_request_stay_constant_as_the_board_grows(app, client, quiz_id):
    def statements(path):
        count = []
        with app.app_context():
            engine = db.engine
        listener = lambda *args: count.append(1)  # noqa: E731
        event.listen(engine, "before_cursor_execute", listener)
        try:
            assert client.get(path).status_code == 200
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        return len(count)

    moment = now_utc().replace(microsecond=0)
    for n in range(5):
        finish(app, f"a{n}", quiz_id, right=n % 5, finished=moment)
    # The first read of the overall board sums its entries over the quizzes it counts, once
    # (again only when that set changes); from then on finishes keep the sums up to date.
    assert client.get("/api/v1/leaderboards/overall").status_code == 200
    small = [
        statements(p) for p in ("/leaderboards/quizzes/board-quiz", "/api/v1/leaderboards/overall")
    ]
    for n in range(60):
        finish(app, f"b{n}", quiz_id, right=n % 5, finished=moment)
    large = [
        statements(p) for p in ("/leaderboards/quizzes/board-quiz", "/api/v1/leaderboards/overall")
    ]
    assert small == large and max(large) <= 6


def test_a_hidden_board_is_for_instructors_only(app, client, auth, quiz_id):
    finish(app, "ann", quiz_id, right=3)
    with app.app_context():
        db.session.get(Quiz, quiz_id).leaderboard = "hidden"
        db.session.commit()
    assert client.get("/leaderboards/quizzes/board-quiz").status_code == 404
    assert client.get("/api/v1/leaderboards/quizzes/board-quiz").status_code == 404
    auth.make_user("teacher", role=Role.INSTRUCTOR)
    auth.login("teacher")
    html = client.get("/leaderboards/quizzes/board-quiz").get_data(as_text=True)
    assert "Hidden from students." in html and "Ann" in html


def test_a_board_shown_after_close_waits_for_the_close(app, client, quiz_id):
    finish(app, "ann", quiz_id, right=3)
    with app.app_context():
        quiz = db.session.get(Quiz, quiz_id)
        quiz.leaderboard, quiz.closes_at = "after_close", now_utc() + timedelta(days=1)
        db.session.commit()
    html = client.get("/leaderboards/quizzes/board-quiz").get_data(as_text=True)
    assert "shown to students after the quiz closes" in html and "Ann" not in html
    assert board(client)["visible"] is False and "rows" not in board(client)
    with app.app_context():
        db.session.get(Quiz, quiz_id).closes_at = now_utc() - timedelta(minutes=1)
        db.session.commit()
    assert board(client)["rows"][0]["name"] == "Ann"


def test_a_frozen_board_ignores_later_attempts_until_unfrozen(app, client, auth, quiz_id):
    finish(app, "ann", quiz_id, right=2)
    auth.make_user("teacher", role=Role.INSTRUCTOR)
    auth.login("teacher")
    token = csrf_token(client, "/leaderboards/quizzes/board-quiz")
    client.post(
        "/leaderboards/quizzes/board-quiz/settings",
        data={"csrf_token": token, "visibility": "public", "freeze": "now"},
    )
    finish(app, "ann", quiz_id, right=4, finished=now_utc() + timedelta(seconds=5))
    finish(app, "bob", quiz_id, right=4, finished=now_utc() + timedelta(seconds=5))
    assert [(r["name"], r["score"]) for r in board(client)["rows"]] == [("Ann", 50.0)]
    assert "Frozen on" in board(client)["note"]
    client.post(
        "/leaderboards/quizzes/board-quiz/settings",
        data={"csrf_token": token, "visibility": "public", "freeze": "unfreeze"},
    )
    assert {(r["name"], r["score"]) for r in board(client)["rows"]} == {
        ("Ann", 100.0),
        ("Bob", 100.0),
    }


def test_board_settings_and_csv_are_for_instructors(app, client, auth, quiz_id):
    auth.make_user("student")
    auth.login()
    token = csrf_token(client, "/leaderboards/")
    assert client.get("/leaderboards/quizzes/board-quiz.csv").status_code == 403
    assert (
        client.post(
            "/leaderboards/quizzes/board-quiz/settings",
            data={"csrf_token": token, "visibility": "hidden"},
        ).status_code
        == 403
    )


def test_csv_neutralises_formulas_in_names(app, client, auth, quiz_id):
    finish(app, "evil", quiz_id, right=3, display='=HYPERLINK("http://x")')
    auth.make_user("teacher", role=Role.INSTRUCTOR)
    auth.login("teacher")
    rows = list(
        csv.reader(
            io.StringIO(client.get("/leaderboards/quizzes/board-quiz.csv").get_data(as_text=True))
        )
    )
    assert rows[1][rows[0].index("name")].startswith("'=")


def test_a_student_on_several_quizzes_is_ranked_overall_by_the_mean_counting_0_if_not_taken(
    app, client, quiz_id
):
    other = make_quiz(app, slug="second", question_ids=QIDS)
    finish(app, "both", quiz_id, right=2)
    finish(app, "both", other, right=2)
    finish(app, "one", quiz_id, right=4)
    reply = board(client, "/api/v1/leaderboards/overall")
    # Equal means ((50 + 50) / 2 and (100 + 0) / 2): the shorter total time ranks first.
    assert [(r["name"], r["score"], r["time_seconds"]) for r in reply["rows"]] == [
        ("One", 50.0, 300),
        ("Both", 50.0, 600),
    ]
    assert reply["counts"] == ["board-quiz", "second"]


def test_the_leaderboard_pages_render_for_everyone(client, quiz_id):
    for path in (
        "/leaderboards/",
        "/leaderboards/overall",
        "/leaderboards/quizzes/board-quiz",
        "/leaderboards/quizzes/board-quiz?period=week&page=9",
    ):
        html = client.get(path).get_data(as_text=True)
        assert "How the ranking works" in html, path
    assert client.get("/leaderboards/quizzes/nope").status_code == 404


def test_board_sizes_stay_equal_to_the_visible_entries(app, client, quiz_id):
    from quizapp.leaderboard.services import update_profile
    from quizapp.models import LeaderboardEntry, LeaderboardSize

    assert client.get("/leaderboards/overall").status_code == 200  # sums the overall board
    for name in ("a", "b", "c"):
        finish(app, name, quiz_id, right=2)
    with app.app_context():
        users = {u.username: u for u in db.session.execute(db.select(User)).scalars()}
        update_profile(users["a"], "A", "hidden", None)
        update_profile(users["b"], "B", "pseudonym", "Bee")
        update_profile(users["a"], "A", "named", None)
        update_profile(users["c"], "C", "hidden", None)
    finish(app, "c", quiz_id, right=4)
    with app.app_context():
        sizes = {
            (s.board, s.period): s.entries
            for s in db.session.execute(db.select(LeaderboardSize)).scalars()
        }
        rows = db.session.execute(
            db.select(LeaderboardEntry.board, LeaderboardEntry.period, db.func.count())
            .where(LeaderboardEntry.hidden.is_(False))
            .group_by(LeaderboardEntry.board, LeaderboardEntry.period)
        ).all()
        counted = {(board, period): n for board, period, n in rows}
    assert sizes == counted and sizes[("overall", "all")] == 2


def test_an_instructor_freezes_a_board_at_a_chosen_time(app, client, auth, quiz_id):
    auth.make_user("teacher", role=Role.INSTRUCTOR)
    auth.login("teacher")
    token = csrf_token(client, "/leaderboards/quizzes/board-quiz")
    at = now_utc().replace(second=0, microsecond=0) + timedelta(hours=1)
    missing = client.post(
        "/leaderboards/quizzes/board-quiz/settings",
        follow_redirects=True,
        data={"csrf_token": token, "visibility": "public", "freeze": "at"},
    )
    assert "Give the date and time to freeze the board at." in missing.get_data(as_text=True)
    client.post(
        "/leaderboards/quizzes/board-quiz/settings",
        data={
            "csrf_token": token,
            "visibility": "public",
            "freeze": "at",
            "freeze_at": at.strftime("%Y-%m-%dT%H:%M"),
        },
    )
    finish(app, "early", quiz_id, right=2, finished=at - timedelta(minutes=5))
    finish(app, "late", quiz_id, right=4, finished=at + timedelta(minutes=5))
    assert [r["name"] for r in board(client)["rows"]] == ["Early"]
