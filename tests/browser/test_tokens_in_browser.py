"""In a real browser: a student revokes an API token on the profile page, and the server
refuses it from then on."""

import pytest
from playwright.sync_api import Page, expect

from quizapp.auth.service import create_user
from quizapp.extensions import db
from quizapp.models import ApiToken, Role
from tests.browser.conftest import assert_accessible, screenshot

pytestmark = pytest.mark.browser
PASSWORD = "a good password"


def test_a_student_revokes_a_lost_token_and_the_server_refuses_it(
    app, page: Page, live_server, axe
):
    with app.app_context():
        create_user("tokens.student", "Token Student", PASSWORD, Role.STUDENT)
    tokens = {}
    for name in ("laptop script", "lost phone"):
        reply = page.request.post(
            live_server + "/api/v1/tokens",
            data={"username": "tokens.student", "password": PASSWORD, "name": name},
        )
        assert reply.status == 201
        tokens[name] = {"Authorization": f"Bearer {reply.json()['token']}"}

    page.goto(live_server + "/auth/login")
    page.get_by_label("Login name").fill("tokens.student")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Profile").click()
    tokens_list = page.get_by_role("list", name="Your API tokens, newest first")
    expect(tokens_list.get_by_role("listitem").filter(has_text="laptop script")).to_be_visible()
    expect(tokens_list.get_by_role("listitem").filter(has_text="lost phone")).to_be_visible()
    assert_accessible(axe, page)
    screenshot(page, "profile-tokens-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the profile scrolls sideways by {overflow}px"
    screenshot(page, "profile-tokens-390")

    page.get_by_role("button", name="Revoke token lost phone").click()
    expect(page.get_by_role("status")).to_contain_text("The token is revoked.")
    expect(tokens_list.get_by_role("listitem").filter(has_text="lost phone")).to_have_count(0)
    expect(tokens_list.get_by_role("listitem").filter(has_text="laptop script")).to_be_visible()

    # What the server kept: the lost token is gone and refused, the other still works.
    refused = page.request.get(live_server + "/api/v1/quizzes", headers=tokens["lost phone"])
    assert refused.status == 401
    kept = page.request.get(live_server + "/api/v1/quizzes", headers=tokens["laptop script"])
    assert kept.status == 200
    with app.app_context():
        names = db.session.execute(db.select(ApiToken.name)).scalars().all()
    assert names == ["laptop script"]
