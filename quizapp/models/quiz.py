"""Quizzes, attempts and their answers."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quizapp.core.vocabulary import Vocabulary
from quizapp.extensions import db
from quizapp.models.clock import now_utc
from quizapp.models.user import User


class FeedbackMode(Vocabulary):
    """When a student sees whether an answer was right (the default first)."""

    DEFERRED = "deferred", "At the end", "Right or wrong is shown once the attempt is finished."
    IMMEDIATE = "immediate", "After each answer", "Each answer is checked as it is given."


class GradingMethod(Vocabulary):
    """Which finished attempts make a student's counted score for a quiz."""

    HIGHEST = "highest", "Highest attempt", "The best finished attempt counts."
    LAST = "last", "Last attempt", "The latest finished attempt counts."
    FIRST = "first", "First attempt", "The first finished attempt counts."
    AVERAGE = "average", "Average of attempts", "The mean of every finished attempt counts."


class LeaderboardVisibility(Vocabulary):
    """Who sees a quiz's leaderboard, and when."""

    PUBLIC = "public", "Everyone", "Everyone sees the board, visitors included."
    HIDDEN = "hidden", "Instructors only", "Only instructors see the board."
    AFTER_CLOSE = (
        "after_close",
        "Everyone after the quiz closes",
        "Instructors see the board; everyone does once the quiz closes.",
    )


class Quiz(db.Model):  # type: ignore[name-defined,misc]
    """A quiz: fixed questions or a random draw by filter, and the rules of its attempts."""

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    builtin: Mapped[bool] = mapped_column(default=False)
    published: Mapped[bool] = mapped_column(default=True)
    # Fixed questions in order; or, when draw_count is set, that many drawn per attempt.
    question_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    draw_count: Mapped[int | None]
    # {"types": [...], "statuses": [...], "tags": [...], "templates": [...]}; empty = any.
    draw_filter: Mapped[dict[str, list[str]]] = mapped_column(JSON, default=dict)
    # An exam pool: the questions it can draw are never drawn by a practice quiz (one with
    # immediate feedback or unlimited attempts), so a student cannot loop one to see them.
    exam_pool: Mapped[bool] = mapped_column(default=False, server_default=false())
    # What every drawn attempt must hold and the caps it keeps (see core.selection.draw);
    # a built-in quiz takes it from questions/quizzes.yaml on every sync unless edited.
    blueprint: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict, server_default="{}")
    # An instructor changed what it draws (question_ids, draw_count, draw_filter): sync then
    # keeps a built-in quiz's draw settings as they are, as it keeps an edited question.
    edited: Mapped[bool] = mapped_column(default=False, server_default=false())
    shuffle_questions: Mapped[bool] = mapped_column(default=True)
    one_per_page: Mapped[bool] = mapped_column(default=True)
    feedback_mode: Mapped[str] = mapped_column(String(20), default=FeedbackMode.DEFERRED.value)
    time_limit_seconds: Mapped[int | None]
    max_attempts: Mapped[int | None]
    grading_method: Mapped[str] = mapped_column(String(20), default=GradingMethod.HIGHEST.value)
    pass_mark: Mapped[float | None]  # percent
    opens_at: Mapped[datetime | None]
    closes_at: Mapped[datetime | None]
    leaderboard: Mapped[str] = mapped_column(String(20), default=LeaderboardVisibility.PUBLIC.value)
    # When set, attempts finished after this moment no longer change the board.
    leaderboard_frozen_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=now_utc)

    def __repr__(self) -> str:
        return f"<Quiz {self.slug}>"

    def board_open_to_all(self, now: datetime) -> bool:
        """True when everyone, visitors included, may see this quiz's board at `now`: a public
        board, or one shown after the quiz closes, once it has."""
        if self.leaderboard == LeaderboardVisibility.PUBLIC.value:
            return True
        closed = self.closes_at is not None and now >= self.closes_at
        return self.leaderboard == LeaderboardVisibility.AFTER_CLOSE.value and closed


class Attempt(db.Model):  # type: ignore[name-defined,misc]
    """One student's try at a quiz: its drawn questions in order, its clock and its score."""

    __table_args__ = (UniqueConstraint("quiz_id", "user_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    quiz_id: Mapped[int] = mapped_column(ForeignKey("quiz.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    number: Mapped[int]
    seed: Mapped[int]
    question_ids: Mapped[list[str]] = mapped_column(JSON)
    feedback_mode: Mapped[str] = mapped_column(String(20))
    position: Mapped[int] = mapped_column(default=0)  # where to resume, 0-based
    started_at: Mapped[datetime] = mapped_column(default=now_utc)
    deadline: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    finished_by: Mapped[str | None] = mapped_column(String(20))  # student, timeout
    score: Mapped[float | None]  # points, one per question
    max_score: Mapped[float] = mapped_column(default=0)
    # Set when started through a class's assignment: its window bounds the attempt too.
    assignment_id: Mapped[int | None] = mapped_column(ForeignKey("assignment.id"), index=True)

    quiz: Mapped[Quiz] = relationship()
    user: Mapped[User] = relationship()

    created = False  # not stored: set by start_attempt, True when it began a new attempt

    @property
    def finished(self) -> bool:
        """True once the attempt is closed and graded."""
        return self.finished_at is not None

    @property
    def percent(self) -> float | None:
        """The score as a percentage, once finished."""
        if self.score is None or not self.max_score:
            return None
        return 100.0 * self.score / self.max_score


class Answer(db.Model):  # type: ignore[name-defined,misc]
    """The saved response to one question of an attempt, and its score once graded."""

    __table_args__ = (UniqueConstraint("attempt_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempt.id"), index=True)
    question_id: Mapped[str] = mapped_column(ForeignKey("question.id"))
    response: Mapped[Any] = mapped_column(JSON)
    question_version: Mapped[int] = mapped_column(default=1, server_default="1")
    score: Mapped[float | None]
    # Set by save_answers on every save; grading an answer must not move it.
    saved_at: Mapped[datetime] = mapped_column(default=now_utc)


class DraftAnswer(db.Model):  # type: ignore[name-defined,misc]
    """A choice made but not yet checked in an immediate-feedback attempt (quizapp.drafts)."""

    __table_args__ = (UniqueConstraint("attempt_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempt.id"), index=True)
    question_id: Mapped[str] = mapped_column(ForeignKey("question.id"))
    response: Mapped[Any] = mapped_column(JSON)
    saved_at: Mapped[datetime] = mapped_column(default=now_utc)
