"""The home page, the health check and the error pages."""

import colorsys
import re
from pathlib import Path

import pytest
from flask import Flask

from quizapp import create_app
from quizapp.extensions import db
from quizapp.models import Role, User


def test_the_home_page_says_what_the_app_teaches(client):
    html = client.get("/").get_data(as_text=True)
    assert "<h1>Has stem cell therapy been approved in China?</h1>" in html
    assert "amimestrocel" in html and "research" in html
    assert 'href="/auth/register"' in html


def test_the_health_check_reports_ok_after_a_real_query(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_the_health_check_reports_503_when_the_database_is_unreachable(tmp_path, monkeypatch):
    monkeypatch.setenv("QUIZAPP_INSTANCE", str(tmp_path))
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "t",
            "SQLALCHEMY_DATABASE_URI": "sqlite:////nonexistent-dir/none.sqlite3",
        }
    )
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "error", "database": "unreachable"}


def test_an_unknown_page_gets_the_styled_404_page(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert "<h1>Page not found</h1>" in html and 'href="/static/style.css"' in html


def test_an_unknown_api_address_gets_json(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.get_json()["status"] == 404


def test_a_crash_shows_the_500_page_without_a_traceback_and_rolls_back(app: Flask, client):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/boom")
    def boom() -> str:
        db.session.add(User(username="half", display_name="Half", password_hash="x"))
        db.session.flush()
        raise RuntimeError("secret internals")

    response = client.get("/boom")
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "<h1>Something went wrong</h1>" in html
    assert "secret internals" not in html and "Traceback" not in html
    with app.app_context():
        assert db.session.execute(db.select(User)).first() is None


@pytest.mark.parametrize("path", ["/", "/auth/login", "/auth/register", "/no-such-page"])
def test_every_page_has_one_main_heading_a_skip_link_and_a_language(client, path):
    html = client.get(path).get_data(as_text=True)
    assert html.count("<h1") == 1
    assert 'href="#main"' in html and '<html lang="en">' in html
    assert "https://" not in html.split("<body>")[0], "no CDN in the head"


def test_navigation_shows_accounts_to_admins_only(auth, client):
    auth.make_user("teacher", role=Role.INSTRUCTOR)
    auth.login("teacher")
    assert 'href="/admin/users"' not in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize(
    ("status", "conditional", "words"),
    [
        ("approved_drug", True, "Approved drug (conditional)"),
        ("approved_drug", False, "Approved drug"),
        ("research", False, "Research"),
        ("rule", False, "Rule"),
        ("withdrawn", False, "Withdrawn"),
        ("background", False, "Background"),
    ],
)
def test_the_status_badge_names_the_status_in_words(app, status, conditional, words):
    with app.test_request_context():
        macros = app.jinja_env.get_template("_macros.html").module
        html = str(macros.status_badge(status, conditional))
    assert html.endswith(f"</span> {words}</span>")
    assert 'aria-hidden="true"' in html


def hue_and_saturation(hex_colour: str) -> tuple[float, float]:
    """A colour's hue in degrees and its saturation, from #rrggbb."""
    red, green, blue = (int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    hue, _, saturation = colorsys.rgb_to_hls(red, green, blue)
    return hue * 360, saturation


def test_status_badges_use_no_colour_that_means_right_or_wrong():
    css = (Path(__file__).resolve().parents[1] / "static" / "style.css").read_text()
    meaning = [hue_and_saturation(c) for c in re.findall(r"--(?:ok|bad):\s*(#[0-9a-f]{6})", css)]
    badges = re.findall(r"\.badge--([a-z-]+) \{ color: (#[0-9a-f]{6})", css)
    assert len(meaning) == 2 and len(badges) == 5
    for status, colour in badges:
        hue, saturation = hue_and_saturation(colour)
        if saturation < 0.15:
            continue  # a grey: no hue to confuse
        distance = min(min(abs(hue - h), 360 - abs(hue - h)) for h, _ in meaning)
        assert distance >= 30, f"{status} {colour} looks like right or wrong"
