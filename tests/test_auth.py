"""Accounts: registering, logging in and out, changing passwords, and bad input on each form."""

import pytest
from flask import Flask
from flask.testing import FlaskClient

from quizapp.extensions import db
from quizapp.models import User
from tests.accounts import AuthActions, csrf_token


def _user_count(app: Flask) -> int:
    with app.app_context():
        return db.session.execute(db.select(db.func.count(User.id))).scalar_one()


def test_a_new_student_can_register_and_is_logged_in(app, client, auth):
    response = auth.register("newbie", display_name="New Bie")
    assert response.status_code == 302
    home = client.get("/").get_data(as_text=True)
    assert "New Bie" in home and "Log out" in home
    with app.app_context():
        user = db.session.execute(db.select(User)).scalar_one()
        assert (user.username, user.display_name, user.role) == ("newbie", "New Bie", "student")
        assert user.password_hash.startswith("scrypt:")
        assert "correct horse" not in user.password_hash


def test_login_names_are_case_insensitive_and_trimmed(auth, client):
    auth.register("  MixedCase ")
    auth.logout()
    assert auth.login("mixedcase").status_code == 302


def test_a_taken_login_name_gets_a_clear_message_and_no_second_account(app, auth):
    auth.make_user("taken")
    response = auth.register("Taken")
    assert response.status_code == 200
    assert "That login name is taken" in response.get_data(as_text=True)
    assert _user_count(app) == 1


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"username": ""}, "Choose a login name."),
        ({"username": "ab"}, "A login name has 3 to 40 characters."),
        ({"username": "x" * 41}, "A login name has 3 to 40 characters."),
        ({"username": "has space"}, "Use only letters, digits"),
        ({"username": "<script>"}, "Use only letters, digits"),
        ({"display_name": ""}, "Choose a display name."),
        ({"display_name": "   "}, "Choose a display name."),
        ({"display_name": "d" * 61}, "At most 60 characters."),
        ({"password": "", "confirm": ""}, "Choose a password."),
        ({"password": "short", "confirm": "short"}, "A password has 8 to 128 characters."),
        ({"password": "p" * 129, "confirm": "p" * 129}, "A password has 8 to 128 characters."),
        ({"confirm": "something else"}, "The two passwords differ."),
    ],
)
def test_bad_registration_input_gets_a_message_on_the_form(app, client, fields, message):
    data = {
        "username": "valid.name",
        "display_name": "Valid",
        "password": "long enough",
        "confirm": "long enough",
        **fields,
    }
    data["csrf_token"] = csrf_token(client, "/auth/register")
    response = client.post("/auth/register", data=data)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert message in html
    assert 'aria-invalid="true"' in html
    assert _user_count(app) == 0


def test_a_wrong_password_gets_a_message_and_no_session(auth, client):
    auth.make_user("student")
    response = auth.login("student", "wrong password")
    assert response.status_code == 200
    assert "Wrong login name or password." in response.get_data(as_text=True)
    assert "Log out" not in client.get("/").get_data(as_text=True)


def test_an_unknown_login_name_gets_the_same_message_as_a_wrong_password(auth):
    response = auth.login("nobody", "whatever it is")
    assert "Wrong login name or password." in response.get_data(as_text=True)


def test_empty_login_fields_get_messages(client):
    token = csrf_token(client, "/auth/login")
    html = client.post("/auth/login", data={"csrf_token": token}).get_data(as_text=True)
    assert "Enter your login name." in html and "Enter your password." in html


def test_login_follows_next_on_this_site_only(auth):
    auth.make_user("student")
    assert auth.login(next_url="/auth/password").headers["Location"] == "/auth/password"
    auth.logout()
    assert auth.login(next_url="//evil.example/x").headers["Location"] == "/"
    auth.logout()
    assert auth.login(next_url="https://evil.example/").headers["Location"] == "/"


def test_logout_ends_the_session(auth, client):
    auth.make_user("student")
    auth.login()
    assert client.get("/auth/password").status_code == 200
    assert auth.logout().status_code == 302
    assert client.get("/auth/password").status_code == 302


def test_logout_by_get_is_not_allowed(auth, client):
    auth.make_user("student")
    auth.login()
    assert client.get("/auth/logout").status_code == 405
    assert "Log out" in client.get("/").get_data(as_text=True)


def test_a_post_without_a_csrf_token_is_refused_with_a_message(app, client):
    response = client.post(
        "/auth/register",
        data={
            "username": "forged",
            "display_name": "F",
            "password": "long enough",
            "confirm": "long enough",
        },
        follow_redirects=True,
    )
    html = response.get_data(as_text=True)
    assert "This form had expired or was not sent from this site" in html
    assert "<h1>Create a student account</h1>" in html
    assert _user_count(app) == 0


def test_an_expired_csrf_token_sends_the_user_back_to_the_form_with_a_message(app, auth, client):
    auth.make_user("student")
    token = csrf_token(client, "/auth/login")
    app.config["WTF_CSRF_TIME_LIMIT"] = -1  # every token is now too old
    response = client.post(
        "/auth/login",
        data={"csrf_token": token, "username": "student", "password": "correct horse"},
    )
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "This form had expired" in page
    assert "Log out" not in page


def test_changing_the_password_needs_the_current_one(auth, client):
    auth.make_user("student")
    auth.login()
    token = csrf_token(client, "/auth/password")
    html = client.post(
        "/auth/password",
        data={
            "csrf_token": token,
            "current": "not it",
            "password": "new password",
            "confirm": "new password",
        },
    ).get_data(as_text=True)
    assert "Your current password is not right." in html


def test_changing_the_password_logs_out_other_sessions_but_not_this_one(app, auth, client):
    auth.make_user("student")
    other = app.test_client()
    AuthActions(app, other).login()
    auth.login()
    token = csrf_token(client, "/auth/password")
    response = client.post(
        "/auth/password",
        data={
            "csrf_token": token,
            "current": "correct horse",
            "password": "brand new pass",
            "confirm": "brand new pass",
        },
    )
    assert response.status_code == 302
    assert client.get("/auth/password").status_code == 200
    assert other.get("/auth/password").status_code == 302
    auth.logout()
    assert auth.login(password="brand new pass").status_code == 302


def test_pages_for_members_send_anonymous_visitors_to_log_in(client: FlaskClient):
    response = client.get("/auth/password")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/login?next=")
