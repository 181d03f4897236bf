"""API tokens expire, can be revoked (by their holder, on the profile page, by an admin) and
end with a password change."""

from datetime import datetime, timedelta

import pytest

from quizapp.extensions import db
from quizapp.models import ApiToken, AuditEvent, Role, now_utc
from tests.accounts import AuthActions, csrf_token
from tests.test_security import change_password

PASSWORD = "correct horse"


def new_token(client, username="student", name="script"):
    """A bearer token from POST /api/v1/tokens, as Authorization headers."""
    reply = client.post(
        "/api/v1/tokens", json={"username": username, "password": PASSWORD, "name": name}
    )
    assert reply.status_code == 201
    return {"Authorization": f"Bearer {reply.get_json()['token']}"}, reply.get_json()


def works(client, headers):
    """True when the API takes the token."""
    status = client.get("/api/v1/quizzes", headers=headers).status_code
    assert status in (200, 401)
    return status == 200


def clock_at(monkeypatch, moment):
    """Move the clock the API checks tokens by."""
    monkeypatch.setattr("quizapp.api.auth.now_utc", lambda: moment)


def test_a_token_expires_after_its_lifetime(app, client, auth, monkeypatch):
    auth.make_user("student")
    issued = now_utc()
    headers, body = new_token(client)
    expires = datetime.fromisoformat(body["expires_at"])
    assert (
        timedelta(days=30) - timedelta(minutes=1)
        < expires - issued
        <= timedelta(days=30, minutes=1)
    )
    clock_at(monkeypatch, expires - timedelta(seconds=1))
    assert works(client, headers)
    clock_at(monkeypatch, expires + timedelta(seconds=1))
    reply = client.get("/api/v1/quizzes", headers=headers)
    assert reply.status_code == 401 and reply.is_json


@pytest.mark.parametrize("days", [1, 90])
def test_the_token_lifetime_is_a_setting(app, client, auth, days):
    app.config["API_TOKEN_DAYS"] = days
    auth.make_user("student")
    _, body = new_token(client)
    left = datetime.fromisoformat(body["expires_at"]) - now_utc()
    assert timedelta(days=days) - timedelta(minutes=1) < left <= timedelta(days=days)


def test_a_client_revokes_its_own_token_and_keeps_the_others(app, client, auth):
    auth.make_user("student")
    first, _ = new_token(client, name="laptop")
    second, _ = new_token(client, name="phone")
    reply = client.delete("/api/v1/tokens/current", headers=first)
    assert reply.status_code == 204
    assert not works(client, first) and works(client, second)
    assert client.delete("/api/v1/tokens/current", headers=first).status_code == 401


def test_revoking_the_current_token_needs_a_token(app, client, auth):
    auth.make_user("student")
    auth.login()
    reply = client.delete(
        "/api/v1/tokens/current", headers={"X-CSRFToken": csrf_token(client, "/quizzes")}
    )
    assert reply.status_code == 400 and "Authorization: Bearer" in reply.get_json()["error"]
    assert client.delete("/api/v1/tokens/current").status_code in (400, 401)  # no CSRF token


def test_a_password_change_revokes_every_token(app, client, auth):
    auth.make_user("student")
    first, _ = new_token(client)
    second, _ = new_token(client)
    auth.login()
    change_password(client)
    assert not works(client, first) and not works(client, second)
    with app.app_context():
        assert db.session.execute(db.select(ApiToken)).first() is None


def test_the_profile_lists_live_tokens_and_revokes_one(app, client, auth, monkeypatch):
    auth.make_user("student")
    kept, _ = new_token(client, name="kept laptop")
    gone, _ = new_token(client, name="lost phone")
    auth.login()
    html = client.get("/auth/profile").get_data(as_text=True)
    assert "kept laptop" in html and "lost phone" in html
    with app.app_context():
        lost = db.session.execute(
            db.select(ApiToken.id).where(ApiToken.name == "lost phone")
        ).scalar_one()
    reply = client.post(
        f"/auth/tokens/{lost}/revoke",
        data={"csrf_token": csrf_token(client, "/auth/profile")},
        follow_redirects=True,
    )
    html = reply.get_data(as_text=True)
    assert "The token is revoked." in html
    assert "lost phone" not in html and "kept laptop" in html
    assert not works(client, gone) and works(client, kept)


def test_an_expired_token_is_not_listed(app, client, auth):
    auth.make_user("student")
    new_token(client, name="old script")
    with app.app_context():
        for token in db.session.execute(db.select(ApiToken)).scalars():
            token.expires_at = now_utc() - timedelta(seconds=1)
        db.session.commit()
    auth.login()
    html = client.get("/auth/profile").get_data(as_text=True)
    assert "old script" not in html and "You have no API tokens." in html


def test_nobody_revokes_another_accounts_token_from_the_profile(app, client, auth):
    auth.make_user("student")
    auth.make_user("other")
    theirs, _ = new_token(client, username="other")
    with app.app_context():
        token_id = db.session.execute(db.select(ApiToken.id)).scalar_one()
    auth.login("student")
    reply = client.post(
        f"/auth/tokens/{token_id}/revoke", data={"csrf_token": csrf_token(client, "/auth/profile")}
    )
    assert reply.status_code == 404 and works(client, theirs)


@pytest.mark.parametrize("spelling", ["pupil", "PUPIL "])
def test_an_admin_revokes_all_of_an_accounts_tokens_and_it_is_audited(app, client, auth, spelling):
    auth.make_user("boss", role=Role.ADMIN)
    auth.make_user("pupil")
    auth.make_user("bystander")
    first, _ = new_token(client, username="pupil")
    second, _ = new_token(client, username="pupil")
    untouched, _ = new_token(client, username="bystander")
    admin = app.test_client()
    AuthActions(app, admin).login("boss")
    reply = admin.post(
        "/admin/users/tokens",
        data={"csrf_token": csrf_token(admin, "/admin/users"), "username": spelling},
        follow_redirects=True,
    )
    assert "Revoked 2 API tokens of pupil." in reply.get_data(as_text=True)
    assert not works(client, first) and not works(client, second) and works(client, untouched)
    with app.app_context():
        event = db.session.execute(
            db.select(AuditEvent).where(AuditEvent.action == "tokens.revoked")
        ).scalar_one()
        assert (event.target, event.detail, event.actor.username) == (
            "user:pupil",
            "2 revoked",
            "boss",
        )


def test_an_admin_revoking_an_unknown_account_gets_a_message(app, client, auth):
    auth.make_user("boss", role=Role.ADMIN)
    auth.login("boss")
    reply = client.post(
        "/admin/users/tokens",
        data={"csrf_token": csrf_token(client, "/admin/users"), "username": "ghost"},
        follow_redirects=True,
    )
    assert "There is no such account; nothing was changed." in reply.get_data(as_text=True)
