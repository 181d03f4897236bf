"""Sessions and headers: CSP without inline scripts, cookie flags, session renewal."""

import pytest

from quizapp import create_app
from tests.accounts import AuthActions, csrf_token


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/auth/login",
        "/article",
        "/leaderboards/",
        "/api/v1/openapi.json",
        "/healthz",
        "/no-such-page",
    ],
)
def test_every_response_carries_the_security_headers(client, path):
    headers = client.get(path).headers
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["X-Frame-Options"] == "DENY"


def test_no_page_has_an_inline_script_or_style(client, auth):
    auth.make_user("student")
    auth.login()
    for path in ("/", "/auth/profile", "/article", "/timeline", "/leaderboards/"):
        html = client.get(path).get_data(as_text=True)
        assert "<script>" not in html and "<script type" not in html, path
        assert " style=" not in html and "<style" not in html, path


def test_the_session_cookie_is_httponly_and_samesite(client, auth):
    auth.make_user("student")
    cookie = auth.login().headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie


def test_with_https_the_cookies_are_secure(tmp_path, monkeypatch):
    monkeypatch.setenv("QUIZAPP_INSTANCE", str(tmp_path))
    monkeypatch.setenv("HTTPS", "1")
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "t",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.sqlite3",
        }
    )
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]


def test_logging_in_starts_a_new_session(client, auth):
    auth.make_user("student")
    with client.session_transaction() as session:
        session["planted"] = "by an attacker before login"
    auth.login()
    with client.session_transaction() as session:
        assert "planted" not in session and session.get("_user_id")


def test_logging_out_clears_the_session(client, auth):
    auth.make_user("student")
    auth.login()
    with client.session_transaction() as session:
        session["left-over"] = "x"
    auth.logout()
    with client.session_transaction() as session:
        assert "left-over" not in session and "_user_id" not in session


def change_password(client):
    """Change the logged-in student's password through the form."""
    client.post(
        "/auth/password",
        data={
            "csrf_token": csrf_token(client, "/auth/password"),
            "current": "correct horse",
            "password": "new password 1",
            "confirm": "new password 1",
        },
    )


def test_a_password_change_ends_sessions_elsewhere(app, client, auth):
    auth.make_user("student")
    other = app.test_client()
    AuthActions(app, other).login()
    auth.login()
    change_password(client)
    assert other.get("/auth/profile").status_code == 302


def test_a_password_change_ends_api_sessions_elsewhere_too(app, client, auth):
    """The API checks a session's account version itself (without Flask-Login's loader)."""
    auth.make_user("student")
    other = app.test_client()
    AuthActions(app, other).login()

    def start_missing_quiz(browser, token):
        return browser.post("/api/v1/quizzes/none/attempts", headers={"X-CSRFToken": token})

    other_token = csrf_token(other, "/quizzes")  # its page's token, kept as a tab keeps it
    assert start_missing_quiz(other, other_token).status_code == 404  # logged in: no such quiz
    auth.login()
    change_password(client)
    refused = start_missing_quiz(other, other_token)
    assert refused.status_code == 401 and refused.is_json
    mine = start_missing_quiz(client, csrf_token(client, "/quizzes"))
    assert mine.status_code == 404  # the session that changed the password stays logged in


def _copy_of_session_cookie(app, client):
    """Another browser holding a copy of client's session cookie, as a thief would."""
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def test_a_session_cookie_copied_before_logout_opens_nothing_after_it(app, client, auth):
    auth.make_user("student")
    auth.login()
    thief = _copy_of_session_cookie(app, client)
    assert thief.get("/auth/profile").status_code == 200  # the copy works while logged in
    auth.logout()
    page = thief.get("/auth/profile")
    assert page.status_code == 302 and "/auth/login" in page.headers["Location"]
    assert thief.get("/api/v1/quizzes").status_code == 401  # nor does the API take it


def test_logging_out_in_one_browser_leaves_the_others_logged_in(app, client, auth):
    auth.make_user("student")
    other = app.test_client()
    AuthActions(app, other).login()
    auth.login()
    auth.logout()
    assert other.get("/auth/profile").status_code == 200
