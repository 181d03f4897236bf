"""Keeping leaderboard entries up to date, inside the transaction that finishes an attempt.

No function here commits: the caller's service function owns the one commit, so a board never
shows an attempt that did not finish, and a finished attempt is never missing from its board.
"""

from datetime import datetime

from quizapp.core.ranking import (
    PERIODS,
    AttemptResult,
    Standing,
    overall_standing,
    period_begins,
    period_start,
    standing_of,
)
from quizapp.extensions import db
from quizapp.models import Attempt, LeaderboardEntry, LeaderboardSize, Quiz, User

OVERALL = "overall"


def quiz_board(quiz_id: int) -> str:
    """The board key of a quiz."""
    return f"q{quiz_id}"


def _result(attempt: Attempt) -> AttemptResult:
    """An attempt as the ranking rules see it."""
    assert attempt.finished_at is not None
    seconds = int((attempt.finished_at - attempt.started_at).total_seconds())
    return AttemptResult(
        attempt.number,
        attempt.percent or 0.0,
        max(0, seconds),
        attempt.finished_at.replace(microsecond=0),
    )


def record_finished_attempt(attempt: Attempt, quiz: Quiz, user: User) -> None:
    """Update the quiz's boards and the overall boards for the attempt's student."""
    assert attempt.finished_at is not None
    if quiz.leaderboard_frozen_at and attempt.finished_at > quiz.leaderboard_frozen_at:
        return
    finished = [
        _result(a)
        for a in db.session.execute(
            db.select(Attempt).where(
                Attempt.quiz_id == quiz.id,
                Attempt.user_id == user.id,
                Attempt.finished_at.is_not(None),
            )
        ).scalars()
    ]
    board = quiz_board(quiz.id)
    for period in PERIODS:
        begins = period_begins(period, attempt.finished_at)
        within = [a for a in finished if period == "all" or a.finished_at >= begins]
        standing = standing_of(within, quiz.grading_method)
        start = period_start(period, attempt.finished_at)
        if standing is not None:
            _put(board, period, start, user, standing)
        db.session.flush()
        _put_overall(period, start, user)


def _put(board: str, period: str, start: object, user: User, standing: Standing) -> None:
    """Insert or update one entry."""
    entry = db.session.execute(
        db.select(LeaderboardEntry).where(
            LeaderboardEntry.board == board,
            LeaderboardEntry.period == period,
            LeaderboardEntry.period_start == start,
            LeaderboardEntry.user_id == user.id,
        )
    ).scalar_one_or_none()
    hidden = user.board_privacy == "hidden"
    figures = {
        "score": standing.score,
        "time_seconds": standing.time_seconds,
        "finished_at": standing.finished_at,
    }
    if entry is None:
        db.session.add(
            LeaderboardEntry(
                board=board,
                period=period,
                period_start=start,
                user_id=user.id,
                hidden=hidden,
                **figures,
            )
        )
        if not hidden:
            _resize(board, period, start, +1)
        return
    if entry.hidden != hidden:
        entry.hidden = hidden
        _resize(board, period, start, -1 if hidden else +1)
    for name, value in figures.items():
        setattr(entry, name, value)


def _resize(board: str, period: str, start: object, change: int) -> None:
    """Add change to a board's count of visible students, atomically."""
    done = db.session.execute(
        db.update(LeaderboardSize)
        .where(
            LeaderboardSize.board == board,
            LeaderboardSize.period == period,
            LeaderboardSize.period_start == start,
        )
        .values(entries=LeaderboardSize.entries + change)
    )
    if done.rowcount == 0:
        db.session.add(
            LeaderboardSize(board=board, period=period, period_start=start, entries=max(0, change))
        )
        db.session.flush()


def _put_overall(period: str, start: object, user: User) -> None:
    """Recompute the student's overall entry from their quiz entries of the same period."""
    rows = db.session.execute(
        db.select(LeaderboardEntry).where(
            LeaderboardEntry.user_id == user.id,
            LeaderboardEntry.period == period,
            LeaderboardEntry.period_start == start,
            LeaderboardEntry.board != OVERALL,
        )
    ).scalars()
    standing = overall_standing([Standing(r.score, r.time_seconds, r.finished_at) for r in rows])
    if standing is not None:
        _put(OVERALL, period, start, user, standing)


def set_board_privacy(user: User, hidden: bool) -> None:
    """Carry a student's hide-me choice onto all their entries and board sizes (no commit)."""
    changing = (
        db.session.execute(
            db.select(LeaderboardEntry).where(
                LeaderboardEntry.user_id == user.id, LeaderboardEntry.hidden != hidden
            )
        )
        .scalars()
        .all()
    )
    for entry in changing:
        entry.hidden = hidden
        _resize(entry.board, entry.period, entry.period_start, -1 if hidden else +1)


def is_frozen(quiz: Quiz, now: datetime) -> bool:
    """True when the quiz's board is frozen at a moment already past."""
    return quiz.leaderboard_frozen_at is not None and now >= quiz.leaderboard_frozen_at
