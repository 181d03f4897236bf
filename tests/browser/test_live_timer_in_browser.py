"""In a real browser: a timed question moves the projector and the phones to its reveal when its
time is up, with no click from the host; the screens pass axe-core; the server kept the answer
sent in time and nothing after."""

import pytest
from playwright.sync_api import Browser, Page, expect

from quizapp.extensions import db
from quizapp.live.models import LiveAnswer
from quizapp.models import Role
from tests.browser.conftest import assert_accessible, screenshot
from tests.browser.test_live_in_browser import log_in, option_texts, phone, press
from tests.quizzes import first_of_type, load_bank, make_quiz

pytestmark = pytest.mark.browser
TIMER = 5  # the shortest the form allows; the reveal comes 2 s of grace later
WAIT = 20_000


def test_the_timer_reveals_the_question_on_the_projector_and_the_phones(
    page: Page, browser: Browser, live_server, axe, app, auth
):
    load_bank(app, with_builtins=False)
    question = first_of_type("single")[0]
    make_quiz(app, slug="timed", title="Timed quiz", question_ids=[question])
    auth.make_user("teacher", role=Role.INSTRUCTOR)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.set_default_timeout(WAIT)
    log_in(page, live_server, "teacher")
    page.goto(live_server + "/live/host/new")
    page.get_by_label("Quiz", exact=True).select_option(label="Timed quiz")
    page.get_by_label("Timer per question (seconds)").fill(str(TIMER))
    page.get_by_role("button", name="Open the lobby").click()
    code = page.locator(".live-code").inner_text().replace(" ", "")
    session_id = int(page.url.rsplit("/", 1)[1])
    una, kim = phone(browser), phone(browser)
    for player, name in ((una, "Una"), (kim, "Kim")):
        player.set_default_timeout(WAIT)
        player.goto(f"{live_server}/join?code={code}")
        player.get_by_label("Nickname").fill(name)
        player.get_by_role("button", name="Join").click()
        expect(player.get_by_role("heading", level=1)).to_have_text("You are in!")

    page.get_by_role("button", name="Start the first question").click()
    expect(page.get_by_text("Question 1 of 1")).to_be_visible()
    _, right, _ = option_texts(app, session_id, 0)
    expect(una.get_by_text("Question 1 of 1")).to_be_visible()
    press(una, right[0])
    expect(una.get_by_role("status")).to_contain_text("Answer received")

    # Kim answers nothing; nobody clicks. The time runs out, then the reveal comes by itself.
    expect(page.get_by_text("Question 1 of 1: the answer")).to_be_visible(timeout=WAIT)
    expect(page.get_by_text("1 of 2 answered")).to_be_visible()
    expect(page.get_by_role("button", name="Show the podium")).to_be_visible()
    expect(una.get_by_role("heading", level=1)).to_contain_text("Right", timeout=WAIT)
    expect(kim.get_by_role("heading", level=1)).to_contain_text("No answer", timeout=WAIT)
    assert_accessible(axe, page)
    assert_accessible(axe, una)
    assert_accessible(axe, kim)
    screenshot(page, "live-projector-timed-reveal-1280")
    screenshot(una, "live-phone-timed-reveal-390")
    with app.app_context():
        kept = db.session.execute(db.select(LiveAnswer)).scalars().all()
    assert [(a.position, a.points) for a in kept] == [(0, 100)]  # Una's, right; none of Kim
