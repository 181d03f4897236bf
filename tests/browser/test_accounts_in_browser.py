"""In a real browser: register, log out, log in, with an accessibility audit of every page."""

import pytest
from playwright.sync_api import Page, expect

from quizapp.models import Role
from tests.browser.conftest import assert_accessible, screenshot

pytestmark = pytest.mark.browser


def test_a_student_registers_logs_out_and_logs_in_again(page: Page, live_server, axe):
    page.goto(live_server + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Has stem cell therapy been approved in China?"
    )
    assert_accessible(axe, page)

    page.get_by_role("link", name="Create a student account").click()
    expect(page).to_have_url(live_server + "/auth/register")
    assert_accessible(axe, page)
    page.get_by_label("Login name").fill("browser.student")
    page.get_by_label("Display name").fill("Browser Student")
    page.get_by_label("Password", exact=True).fill("a good password")
    page.get_by_label("Repeat password").fill("a good password")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("status")).to_contain_text("Welcome, Browser Student!")
    assert_accessible(axe, page)

    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("status")).to_contain_text("You are logged out.")
    page.get_by_role("link", name="Log in").first.click()
    assert_accessible(axe, page)
    page.get_by_label("Login name").fill("BROWSER.student")
    page.get_by_label("Password").fill("a good password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("status")).to_contain_text("Logged in as Browser Student.")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def test_a_form_with_mistakes_shows_each_message_beside_its_field(page: Page, live_server, axe):
    page.goto(live_server + "/auth/register")
    page.get_by_label("Login name").fill("x")
    page.get_by_label("Password", exact=True).fill("short")
    page.get_by_label("Repeat password").fill("different")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_text("A login name has 3 to 40 characters.")).to_be_visible()
    expect(page.get_by_text("Choose a display name.")).to_be_visible()
    expect(page.get_by_label("Login name")).to_have_attribute("aria-invalid", "true")
    assert_accessible(axe, page)


def test_the_pages_fit_a_360_pixel_wide_phone(page: Page, live_server, axe):
    page.set_viewport_size({"width": 360, "height": 740})
    for path in ("/", "/auth/login", "/auth/register", "/missing"):
        page.goto(live_server + path)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"
        assert_accessible(axe, page)
    screenshot(page, "error-page-360")


def test_an_admin_changes_a_role_in_the_browser(page: Page, live_server, axe, auth):
    auth.make_user("boss", password="boss password", role=Role.ADMIN)
    auth.make_user("pupil")
    page.goto(live_server + "/auth/login")
    page.get_by_label("Login name").fill("boss")
    page.get_by_label("Password").fill("boss password")
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Accounts").click()
    assert_accessible(axe, page)
    page.get_by_label("Role of pupil").select_option("instructor")
    page.get_by_role("button", name="Save role of pupil").click()
    expect(page.get_by_role("status")).to_contain_text("pupil is now instructor.")
