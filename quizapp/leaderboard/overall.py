"""The overall board's rule: which quizzes it counts, and its entries summed again when that
set changes.

A student's overall score is the mean of their counted percentages across the quizzes the board
counts, a quiz not taken counting 0. Those are the published quizzes whose boards everyone may
see now (`Quiz.board_open_to_all`), so a hidden board, or one shown only after its quiz closes,
never shows through the overall board. Entries store the sum, which ranks exactly as the mean
does (every student shares the divisor); pages divide by the number of quizzes counted.
"""

from datetime import datetime

from sqlalchemy import case, delete, false, func, insert, literal_column, select, update
from sqlalchemy.exc import IntegrityError

from quizapp.extensions import db
from quizapp.models import LeaderboardEntry, LeaderboardSize, OverallBoard, Quiz

OVERALL = "overall"
ROW = 1  # the one row of OverallBoard
E = LeaderboardEntry


def quiz_board(quiz_id: int) -> str:
    """The board key of a quiz."""
    return f"q{quiz_id}"


def counted_quizzes(now: datetime) -> list[Quiz]:
    """The published quizzes the overall board counts at `now`, oldest first."""
    quizzes = db.session.execute(
        select(Quiz).where(Quiz.published.is_(True)).order_by(Quiz.id)
    ).scalars()
    return [q for q in quizzes if q.board_open_to_all(now)]


def _key(quiz_ids: list[int]) -> str:
    """The stored form of a set of quiz ids: "1,4,7"."""
    return ",".join(str(i) for i in sorted(quiz_ids))


def summed_quiz_ids() -> list[int] | None:
    """The quizzes the overall entries are summed over now, or None before the first sum."""
    stored = db.session.execute(
        select(OverallBoard.quiz_ids).where(OverallBoard.id == ROW)
    ).scalar_one_or_none()
    return None if stored is None else [int(i) for i in stored.split(",") if i]


def overall_members(now: datetime) -> list[Quiz]:
    """The quizzes the overall board counts now, its entries brought in line with them first.

    When the set differs from the one the entries were summed over, they are summed again in
    one commit. Two readers noticing at once race for the OverallBoard row: the loser's update
    matches nothing (it waits for the winner's commit on PostgreSQL) and it reads the result.
    """
    members = counted_quizzes(now)
    wanted = [q.id for q in members]
    summed = summed_quiz_ids()
    if summed is None or _key(summed) != _key(wanted):
        _sum_again(wanted, summed, now)
    return members


def _sum_again(wanted: list[int], summed: list[int] | None, now: datetime) -> None:
    """Replace every overall entry and size with sums over the wanted quizzes' entries."""
    try:
        if summed is None:
            db.session.add(OverallBoard(id=ROW, quiz_ids=_key(wanted), summed_at=now))
            db.session.flush()
        else:
            taken = db.session.execute(
                update(OverallBoard)
                .where(OverallBoard.id == ROW, OverallBoard.quiz_ids == _key(summed))
                .values(quiz_ids=_key(wanted), summed_at=now)
            )
            if taken.rowcount != 1:
                db.session.rollback()
                return
    except IntegrityError:
        db.session.rollback()
        return
    db.session.execute(delete(E).where(E.board == OVERALL))
    db.session.execute(delete(LeaderboardSize).where(LeaderboardSize.board == OVERALL))
    boards = [quiz_board(i) for i in wanted]
    if boards:
        sums = (
            select(
                literal_column(f"'{OVERALL}'"),
                E.period,
                E.period_start,
                E.user_id,
                func.sum(E.score),
                func.sum(E.time_seconds),
                func.max(E.finished_at),
                func.max(case((E.hidden, 1), else_=0)) == 1,
            )
            .where(E.board.in_(boards))
            .group_by(E.period, E.period_start, E.user_id)
        )
        columns = ["board", "period", "period_start", "user_id", "score", "time_seconds"]
        db.session.execute(insert(E).from_select([*columns, "finished_at", "hidden"], sums))
        sizes = (
            select(literal_column(f"'{OVERALL}'"), E.period, E.period_start, func.count())
            .where(E.board == OVERALL, E.hidden == false())
            .group_by(E.period, E.period_start)
        )
        db.session.execute(
            insert(LeaderboardSize).from_select(
                ["board", "period", "period_start", "entries"], sizes
            )
        )
    db.session.commit()
