"""Database models: typed, singular names, no commits and no config reads."""

from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from flask_login import UserMixin
from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates
from werkzeug.security import check_password_hash, generate_password_hash

from quizapp.core.text import name_key
from quizapp.extensions import db

USERNAME_MAX = 40
DISPLAY_NAME_MAX = 60
# Room for a public name's key: NFKC can lengthen a name (one ligature becomes several letters).
NAME_KEY_MAX = 255


def public_name_key(name: str) -> str:
    """The stored key of a display name or pseudonym: quizapp.core.text.name_key, bounded."""
    return name_key(name)[:NAME_KEY_MAX]


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
    # How leaderboards show the student: "named" (display name), "pseudonym" or "hidden".
    board_privacy: Mapped[str] = mapped_column(String(20), default="named", server_default="named")
    pseudonym: Mapped[str | None] = mapped_column(String(DISPLAY_NAME_MAX))
    # The names as a reader tells them apart (quizapp.core.text.name_key): unique, so no
    # student can appear on a board as another. Kept in step by the validators below, so
    # display_key is never empty; the column allows NULL (and uniqueness is a unique index)
    # only so SQLite can add it without rebuilding the table every other table refers to.
    display_key: Mapped[str | None] = mapped_column(String(NAME_KEY_MAX), unique=True, index=True)
    pseudonym_key: Mapped[str | None] = mapped_column(String(NAME_KEY_MAX), unique=True, index=True)
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
        if self.board_privacy == "pseudonym" and self.pseudonym:
            return self.pseudonym
        return self.display_name

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
    # Bumped by every change of content; answers record the version they answered.
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
    updated_at: Mapped[datetime] = mapped_column(default=now_utc, onupdate=now_utc)

    def __repr__(self) -> str:
        return f"<Question {self.id} ({self.type}, {self.state})>"


class FeedbackMode(StrEnum):
    """When a student sees whether an answer was right."""

    IMMEDIATE = "immediate"
    DEFERRED = "deferred"


class GradingMethod(StrEnum):
    """Which finished attempts make a student's counted score for a quiz."""

    HIGHEST = "highest"
    LAST = "last"
    FIRST = "first"
    AVERAGE = "average"


class LeaderboardVisibility(StrEnum):
    """Who sees a quiz's leaderboard, and when."""

    PUBLIC = "public"
    HIDDEN = "hidden"
    AFTER_CLOSE = "after_close"


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


class Classroom(db.Model):  # type: ignore[name-defined,misc]
    """A class: an instructor's group of students, joined with a code (quizapp.classes)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    instructor_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    join_code: Mapped[str] = mapped_column(String(16), unique=True)
    code_expires_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=now_utc)

    instructor: Mapped[User] = relationship()


class ClassMember(db.Model):  # type: ignore[name-defined,misc]
    """A student in a class; a student may be in several."""

    __table_args__ = (UniqueConstraint("classroom_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    classroom_id: Mapped[int] = mapped_column(ForeignKey("classroom.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    joined_at: Mapped[datetime] = mapped_column(default=now_utc)

    user: Mapped[User] = relationship()


class Assignment(db.Model):  # type: ignore[name-defined,misc]
    """A quiz set to a class, with the class's own open and close times (None: the quiz's)."""

    __table_args__ = (UniqueConstraint("classroom_id", "quiz_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    classroom_id: Mapped[int] = mapped_column(ForeignKey("classroom.id"), index=True)
    quiz_id: Mapped[int] = mapped_column(ForeignKey("quiz.id"))
    opens_at: Mapped[datetime | None]
    closes_at: Mapped[datetime | None]

    quiz: Mapped[Quiz] = relationship()
    classroom: Mapped[Classroom] = relationship()


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


class LeaderboardEntry(db.Model):  # type: ignore[name-defined,misc]
    """A student's standing on one board for one period, kept up to date when attempts finish.

    board is "q<quiz id>" or "overall"; period is "all", "week" or "month", starting on
    period_start. Boards read the top of the index; they never scan attempts.
    """

    __table_args__ = (UniqueConstraint("board", "period", "period_start", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    board: Mapped[str] = mapped_column(String(20))
    period: Mapped[str] = mapped_column(String(10))
    period_start: Mapped[date]
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    score: Mapped[float]
    time_seconds: Mapped[int]
    finished_at: Mapped[datetime]
    hidden: Mapped[bool] = mapped_column(default=False)

    user: Mapped[User] = relationship()


# The board's own order (score descending, then time, finish, id), so the top of a board is
# the first rows of the index and a rank is a range count: no sort, no scan.
Index(
    "ix_leaderboard_entry_ranking",
    LeaderboardEntry.board,
    LeaderboardEntry.period,
    LeaderboardEntry.period_start,
    LeaderboardEntry.hidden,
    LeaderboardEntry.score.desc(),
    LeaderboardEntry.time_seconds,
    LeaderboardEntry.finished_at,
    LeaderboardEntry.user_id,
)


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

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    question: Mapped[Question] = relationship()


class OverallBoard(db.Model):  # type: ignore[name-defined,misc]
    """The quizzes whose entries the overall board's entries now sum ("1,4,7"); one row.

    The overall board counts only quizzes whose boards everyone may see, and that set changes
    (a board made public, a quiz closed): reading the board compares it with this row and, when
    they differ, sums the entries again (quizapp.leaderboard.standings.overall_members).
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    quiz_ids: Mapped[str] = mapped_column(Text, default="")
    summed_at: Mapped[datetime] = mapped_column(default=now_utc)


class LeaderboardSize(db.Model):  # type: ignore[name-defined,misc]
    """How many visible students a board has, kept with the entries so no page counts them."""

    __table_args__ = (UniqueConstraint("board", "period", "period_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    board: Mapped[str] = mapped_column(String(20))
    period: Mapped[str] = mapped_column(String(10))
    period_start: Mapped[date]
    entries: Mapped[int] = mapped_column(default=0)


class AuditEvent(db.Model):  # type: ignore[name-defined,misc]
    """Who did what to which question or account, for admins: never edited, never deleted."""

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))  # None: a command
    action: Mapped[str] = mapped_column(String(40), index=True)
    target: Mapped[str] = mapped_column(String(250))
    detail: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=now_utc, index=True)

    actor: Mapped[User | None] = relationship()
