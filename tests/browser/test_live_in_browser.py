"""In a real browser: a teacher projects a live session and three phones play it through, one
of them reloading mid-question; every screen passes axe-core, on the projector and at 390 px;
then the server's rows are checked against what the people did."""

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from quizapp.extensions import db
from quizapp.live.models import LiveAnswer, LivePlayer, LiveSession
from quizapp.models import Question, Role
from tests.browser.conftest import assert_accessible, screenshot
from tests.quizzes import first_of_type, load_bank, make_quiz

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
WAIT = 10_000  # a poll a second, then a page load, on a loaded machine


def log_in(page: Page, base: str, username: str) -> None:
    """Log in through the form, as a person does."""
    page.goto(base + "/auth/login")
    page.get_by_label("Login name").fill(username)
    page.get_by_label("Password").fill("correct horse")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("status")).to_contain_text("Logged in as")


def phone(browser: Browser) -> Page:
    """A phone's browser: its own cookies, 390 px wide."""
    context = browser.new_context(viewport=PHONE)
    context.set_default_timeout(WAIT)
    return context.new_page()


def option_texts(app, session_id: int, position: int) -> tuple[str, list[str], list[str]]:
    """(the question's type, its right options' texts, its wrong ones') from the database."""
    with app.app_context():
        session = db.session.get(LiveSession, session_id)
        question = db.session.get(Question, session.question_ids[position])
        right = [o["text"] for o in question.options if o["correct"]]
        wrong = [o["text"] for o in question.options if not o["correct"]]
        return question.type, right, wrong


def press(page: Page, text: str) -> None:
    """Tap the answer button showing this text."""
    page.get_by_role("group", name="Answers").get_by_role(
        "button", name=re.compile(re.escape(text))
    ).click()


