"""In a real browser: the question editor shows the chosen type's fields at once, keeps what was
typed across a switch, and saves two types of question by their labels; axe-core finds nothing."""

import pytest
from playwright.sync_api import Page, expect

from quizapp.extensions import db
from quizapp.models import Question, Role
from tests.browser.conftest import OUTPUT, assert_accessible, screenshot
from tests.browser.test_author_in_browser import log_in
from tests.quizzes import load_bank

pytestmark = pytest.mark.browser
FACT = "amimestrocel-conditional-approval"
SIZES = ((1280, 800), (390, 844))  # a laptop, a phone


def fill_the_rest(page: Page, explanation: str) -> None:
    """Status, fact and explanation, which every type has."""
    page.get_by_label("Status").select_option("approved_drug")
    page.get_by_label("Facts tested (ids, comma-separated)").fill(FACT)
    page.get_by_label("Explanation (why the right answer is right)").fill(explanation)


def instructor_in(page: Page, live_server: str, app, auth) -> None:
    """The bank loaded, and an instructor logged in on the page (its next page loaded)."""
    load_bank(app, with_builtins=False)
    auth.make_user("teacher", password="teacher password", role=Role.INSTRUCTOR)
    log_in(page, live_server, "teacher", "teacher password")
    expect(page.get_by_role("link", name="Question bank")).to_be_visible()


def authored(app) -> dict[str, Question]:
    """The instructors' questions by title, detached."""
    with app.app_context():
        rows = db.session.execute(db.select(Question).where(Question.origin == "authored"))
        found = {q.title: q for q in rows.scalars()}
        db.session.expunge_all()
        return found


def test_an_instructor_switches_type_with_script_and_saves_two_types(
    page: Page, browser, live_server, axe, app, auth
):
    instructor_in(page, live_server, app, auth)
    page.goto(live_server + "/author/questions/new")
    expect(page.get_by_role("heading", name="Write a question")).to_be_visible()
    # With script, the server's "Change type" button is not needed: the fields switch at once.
    expect(page.get_by_role("button", name="Change type")).to_be_hidden()
    expect(page.get_by_label("Option 1", exact=True)).to_be_visible()
    expect(page.get_by_label("Right number")).to_be_hidden()
    assert_accessible(axe, page)

    page.get_by_label("Title (a short name for lists; empty: the question's first words)").fill(
        "Year of the approval"
    )
    page.get_by_label("Question text (Markdown)").fill("In which year was amimestrocel approved?")
    page.get_by_label("Option 1", exact=True).fill("2025")  # typed before the switch
    page.get_by_label("Type").select_option(label="Numeric")
    expect(page.get_by_label("Right number")).to_be_visible()
    expect(page.get_by_label("Option 1", exact=True)).to_be_hidden()
    expect(page.get_by_text("Give the right number; an answer within")).to_be_visible()
    page.get_by_label("Type").select_option(label="Single answer")
    expect(page.get_by_label("Option 1", exact=True)).to_have_value("2025")  # kept
    page.get_by_label("Type").select_option(label="Numeric")
    page.get_by_label("Right number").fill("2025")
    page.get_by_label("Tolerance (±)").fill("0")
    fill_the_rest(page, "The NMPA approved it on 2 January 2025.")
    assert_accessible(axe, page)
    page.get_by_role("button", name="Save question").click()
    expect(page.get_by_role("status")).to_contain_text("Question saved as a draft.")
    expect(page.get_by_role("heading", name="Year of the approval")).to_be_visible()

    page.goto(live_server + "/author/questions/new")
    expect(page.get_by_role("heading", name="Write a question")).to_be_visible()
    page.get_by_label("Type").select_option(label="True or false")
    page.get_by_label("Question text (Markdown)").fill(
        "China's NMPA approved its first stem cell drug conditionally in January 2025."
    )
    page.get_by_role("radio", name="True").check()  # the radio's label is beside it
    fill_the_rest(page, "Amimestrocel, on 2 January 2025, conditionally.")
    page.get_by_role("checkbox", name="Conditional approval (approved drugs only)").check()
    page.get_by_role("button", name="Save question").click()
    expect(page.get_by_role("status")).to_contain_text("Question saved as a draft.")

    saved = authored(app)
    year = saved["Year of the approval"]
    assert (year.type, year.answer, year.options) == (
        "numeric",
        {"value": 2025.0, "tolerance": 0.0},
        [],
    )
    (statement,) = [q for title, q in saved.items() if title != "Year of the approval"]
    assert (statement.type, statement.answer, statement.conditional) == ("true_false", True, True)
    assert statement.title == "China's NMPA approved its first stem cell drug…"

    page.goto(live_server + "/author/questions?origin=authored")
    expect(page.get_by_role("link", name="Year of the approval")).to_be_visible()
    assert_accessible(axe, page)
    page.goto(live_server + "/author/questions?type=ordering")
    expect(page.get_by_role("link", name="(and 3 more)").first).to_be_visible()
    assert_accessible(axe, page)
    screenshot(page, "question-bank-ordering-1280")


