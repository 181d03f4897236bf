"""In a real browser, as a student would: answers kept without pressing a button, sent when time
runs out, resumed where left, feedback brought into view. Each test then asks the server what
it kept, not what the page says."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from quizapp.extensions import db
from quizapp.models import Answer, Attempt, Question, QuestionReport, Role, now_utc
from tests.browser.conftest import assert_accessible, screenshot
from tests.quizzes import first_of_type, load_bank, make_quiz

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def learner(app, auth):
    """A student account, with the bank and the built-in quizzes loaded."""
    load_bank(app)
    auth.make_user("learner", role=Role.STUDENT, display_name="Learner")


def log_in(page: Page, base: str) -> None:
    """Log in through the form."""
    page.goto(base + "/auth/login")
    page.get_by_label("Login name").fill("learner")
    page.get_by_label("Password").fill("correct horse")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def open_quiz(page: Page, base: str, slug: str) -> None:
    """Open a quiz's page and start or resume it."""
    page.goto(f"{base}/quizzes/{slug}")
    page.get_by_role("button", name=re.compile(r"^(Start the quiz|Resume attempt \d+)$")).click()
    # Wait for the attempt's page to load: a reload or a new tab issued while the start is
    # still redirecting finds no page to act on.
    page.wait_for_url(re.compile(r"/attempts/\d+"))


def kept(app) -> dict[str, object]:
    """The answers the server holds, by question id."""
    with app.app_context():
        return {a.question_id: a.response for a in db.session.execute(db.select(Answer)).scalars()}


def the_attempt(app) -> Attempt:
    """The one attempt of the test, as stored now."""
    with app.app_context():
        attempt = db.session.execute(db.select(Attempt)).scalar_one()
        db.session.expunge(attempt)
        return attempt


def saved_status(page: Page):
    """The quiet line that says whether the answer reached the server."""
    return page.locator(".autosave-status")


def test_an_answer_picked_without_pressing_a_button_is_kept_and_chosen_in_a_new_tab(
    page: Page, live_server, axe, app, learner
):
    log_in(page, live_server)
    open_quiz(page, live_server, "reading-the-article-critically")
    expect(page.locator(".progress")).to_have_text("Question 1 of 10")
    choice = page.get_by_role("radio").nth(1)
    picked = choice.get_attribute("value")
    choice.check()
    expect(saved_status(page)).to_have_text("Saved")
    assert len(kept(app)) == 1  # on the server, before any button was pressed
    assert_accessible(axe, page)

    context = page.context
    page.close()  # the tab is closed; nothing else was sent
    tab = context.new_page()
    open_quiz(tab, live_server, "reading-the-article-critically")
    expect(tab.locator(".progress")).to_have_text("Question 1 of 10")
    expect(tab.locator(f'input[type=radio][value="{picked}"]')).to_be_checked()


def test_typing_is_saved_within_a_second_and_a_lost_connection_is_said_and_retried(
    page: Page, live_server, app, learner
):
    short = first_of_type("short")[0]
    make_quiz(app, slug="typed", title="Typed", question_ids=[short])
    log_in(page, live_server)
    open_quiz(page, live_server, "typed")
    offline = {"on": True}

    def maybe_drop(route):
        if offline["on"] and route.request.headers.get("x-autosave"):
            route.abort("internetdisconnected")
        else:
            route.continue_()

    page.route("**/attempts/**", maybe_drop)
    page.get_by_label("Your answer").fill("NMPA")
    expect(saved_status(page)).to_contain_text("Not saved yet: no connection")
    assert kept(app) == {}
    offline["on"] = False  # the connection is back: the page tries again by itself
    expect(saved_status(page)).to_have_text("Saved", timeout=20_000)
    assert kept(app) == {short: "NMPA"}


def drop_background_saves(route) -> None:
    """Let the page's own submissions through, never its background saves."""
    if route.request.headers.get("x-autosave"):
        route.abort()
    else:
        route.continue_()


def test_when_time_runs_out_the_choice_on_screen_is_sent_and_scored(
    page: Page, live_server, app, learner
):
    qid = first_of_type("single")[0]
    make_quiz(app, slug="one-minute", title="One minute", question_ids=[qid], time_limit_seconds=60)
    log_in(page, live_server)
    open_quiz(page, live_server, "one-minute")
    with app.app_context():  # the minute is nearly over: the server's clock says so
        attempt = db.session.execute(db.select(Attempt)).scalar_one()
        attempt.deadline = now_utc() + timedelta(seconds=3)
        db.session.commit()
        question = db.session.get(Question, qid)
        right = next(o["text"] for o in question.options if o["correct"])
    # The background save never gets through (as on a train), so only the time-up can send it.
    page.route(
        "**/attempts/**",
        lambda route: (
            route.abort() if route.request.headers.get("x-autosave") else route.continue_()
        ),
    )
    page.reload()
    page.get_by_label(right, exact=True).check()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Your result", timeout=10_000)
    finished = the_attempt(app)
    assert finished.finished_by == "timeout" and finished.score == 1.0
    assert list(kept(app)) == [qid]
    expect(page.get_by_text("No answer")).to_have_count(0)


