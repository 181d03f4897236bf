"""In a real browser: a student reports a question; an instructor reads the analysis and resolves.

Every page passes axe-core with no violation.
"""

import pytest
from playwright.sync_api import Page, expect

from quizapp.models import Role
from tests.browser.conftest import assert_accessible, screenshot
from tests.quizzes import stored
from tests.test_reports import TF1, item_quiz, report_on, take, worked_example
from tests.test_reports import reports as stored_reports

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def reports_registered(app):
    """Register the reports blueprints on the test app if create_app did not (yet)."""
    from quizapp import reports

    if "reports" not in app.blueprints:
        reports.init_app(app)


def log_in(page: Page, live_server: str, username: str, password: str) -> None:
    """Log in through the real form."""
    page.goto(live_server + "/auth/login")
    page.get_by_label("Login name").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def test_a_student_reports_a_question_from_a_finished_attempt(
    page: Page, live_server, axe, app, auth
):
    quiz_id = item_quiz(app)
    auth.make_user("ann", password="ann password")
    attempt_id = take(app, "ann", quiz_id, {})
    log_in(page, live_server, "ann", "ann password")
    page.goto(f"{live_server}/attempts/{attempt_id}/result")
    page.get_by_role("link", name="Report a problem with this question (question 1)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Report a problem with a question")
    assert_accessible(axe, page)
    page.get_by_label("It is out of date").check()
    page.get_by_label("Comment (optional)").fill("The approval came on 2 January 2025.")
    screenshot(page, "report-a-question")
    page.get_by_role("button", name="Send the report").click()
    expect(page.get_by_text("Thank you: your report was sent to the instructors.")).to_be_visible()
    assert [(r.reason, r.question_id) for r in stored_reports(app)] == [("outdated", TF1)]


def test_an_instructor_reads_the_analysis_and_resolves_a_report(
    page: Page, live_server, axe, app, auth
):
    quiz_id = worked_example(app, item_quiz(app))
    report_on(app, quiz_id, "dan", TF1, "ambiguous", "Which date is meant?")
    auth.make_user("teacher", password="teacher password", role=Role.INSTRUCTOR)
    log_in(page, live_server, "teacher", "teacher password")

    page.goto(live_server + "/instructor/quizzes/analysis")
    assert_accessible(axe, page)
    page.get_by_role("link", name="Item quiz").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Item analysis: Item quiz")
    expect(page.get_by_role("img", name="Scores: Item quiz")).to_be_visible()
    expect(
        page.get_by_role("table", name="Each question over the counted attempts")
    ).to_be_visible()
    assert_accessible(axe, page)
    page.get_by_role("link", name="Every attempt").click()
    # The worked example's four, and the attempt dan reported from.
    expect(page.get_by_text("5 of 5 finished attempts")).to_be_visible()
    assert_accessible(axe, page)
    screenshot(page, "item-analysis")
    table = page.get_by_role("table", name="Each question over the counted attempts")
    # The classify question's key is marked in words beside its count, not by colour alone.
    expect(table.get_by_role("listitem").filter(has_text="Research:")).to_contain_text("Key")
    page.set_viewport_size({"width": 390, "height": 844})
    assert_accessible(axe, page)
    overflow = page.evaluate("document.documentElement.scrollWidth - innerWidth")
    assert overflow <= 0, f"the analysis page scrolls sideways by {overflow}px"
    screenshot(page, "item-analysis-390")
    page.set_viewport_size({"width": 1280, "height": 800})

    page.goto(live_server + "/instructor/reports")
    expect(page.get_by_text("Which date is meant?")).to_be_visible()
    assert_accessible(axe, page)
    page.get_by_label("Resolution note").fill("Prompt now gives the date.")
    screenshot(page, "learner-reports-open")
    page.get_by_role("button", name="Send back to review").click()
    expect(page.get_by_text("Report resolved: the question is back in review")).to_be_visible()
    assert_accessible(axe, page)
    screenshot(page, "learner-reports")


def test_an_instructor_dismisses_a_wrong_report_and_the_question_stays_as_it_was(
    page: Page, live_server, axe, app, auth
):
    quiz_id = item_quiz(app)
    report_on(app, quiz_id, "dan", TF1, "wrong", "I am sure the answer is the other one.")
    before = stored(app, TF1)
    auth.make_user("teacher", password="teacher password", role=Role.INSTRUCTOR)
    log_in(page, live_server, "teacher", "teacher password")

    page.goto(live_server + "/instructor/reports")
    report = page.get_by_role("article").filter(has_text="I am sure the answer is the other one.")
    expect(report.get_by_role("link", name=TF1)).to_have_attribute(
        "href", f"/author/questions/{TF1}"
    )
    report.get_by_label("Resolution note").fill("The key is right: the NMPA notice says so.")
    report.get_by_role("button", name="Dismiss with a note").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Report dismissed: the question was not changed."
    )
    assert_accessible(axe, page)
    screenshot(page, "learner-report-dismissed")

    page.reload()
    page.get_by_role("link", name="Resolved").click()
    report = page.get_by_role("article").filter(has_text="I am sure the answer is the other one.")
    expect(report).to_contain_text("Dismissed")
    expect(report).to_contain_text("The key is right: the NMPA notice says so.")
    expect(report.get_by_role("button")).to_have_count(0)
    [kept] = stored_reports(app)
    assert kept.resolved_at is not None and kept.outcome == "dismissed"
    after = stored(app, TF1)
    assert (after.state, after.version, after.prompt) == (
        before.state,
        before.version,
        before.prompt,
    )
    assert after.state == "published"
