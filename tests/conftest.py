"""Fixtures: a fresh app and database per test, a client, a CLI runner and an auth helper.

The suite runs on SQLite by default. Set TEST_DATABASE_URL to run it on a real PostgreSQL
(`make test` does both); that database is emptied around every test, so never point it at real data.
"""

import os
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from hypothesis import settings

from quizapp import create_app
from quizapp.extensions import db
from tests.accounts import AuthActions

# CI replays the same generated examples on every run, so a landing is judged on its own change;
# a local run explores new examples each time and finds what the fixed ones cannot.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


def database_url_for_tests(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The database the tests use: TEST_DATABASE_URL, else a new SQLite file."""
    return os.environ.get("TEST_DATABASE_URL") or (
        "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite3")
    )


@pytest.fixture
def app(
    request: pytest.FixtureRequest,
    tmp_path: os.PathLike[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Flask]:
    """A fresh app with empty tables, its instance folder in a temporary directory.

    Abuse limits are off (tests log in far more often than people do), except in tests
    marked `ratelimits`, which get the marker's settings on top.
    """
    monkeypatch.setenv("QUIZAPP_INSTANCE", str(tmp_path))
    marker = request.node.get_closest_marker("ratelimits")
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "SQLALCHEMY_DATABASE_URI": database_url_for_tests(tmp_path_factory),
            "RATELIMIT_ENABLED": marker is not None,
            **(marker.kwargs if marker else {}),
        }
    )
    with app.app_context():
        db.drop_all()
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A test client for the app."""
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    """A runner for the app's flask commands."""
    return app.test_cli_runner()


@pytest.fixture
def auth(app: Flask, client: FlaskClient) -> AuthActions:
    """Account actions through the real forms."""
    return AuthActions(app, client)