def test_resuming_opens_the_page_the_student_left(page: Page, live_server, app, learner):
    log_in(page, live_server)
    open_quiz(page, live_server, "reading-the-article-critically")
    page.get_by_role("radio").first.check()
    page.get_by_role("button", name="Save and next").click()
    page.get_by_role("button", name="Save and next").click()  # past question 2 unanswered
    expect(page.locator(".progress")).to_have_text("Question 3 of 10")
    context = page.context
    page.close()
    tab = context.new_page()
    open_quiz(tab, live_server, "reading-the-article-critically")
    expect(tab.locator(".progress")).to_have_text("Question 3 of 10")
    assert the_attempt(app).position == 2


def test_after_check_answer_on_a_phone_the_feedback_is_in_view_focused_and_marks_the_choice(
    page: Page, live_server, axe, app, learner
):
    page.set_viewport_size(PHONE)
    log_in(page, live_server)
    open_quiz(page, live_server, "research-or-approved-drug")
    page.get_by_role("radio").first.check()
    page.get_by_role("button", name="Check answer").click()
    feedback = page.get_by_role("region", name="Feedback")
    expect(feedback).to_be_in_viewport()
    expect(feedback).to_be_focused()
    chosen = page.locator("label.choice", has=page.locator("input:checked"))
    expect(chosen).to_contain_text(re.compile(r"Your choice: (right|wrong)"))
    if "wrong" in chosen.inner_text():
        expect(page.get_by_text("The right answer")).to_be_visible()
    assert len(kept(app)) == 1
    assert_accessible(axe, page)
    overflow = page.evaluate("document.documentElement.scrollWidth - innerWidth")
    assert overflow <= 0
    screenshot(page, "check-answer-390")


def test_the_full_test_numbers_its_questions_keeps_its_clock_in_view_and_links_to_gaps(
    page: Page, live_server, axe, app, learner
):
    log_in(page, live_server)
    open_quiz(page, live_server, "full-test")
    expect(page.get_by_text("Question 3", exact=True)).to_be_visible()
    # The draw differs per attempt: answer the first question that has options to pick.
    page.locator(".all-questions > li").filter(has=page.get_by_role("radio")).first.get_by_role(
        "radio"
    ).first.check()
    expect(saved_status(page)).to_have_text("Saved")
    assert len(kept(app)) == 1
    page.locator("#q18").scroll_into_view_if_needed()
    expect(page.locator(".timer")).to_be_in_viewport()
    page.get_by_role("button", name="Save and finish…").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Finish attempt 1?")
    assert_accessible(axe, page)
    page.get_by_role("link", name="Question 12", exact=True).click()
    expect(page).to_have_url(re.compile(r"/all#q12$"))
    expect(page.locator("#q12")).to_be_focused()
    expect(page.locator("#q12")).to_be_in_viewport()
    assert_accessible(axe, page)
    page.set_viewport_size(PHONE)
    screenshot(page, "full-test-390")


def test_a_refused_page_keeps_every_choice_and_links_to_the_question_to_fix(
    page: Page, live_server, axe, app, learner
):
    ordering, single = first_of_type("ordering")[0], first_of_type("single")[0]
    make_quiz(
        app, slug="fix-me", title="Fix me", question_ids=[ordering, single], one_per_page=False
    )
    log_in(page, live_server)
    open_quiz(page, live_server, "fix-me")
    positions = page.locator("#q1 select")
    positions.nth(0).select_option("1")
    positions.nth(1).select_option("1")  # the same position twice
    page.locator("#q2").get_by_role("radio").first.check()
    page.get_by_role("button", name="Save answers").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Some answers could not be saved")
    expect(positions.nth(0)).to_have_value("1")
    expect(positions.nth(1)).to_have_value("1")
    expect(page.locator("#q2").get_by_role("radio").first).to_be_checked()
    assert list(kept(app)) == [single]  # the rest of the page was saved
    summary.get_by_role("link", name="Question 1").click()
    expect(page.locator("#q1")).to_be_focused()
    assert_accessible(axe, page)


