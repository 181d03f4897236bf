"""In a real browser: the host's lobby grows without a reload as phones join, and two phones
play a number, a short answer, a matching and an ordering through to the podium, one of them
reloading mid-question; every new screen passes axe-core, on the projector and at 390 px; the
server's rows are checked against what the people did."""

import re

import pytest
from playwright.sync_api import Page, expect

from quizapp.extensions import db
from quizapp.live.models import LiveAnswer, LivePlayer, LiveSession
from quizapp.models import Question, Role
from tests.browser.conftest import assert_accessible, screenshot
from tests.browser.test_live_in_browser import WAIT, log_in, phone
from tests.quizzes import load_bank, make_quiz

pytestmark = pytest.mark.browser
TYPES = ("numeric", "short", "matching", "ordering")


def join_as_guest(page: Page, base: str, code: str, nickname: str) -> None:
    """A phone joins with the code and a nickname, as a person does."""
    page.goto(base + "/join")
    page.get_by_label("Session code").fill(code)
    page.get_by_label("Nickname").fill(nickname)
    page.get_by_role("button", name="Join").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You are in!")


def question(app, session_id: int, position: int) -> Question:
    """The session's question at position, from the database."""
    with app.app_context():
        session = db.session.get(LiveSession, session_id)
        row = db.session.get(Question, session.question_ids[position])
        db.session.expunge(row)
        return row


def kept(app, session_id: int) -> dict[tuple[str, int], tuple[object, int]]:
    """The session's answers as stored: (player, position) -> (response, points)."""
    with app.app_context():
        rows = db.session.execute(
            db.select(LivePlayer.name, LiveAnswer.position, LiveAnswer.response, LiveAnswer.points)
            .join(LivePlayer, LivePlayer.id == LiveAnswer.player_id)
            .where(LiveAnswer.session_id == session_id)
        )
        return {(name, n): (response, points) for name, n, response, points in rows}


def send(player: Page) -> None:
    """Tap "Send my answer" and wait for the page that says it was received."""
    player.get_by_role("button", name="Send my answer").click()
    expect(player.get_by_role("status")).to_contain_text("Answer received")


def check(axe, page: Page, name: str) -> None:
    """axe-core finds nothing on the page; a screenshot is kept for a person to look at."""
    assert_accessible(axe, page)
    screenshot(page, name)


def wait_for(number: int, *players: Page) -> None:
    """Each phone shows the question, by itself (it polls)."""
    for player in players:
        expect(player.get_by_text(f"Question {number} of 4")).to_be_visible()


def reveal(page: Page, axe, name: str, row: re.Pattern, count: str) -> None:
    """The host reveals; the row of the projector's table shows the count; axe; screenshot."""
    page.get_by_role("button", name="Reveal the answer").click()
    expect(page.get_by_role("row", name=row)).to_contain_text(count)
    check(axe, page, f"live-typed-projector-{name}-reveal-1280")


def verdict(player: Page, axe, words: str, name: str = "") -> None:
    """The phone's heading says how the answer did; axe (and a screenshot when named)."""
    expect(player.get_by_role("heading", level=1)).to_contain_text(words)
    assert_accessible(axe, player)
    if name:
        screenshot(player, name)


