"""Live sessions' tables: the session, its players and their answers (quizapp.live).

Everything a live session knows is in these rows, never in one process's memory, so a session
survives an app-server restart and any of several app servers can answer any request.
"""

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quizapp.core.vocabulary import Vocabulary
from quizapp.extensions import db
from quizapp.models import Classroom, Quiz, User, now_utc

# An answer sent as the timer ends reaches the server a moment later: accepted this long after.
# The question is revealed when the grace ends, so no answer is taken once the key is shown.
GRACE = timedelta(seconds=2)


def timed_out(phase: str, deadline: datetime | None, now: datetime) -> bool:
    """True once a timed question's deadline and grace have passed without the host's reveal:
    computed on read from the stored deadline, so no background process is needed."""
    return phase == "question" and deadline is not None and now >= deadline + GRACE


class Phase(Vocabulary):
    """Where a live session is: the host moves it forward, one phase at a time."""

    LOBBY = "lobby", "Lobby", "Players join; nothing asked yet."
    QUESTION = "question", "Question", "Open for answers until the reveal or the timer's end."
    REVEAL = "reveal", "Reveal", "The key, how the room answered, and why."
    BOARD = "board", "Leaderboard", "The top five between two questions."
    ENDED = "ended", "Ended", "The podium; nothing changes any more."


class LiveSession(db.Model):  # type: ignore[name-defined,misc]
    """A teacher-paced run of a quiz's questions, joined with a six-digit code.

    version grows with every change players must see (a new phase, a question, a removal), so a
    poll compares one number; joins and answers do not move it (the host's poll counts them).
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    # Given back when the session ends (None), so six digits go round without running out.
    code: Mapped[str | None] = mapped_column(String(6), unique=True)
    host_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    quiz_id: Mapped[int] = mapped_column(ForeignKey("quiz.id"))
    classroom_id: Mapped[int | None] = mapped_column(ForeignKey("classroom.id"), index=True)
    question_ids: Mapped[list[str]] = mapped_column(JSON)
    seed: Mapped[int]
    timer_seconds: Mapped[int | None]
    speed_bonus: Mapped[bool] = mapped_column(default=False, server_default=false())
    locked: Mapped[bool] = mapped_column(default=False, server_default=false())
    phase: Mapped[str] = mapped_column(String(20), default=Phase.LOBBY.value)
    position: Mapped[int] = mapped_column(default=-1)  # the current question, 0-based
    question_started_at: Mapped[datetime | None]
    deadline: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
    ended_at: Mapped[datetime | None]

    host: Mapped[User] = relationship()
    quiz: Mapped[Quiz] = relationship()
    classroom: Mapped[Classroom | None] = relationship()

    @property
    def count(self) -> int:
        """How many questions the session asks."""
        return len(self.question_ids)

    def accepting(self, now: datetime) -> bool:
        """True while the current question takes answers: asked, not revealed, time not up."""
        return self.phase == Phase.QUESTION.value and (self.deadline is None or now < self.deadline)

    def timed_out(self, now: datetime) -> bool:
        """True once the question's timer (and grace) ran out before the host's reveal."""
        return timed_out(self.phase, self.deadline, now)

    def phase_at(self, now: datetime) -> str:
        """The phase every screen shows: a timed-out question is revealed, as if the host had."""
        return Phase.REVEAL.value if self.timed_out(now) else self.phase

    def view_version(self, now: datetime) -> str:
        """What a page compares with the poll: the version, marked once the timer revealed the
        question, so every phone and the projector reload into the reveal."""
        return f"{self.version}r" if self.timed_out(now) else str(self.version)


class LivePlayer(db.Model):  # type: ignore[name-defined,misc]
    """Someone in a live session: an account, or a guest known by a cookie and a nickname.

    name_key (quizapp.core.text.name_key of the name shown) is unique in the session, so no two
    players look alike on the projector; a guest's cookie holds a token whose hash is kept here.
    """

    __table_args__ = (
        UniqueConstraint("session_id", "name_key", name="uq_live_player_session_name"),
        UniqueConstraint("session_id", "user_id", name="uq_live_player_session_user"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("live_session.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    name: Mapped[str] = mapped_column(String(60))
    name_key: Mapped[str] = mapped_column(String(255))
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    removed: Mapped[bool] = mapped_column(default=False, server_default=false())
    joined_at: Mapped[datetime] = mapped_column(default=now_utc)

    user: Mapped[User | None] = relationship()

    @property
    def guest(self) -> bool:
        """True for a guest (no account)."""
        return self.user_id is None


class LiveAnswer(db.Model):  # type: ignore[name-defined,misc]
    """A player's answer to one question of the session, scored when saved.

    One row per player and question (the unique key): answering again before the reveal
    replaces the response, so a double tap or a retry is counted once.
    """

    # The host's poll counts one question's answers: the index holds exactly those rows.
    __table_args__ = (
        UniqueConstraint("player_id", "position"),
        Index("ix_live_answer_session_position", "session_id", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("live_session.id"))
    player_id: Mapped[int] = mapped_column(ForeignKey("live_player.id"))
    position: Mapped[int]
    question_id: Mapped[str] = mapped_column(ForeignKey("question.id"))
    response: Mapped[Any] = mapped_column(JSON)
    score: Mapped[float]  # 0 to 1, as attempts grade
    points: Mapped[int]  # score as points, plus any speed bonus
    elapsed_ms: Mapped[int]  # from the question's start to this answer: breaks ties
    answered_at: Mapped[datetime] = mapped_column(default=now_utc)
