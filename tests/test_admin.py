"""Admins list accounts and change roles; nobody else gets in."""

import pytest

from quizapp.extensions import db
from quizapp.models import Role, User
from tests.accounts import csrf_token


def _role_of(app, username):
    with app.app_context():
        return db.session.execute(
            db.select(User.role).where(User.username == username)
        ).scalar_one()


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get("/admin/users")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


@pytest.mark.parametrize("role", [Role.STUDENT, Role.INSTRUCTOR])
def test_students_and_instructors_get_403_on_every_admin_page(auth, client, role):
    auth.make_user("someone", role=role)
    auth.login("someone")
    assert client.get("/admin/users").status_code == 403
    assert client.post("/admin/users/role", data={}).status_code in (303, 400, 403)
    response = client.post(
        "/admin/users/role",
        data={"csrf_token": csrf_token(client, "/"), "username": "someone", "role": "admin"},
    )
    assert response.status_code == 403
    assert "Not allowed" in response.get_data(as_text=True)


def test_an_admin_sees_accounts_and_makes_a_student_an_instructor(app, auth, client):
    auth.make_user("boss", role=Role.ADMIN)
    auth.make_user("pupil", display_name="Pupil Person")
    auth.login("boss")
    html = client.get("/admin/users").get_data(as_text=True)
    assert "pupil" in html and "Pupil Person" in html
    response = client.post(
        "/admin/users/role",
        data={
            "csrf_token": csrf_token(client, "/admin/users"),
            "username": "pupil",
            "role": "instructor",
        },
        follow_redirects=True,
    )
    assert "pupil is now instructor." in response.get_data(as_text=True)
    assert _role_of(app, "pupil") == "instructor"


@pytest.mark.parametrize("spelling", ["boss", "BOSS ", " Boss", "bo\x01ss", "ｂｏｓｓ"])
def test_an_admin_cannot_remove_their_own_admin_role(app, auth, client, spelling):
    auth.make_user("boss", role=Role.ADMIN)
    auth.login("boss")
    response = client.post(
        "/admin/users/role",
        data={
            "csrf_token": csrf_token(client, "/admin/users"),
            "username": spelling,
            "role": "student",
        },
        follow_redirects=True,
    )
    assert "You cannot remove your own admin role." in response.get_data(as_text=True)
    assert _role_of(app, "boss") == "admin"


@pytest.mark.parametrize(
    ("username", "role", "message"),
    [
        ("ghost", "instructor", "There is no such account."),
        ("pupil", "emperor", "That role change was not valid"),
    ],
)
def test_a_bad_role_change_gets_a_message_and_changes_nothing(
    app, auth, client, username, role, message
):
    auth.make_user("boss", role=Role.ADMIN)
    auth.make_user("pupil")
    auth.login("boss")
    response = client.post(
        "/admin/users/role",
        data={"csrf_token": csrf_token(client, "/admin/users"), "username": username, "role": role},
        follow_redirects=True,
    )
    assert message in response.get_data(as_text=True)
    assert _role_of(app, "pupil") == "student"