@pytest.mark.parametrize("kind", ["single", "multiple", "true_false", "matching", "numeric"])
def test_the_editor_for_a_type_reads_well_wide_and_narrow(
    page: Page, browser, live_server, axe, app, auth, kind
):
    instructor_in(page, live_server, app, auth)
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"{live_server}/author/questions/new?type={kind}")
        expect(page.get_by_role("heading", name="Write a question")).to_be_visible()
        assert_accessible(axe, page)
        screenshot(page, f"question-editor-{kind}-{width}")


def test_without_script_change_type_asks_the_server_and_keeps_what_was_typed(
    browser, live_server, app, auth
):
    context = browser.new_context(java_script_enabled=False)
    context.set_default_timeout(5000)
    page = context.new_page()
    try:
        instructor_in(page, live_server, app, auth)
        page.goto(live_server + "/author/questions/new")
        page.get_by_label("Question text (Markdown)").fill("Put the approvals in order.")
        page.get_by_label("Type").select_option(label="Ordering")
        expect(page.get_by_label("Items in the right order (one per line)")).to_be_hidden()
        page.get_by_role("button", name="Change type").click()
        expect(page.get_by_label("Items in the right order (one per line)")).to_be_visible()
        expect(page.get_by_label("Question text (Markdown)")).to_have_value(
            "Put the approvals in order."
        )
        expect(page.get_by_label("Option 1", exact=True)).to_be_hidden()
        screenshot(page, "question-editor-no-script-ordering-1280")
        page.get_by_label("Items in the right order (one per line)").fill(
            "Temcell in Japan\nAlofisel in the EU\nAmimestrocel in China"
        )
        fill_the_rest(page, "By their dates.")
        page.get_by_role("button", name="Save question").click()
        expect(page.get_by_role("status")).to_contain_text("Question saved as a draft.")
        screenshot(page, "question-editor-no-script-saved")
    finally:
        context.close()
    (question,) = authored(app).values()
    assert (question.type, question.answer) == (
        "ordering",
        ["Temcell in Japan", "Alofisel in the EU", "Amimestrocel in China"],
    )


# The checkboxes and radio buttons whose label text is not on the same line as the box.
APART = """() => [...document.querySelectorAll('input[type=checkbox], input[type=radio]')]
  .filter((box) => box.offsetParent !== null)
  .filter((box) => {
    const label = box.labels && box.labels[0];
    if (!label) return true;
    const b = box.getBoundingClientRect();
    const range = document.createRange();
    range.selectNodeContents(label);
    const words = [...range.getClientRects()].filter((r) => r.width > 0 && r.left >= b.right);
    return !words.some((r) => r.top < b.bottom && r.bottom > b.top && r.left - b.right < 24);
  })
  .map((box) => box.name + '=' + box.value)"""


@pytest.mark.parametrize("path", ["/author/questions/new?type=multiple", "/author/quizzes/new"])
def test_every_box_has_its_label_beside_it_in_the_editor_and_the_builder(
    page: Page, browser, live_server, axe, app, auth, path
):
    instructor_in(page, live_server, app, auth)
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        page.goto(live_server + path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert page.evaluate(APART) == []
        if "quizzes" in path:
            screenshot(page, f"quiz-builder-{width}")
            # The full page is long: the screen a person sees at the bank's first rows too.
            page.get_by_role(
                "heading", name="Find questions in the bank"
            ).scroll_into_view_if_needed()
            page.screenshot(path=str(OUTPUT / f"quiz-builder-bank-{width}.png"))


def test_the_check_sees_a_label_above_or_far_from_its_box(page: Page):
    page.set_content(
        "<label for=a>Above</label><br><input type=checkbox id=a name=a>"
        "<p><input type=radio id=b name=b value=1>"
        "<span style='display:inline-block;width:300px'></span><label for=b>Far</label></p>"
        "<p><label><input type=checkbox name=c> Beside</label></p>"
    )
    assert page.evaluate(APART) == ["a=on", "b=1"]
