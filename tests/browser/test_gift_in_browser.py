"""In a real browser: an instructor pastes GIFT with a repeated question and a plain-text
option, sees the merge in the preview, imports, and sees the option's tags as text."""

import pytest
from playwright.sync_api import Page, expect

from quizapp.extensions import db
from quizapp.models import Question, Role
from tests.browser.conftest import assert_accessible, screenshot

pytestmark = pytest.mark.browser
GIFT = (
    "::Tags:: [html]<p>Which tag makes text <em>bold</em>?</p>{=[plain]<b> ~[plain]<i>}\n\n"
    "::Tomb:: Who's buried in Grant's tomb?{=no one =nobody}\n\n"
    "::Tomb:: Who's buried in Grant's tomb?{=no one =nobody#excellent answer!}\n\n"
    "::Tomb:: Who's buried in Grant's tomb?{=no one =nobody}\n"
)


def test_an_instructor_sees_exact_duplicates_merged_and_plain_options_as_text(
    page: Page, live_server, axe, app, auth
):
    auth.make_user("teacher", password="teacher password", role=Role.INSTRUCTOR)
    page.goto(live_server + "/auth/login")
    page.get_by_label("Login name").fill("teacher")
    page.get_by_label("Password").fill("teacher password")
    page.get_by_role("button", name="Log in").click()
    page.goto(live_server + "/author/import")
    page.get_by_label("Or paste GIFT text").fill(GIFT)
    page.get_by_role("button", name="Preview the import").click()
    expect(page.get_by_role("heading", name="Found 4 questions")).to_be_visible()
    expect(
        page.get_by_text("1 is an exact duplicate of another question in the file")
    ).to_be_visible()
    expect(page.get_by_role("cell", name="merged: same as line 3")).to_be_visible()
    assert_accessible(axe, page)
    screenshot(page, "gift-import-preview")
    page.get_by_role("button", name="Import 3 questions as drafts").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Imported 3 new question(s) as drafts; 0 updated, 0 already in the bank; "
        "1 merged as exact duplicate(s) of another question in the file."
    )
    with app.app_context():
        kept = db.session.execute(
            db.select(Question.id, Question.prompt).where(Question.origin == "imported")
        )
        prompts = {row.id: row.prompt for row in kept}
    assert sorted(prompts.values()) == [
        "<p>Which tag makes text <em>bold</em>?</p>",
        "Who's buried in Grant's tomb?",
        "Who's buried in Grant's tomb?",
    ]
    (tags_id,) = [qid for qid, prompt in prompts.items() if "tag" in prompt]
    page.goto(f"{live_server}/author/questions/{tags_id}")
    expect(page.get_by_text("Which tag makes text bold?")).to_be_visible()
    expect(page.get_by_label("<b>")).to_be_visible()
    expect(page.get_by_label("<i>")).to_be_visible()
    assert page.locator(".choice b, .choice i").count() == 0
    screenshot(page, "gift-plain-options")
