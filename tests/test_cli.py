"""The `users` commands: create accounts and change roles from the shell."""

import pytest

from quizapp.extensions import db
from quizapp.models import User


def _user(app, username):
    with app.app_context():
        return db.session.execute(
            db.select(User).where(User.username == username)
        ).scalar_one_or_none()


def test_users_create_makes_an_instructor_with_a_password_from_stdin(app, runner, auth):
    result = runner.invoke(
        args=["users", "create", "--role", "instructor", "Teacher"], input="a long password\n"
    )
    assert result.exit_code == 0, result.output
    assert "Created instructor 'teacher'." in result.output
    user = _user(app, "teacher")
    assert user.role == "instructor" and user.display_name == "teacher"
    assert auth.login("teacher", "a long password").status_code == 302


def test_users_create_refuses_a_taken_name(runner, auth):
    auth.make_user("taken")
    result = runner.invoke(args=["users", "create", "taken"], input="a long password\n")
    assert result.exit_code == 1
    assert "The login name 'taken' is taken." in result.output


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["users", "create", "x"], "a long password\n", "use 3 to 40 letters"),
        (["users", "create", "bad name"], "a long password\n", "use 3 to 40 letters"),
        (["users", "create", "okname"], "short\n", "A password has 8 to 128 characters."),
        (["users", "create", "--role", "emperor", "okname"], "a long password\n", "emperor"),
    ],
)
def test_users_create_explains_bad_input(app, runner, args, stdin, message):
    result = runner.invoke(args=args, input=stdin)
    assert result.exit_code != 0
    assert message in result.output
    assert _user(app, "okname") is None


def test_users_set_role_changes_the_role(app, runner, auth):
    auth.make_user("pupil")
    result = runner.invoke(args=["users", "set-role", "Pupil", "admin"])
    assert result.exit_code == 0, result.output
    assert _user(app, "pupil").role == "admin"


def test_users_set_role_names_an_unknown_account(runner):
    result = runner.invoke(args=["users", "set-role", "ghost", "admin"])
    assert result.exit_code == 1
    assert "There is no account 'ghost'." in result.output
