"""In a real browser: an instructor adds an image with alt text to a question, a student sees it."""

import io

import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import Locator, Page, expect

from quizapp.extensions import db
from quizapp.models import Question, Role
from tests.browser.conftest import assert_accessible, screenshot
from tests.browser.test_author_in_browser import log_in
from tests.images import HTML_AS_PNG
from tests.quizzes import load_bank

pytestmark = pytest.mark.browser
ALT = "A timeline: trials from 2015, the first approval on 2 January 2025"


def timeline_png() -> bytes:
    """A wide picture (800 x 300), so the narrow screen must shrink it."""
    image = Image.new("RGB", (800, 300), (245, 247, 250))
    draw = ImageDraw.Draw(image)
    draw.line((40, 150, 760, 150), fill=(40, 60, 90), width=6)
    for x, colour in ((120, (60, 120, 200)), (400, (60, 120, 200)), (680, (30, 150, 80))):
        draw.ellipse((x - 22, 128, x + 22, 172), fill=colour)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def choose(page: Page, name: str, data: bytes, mime: str = "image/png") -> None:
    page.get_by_label("Image (optional)").set_input_files(
        files=[{"name": name, "mimeType": mime, "buffer": data}]
    )


def open_new_question(page: Page, live_server: str, app, auth) -> None:
    """The bank's facts loaded, a teacher and a pupil, the teacher on the new question page."""
    load_bank(app, with_builtins=False)
    auth.make_user("teacher", password="teacher password", role=Role.INSTRUCTOR)
    auth.make_user("pupil", password="pupil password")
    log_in(page, live_server, "teacher", "teacher password")
    expect(page.get_by_role("link", name="Question bank")).to_be_visible()
    page.goto(live_server + "/author/questions/new")


def save_and_publish(page: Page, axe, app, name: str) -> Question:
    """The form passes axe-core, is photographed at 1280 and 390 px wide, is saved and the
    question published; the question as the server kept it."""
    assert_accessible(axe, page)
    screenshot(page, f"{name}-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, f"{name}-390")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.get_by_role("button", name="Save question").click()
    expect(page.get_by_role("status")).to_contain_text("Question saved as a draft.")
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("status")).to_contain_text("The question is now published.")
    with app.app_context():
        return db.session.execute(
            db.select(Question).where(Question.origin == "authored")
        ).scalar_one()


def fill_question(page: Page, prompt: str, right: str, wrong: str, correct: int = 1) -> None:
    """Write a two-option single-answer question about the first approval in the editor."""
    page.get_by_label("Question text (Markdown)").fill(prompt)
    page.get_by_label("Option 1", exact=True).fill(right if correct == 1 else wrong)
    page.get_by_label("Option 2", exact=True).fill(wrong if correct == 1 else right)
    page.get_by_label(f"Correct (option {correct})").check()
    page.get_by_label("Status").select_option("approved_drug")
    page.get_by_label("Facts tested (ids, comma-separated)").fill(
        "amimestrocel-conditional-approval"
    )
    page.get_by_label("Explanation (why the right answer is right)").fill(
        "The NMPA approved amimestrocel on 2 January 2025."
    )


def publish_in_quiz(page: Page, live_server: str, question_id: str, words: str, title: str):
    """Put the question (found by its first words) alone in a published quiz."""
    page.goto(live_server + "/author/quizzes/new")
    page.get_by_label("Title").fill(title)
    page.get_by_label("Search words or id").fill(question_id)
    page.get_by_role("checkbox", name=words).check()
    expect(page.locator("#chosen-list li")).to_have_count(1)
    page.get_by_label("Published (students can take it)").check()
    page.get_by_role("button", name="Save quiz").click()
    expect(page.get_by_role("status")).to_contain_text("Quiz saved.")


def student_sees(browser, live_server: str, alt: str) -> tuple[Page, Locator]:
    """The pupil, on a 390 px screen, starts the quiz "Dates" and sees the image of this alt."""
    student = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    log_in(student, live_server, "pupil", "pupil password")
    expect(student.get_by_role("button", name="Log out")).to_be_visible()
    student.goto(live_server + "/quizzes/dates")
    student.get_by_role("button", name="Start the quiz").click()
    image = student.get_by_role("img", name=alt)
    expect(image).to_be_visible()
    return student, image


def test_an_instructor_adds_an_image_with_alt_text_and_a_student_sees_it(
    page: Page, browser, live_server, axe, app, auth
):
    open_new_question(page, live_server, app, auth)
    when = "When did China approve its first one?"
    fill_question(page, when, "2 January 2025", "13 November 2025")
    # A page saved as .png is refused with a message, and what was typed stays.
    choose(page, "timeline.png", HTML_AS_PNG)
    page.get_by_label("Alt text: what the image shows, for people who cannot see it").fill(ALT)
    page.get_by_role("button", name="Save question").click()
    expect(page.get_by_text("This file is not a PNG, JPEG or WebP image")).to_be_visible()
    expect(page.get_by_label("Question text (Markdown)")).to_have_value(
        "When did China approve its first one?"
    )
    with app.app_context():
        authored = db.select(Question).where(Question.origin == "authored")
        assert db.session.execute(authored).first() is None

    choose(page, "timeline.png", timeline_png())
    above = page.get_by_role("group", name="Image shown above the question")
    expect(above.locator(".image-field__preview img")).to_be_visible()  # before saving
    expect(page.get_by_text("This file is not a PNG, JPEG or WebP image")).to_have_count(0)
    question = save_and_publish(page, axe, app, "images-form")
    expect(page.get_by_role("img", name=ALT)).to_be_visible()
    assert question.extra["image"]["alt"] == ALT
    assert (question.extra["image"]["width"], question.extra["image"]["height"]) == (800, 300)

    page.get_by_role("link", name="Edit", exact=True).click()
    expect(page.get_by_role("heading", name="Edit question")).to_be_visible()
    expect(page.get_by_role("img", name=ALT)).to_be_visible()  # the image kept, to replace
    expect(page.get_by_label("Remove the image")).not_to_be_checked()
    assert_accessible(axe, page)
    screenshot(page, "images-edit-1280")

    publish_in_quiz(page, live_server, question.id, "When did China approve", "Dates")

    student, image = student_sees(browser, live_server, ALT)
    assert image.evaluate("img => img.complete && img.naturalWidth") == 800
    box = image.bounding_box()
    assert box and box["width"] <= 390 and abs(box["width"] / box["height"] - 800 / 300) < 0.05
    served = student.request.get(live_server + image.get_attribute("src"))
    assert served.status == 200 and served.headers["content-type"] == "image/png"
    assert served.headers["x-content-type-options"] == "nosniff"
    assert_accessible(axe, student)
    screenshot(student, "images-question-390")
    student.set_viewport_size({"width": 1280, "height": 800})
    screenshot(student, "images-question-1280")
