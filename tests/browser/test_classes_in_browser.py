"""In a real browser: a teacher makes a class, a student joins by code and takes the assigned
quiz, and the teacher opens that attempt from the gradebook; every new page passes axe-core."""

import re

import pytest
from playwright.sync_api import Page, expect

from quizapp.extensions import db
from quizapp.models import Attempt, ClassMember, Classroom, Role
from tests.browser.conftest import assert_accessible, screenshot
from tests.quizzes import first_of_type, load_bank, make_quiz

pytestmark = pytest.mark.browser


def log_in(page: Page, base: str, username: str) -> None:
    """Log in through the form, as a person does."""
    page.goto(base + "/auth/login")
    page.get_by_label("Login name").fill(username)
    page.get_by_label("Password").fill("correct horse")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("status")).to_contain_text("Logged in as")


def log_out(page: Page) -> None:
    """Press the log out button."""
    page.get_by_role("button", name="Log out").click()


def both_widths(page: Page, name: str) -> None:
    """Screenshots at a phone's width and a laptop's, in test-output/."""
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, f"{name}-390")
    page.set_viewport_size({"width": 1280, "height": 800})
    screenshot(page, f"{name}-1280")


def test_a_class_from_creation_to_the_gradebook(page: Page, live_server, axe, app, auth):
    load_bank(app, with_builtins=False)
    make_quiz(
        app, slug="class-quiz", title="Class quiz", question_ids=first_of_type("true_false", 2)
    )
    auth.make_user("teacher", role=Role.INSTRUCTOR, display_name="Ms Teacher")
    auth.make_user("ann", display_name="Ann Learner")

    log_in(page, live_server, "teacher")
    page.get_by_role("link", name="Classes").click()
    assert_accessible(axe, page)
    page.get_by_role("link", name="Create a class").click()
    assert_accessible(axe, page)
    page.get_by_label("Class name").fill("7B Biology")
    page.get_by_role("button", name="Create class").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("7B Biology")
    code = page.locator(".code strong").inner_text()
    assert re.fullmatch(r"[A-Z2-9]{8}", code)
    qr = page.get_by_role("img", name="QR code of the join link for 7B Biology")
    expect(qr).to_be_visible()
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0"), "the QR code did not load"
    page.get_by_label("Quiz", exact=True).select_option(label="Class quiz")
    page.get_by_role("button", name="Assign").click()
    expect(page.get_by_text("Class quiz is assigned to 7B Biology.")).to_be_visible()
    assert_accessible(axe, page)
    both_widths(page, "class-detail")
    log_out(page)

    log_in(page, live_server, "ann")
    page.get_by_role("link", name="Classes").click()
    page.get_by_label("Join code").fill("WRONG123")
    page.get_by_role("button", name="Join class").click()
    expect(page.get_by_text("No class has the code WRONG123.")).to_be_visible()
    assert_accessible(axe, page)
    page.get_by_label("Join code").fill(code.lower())
    page.get_by_role("button", name="Join class").click()
    expect(page.get_by_text("You have joined 7B Biology.")).to_be_visible()
    assert_accessible(axe, page)
    page.get_by_role("button", name="Start Class quiz").click()
    for _ in range(2):
        page.get_by_role("radio").first.check()
        page.get_by_role("button", name=re.compile("^Save and (next|finish…)$")).click()
    page.get_by_role("button", name="Finish and see my result").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Your result")
    page.goto(page.url.split("/attempts")[0] + "/classes/")
    page.get_by_role("link", name="7B Biology").click()
    page.get_by_role("link", name="Class board").click()
    expect(page.locator("tr.me")).to_contain_text("Ann Learner")
    assert_accessible(axe, page)
    both_widths(page, "class-board")
    log_out(page)

    with app.app_context():
        classroom = db.session.execute(db.select(Classroom)).scalar_one()
        member = db.session.execute(db.select(ClassMember)).scalar_one()
        attempt = db.session.execute(db.select(Attempt)).scalar_one()
        assert classroom.join_code == code and member.user.username == "ann"
        assert attempt.assignment_id is not None and attempt.finished
        percent = attempt.percent

    log_in(page, live_server, "teacher")
    page.get_by_role("link", name="Classes").click()
    page.get_by_role("link", name="Gradebook of 7B Biology").click()
    assert_accessible(axe, page)
    both_widths(page, "class-gradebook")
    page.get_by_role("link", name=re.compile("Ann Learner, Class quiz")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ann Learner: Class quiz, attempt 1")
    expect(page.locator(".score strong")).to_have_text(f"{percent:.0f}%")
    assert page.locator(".review .feedback").count() == 2
    assert_accessible(axe, page)
    both_widths(page, "class-review")
