"""In a real browser: an instructor builds a quiz with the picker using only the keyboard, and
the server keeps the order chosen; a new account is offered its browser's time zone."""

import pytest
from playwright.sync_api import Locator, Page, expect

from quizapp.extensions import db
from quizapp.models import Quiz, Role, User
from tests.browser.conftest import assert_accessible, screenshot
from tests.browser.test_author_in_browser import log_in
from tests.quizzes import first_of_type, load_bank

pytestmark = pytest.mark.browser


def tab_to(page: Page, target: Locator, limit: int = 400) -> None:
    """Press Tab (as a person would) until the target has the focus; fail if it never does."""
    handle = target.element_handle()
    for _ in range(limit):
        if page.evaluate("(el) => document.activeElement === el", handle):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {target}")


def chosen_ids(page: Page) -> list[str]:
    """The ids the chosen list holds, in order, as the form will post them."""
    return page.locator("#chosen-list input[name=question_ids]").evaluate_all(
        "(inputs) => inputs.map((i) => i.value)"
    )


def test_an_instructor_builds_a_quiz_with_the_picker_using_only_the_keyboard(
    page: Page, live_server, axe, app, auth
):
    load_bank(app)
    auth.make_user("teacher", password="teacher password", role=Role.INSTRUCTOR)
    log_in(page, live_server, "teacher", "teacher password")
    page.goto(live_server + "/author/quizzes/new")
    assert_accessible(axe, page)
    a, b, c = first_of_type("single", 3)

    page.keyboard.press("Tab")
    tab_to(page, page.get_by_label("Title"))
    page.keyboard.type("Keyboard quiz")
    search = page.get_by_label("Search words or id")
    for qid in (a, b, c):
        tab_to(page, search)
        page.keyboard.press("Control+A")
        page.keyboard.type(qid)
        page.keyboard.press("Enter")  # searches; never saves the quiz
        expect(page.locator("#bank-list li")).to_have_count(1)
        box = page.locator(f"#bank-list input[name=pick][value='{qid}']")
        page.keyboard.press("Shift+Tab")  # back from the search box, then forward to the box
        tab_to(page, box)
        page.keyboard.press("Space")
        expect(box).to_be_checked()
    assert chosen_ids(page) == [a, b, c]
    expect(page.locator("#picker-status")).to_contain_text("Added as question 3")

    last_up = page.locator(f"#chosen-list li[data-id='{c}'] [data-move=up]")
    tab_to(page, last_up)
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")  # the focus stays on the button that moved
    expect(page.locator("#picker-status")).to_contain_text("to position 1 of 3")
    assert chosen_ids(page) == [c, a, b]
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")  # out of the first row, then forward again
    tab_to(page, page.locator(f"#chosen-list li[data-id='{a}'] [data-move=down]"))
    page.keyboard.press("Enter")
    assert chosen_ids(page) == [c, b, a]
    tab_to(page, page.locator(f"#chosen-list li[data-id='{b}'] [data-preview]"))
    page.keyboard.press("Enter")
    expect(page.locator("#preview-body [data-preview-of]")).to_have_attribute("data-preview-of", b)
    assert_accessible(axe, page)
    screenshot(page, "quiz-builder-picker-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "quiz-builder-picker-390")
    page.set_viewport_size({"width": 1280, "height": 800})

    tab_to(page, page.get_by_role("button", name="Save quiz"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").first).to_contain_text("Quiz saved.")
    page.reload()
    assert chosen_ids(page) == [c, b, a]
    expect(page.locator("#chosen-list li").first).to_contain_text("Move up")
    with app.app_context():
        quiz = db.session.execute(db.select(Quiz).where(Quiz.title == "Keyboard quiz")).scalar_one()
        assert quiz.question_ids == [c, b, a]
    assert_accessible(axe, page)


def test_a_random_draw_counts_what_it_can_use_as_the_instructor_types(
    page: Page, live_server, axe, app, auth
):
    load_bank(app)
    auth.make_user("teacher", password="teacher password", role=Role.INSTRUCTOR)
    log_in(page, live_server, "teacher", "teacher password")
    page.goto(live_server + "/author/quizzes/new")
    page.get_by_label("Drawn at random for each attempt").check()
    expect(page.locator(".picker")).to_be_hidden()
    everything = int(page.locator("[data-available]").inner_text())
    page.get_by_label("Draw only these types").select_option("classify")
    expect(page.locator("[data-available]")).not_to_have_text(str(everything))
    fewer = int(page.locator("[data-available]").inner_text())
    assert 0 < fewer < everything
    row = page.locator("[data-need]").first
    row.get_by_label("Any of (comma-separated)").fill("research")
    expect(row.locator("[data-need-count]")).to_contain_text("of them meet this need.")
    assert_accessible(axe, page)
    screenshot(page, "quiz-builder-draw-1280")


def test_the_profile_offers_the_browser_time_zone_and_keeps_it_only_when_saved(
    browser, live_server, axe, app, auth
):
    auth.make_user("traveller", password="traveller password")
    context = browser.new_context(timezone_id="Asia/Shanghai")
    context.set_default_timeout(5000)
    page = context.new_page()
    log_in(page, live_server, "traveller", "traveller password")
    page.goto(live_server + "/auth/profile")
    expect(page.get_by_label("Time zone")).to_have_value("Asia/Shanghai")
    expect(page.get_by_text("Your browser says you are in Asia/Shanghai")).to_be_visible()
    assert_accessible(axe, page)
    with app.app_context():
        user = db.session.execute(db.select(User).where(User.username == "traveller")).scalar_one()
        assert user.time_zone is None  # offered, not stored
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_role("status").first).to_contain_text("dates are shown in Asia/Shanghai")
    with app.app_context():
        user = db.session.execute(db.select(User).where(User.username == "traveller")).scalar_one()
        assert user.time_zone == "Asia/Shanghai"
    context.close()


def test_a_chosen_question_dragged_with_the_mouse_is_saved_where_it_was_dropped(
    page: Page, live_server, app, auth
):
    load_bank(app)
    auth.make_user("teacher", password="teacher password", role=Role.INSTRUCTOR)
    log_in(page, live_server, "teacher", "teacher password")
    page.goto(live_server + "/author/quizzes/new")
    a, b, c = first_of_type("single", 3)
    page.get_by_label("Title").fill("Dragged")
    for qid in (a, b, c):
        page.get_by_label("Search words or id").fill(qid)
        expect(page.locator("#bank-list li")).to_have_count(1)
        page.locator(f"#bank-list input[name=pick][value='{qid}']").check()
    expect(page.locator("#chosen-list li")).to_have_count(3)
    page.locator(f"#chosen-list li[data-id='{c}'] .chosen-text").drag_to(
        page.locator(f"#chosen-list li[data-id='{a}'] .chosen-text"),
        target_position={"x": 5, "y": 2},  # the top edge: dropped before it
    )
    assert chosen_ids(page) == [c, a, b]
    page.get_by_role("button", name="Save quiz").click()
    expect(page.get_by_role("status").first).to_contain_text("Quiz saved.")
    with app.app_context():
        quiz = db.session.execute(db.select(Quiz).where(Quiz.title == "Dragged")).scalar_one()
        assert quiz.question_ids == [c, a, b]
