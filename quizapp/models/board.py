"""Leaderboards: each student's standing per board and period, kept as attempts finish."""

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quizapp.extensions import db
from quizapp.models.clock import now_utc
from quizapp.models.user import User


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
