"""Questions of the bank, their versions, review comments and learner reports."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quizapp.core.titles import TITLE_MAX, first_words
from quizapp.core.vocabulary import Vocabulary
from quizapp.core.workflow import QuestionState
from quizapp.extensions import db
from quizapp.models.clock import now_utc
from quizapp.models.user import User


class Origin(Vocabulary):
    """Where a question came from."""

    GENERATED = "generated", "Generated", "Made from the fact base; follows its facts on sync."
    AUTHORED = "authored", "Authored", "Written by an instructor in the question form."
    IMPORTED = "imported", "Imported", "Read from a GIFT file."


class Question(db.Model):  # type: ignore[name-defined,misc]
    """A question of the bank, as students see it, with its answer and its provenance."""

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    type: Mapped[str] = mapped_column(String(20), index=True)
    prompt: Mapped[str] = mapped_column(Text)
    # A short name for lists (empty: the prompt's first words); not content, so not versioned.
    title: Mapped[str] = mapped_column(String(TITLE_MAX), default="", server_default="")
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
    # Bumped by every change of content; answers record the version they answered.
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
    updated_at: Mapped[datetime] = mapped_column(default=now_utc, onupdate=now_utc)

    @property
    def heading(self) -> str:
        """What lists and review screens call it: its title, else its text's first words."""
        return self.title or first_words(self.prompt)

    def __repr__(self) -> str:
        return f"<Question {self.id} ({self.type}, {self.state})>"


class ReportReason(Vocabulary):
    """Why a student flags a question; the values are stored, the labels shown."""

    WRONG = "wrong", "The marked answer is wrong", "The key or the explanation is mistaken."
    AMBIGUOUS = "ambiguous", "The question is ambiguous", "It can be read more than one way."
    OUTDATED = "outdated", "It is out of date", "The record has moved on since its date."


class ReportOutcome(Vocabulary):
    """How an instructor closed a learner report."""

    DISMISSED = "dismissed", "Dismissed", "Closed with a note; the question was not changed."
    REVIEW = "review", "Sent back to review", "Closed with a note; the question went to review."


class QuestionVersion(db.Model):  # type: ignore[name-defined,misc]
    """A saved state of a question's content; answers keep the version they were given to."""

    __table_args__ = (UniqueConstraint("question_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[str] = mapped_column(ForeignKey("question.id"), index=True)
    version: Mapped[int]
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    note: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(default=now_utc)

    author: Mapped[User | None] = relationship()


class QuestionComment(db.Model):  # type: ignore[name-defined,misc]
    """A reviewer's comment, or a note of a change of state, on a question."""

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[str] = mapped_column(ForeignKey("question.id"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    body: Mapped[str] = mapped_column(Text)
    state_change: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(default=now_utc)

    author: Mapped[User | None] = relationship()


class QuestionReport(db.Model):  # type: ignore[name-defined,misc]
    """A student's flag on a question (wrong, ambiguous, outdated), and how it was resolved."""

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[str] = mapped_column(ForeignKey("question.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    attempt_id: Mapped[int | None] = mapped_column(ForeignKey("attempt.id"))
    reason: Mapped[str] = mapped_column(String(20))
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
    resolved_at: Mapped[datetime | None]
    resolver_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    resolution: Mapped[str | None] = mapped_column(Text)
    # A ReportOutcome value once resolved: dismissed, or the question sent back to review.
    outcome: Mapped[str | None] = mapped_column(String(20))

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    question: Mapped[Question] = relationship()