def test_a_live_session_from_lobby_to_podium_with_a_reload(
    page: Page, browser: Browser, live_server, axe, app, auth
):
    load_bank(app, with_builtins=False)
    make_quiz(
        app,
        slug="live-quiz",
        title="Live quiz",
        question_ids=[first_of_type("single")[0], first_of_type("multiple")[0]],
    )
    auth.make_user("teacher", role=Role.INSTRUCTOR, display_name="Ms Teacher")
    auth.make_user("ann", display_name="Ann Learner")
    page.set_default_timeout(WAIT)

    # The teacher opens a lobby and projects it.
    log_in(page, live_server, "teacher")
    page.get_by_role("link", name="Live sessions").click()
    page.get_by_role("link", name="Host a live session").click()
    assert_accessible(axe, page)
    page.get_by_label("Quiz", exact=True).select_option(label="Live quiz")
    page.get_by_role("button", name="Open the lobby").click()
    code = page.locator(".live-code").inner_text().replace(" ", "")
    assert re.fullmatch(r"\d{6}", code)
    qr = page.get_by_role("img", name=re.compile("QR code of the join link"))
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0"), "the QR code did not load"
    session_id = int(page.url.rsplit("/", 1)[1])

    # Three phones join: a guest by code, a student logged in, a guest by the join link.
    una, ann, kim = phone(browser), phone(browser), phone(browser)
    una.goto(live_server + "/join")
    una.get_by_label("Session code").fill(code)
    una.get_by_label("Nickname").fill("Una")
    una.get_by_role("button", name="Join").click()
    expect(una.get_by_role("heading", level=1)).to_have_text("You are in!")
    assert_accessible(axe, una)
    screenshot(una, "live-phone-lobby-390")
    log_in(ann, live_server, "ann")
    ann.goto(live_server + "/join")
    ann.get_by_label("Session code").fill(code)
    ann.get_by_role("button", name="Join").click()
    kim.goto(f"{live_server}/join?code={code}")
    kim.get_by_label("Nickname").fill("Una")  # taken: a clear message, then another name
    kim.get_by_role("button", name="Join").click()
    expect(kim.get_by_text("Someone in this session has that nickname.")).to_be_visible()
    assert_accessible(axe, kim)
    kim.get_by_label("Nickname").fill("Kim")
    kim.get_by_role("button", name="Join").click()
    expect(kim.get_by_role("heading", level=1)).to_have_text("You are in!")

    # The projector's lobby shows the count and the names without a click.
    expect(page.get_by_role("heading", level=2)).to_contain_text("3 joined")
    for name in ("Una", "Ann Learner", "Kim"):
        expect(page.locator(".live-names")).to_contain_text(name)
    assert_accessible(axe, page)
    screenshot(page, "live-projector-lobby-1280")

    # Question 1: the phones follow the host's click by themselves.
    page.get_by_role("button", name="Start the first question").click()
    kind, right, wrong = option_texts(app, session_id, 0)
    assert kind == "single"
    for player in (una, ann, kim):
        expect(player.get_by_text("Question 1 of 2")).to_be_visible()
    assert_accessible(axe, page)
    assert_accessible(axe, una)
    screenshot(page, "live-projector-question-1280")
    screenshot(una, "live-phone-question-390")
    press(una, right[0])
    expect(una.get_by_role("status")).to_contain_text("Answer received")
    una.reload()  # mid-question: the page comes back with the answer the server kept
    expect(una.get_by_role("status")).to_contain_text(f"Answer received: {right[0]}")
    press(ann, right[0])
    press(kim, wrong[0])
    expect(page.get_by_role("status")).to_contain_text("3 of 3 have answered")

    page.get_by_role("button", name="Reveal the answer").click()
    expect(page.get_by_text("✓ the answer")).to_be_visible()
    expect(page.locator(".badge")).to_be_visible()
    assert_accessible(axe, page)
    screenshot(page, "live-projector-reveal-1280")
    expect(una.get_by_role("heading", level=1)).to_contain_text("Right")
    expect(kim.get_by_role("heading", level=1)).to_contain_text("Not right")
    assert_accessible(axe, kim)
    screenshot(kim, "live-phone-reveal-390")

    page.get_by_role("button", name="Show the leaderboard").click()
    expect(page.get_by_role("table", name="Top five")).to_contain_text("Kim")
    assert_accessible(axe, page)
    expect(kim.get_by_text("You are 3 of 3")).to_be_visible()

    # Question 2 (several answers): checkboxes and a send button.
    page.get_by_role("button", name="Next question").click()
    kind, right, wrong = option_texts(app, session_id, 1)
    assert kind == "multiple"
    for player in (una, ann, kim):
        expect(player.get_by_text("Question 2 of 2")).to_be_visible()
    for text in right:
        ann.get_by_label(re.compile(re.escape(text))).check()
    ann.get_by_role("button", name="Send my answer").click()
    expect(ann.get_by_role("status")).to_contain_text("Answer received")
    assert_accessible(axe, ann)
    kim.get_by_label(re.compile(re.escape(wrong[0]))).check()
    kim.get_by_role("button", name="Send my answer").click()
    expect(page.get_by_role("status")).to_contain_text("2 of 3 have answered")
    page.get_by_role("button", name="Reveal the answer").click()
    expect(una.get_by_role("heading", level=1)).to_contain_text("No answer")
    page.get_by_role("button", name="Show the podium").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The podium")
    assert_accessible(axe, page)
    screenshot(page, "live-projector-podium-1280")
    expect(ann.get_by_text("You finished 1 of 3")).to_be_visible()
    assert_accessible(axe, ann)
    screenshot(ann, "live-phone-podium-390")
    page.set_viewport_size(PHONE)  # the projector page on a phone-sized window too
    assert_accessible(axe, page)

    # What the server kept: each answer once, the reloaded player's included.
    with app.app_context():
        names = {
            p.id: p.name
            for p in db.session.execute(
                db.select(LivePlayer).where(LivePlayer.session_id == session_id)
            ).scalars()
        }
        kept = {
            (names[a.player_id], a.position): a.points
            for a in db.session.execute(db.select(LiveAnswer)).scalars()
        }
    assert kept == {
        ("Una", 0): 100,
        ("Ann Learner", 0): 100,
        ("Kim", 0): 0,
        ("Ann Learner", 1): 100,
        ("Kim", 1): 0,
    }
    for player in (una, ann, kim):
        player.context.close()
