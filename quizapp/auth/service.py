"""Accounts: creating them, passwords, roles and logging in; one commit per function."""

from functools import cache

from sqlalchemy import or_
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from quizapp import audit, credentials
from quizapp.core.text import canonical_username
from quizapp.extensions import db
from quizapp.models import Role, User, public_name_key


class UsernameTaken(ValueError):
    """Another account already has this login name."""


class NameTaken(ValueError):
    """Another account shows this display name or pseudonym (as a reader tells names apart)."""


class UnknownUser(LookupError):
    """No account has this login name."""


def public_name_taken(name: str, user_id: int | None = None) -> bool:
    """True when an account other than user_id shows this name, as display name or pseudonym."""
    key = public_name_key(name)
    query = db.select(User.id).where(or_(User.display_key == key, User.pseudonym_key == key))
    if user_id is not None:
        query = query.where(User.id != user_id)
    return db.session.execute(query.limit(1)).first() is not None


def create_user(username: str, display_name: str, password: str, role: Role) -> User:
    """Create an account; UsernameTaken if the login name is in use, NameTaken if the
    display name is."""
    user = User(username=canonical_username(username), display_name=display_name, role=role.value)
    user.set_password(password)
    db.session.add(user)
    if role is not Role.STUDENT:
        audit.record(None, "role.changed", f"user:{user.username}", f"created as {role.value}")
    try:
        db.session.commit()
    except IntegrityError as exc:
        # Two registrations racing for one name: the unique index decides which name it was.
        db.session.rollback()
        if find_user(username) is None:
            raise NameTaken(display_name) from exc
        raise UsernameTaken(username) from exc
    return user


def change_password(user: User, new_password: str) -> None:
    """Set a new password; every session and API token of the account ends with the old one."""
    user.set_password(new_password)
    credentials.forget_login_sessions(user.id)
    credentials.forget_tokens(user.id)
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
