"""In a real browser: an instructor gives option 2 an image, a student picks it by its label."""

import io

import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import Page, expect

from quizapp.extensions import db
from quizapp.models import Answer
from tests.browser.conftest import assert_accessible, screenshot
from tests.browser.test_images_in_browser import (
    fill_question,
    open_new_question,
    publish_in_quiz,
    save_and_publish,
    student_sees,
)

pytestmark = pytest.mark.browser
ALT = "A calendar page: 2 January 2025"


def calendar_png() -> bytes:
    """A 600 x 400 picture, wider than a narrow screen's option label."""
    image = Image.new("RGB", (600, 400), (250, 250, 245))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 600, 90), fill=(180, 40, 40))
    for row in range(4):
        for col in range(7):
            x, y = 30 + col * 80, 120 + row * 65
            draw.rectangle((x, y, x + 60, y + 45), outline=(60, 60, 60), width=3)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def test_an_option_image_is_added_by_its_labels_and_a_student_picks_that_option(
    page: Page, browser, live_server, axe, app, auth
):
    open_new_question(page, live_server, app, auth)
    fill_question(page, "Which date was the first approval?", "2 January 2025", "2015", correct=2)
    # Option 2's image: folded under its row, opened, chosen and described by their labels.
    page.get_by_text("Image for option 2", exact=True).click()
    page.get_by_label("Image for option 2 (optional)").set_input_files(
        files=[{"name": "calendar.png", "mimeType": "image/png", "buffer": calendar_png()}]
    )
    row = page.locator(".option-image").nth(1)
    expect(row.locator(".image-field__preview img")).to_be_visible()  # before saving
    # Without alt text the form comes back with the image kept and the alt field marked.
    page.get_by_role("button", name="Save question").click()
    expect(page.get_by_text("people who cannot see it read this instead")).to_be_visible()
    expect(page.get_by_text("Image for option 2 (kept)")).to_be_visible()
    expect(row.locator(".image-field__kept img")).to_be_visible()  # no need to choose it again
    page.get_by_label("Alt text of option 2's image").fill(ALT)
    question = save_and_publish(page, axe, app, "option-image-form")
    expect(page.get_by_role("radio", name=ALT)).to_be_visible()  # the author's preview
    pictured = next(o for o in question.options if o.get("image"))
    assert pictured["text"] == "2 January 2025" and pictured["image"]["alt"] == ALT
    publish_in_quiz(page, live_server, question.id, "Which date was the first", "Dates")

    student, image = student_sees(browser, live_server, ALT)
    assert image.evaluate("img => img.complete && img.naturalWidth") == 600
    box = image.bounding_box()
    assert box and box["x"] + box["width"] <= 390
    assert student.evaluate("document.documentElement.scrollWidth - innerWidth") <= 0
    assert_accessible(axe, student)
    screenshot(student, "option-image-question-390")
    student.set_viewport_size({"width": 1280, "height": 800})
    screenshot(student, "option-image-question-1280")
    # The radio is named by the image's alt text and the option's text.
    student.get_by_role("radio", name=f"{ALT} 2 January 2025").check()
    student.get_by_role("button", name="Save and finish…").click()
    expect(student.get_by_role("heading", level=1)).to_have_text("Finish attempt 1?")
    with app.app_context():
        (answer,) = db.session.execute(db.select(Answer)).scalars()
        assert answer.response == pictured["id"]  # the server kept the option chosen
    student.get_by_role("button", name="Finish and see my result").click()
    # The result's review names answers in words (options are not drawn there).
    expect(student.get_by_role("heading", name="Your result: Dates")).to_be_visible()
    with app.app_context():
        assert db.session.execute(db.select(Answer.score)).scalar_one() == 1.0
    assert_accessible(axe, student)
    screenshot(student, "option-image-result-1280")
