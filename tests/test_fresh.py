"""The study pages (article, timeline) answer from their content's version: a repeat read with
If-None-Match is a 304 that renders nothing, a change of the fact base makes the next read a
200 with the new content, and one viewer's tag never brings back another viewer's page."""

import shutil
from pathlib import Path

import pytest

from tests.test_statements import counting

ROOT = Path(__file__).resolve().parent.parent
PAGES = ["/article", "/timeline"]


@pytest.mark.parametrize("path", PAGES)
def test_a_repeat_read_is_a_304_without_a_statement(app, client, path):
    first = client.get(path)
    assert first.status_code == 200
    tag = first.headers["ETag"]
    assert first.headers["Last-Modified"]
    assert first.headers["Cache-Control"] == "private, no-cache"
    assert "Cookie" in first.headers["Vary"]
    with counting(app) as statements:
        again = client.get(path, headers={"If-None-Match": tag})
    assert again.status_code == 304
    assert again.get_data() == b""
    assert again.headers["ETag"] == tag
    assert statements == []


@pytest.mark.parametrize("path", PAGES)
def test_a_logged_in_304_reads_only_the_account(app, client, auth, path):
    auth.make_user("ann", display_name="Ann Example")
    auth.login("ann")
    tag = client.get(path).headers["ETag"]
    with counting(app) as statements:
        again = client.get(path, headers={"If-None-Match": tag})
    assert again.status_code == 304
    assert len(statements) <= 1


def test_one_viewers_tag_never_brings_back_another_viewers_page(app, client, auth):
    anonymous = client.get("/article").headers["ETag"]
    auth.make_user("ann", display_name="Ann Example")
    auth.make_user("bob", display_name="Bob Example")
    auth.login("ann")
    ann = client.get("/article")
    assert "Ann Example" in ann.get_data(as_text=True)
    auth.logout()
    auth.login("bob")
    for tag in (anonymous, ann.headers["ETag"]):
        page = client.get("/article", headers={"If-None-Match": tag})
        assert page.status_code == 200
        assert "Bob Example" in page.get_data(as_text=True)
        assert "Ann Example" not in page.get_data(as_text=True)
    auth.logout()
    page = client.get("/article", headers={"If-None-Match": ann.headers["ETag"]})
    assert page.status_code == 200
    assert "Ann Example" not in page.get_data(as_text=True)


def test_if_modified_since_alone_names_no_viewer_so_renders(client):
    first = client.get("/timeline")
    again = client.get("/timeline", headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert again.status_code == 200


def test_a_waiting_message_is_shown_not_304(app, client):
    tag = client.get("/article").headers["ETag"]
    with client.session_transaction() as session:
        session["_flashes"] = [("success", "Saved a moment ago.")]
    page = client.get("/article", headers={"If-None-Match": tag})
    assert page.status_code == 200
    assert "Saved a moment ago." in page.get_data(as_text=True)


@pytest.mark.parametrize("path", PAGES)
def test_a_changed_fact_base_makes_the_next_read_fresh(app, client, tmp_path, path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "questions", content)
    app.config["CONTENT_FOLDER"] = str(content)
    first = client.get(path)
    assert client.get(path, headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    facts = content / "facts.yaml"
    old = "NMPA conditionally approves amimestrocel, China's first stem cell drug"
    new = "NMPA conditionally approves amimestrocel (Ruibosheng), China's first stem cell drug"
    facts.write_text(facts.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    # A release with new content starts new processes: the app reads its files again.
    app.extensions.pop("quizapp.fresh")
    app.extensions.pop("quizapp.fact_base")
    again = client.get(path, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 200
    assert again.headers["ETag"] != first.headers["ETag"]
    if path == "/timeline":
        assert "(Ruibosheng)" in again.get_data(as_text=True)
