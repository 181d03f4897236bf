"""In a real browser: an instructor writes, publishes and quizzes a question; a student answers
it; hostile question text never runs; every instructor page passes axe-core."""

import re

import pytest
from playwright.sync_api import Page, expect

from quizapp.models import Role
from tests.browser.conftest import assert_accessible
from tests.quizzes import load_bank

pytestmark = pytest.mark.browser
HOSTILE = (
    "Which regulator? <script>window.pwned=1</script><img src=x onerror='window.pwned=2'>"
    " [click](javascript:window.pwned=3) **bold**"
)


def log_in(page: Page, base: str, username: str, password: str) -> None:
    page.goto(base + "/auth/login")
    page.get_by_label("Login name").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def test_an_instructor_writes_a_question_a_student_answers_it(
    page: Page, browser, live_server, axe, app, auth
):
    load_bank(app, with_builtins=False)
    auth.make_user("teacher", password="teacher password", role=Role.INSTRUCTOR)
    auth.make_user("pupil", password="pupil password")
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    log_in(page, live_server, "teacher", "teacher password")
    page.get_by_role("link", name="Question bank").click()
    assert_accessible(axe, page)
    page.get_by_role("link", name="Write a question").click()
    assert_accessible(axe, page)
    page.get_by_label("Question text (Markdown)").fill(HOSTILE)
    page.get_by_label("Option 1", exact=True).fill("NMPA")
    page.get_by_label("Correct (option 1)").check()
    page.get_by_label("Option 2", exact=True).fill("FDA")
    page.get_by_label("Feedback for option 2").fill("The FDA is the US regulator.")
    page.get_by_label("Status").select_option("approved_drug")
    page.get_by_label("Facts tested (ids, comma-separated)").fill(
        "amimestrocel-conditional-approval"
    )
    page.get_by_label("Explanation (why the right answer is right)").fill(
        "The NMPA approved it on 2 January 2025."
    )
    page.get_by_role("button", name="Save question").click()
    expect(page.get_by_role("status")).to_contain_text("Question saved as a draft.")
    expect(page.locator(".prompt-body strong")).to_have_text("bold")
    assert_accessible(axe, page)
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("status")).to_contain_text("The question is now published.")
    question_id = page.locator(".meta code").first.inner_text()

    page.goto(live_server + "/author/quizzes/new")
    assert_accessible(axe, page)
    page.get_by_label("Title").fill("Regulators")
    page.get_by_label("Search words or id").fill(question_id)
    page.get_by_role("checkbox", name="Which regulator?").check()
    expect(page.locator("#chosen-list li")).to_have_count(1)
    page.get_by_label("Published (students can take it)").check()
    page.get_by_role("button", name="Save quiz").click()
    expect(page.get_by_role("status")).to_contain_text("Quiz saved.")
    page.get_by_role("link", name="Preview it as a student").click()
    # axe reads the page: wait for the preview, not the builder the click is leaving.
    expect(page).to_have_url(re.compile(r"/author/quizzes/\d+/preview$"))
    assert_accessible(axe, page)
    page.goto(live_server + "/author/import")
    assert_accessible(axe, page)
    page.goto(live_server + "/author/quizzes")
    assert_accessible(axe, page)

    student = browser.new_context().new_page()
    student.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    log_in(student, live_server, "pupil", "pupil password")
    student.goto(live_server + "/quizzes/regulators")
    student.get_by_role("button", name="Start the quiz").click()
    student.get_by_label("NMPA").check()
    student.get_by_role("button", name="Save and finish…").click()
    student.get_by_role("button", name="Finish and see my result").click()
    expect(student.get_by_text("(1 of 1 points)")).to_be_visible()
    for tab in (page, student):
        assert tab.evaluate("window.pwned === undefined"), "a script from question text ran"
        assert tab.locator('a[href^="javascript:"]').count() == 0
    assert dialogs == []
