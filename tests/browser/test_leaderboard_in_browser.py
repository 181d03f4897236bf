"""In a real browser: a student finds their place on a board; the page passes axe-core."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible
from tests.test_leaderboard import finish

pytestmark = pytest.mark.browser


def test_a_student_sees_the_board_and_their_own_rank(page: Page, live_server, axe, app, auth):
    from tests.quizzes import load_bank, make_quiz, true_statements

    load_bank(app, with_builtins=False)
    quiz_id = make_quiz(app, slug="board-quiz", title="Board quiz", question_ids=true_statements(4))
    for n in range(3):
        finish(app, f"peer{n}", quiz_id, right=4 - n)
    auth.make_user("viewer", password="viewer password")
    finish(app, "viewer", quiz_id, right=1)
    page.goto(live_server + "/auth/login")
    page.get_by_label("Login name").fill("viewer")
    page.get_by_label("Password").fill("viewer password")
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Leaderboards").click()
    assert_accessible(axe, page)
    page.goto(live_server + "/leaderboards/quizzes/board-quiz")
    expect(page.get_by_text("You are #4 of 4.")).to_be_visible()
    expect(page.locator("tr.me")).to_contain_text("(you)")
    page.get_by_role("link", name="This week").click()
    expect(page.get_by_role("link", name="This week")).to_have_attribute("aria-current", "page")
    assert_accessible(axe, page)
