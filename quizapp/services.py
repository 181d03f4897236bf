"""Thin glue between views or commands and the database: one commit per function."""

from functools import cache

from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from quizapp import audit
from quizapp.core.text import canonical_username
from quizapp.extensions import db
from quizapp.models import Role, User


class UsernameTaken(ValueError):
    """Another account already has this login name."""


class UnknownUser(LookupError):
    """No account has this login name."""


def create_user(username: str, display_name: str, password: str, role: Role) -> User:
    """Create an account; raise UsernameTaken if the login name is in use."""
    user = User(username=canonical_username(username), display_name=display_name, role=role.value)
    user.set_password(password)
    db.session.add(user)
    if role is not Role.STUDENT:
        audit.record(None, "role.changed", f"user:{user.username}", f"created as {role.value}")
    try:
        db.session.commit()
    except IntegrityError as exc:
        # Two registrations racing for one name: the unique index decides.
        db.session.rollback()
        raise UsernameTaken(username) from exc
    return user


def change_password(user: User, new_password: str) -> None:
    """Set a new password; every other session of the account ends."""
    user.set_password(new_password)
    db.session.commit()


def set_role(username: str, role: Role, actor: User | None = None) -> User:
    """Give an account a role (noted in the audit trail); UnknownUser if there is none."""
    user = find_user(username)
    if user is None:
        raise UnknownUser(username)
    if user.role != role.value:
        audit.record(
            actor,
            "role.changed",
            f"user:{user.username}",
            f"{user.role} → {role.value}" + ("" if actor else " (command line)"),
        )
    user.role = role.value
    db.session.commit()
    return user


def find_user(username: str) -> User | None:
    """The account with this login name (case-insensitive), if any."""
    return db.session.execute(
        db.select(User).where(User.username == canonical_username(username))
    ).scalar_one_or_none()


@cache
def _decoy_hash() -> str:
    """A hash to check against when the login name is unknown, so both failures cost the same."""
    return generate_password_hash("not a real password", method="scrypt")


def authenticate(username: str, password: str) -> User | None:
    """The account whose login name and password match, else None."""
    user = find_user(username)
    if user is None:
        check_password_hash(_decoy_hash(), password)
        return None
    return user if user.check_password(password) else None
