"""Flask commands: `flask --app quizapp users ...`."""

import sys

import click
from flask import Flask
from flask.cli import AppGroup

from quizapp import services
from quizapp.auth.forms import PASSWORD_MAX, PASSWORD_MIN, USERNAME_PATTERN
from quizapp.models import DISPLAY_NAME_MAX, USERNAME_MAX, Role

users = AppGroup("users", help="Create accounts and change roles.")
ROLE_CHOICE = click.Choice([role.value for role in Role])


def _read_password() -> str:
    """The password from stdin when piped, else asked for twice at the prompt."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


@users.command("create")
@click.argument("username")
@click.option("--role", type=ROLE_CHOICE, default=Role.STUDENT.value, show_default=True)
@click.option("--display-name", help="Name shown on leaderboards (default: the login name).")
def create_user(username: str, role: str, display_name: str | None) -> None:
    """Create an account; the password is prompted for, or read from stdin."""
    username = username.strip().lower()
    if not (3 <= len(username) <= USERNAME_MAX and USERNAME_PATTERN.match(username)):
        raise click.BadParameter(
            f"use 3 to {USERNAME_MAX} letters, digits, dot, dash or underscore",
            param_hint="USERNAME",
        )
    display_name = (display_name or username).strip()
    if not display_name or len(display_name) > DISPLAY_NAME_MAX:
        raise click.BadParameter(f"1 to {DISPLAY_NAME_MAX} characters", param_hint="--display-name")
    password = _read_password()
    if not PASSWORD_MIN <= len(password) <= PASSWORD_MAX:
        raise click.ClickException(f"A password has {PASSWORD_MIN} to {PASSWORD_MAX} characters.")
    try:
        services.create_user(username, display_name, password, Role(role))
    except services.UsernameTaken as exc:
        raise click.ClickException(f"The login name {username!r} is taken.") from exc
    click.echo(f"Created {role} {username!r}.")


@users.command("set-role")
@click.argument("username")
@click.argument("role", type=ROLE_CHOICE)
def set_role(username: str, role: str) -> None:
    """Give an existing account a role."""
    try:
        services.set_role(username, Role(role))
    except services.UnknownUser as exc:
        raise click.ClickException(f"There is no account {username!r}.") from exc
    click.echo(f"{username.strip().lower()!r} is now {role}.")


def init_app(app: Flask) -> None:
    """Register the command groups."""
    app.cli.add_command(users)