def test_a_lobby_grows_in_place_and_phones_play_typed_questions_with_a_reload(
    page: Page, browser, live_server, axe, app, auth
):
    load_bank(app, with_builtins=False)
    from tests.quizzes import first_of_type

    make_quiz(
        app,
        slug="typed-quiz",
        title="Typed quiz",
        question_ids=[first_of_type(kind)[0] for kind in TYPES],
    )
    auth.make_user("teacher", role=Role.INSTRUCTOR, display_name="Ms Teacher")
    page.set_default_timeout(WAIT)
    log_in(page, live_server, "teacher")
    page.goto(live_server + "/live/host/new")
    page.get_by_label("Quiz", exact=True).select_option(label="Typed quiz")
    page.get_by_role("button", name="Open the lobby").click()
    code = page.locator(".live-code").inner_text().replace(" ", "")
    session_id = int(page.url.rsplit("/", 1)[1])
    assert [question(app, session_id, n).type for n in range(4)] == list(TYPES)

    # The lobby: names and count arrive without a reload; a screen reader hears a count.
    page.evaluate("window.drawnOnce = true")
    una, kim, oops = phone(browser), phone(browser), phone(browser)
    join_as_guest(una, live_server, code, "Una")
    expect(page.locator(".live-names")).to_contain_text("Una")
    expect(page.get_by_role("heading", level=2)).to_contain_text("1 joined")
    expect(page.locator("[data-joined-news]")).to_have_text("1 player joined; 1 in the room.")
    join_as_guest(kim, live_server, code, "Kim")
    join_as_guest(oops, live_server, code, "Oops")
    expect(page.get_by_role("heading", level=2)).to_contain_text("3 joined")
    expect(page.locator(".live-names")).to_contain_text("Kim")
    # Said a few seconds after the first news: both joins in one sentence.
    expect(page.locator("[data-joined-news]")).to_have_text("2 players joined; 3 in the room.")
    assert page.evaluate("window.drawnOnce === true"), "the lobby reloaded the page"
    assert_accessible(axe, page)
    screenshot(page, "live-typed-projector-lobby-1280")
    # A name added in place has a working Remove button.
    page.get_by_role("button", name="Remove Oops").click()
    expect(page.get_by_role("status").filter(has_text="The player was removed")).to_be_visible()
    expect(page.get_by_role("heading", level=2)).to_contain_text("2 joined")
    expect(page.locator(".live-names")).not_to_contain_text("Oops")
    with app.app_context():
        removed = db.session.execute(
            db.select(LivePlayer.name).where(LivePlayer.removed.is_(True))
        ).scalars()
        assert list(removed) == ["Oops"]
    oops.context.close()

    # Question 1, a number: a decimal keyboard, then a reload that keeps the answer.
    page.get_by_role("button", name="Start the first question").click()
    wait_for(1, una, kim)
    expect(page.get_by_text("Type a number on your phone")).to_be_visible()
    number = una.get_by_label("Your answer (a number)")
    assert number.get_attribute("inputmode") == "decimal"
    check(axe, una, "live-typed-phone-numeric-390")
    screenshot(page, "live-typed-projector-numeric-1280")
    number.fill("14")
    send(una)
    una.reload()
    expect(una.get_by_role("status")).to_contain_text("Answer received: 14")
    expect(una.get_by_label("Your answer (a number)")).to_have_value("14")
    assert kept(app, session_id)[("Una", 0)] == (14, 100)
    kim.get_by_label("Your answer (a number)").fill("18")
    send(kim)
    expect(page.get_by_role("status")).to_contain_text("2 of 2 have answered")
    reveal(page, axe, "numeric", re.compile("^14 right"), "1 (50%)")
    expect(una.get_by_role("heading", level=1)).to_contain_text("Right")
    verdict(kim, axe, "Not right", "live-typed-phone-numeric-reveal-390")

    # Question 2, a short answer: grouped as grading reads it on the projector.
    page.get_by_role("button", name="Next question").click()
    wait_for(2, una, kim)
    una.get_by_label("Your answer").fill("Amimestrocel.")
    send(una)
    kim.get_by_label("Your answer").fill("  amimestrocel")
    send(kim)
    check(axe, kim, "live-typed-phone-short-390")
    reveal(page, axe, "short", re.compile("^amimestrocel right"), "2 (100%)")
    verdict(kim, axe, "Right")

    # Question 3, a matching: a select per item.
    page.get_by_role("button", name="Next question").click()
    wait_for(3, una, kim)
    pairs = question(app, session_id, 2).answer
    rights = [r for _, r in pairs]
    for n, (left, right) in enumerate(pairs):  # Kim gives each the next one's: all wrong
        una.get_by_label(left, exact=True).select_option(right)
        kim.get_by_label(left, exact=True).select_option(rights[(n + 1) % len(rights)])
    check(axe, una, "live-typed-phone-matching-390")
    screenshot(page, "live-typed-projector-matching-1280")
    send(una)
    send(kim)
    reveal(page, axe, "matching", re.compile(f"^{re.escape(pairs[0][0])}"), "1 right (50%)")
    verdict(kim, axe, "Not right")

    # Question 4, an ordering: a position per item, a reload mid-question keeps them.
    page.get_by_role("button", name="Next question").click()
    wait_for(4, una, kim)
    items = question(app, session_id, 3).answer
    swapped = [items[1], items[0], *items[2:]]  # Kim swaps the first two: half right
    for n, (item, other) in enumerate(zip(items, swapped, strict=True), 1):
        una.get_by_label(item, exact=True).select_option(str(n))
        kim.get_by_label(other, exact=True).select_option(str(n))
    check(axe, una, "live-typed-phone-ordering-390")
    screenshot(page, "live-typed-projector-ordering-1280")
    send(una)
    una.reload()
    expect(una.get_by_role("status")).to_contain_text("Answer received")
    for n, item in enumerate(items, 1):
        expect(una.get_by_label(item, exact=True)).to_have_value(str(n))
    assert kept(app, session_id)[("Una", 3)] == (items, 100)
    send(kim)
    reveal(page, axe, "ordering", re.compile(f"^3 {re.escape(items[2])}"), "2 right (100%)")
    verdict(kim, axe, "Partly right", "live-typed-phone-ordering-reveal-390")
    page.set_viewport_size({"width": 390, "height": 844})  # the projector's reveal, phone-sized
    check(axe, page, "live-typed-projector-ordering-reveal-390")

    page.get_by_role("button", name="Show the podium").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The podium")
    expect(una.get_by_text("You finished 1 of 2")).to_be_visible()

    answers = kept(app, session_id)
    assert {key: points for key, (_, points) in answers.items()} == {
        ("Una", 0): 100,
        ("Kim", 0): 0,
        ("Una", 1): 100,
        ("Kim", 1): 100,
        ("Una", 2): 100,
        ("Kim", 2): 0,
        ("Una", 3): 100,
        ("Kim", 3): 50,
    }
    assert answers[("Kim", 1)][0] == "amimestrocel" and answers[("Una", 2)][0] == dict(pairs)
    for player in (una, kim):
        player.context.close()
