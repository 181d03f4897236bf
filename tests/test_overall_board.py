"""The overall board: the mean across the quizzes everyone may see, and numbers read right."""

import csv
import io
from datetime import timedelta

import pytest

from quizapp.extensions import db
from quizapp.models import Quiz, Role, now_utc
from tests.accounts import csrf_token
from tests.quizzes import load_bank, make_quiz
from tests.test_leaderboard import QIDS, board, finish


@pytest.fixture
def quiz_id(app):
    """The public four-question board quiz of tests/test_leaderboard.py."""
    load_bank(app, with_builtins=False)
    return make_quiz(app, slug="board-quiz", title="Board quiz", question_ids=QIDS)


def names(client, path="/api/v1/leaderboards/overall"):
    """The names on a board, top first, as an anonymous visitor reads them."""
    return [r["name"] for r in board(client, path)["rows"]]


def set_quiz(app, slug, **values):
    """Change a quiz's settings directly, as time or an instructor would."""
    with app.app_context():
        quiz = db.session.execute(db.select(Quiz).where(Quiz.slug == slug)).scalar_one()
        for key, value in values.items():
            setattr(quiz, key, value)
        db.session.commit()


def test_hidden_and_not_yet_shown_boards_never_show_through_the_overall_board(
    app, client, auth, quiz_id
):
    make_quiz(app, slug="secret", question_ids=QIDS, leaderboard="hidden")
    later = make_quiz(
        app,
        slug="exam",
        question_ids=QIDS,
        leaderboard="after_close",
        closes_at=now_utc() + timedelta(days=1),
    )
    finish(app, "ann", quiz_id, right=2)
    finish(app, "sly", make_quiz_id(app, "secret"), right=4)
    finish(app, "late", later, right=4)
    assert names(client) == ["Ann"]
    html = client.get("/leaderboards/overall").get_data(as_text=True)
    assert "Sly" not in html and "Late" not in html
    assert "the 1 quiz whose boards everyone may see (Board quiz)" in html
    assert "Sly" not in client.get("/leaderboards/").get_data(as_text=True)

    set_quiz(app, "exam", closes_at=now_utc() - timedelta(minutes=1))  # the exam closes
    assert names(client) == ["Late", "Ann"]  # 100/2 then 50/2
    assert board(client, "/api/v1/leaderboards/overall")["counts"] == ["board-quiz", "exam"]

    auth.make_user("teacher", role=Role.INSTRUCTOR)
    auth.login("teacher")
    token = csrf_token(client, "/leaderboards/quizzes/board-quiz")
    client.post(
        "/leaderboards/quizzes/board-quiz/settings",
        data={"csrf_token": token, "visibility": "hidden"},
    )
    auth.logout()
    assert names(client) == ["Late"]  # Ann's only quiz is hidden now
    finish(app, "ann", quiz_id, right=4)  # a finish on a hidden board changes nothing overall
    assert names(client) == ["Late"]


def make_quiz_id(app, slug):
    """The id of a quiz by slug."""
    with app.app_context():
        return db.session.execute(db.select(Quiz.id).where(Quiz.slug == slug)).scalar_one()


def test_boards_round_for_people_and_stay_exact_in_csv_and_json(app, client, auth, quiz_id):
    make_quiz(app, slug="second", question_ids=QIDS)
    make_quiz(app, slug="third", question_ids=QIDS)
    # Tied on all three keys, the finish moment included: two calls of the clock could fall on
    # either side of a second on a loaded machine.
    moment = now_utc().replace(microsecond=0)
    finish(app, "ann", quiz_id, right=4, finished=moment)  # 100% on one quiz of three: 33.3333
    finish(app, "bob", quiz_id, right=4, minutes=5, finished=moment)
    [ann, bob] = board(client, "/api/v1/leaderboards/overall")["rows"]
    assert ann["score"] == bob["score"] == 33.3333
    html = client.get("/leaderboards/overall").get_data(as_text=True)
    assert "<td>33%</td>" in html and "33.33" not in html and "points" not in html
    auth.make_user("teacher", role=Role.INSTRUCTOR)
    auth.login("teacher")
    rows = list(csv.DictReader(io.StringIO(client.get("/leaderboards/overall.csv").text)))
    assert [(r["rank"], r["tied"], r["score_percent"]) for r in rows] == [
        ("1", "yes", "33.3333"),
        ("1", "yes", "33.3333"),
    ]
    page = client.get("/leaderboards/quizzes/board-quiz").get_data(as_text=True)
    assert "<td>=1</td>" in page and "<td>100%</td>" in page


def test_every_text_cell_of_a_board_csv_is_safe_in_a_spreadsheet(app, client, auth, quiz_id):
    set_quiz(app, "board-quiz", title='=HYPERLINK("http://x","y")')
    finish(app, "evil", quiz_id, right=3, display="@SUM(1+1)")
    auth.make_user("teacher", role=Role.INSTRUCTOR)
    auth.login("teacher")
    [row] = list(
        csv.DictReader(io.StringIO(client.get("/leaderboards/quizzes/board-quiz.csv").text))
    )
    assert row["board"].startswith("'=") and row["name"] == "'@SUM(1+1)"
    assert row["rank"] == "1" and row["score_percent"] == "75.0"
