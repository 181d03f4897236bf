"""Who may see which board, and how a board is exported: the rules every output shares."""

from datetime import datetime

from flask import abort, g, request
from flask_login import current_user

from quizapp.core.ranking import PERIODS
from quizapp.core.spreadsheet import Cell, csv_text
from quizapp.dates import when_text
from quizapp.extensions import LARGEST_ID, db
from quizapp.leaderboard.board import BoardPage
from quizapp.leaderboard.overall import OVERALL, quiz_board
from quizapp.leaderboard.standings import is_frozen
from quizapp.models import LeaderboardVisibility, Quiz, Role, User

PERIOD_NAMES = {"all": "All time", "week": "This week", "month": "This month"}


def viewer() -> object | None:
    """The account looking at the board: the API caller or the logged-in user, if any."""
    api_user_id = g.get("api_user_id")
    if api_user_id is not None:
        return db.session.get(User, api_user_id)
    return current_user if current_user.is_authenticated else None


def is_instructor() -> bool:
    """True for instructors and admins."""
    user = viewer()
    return bool(user is not None and user.has_role(Role.INSTRUCTOR))  # type: ignore[attr-defined]


def requested_period() -> str:
    """The ?period= asked for, or 400 for an unknown one."""
    period = request.args.get("period", "all")
    if period not in PERIODS:
        abort(400, f"period must be one of {', '.join(PERIODS)}")
    return period


def requested_page() -> int:
    """The ?page= asked for (past the last reads as the last), or 400 if not a number from 1."""
    digits = request.args.get("page", "1").lstrip("0")
    if not (digits.isascii() and digits.isdigit()):
        abort(400, "page must be a whole number, 1 or more")
    return int(digits) if len(digits) < 10 else LARGEST_ID


def board_state(quiz: Quiz | None, now: datetime) -> tuple[bool, str | None]:
    """(visible to this viewer, a note to show) for a quiz's board or the overall one.

    hidden: instructors only (404 for others); after_close: everyone once the quiz closes,
    instructors before; frozen: visible, with the moment it froze.
    """
    if quiz is None:
        return True, None
    notes = []
    visible = True
    if quiz.leaderboard == LeaderboardVisibility.HIDDEN.value:
        if not is_instructor():
            abort(404)
        notes.append("Hidden from students.")
    elif quiz.leaderboard == LeaderboardVisibility.AFTER_CLOSE.value:
        closed = quiz.closes_at is not None and now >= quiz.closes_at
        if not closed:
            visible = is_instructor()
            notes.append("This board is shown to students after the quiz closes.")
    if is_frozen(quiz, now):
        notes.append(
            f"Frozen on {when_text(quiz.leaderboard_frozen_at)}: later attempts do not change it."
        )
    return visible, " ".join(notes) or None


def board_key(quiz: Quiz | None) -> str:
    """The board of a quiz, or the overall board."""
    return OVERALL if quiz is None else quiz_board(quiz.id)


def board_csv(result: BoardPage, title: str) -> str:
    """The board as CSV, with the same names (display name or pseudonym) as the page; the
    score exact, the rank a number with a separate tied column (a spreadsheet reads "=2" as a
    formula)."""
    header = ["board", "period", "rank", "tied", "name", "score_percent", "time_seconds"]
    rows: list[list[Cell]] = [[*header, "finished_at"]]
    for row in result.rows:
        rows.append(
            [
                title,
                result.period,
                row.position,
                "yes" if row.tied else "no",
                row.name,
                row.score,
                row.time_seconds,
                row.finished_at.isoformat(),
            ]
        )
    return csv_text(rows)
