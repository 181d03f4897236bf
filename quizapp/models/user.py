"""Accounts and their credentials: login sessions and API tokens."""

import re
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates
from werkzeug.security import check_password_hash, generate_password_hash

from quizapp.core.text import name_key
from quizapp.core.vocabulary import Vocabulary
from quizapp.extensions import db
from quizapp.models.clock import now_utc

# The account rules every way in (the forms, the CLI) checks: login names, passwords.
USERNAME_MIN = 3
USERNAME_MAX = 40
USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
PASSWORD_MIN = 8
PASSWORD_MAX = 128
DISPLAY_NAME_MAX = 60
# Room for a public name's key: NFKC can lengthen a name (one ligature becomes several letters).
NAME_KEY_MAX = 255


def public_name_key(name: str) -> str:
    """The stored key of a display name or pseudonym: quizapp.core.text.name_key, bounded."""
    return name_key(name)[:NAME_KEY_MAX]


class Role(Vocabulary):
    """What an account may do; each role includes the ones before it."""

    STUDENT = "student", "Student", "Takes quizzes and joins classes."
    INSTRUCTOR = "instructor", "Instructor", "Also writes questions, builds quizzes, runs classes."
    ADMIN = "admin", "Admin", "Also manages accounts and reads the audit trail."

    @property
    def rank(self) -> int:
        """Position in the order student < instructor < admin."""
        return list(Role).index(self)


class BoardPrivacy(Vocabulary):
    """How leaderboards show a student."""

    NAMED = "named", "Show my display name", "Boards show the display name."
    PSEUDONYM = "pseudonym", "Show a pseudonym instead", "Boards show the chosen pseudonym."
    HIDDEN = "hidden", "Do not show me at all", "Boards leave the student out."


def board_name(privacy: str, display_name: str, pseudonym: str | None) -> str:
    """The name leaderboards show: the display name, or the pseudonym when one is chosen."""
    if privacy == BoardPrivacy.PSEUDONYM.value and pseudonym:
        return pseudonym
    return display_name


class User(UserMixin, db.Model):  # type: ignore[name-defined,misc]
    """An account: a login name, a public display name, a password hash and a role."""

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(USERNAME_MAX), unique=True)
    display_name: Mapped[str] = mapped_column(String(DISPLAY_NAME_MAX))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), default=Role.STUDENT.value)
    # Bumped on password change: sessions carry it, so older sessions stop working.
    session_version: Mapped[int] = mapped_column(default=1)
    # How leaderboards show the student: a BoardPrivacy value.
    board_privacy: Mapped[str] = mapped_column(
        String(20), default=BoardPrivacy.NAMED.value, server_default=BoardPrivacy.NAMED.value
    )
    pseudonym: Mapped[str | None] = mapped_column(String(DISPLAY_NAME_MAX))
    # The names as a reader tells them apart (quizapp.core.text.name_key): unique, so no
    # student can appear on a board as another. Kept in step by the validators below, so
    # display_key is never empty; the column allows NULL (and uniqueness is a unique index)
    # only so SQLite can add it without rebuilding the table every other table refers to.
    display_key: Mapped[str | None] = mapped_column(String(NAME_KEY_MAX), unique=True, index=True)
    pseudonym_key: Mapped[str | None] = mapped_column(String(NAME_KEY_MAX), unique=True, index=True)
    # The IANA zone pages show dates in (quizapp.core.zones); none chosen: UTC.
    time_zone: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=now_utc)

    @validates("display_name")
    def _key_display_name(self, _field: str, value: str) -> str:
        """Keep display_key in step with the display name."""
        self.display_key = public_name_key(value)
        return value

    @validates("pseudonym")
    def _key_pseudonym(self, _field: str, value: str | None) -> str | None:
        """Keep pseudonym_key in step with the pseudonym (none without one)."""
        self.pseudonym_key = public_name_key(value) if value else None
        return value

    @property
    def board_name(self) -> str:
        """The name leaderboards show: the display name, or the chosen pseudonym."""
        return board_name(self.board_privacy, self.display_name, self.pseudonym)

    def set_password(self, password: str) -> None:
        """Store a scrypt hash of the password and end every other session."""
        self.password_hash = generate_password_hash(password, method="scrypt")
        self.session_version = (self.session_version or 0) + 1

    def check_password(self, password: str) -> bool:
        """True when the password matches the stored hash."""
        return check_password_hash(self.password_hash, password)

    def get_id(self) -> str:
        """The session identity: id and session version, so a password change logs others out."""
        return f"{self.id}:{self.session_version}"

    def has_role(self, role: Role) -> bool:
        """True when the account's role is this role or above it."""
        return Role(self.role).rank >= role.rank

    def __repr__(self) -> str:
        return f"<User {self.username} ({self.role})>"


class ApiToken(db.Model):  # type: ignore[name-defined,misc]
    """A bearer token for the JSON API until it expires or is revoked; only its hash is stored."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(60), default="")
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
    expires_at: Mapped[datetime]

    user: Mapped[User] = relationship()


class LoginSession(db.Model):  # type: ignore[name-defined,misc]
    """One logged-in browser: its session cookie carries the key, logging out deletes the row.

    The cookie is signed, not stored, so without this row a copy taken before logout would
    keep working; only the key's hash is kept, as for API tokens.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
