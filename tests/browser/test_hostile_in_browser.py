"""In a real browser: pages that show hostile input run none of it."""

import pytest
from playwright.sync_api import Page

from quizapp.author.service import create_question
from quizapp.core.text import without_controls
from quizapp.extensions import db
from quizapp.models import Origin, Role, User
from tests.hostile import hostile_inputs
from tests.quizzes import first_of_type, load_bank, make_quiz
from tests.test_leaderboard import finish

pytestmark = pytest.mark.browser


def test_no_hostile_input_runs_on_any_page_that_shows_it(page: Page, live_server, app, auth):
    load_bank(app, with_builtins=False)
    quiz_id = make_quiz(app, slug="board-quiz", question_ids=first_of_type("true_false", 4))
    # Seeded past the forms, so cleaned as the forms clean (PostgreSQL refuses NUL).
    inputs = [without_controls(value) for value in hostile_inputs()]
    auth.make_user("boss", password="boss password", role=Role.ADMIN)
    with app.app_context():
        boss = db.session.execute(db.select(User).where(User.username == "boss")).scalar_one()
        for n, value in enumerate(inputs):
            create_question(
                {
                    "type": "true_false",
                    "prompt": f"Q{n} {value}"[:4000],
                    "options": [],
                    "answer": True,
                    "status": "rule",
                    "conditional": False,
                    "facts": [],
                    "as_of": __import__("datetime").date(2026, 1, 1),
                    "explanation": value[:4000],
                    "tags": [],
                    "extra": {
                        "text_format": "markdown" if n % 2 else "plain",
                        "no_fact_reason": "test",
                    },
                },
                boss,
                Origin.AUTHORED,
            )
    for n, value in enumerate(inputs[:60]):
        finish(app, f"h{n}", quiz_id, right=n % 5, display=value[:60])
    ran = []
    page.on("dialog", lambda dialog: (ran.append(dialog.message), dialog.dismiss()))
    page.goto(live_server + "/auth/login")
    page.get_by_label("Login name").fill("boss")
    page.get_by_label("Password").fill("boss password")
    page.get_by_role("button", name="Log in").click()
    paths = [
        "/admin/users",
        "/leaderboards/quizzes/board-quiz",
        "/leaderboards/quizzes/board-quiz?page=2",
        "/leaderboards/overall",
        "/author/questions",
        "/author/questions?page=2",
        "/author/questions?page=3",
    ]
    with app.app_context():
        from quizapp.models import Question

        ids = (
            db.session.execute(
                db.select(Question.id).where(Question.origin == "authored").order_by(Question.id)
            )
            .scalars()
            .all()
        )
    paths += [f"/author/questions/{qid}" for qid in ids[::7]]
    for path in paths:
        page.goto(live_server + path)
        page.wait_for_load_state("load")
        assert page.evaluate("typeof window.pwned === 'undefined'"), path
    assert ran == [], f"a hostile input ran: {ran[:3]}"
