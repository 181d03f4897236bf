"""Keeping leaderboard entries up to date, inside the transaction that finishes an attempt.

No function here commits: the caller's service function owns the one commit, so a board never
shows an attempt that did not finish, and a finished attempt is never missing from its board.
"""

from collections import Counter
from datetime import date, datetime
from functools import cache

from sqlalchemy import Executable, bindparam

from quizapp.core.ranking import (
    PERIODS,
    AttemptResult,
    Standing,
    overall_standing,
    period_begins,
    period_start,
    standing_of,
)
from quizapp.extensions import db, insert_for
from quizapp.leaderboard.overall import OVERALL, quiz_board, summed_quiz_ids
from quizapp.models import Attempt, BoardPrivacy, LeaderboardEntry, LeaderboardSize, Quiz, User


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
    """Update the quiz's boards and the overall boards for the attempt's student.

    One read of the student's finished attempts at the quiz, one of their entries in the three
    current periods; then the changed entries and the board sizes are written in bulk (the
    statements do not grow with the number of boards or periods).
    """
    assert attempt.finished_at is not None
    if quiz.leaderboard_frozen_at and attempt.finished_at > quiz.leaderboard_frozen_at:
        return
    finished = _finished_results(quiz, user)
    starts = {period: period_start(period, attempt.finished_at) for period in PERIODS}
    entries = _current_entries(user, starts)
    hidden = user.board_privacy == BoardPrivacy.HIDDEN
    board = quiz_board(quiz.id)
    # The overall board sums the quizzes it counts (quizapp.leaderboard.overall); when this quiz
    # is not one of them, or nothing was summed yet, its entry does not change here.
    counted = {quiz_board(i) for i in summed_quiz_ids() or []}
    resized: Counter[tuple[str, str, object]] = Counter()
    for period, start in starts.items():
        begins = period_begins(period, attempt.finished_at)
        within = [a for a in finished if period == "all" or a.finished_at >= begins]
        standing = standing_of(within, quiz.grading_method)
        if standing is not None:
            _put(entries, board, period, start, user.id, hidden, standing, resized)
        overall = overall_standing(
            [
                Standing(e.score, e.time_seconds, e.finished_at)
                for (name, of), e in entries.items()
                if of == period and name in counted
            ]
        )
        if overall is not None and board in counted:
            _put(entries, OVERALL, period, start, user.id, hidden, overall, resized)
    _resize(resized)


def _finished_results(quiz: Quiz, user: User) -> list[AttemptResult]:
    """The student's finished attempts at the quiz, as the ranking reads them (one query)."""
    return [
        _result(a)
        for a in db.session.execute(
            db.select(Attempt).where(
                Attempt.quiz_id == quiz.id,
                Attempt.user_id == user.id,
                Attempt.finished_at.is_not(None),
            )
        ).scalars()
    ]


def _current_entries(
    user: User, starts: dict[str, date]
) -> dict[tuple[str, str], LeaderboardEntry]:
    """The student's entries on every board in the periods that begin at `starts` (one query),
    by (board, period)."""
    return {
        (e.board, e.period): e
        for e in db.session.execute(
            db.select(LeaderboardEntry).where(
                LeaderboardEntry.user_id == user.id,
                LeaderboardEntry.period_start.in_(set(starts.values())),
            )
        ).scalars()
        if starts.get(e.period) == e.period_start
    }


def _put(
    entries: dict[tuple[str, str], LeaderboardEntry],
    board: str,
    period: str,
    start: object,
    user_id: int,
    hidden: bool,
    standing: Standing,
    resized: Counter[tuple[str, str, object]],
) -> None:
    """Set one entry's figures, adding it if new; count board size changes into resized."""
    entry = entries.get((board, period))
    if entry is None:
        entry = LeaderboardEntry(
            board=board, period=period, period_start=start, user_id=user_id, hidden=hidden
        )
        db.session.add(entry)
        entries[(board, period)] = entry
        change = 0 if hidden else 1
    else:
        change = 0 if entry.hidden == hidden else (-1 if hidden else 1)
        entry.hidden = hidden
    entry.score = standing.score
    entry.time_seconds = standing.time_seconds
    entry.finished_at = standing.finished_at
    resized[(board, period, start)] += change


def _resize(changes: Counter[tuple[str, str, object]]) -> None:
    """Add each change to its board's count of visible students, atomically, in one statement
    (an insert that adds to the row already there)."""
    if not any(changes.values()):
        return
    db.session.flush()  # the entries first, so a duplicate fails before the sizes move
    db.session.execute(
        _add_to_size(db.session.get_bind().dialect.name),
        [
            {"board": b, "period": p, "period_start": s, "entries": max(0, n), "change": n}
            for (b, p, s), n in changes.items()
            if n
        ],
    )


@cache
def _add_to_size(dialect: str) -> Executable:
    """INSERT a board's size, or add the change to the one there."""
    size = LeaderboardSize.__table__
    insert = insert_for(dialect)(size)
    return insert.on_conflict_do_update(
        index_elements=["board", "period", "period_start"],
        set_={"entries": size.c.entries + bindparam("change")},
    )


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
    changes: Counter[tuple[str, str, object]] = Counter()
    for entry in changing:
        entry.hidden = hidden
        changes[(entry.board, entry.period, entry.period_start)] += -1 if hidden else 1
    _resize(changes)


def is_frozen(quiz: Quiz, now: datetime) -> bool:
    """True when the quiz's board is frozen at a moment already past."""
    return quiz.leaderboard_frozen_at is not None and now >= quiz.leaderboard_frozen_at
