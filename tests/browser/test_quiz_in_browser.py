"""In a real browser, with the keyboard only: a student completes built-in quizzes."""

import flask
import pytest
from playwright.sync_api import Page, expect

from quizapp.models import Role
from tests.browser.conftest import assert_accessible, screenshot
from tests.quizzes import load_bank

pytestmark = pytest.mark.browser

ACTIVE_IS_RADIO = "document.activeElement && document.activeElement.type === 'radio'"


def tab_until(page: Page, condition: str, limit: int = 80) -> None:
    """Press Tab until the focused element meets the condition (a JS expression)."""
    for _ in range(limit):
        if page.evaluate(condition):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"never reached focus where {condition}")


def focus_button(page: Page, text: str) -> None:
    """Tab to the button with this text."""
    tab_until(
        page,
        "document.activeElement && document.activeElement.tagName === 'BUTTON' "
        f"&& document.activeElement.textContent.trim() === {text!r}",
    )


def log_in_by_keyboard(page: Page, base: str) -> None:
    """Log in with the keyboard: type, Tab, Enter."""
    page.goto(base + "/auth/login")
    page.get_by_label("Login name").focus()
    page.keyboard.type("learner")
    page.keyboard.press("Tab")
    page.keyboard.type("correct horse")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Logged in as")


def start_quiz_by_keyboard(page: Page, base: str, slug: str, axe) -> None:
    """Open the quiz list, then the quiz, and press its start button, all from the keyboard."""
    page.goto(base + "/quizzes")
    assert_accessible(axe, page)
    tab_until(page, f"document.activeElement.getAttribute('href') === '/quizzes/{slug}'")
    page.keyboard.press("Enter")
    expect(page).to_have_url(base + f"/quizzes/{slug}")
    assert_accessible(axe, page)
    focus_button(page, "Start the quiz")
    page.keyboard.press("Enter")


def answer_radio_by_keyboard(page: Page) -> None:
    """Tab into the radio group and pick the second option with the arrow keys."""
    page.keyboard.press("Tab")
    tab_until(page, ACTIVE_IS_RADIO)
    page.keyboard.press("ArrowDown")


@pytest.fixture
def learner(app, auth):
    """A student account, with the bank and the built-in quizzes loaded."""
    load_bank(app)
    auth.make_user("learner", role=Role.STUDENT, display_name="Learner")


def test_a_student_completes_an_immediate_feedback_quiz_with_the_keyboard_only(
    page: Page, live_server, axe, learner
):
    log_in_by_keyboard(page, live_server)
    start_quiz_by_keyboard(page, live_server, "research-or-approved-drug", axe)
    for n in range(1, 13):
        expect(page.locator(".progress")).to_have_text(f"Question {n} of 12")
        if n == 1:
            assert_accessible(axe, page)
        answer_radio_by_keyboard(page)
        page.keyboard.press("Enter")  # implicit submit: "Check answer"
        feedback = page.get_by_role("region", name="Feedback")
        expect(feedback).to_be_visible()
        expect(feedback.locator(".badge")).to_be_visible()
        if n == 1:
            assert_accessible(axe, page)
        focus_button(page, "Next question" if n < 12 else "Finish attempt…")
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Finish attempt 1?")
    assert_accessible(axe, page)
    focus_button(page, "Finish and see my result")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Your result")
    expect(page.get_by_role("heading", name="Review", exact=True)).to_be_visible()
    assert page.locator(".review .feedback").count() == 12
    assert_accessible(axe, page)


def test_a_student_completes_a_deferred_feedback_quiz_with_the_keyboard_only(
    page: Page, live_server, axe, learner
):
    log_in_by_keyboard(page, live_server)
    start_quiz_by_keyboard(page, live_server, "reading-the-article-critically", axe)
    for n in range(1, 11):
        expect(page.locator(".progress")).to_have_text(f"Question {n} of 10")
        assert page.locator(".feedback").count() == 0
        answer_radio_by_keyboard(page)
        if n == 1:
            assert_accessible(axe, page)
        page.keyboard.press("Enter")  # "Save and next", or "Save and finish…" on the last
    expect(page.get_by_role("heading", level=1)).to_have_text("Finish attempt 1?")
    expect(page.get_by_text("You have answered all 10 questions.")).to_be_visible()
    focus_button(page, "Finish and see my result")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Your result")
    expect(page.get_by_text("of 10 points")).to_be_visible()
    assert page.locator(".review .feedback").count() == 10
    assert_accessible(axe, page)
    page.set_viewport_size({"width": 375, "height": 812})
    shot = screenshot(page, "result-375")
    page.set_viewport_size({"width": 1280, "height": 800})
    wide = screenshot(page, "result-1280")
    assert shot.stat().st_size > 10_000 and wide.stat().st_size > 10_000


def test_the_full_test_shows_all_questions_on_one_page_with_a_countdown(
    page: Page, live_server, axe, learner
):
    log_in_by_keyboard(page, live_server)
    page.goto(live_server + "/quizzes/full-test")
    page.get_by_role("button", name="Start the quiz").click()
    expect(page.locator(".all-questions > li")).to_have_count(20)
    expect(page.locator(".timer-left")).to_have_text(
        __import__("re").compile(r"^(29|30) min \d\d s$")
    )
    assert_accessible(axe, page)


def test_the_study_pages_pass_the_accessibility_audit(page: Page, live_server, axe):
    for path in ("/article", "/timeline"):
        page.goto(live_server + path)
        assert_accessible(axe, page)
    page.goto(live_server + "/article")
    page.locator('a[href="#claim-C20"]').first.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#claim-C20")).to_be_in_viewport()


def test_a_study_page_read_again_comes_from_the_browsers_copy(page: Page, live_server, app):
    served: list[tuple[str, int]] = []

    def record(sender, response, **_):
        served.append((flask.request.path, response.status_code))

    flask.request_finished.connect(record, app)
    try:
        first = page.goto(live_server + "/timeline")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        page.get_by_role("link", name="The article").click()
        expect(page).to_have_url(live_server + "/article")
        page.get_by_role("link", name="Timeline").click()
        expect(page).to_have_url(live_server + "/timeline")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
    finally:
        flask.request_finished.disconnect(record, app)
    assert first.headers["etag"]
    # The browser asked again with the page's tag (no-cache); the server's 304 rendered nothing
    # and the browser showed its copy.
    assert [s for s in served if s[0] == "/timeline"] == [("/timeline", 200), ("/timeline", 304)]