def test_a_report_with_no_reason_keeps_its_comment_and_then_goes_through(
    page: Page, live_server, axe, app, learner
):
    tf = first_of_type("true_false")[0]
    make_quiz(app, slug="report-me", title="Report me", question_ids=[tf])
    log_in(page, live_server)
    open_quiz(page, live_server, "report-me")
    page.get_by_role("button", name="Save and finish…").click()
    page.get_by_role("button", name="Finish and see my result").click()
    page.get_by_role("link", name=re.compile("Report a problem with this question")).click()
    page.get_by_label("Comment (optional)").fill("The date in the question is the wrong year.")
    page.get_by_role("button", name="Send the report").click()
    expect(page.get_by_text("Choose why")).to_be_visible()
    expect(page.get_by_label("Comment (optional)")).to_have_value(
        "The date in the question is the wrong year."
    )
    assert_accessible(axe, page)
    page.get_by_label("The question is ambiguous").check()
    page.get_by_role("button", name="Send the report").click()
    expect(page.get_by_text("Thank you: your report was sent")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/result#review-1$"))
    with app.app_context():
        [report] = db.session.execute(db.select(QuestionReport)).scalars().all()
        assert report.comment == "The date in the question is the wrong year."


def test_a_visitor_sees_the_quizzes_and_a_new_student_is_offered_one(
    page: Page, live_server, axe, app, learner
):
    page.goto(live_server + "/")
    expect(page.get_by_role("heading", name="The quizzes")).to_be_visible()
    expect(page.get_by_role("link", name="Full test")).to_be_visible()
    assert_accessible(axe, page)
    page.get_by_role("link", name="Create a student account").click()
    page.get_by_label("Login name").fill("newcomer")
    page.get_by_label("Display name").fill("Newcomer")
    page.get_by_label("Password", exact=True).fill("a good password")
    page.get_by_label("Repeat password").fill("a good password")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="Start a quiz")).to_be_visible()
    page.get_by_role("link", name="Research or approved drug?").click()
    expect(page.get_by_role("button", name="Start the quiz")).to_be_visible()


def test_a_result_and_its_review_read_well_on_a_phone(page: Page, live_server, axe, app, learner):
    page.set_viewport_size(PHONE)
    log_in(page, live_server)
    open_quiz(page, live_server, "reading-the-article-critically")
    for _ in range(10):
        page.get_by_role("radio").first.check()
        page.get_by_role("button", name=re.compile("^(Save and next|Save and finish…)$")).click()
    page.get_by_role("button", name="Finish and see my result").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Your result")
    overflow = page.evaluate("document.documentElement.scrollWidth - innerWidth")
    assert overflow <= 0, f"the result scrolls sideways by {overflow}px"
    small = page.evaluate(
        """[...document.querySelectorAll('main .button, main button')]
           .filter(b => b.getBoundingClientRect().height < 44).map(b => b.textContent.trim())"""
    )
    assert small == []
    assert_accessible(axe, page)
    screenshot(page, "result-390")
    page.get_by_role("link", name="My attempts").click()
    table = page.locator(".table-wrap")
    assert table.evaluate("t => t.scrollWidth - t.clientWidth") <= 0, "the attempts table scrolls"
    assert_accessible(axe, page)


def test_the_clock_says_five_minutes_left_once_and_never_reads_out_every_second(
    page: Page, live_server, app, learner
):
    qid = first_of_type("single")[0]
    make_quiz(app, slug="timed", title="Timed", question_ids=[qid], time_limit_seconds=600)
    log_in(page, live_server)
    open_quiz(page, live_server, "timed")
    with app.app_context():
        attempt = db.session.execute(db.select(Attempt)).scalar_one()
        # Seven seconds to spare: a loaded machine may take a few to reload the page.
        attempt.deadline = now_utc() + timedelta(minutes=5, seconds=7)
        db.session.commit()
    page.reload()
    expect(page.locator(".timer-announce")).to_have_text("", timeout=1000)
    expect(page.locator(".timer-announce")).to_have_text("5 minutes left.", timeout=15_000)
    expect(page.get_by_role("timer")).to_have_attribute("aria-live", "off")
    expect(page.locator(".timer")).to_be_in_viewport()


def test_a_choice_not_yet_checked_survives_a_closed_tab_in_an_immediate_feedback_quiz(
    page: Page, live_server, app, learner
):
    log_in(page, live_server)
    open_quiz(page, live_server, "research-or-approved-drug")
    choice = page.get_by_role("radio").nth(2)
    picked = choice.get_attribute("value")
    choice.check()
    expect(saved_status(page)).to_have_text("Saved, not checked yet")
    context = page.context
    page.close()
    tab = context.new_page()
    open_quiz(tab, live_server, "research-or-approved-drug")
    expect(tab.locator(f'input[type=radio][value="{picked}"]')).to_be_checked()
    tab.get_by_role("button", name="Check answer").click()
    expect(tab.get_by_role("region", name="Feedback")).to_be_focused()
    assert len(kept(app)) == 1


def test_on_the_full_test_a_number_that_is_not_one_is_flagged_beside_its_question_at_once(
    page: Page, live_server, app, learner
):
    numeric, single = first_of_type("numeric")[0], first_of_type("single")[0]
    make_quiz(app, slug="mixed", title="Mixed", question_ids=[single, numeric], one_per_page=False)
    log_in(page, live_server)
    open_quiz(page, live_server, "mixed")
    page.locator("#q1").get_by_role("radio").first.check()
    expect(page.locator(".answered-count")).to_have_text("1")
    page.locator("#q2").get_by_label("Your answer (a number)").fill("two")
    expect(page.locator("#q2 .autosave-error")).to_contain_text("Type a number")
    expect(saved_status(page)).to_be_in_viewport()
    page.locator("#q2").get_by_label("Your answer (a number)").fill("2")
    expect(page.locator("#q2 .autosave-error")).to_have_text("")
    expect(page.locator(".answered-count")).to_have_text("2")
    assert set(kept(app)) == {single, numeric}
