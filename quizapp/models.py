"""Database models: typed, singular names, no commits and no config reads."""

from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from flask_login import UserMixin
from sqlalchemy import JSON, String, Text
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from quizapp.extensions import db

USERNAME_MAX = 40
DISPLAY_NAME_MAX = 60


def now_utc() -> datetime:
    """The current time, timezone-aware, in UTC."""
    return datetime.now(UTC)


class Role(StrEnum):
    """What an account may do; each role includes the ones before it."""

    STUDENT = "student"
    INSTRUCTOR = "instructor"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        """Position in the order student < instructor < admin."""
        return list(Role).index(self)


class User(UserMixin, db.Model):  # type: ignore[name-defined,misc]
    """An account: a login name, a public display name, a password hash and a role."""

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(USERNAME_MAX), unique=True)
    display_name: Mapped[str] = mapped_column(String(DISPLAY_NAME_MAX))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), default=Role.STUDENT.value)
    # Bumped on password change: sessions carry it, so older sessions stop working.
    session_version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=now_utc)

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


class QuestionState(StrEnum):
    """Where a question is in the review workflow."""

    DRAFT = "draft"
    REVIEW = "review"
    PUBLISHED = "published"
    RETIRED = "retired"


class Origin(StrEnum):
    """Where a question came from."""

    GENERATED = "generated"
    AUTHORED = "authored"
    IMPORTED = "imported"


class Question(db.Model):  # type: ignore[name-defined,misc]
    """A question of the bank, as students see it, with its answer and its provenance."""

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    type: Mapped[str] = mapped_column(String(20), index=True)
    prompt: Mapped[str] = mapped_column(Text)
    options: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    answer: Mapped[Any] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(20), index=True)
    conditional: Mapped[bool] = mapped_column(default=False)
    facts: Mapped[list[str]] = mapped_column(JSON, default=list)
    as_of: Mapped[date]
    article: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    correction: Mapped[str | None] = mapped_column(Text)
    sources: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    explanation: Mapped[str] = mapped_column(Text)
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    extra: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    template: Mapped[str] = mapped_column(String(60), default="")
    state: Mapped[str] = mapped_column(String(20), index=True, default=QuestionState.DRAFT.value)
    origin: Mapped[str] = mapped_column(String(20), index=True, default=Origin.AUTHORED.value)
    # Hash of the generated content last synced, so a re-sync can tell what changed.
    content_hash: Mapped[str] = mapped_column(String(64), default="")
    # True once an instructor edits it: sync then flags changes instead of overwriting.
    edited: Mapped[bool] = mapped_column(default=False)
    # True when sync retired it because its fact left the bank (it comes back if the fact does).
    orphaned: Mapped[bool] = mapped_column(default=False)
    review_note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
    updated_at: Mapped[datetime] = mapped_column(default=now_utc, onupdate=now_utc)

    def __repr__(self) -> str:
        return f"<Question {self.id} ({self.type}, {self.state})>"
