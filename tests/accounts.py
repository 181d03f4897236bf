"""Account actions through the real forms, as a browser would send them."""

import re

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from quizapp.auth.service import create_user
from quizapp.models import Role

CSRF_PATTERN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token(client: FlaskClient, url: str) -> str:
    """The CSRF token of the form on the page at url, as a browser would read it."""
    html = client.get(url).get_data(as_text=True)
    match = CSRF_PATTERN.search(html)
    assert match, f"no CSRF token on {url}"
    return match.group(1)


class AuthActions:
    """Register, log in and log out through the real forms, CSRF tokens included."""

    def __init__(self, app: Flask, client: FlaskClient) -> None:
        self._app = app
        self._client = client

    def make_user(
        self,
        username: str = "student",
        password: str = "correct horse",
        role: Role = Role.STUDENT,
        display_name: str | None = None,
    ) -> None:
        """Create an account directly in the database."""
        with self._app.app_context():
            create_user(username, display_name or username.title(), password, role)

    def register(
        self,
        username: str = "student",
        password: str = "correct horse",
        display_name: str | None = None,
        confirm: str | None = None,
    ) -> TestResponse:
        """Submit the registration form (display names are unique: one per login name)."""
        token = csrf_token(self._client, "/auth/register")
        return self._client.post(
            "/auth/register",
            data={
                "csrf_token": token,
                "username": username,
                "display_name": f"Stu Dent {username}" if display_name is None else display_name,
                "password": password,
                "confirm": password if confirm is None else confirm,
            },
        )

    def login(
        self,
        username: str = "student",
        password: str = "correct horse",
        next_url: str | None = None,
    ) -> TestResponse:
        """Submit the login form."""
        token = csrf_token(self._client, "/auth/login")
        url = "/auth/login" + (f"?next={next_url}" if next_url else "")
        return self._client.post(
            url,
            data={
                "csrf_token": token,
                "username": username,
                "password": password,
            },
        )

    def logout(self) -> TestResponse:
        """Press the log out button."""
        token = csrf_token(self._client, "/")
        return self._client.post("/auth/logout", data={"csrf_token": token})
