"""Reading a board: one page of the top, the viewer's own rank, and the total; a fixed number
of indexed queries whatever the size of the board (tests count them)."""

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import and_, false, func, or_

from quizapp.core.ranking import Standing, assign_ranks, period_start
from quizapp.extensions import db
from quizapp.models import LeaderboardEntry, User

PER_PAGE = 50


@dataclass
class BoardRow:
    """One line of a board as every output (HTML, JSON, CSV) shows it."""

    rank: str
    name: str
    score: float
    time_seconds: int
    finished_at: datetime
    is_viewer: bool = False


@dataclass
class BoardPage:
    """A page of a board, and where the viewer stands."""

    board: str
    period: str
    rows: list[BoardRow] = field(default_factory=list)
    total: int = 0
    page: int = 1
    pages: int = 1
    viewer_rank: int | None = None
    viewer_hidden: bool = False


def _scope(board: str, period: str, now: datetime) -> list[object]:
    """The filter of one board and period, visible entries only."""
    return [
        LeaderboardEntry.board == board,
        LeaderboardEntry.period == period,
        LeaderboardEntry.period_start == period_start(period, now),
        LeaderboardEntry.hidden == false(),
    ]


def _ahead_of(entry: Standing) -> object:
    """Entries strictly ahead of a standing: higher score, or equal and faster, or earlier."""
    return or_(
        LeaderboardEntry.score > entry.score,
        and_(
            LeaderboardEntry.score == entry.score,
            or_(
                LeaderboardEntry.time_seconds < entry.time_seconds,
                and_(
                    LeaderboardEntry.time_seconds == entry.time_seconds,
                    LeaderboardEntry.finished_at < entry.finished_at,
                ),
            ),
        ),
    )


def read_board(
    board: str,
    period: str,
    now: datetime,
    page: int = 1,
    viewer_id: int | None = None,
    per_page: int = PER_PAGE,
) -> BoardPage:
    """One page of a board, ranked by the rules of quizapp.core.ranking, with the viewer's rank."""
    scope = _scope(board, period, now)
    total = db.session.execute(
        db.select(func.count()).select_from(LeaderboardEntry).where(*scope)
    ).scalar_one()
    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages)
    rows = db.session.execute(
        db.select(LeaderboardEntry, User.display_name, User.pseudonym, User.board_privacy)
        .join(User, User.id == LeaderboardEntry.user_id)
        .where(*scope)
        .order_by(
            LeaderboardEntry.score.desc(),
            LeaderboardEntry.time_seconds,
            LeaderboardEntry.finished_at,
            LeaderboardEntry.user_id,
        )
        .offset((page - 1) * per_page)
        .limit(per_page + 1)  # one more shows a tie across pages
    ).all()
    result = BoardPage(board=board, period=period, total=total, page=page, pages=pages)
    if rows:
        standings = [Standing(e.score, e.time_seconds, e.finished_at) for e, *_ in rows]
        first_rank = 1 + _count_ahead(scope, standings[0])
        labels = assign_ranks(standings, first_rank, (page - 1) * per_page + 1)
        for (entry, display, pseudonym, privacy), label in zip(rows, labels, strict=True):
            name = pseudonym if privacy == "pseudonym" and pseudonym else display
            result.rows.append(
                BoardRow(
                    label,
                    name,
                    entry.score,
                    entry.time_seconds,
                    entry.finished_at,
                    entry.user_id == viewer_id,
                )
            )
        result.rows = result.rows[:per_page]
    if viewer_id is not None:
        _place_viewer(result, board, period, now, viewer_id, scope)
    return result


def _count_ahead(scope: list[object], standing: Standing) -> int:
    """How many visible entries of the board are strictly ahead of a standing."""
    return db.session.execute(
        db.select(func.count()).select_from(LeaderboardEntry).where(*scope, _ahead_of(standing))
    ).scalar_one()


def _place_viewer(
    result: BoardPage, board: str, period: str, now: datetime, viewer_id: int, scope: list[object]
) -> None:
    """The viewer's own rank, even far outside the page shown."""
    mine = db.session.execute(
        db.select(LeaderboardEntry).where(
            LeaderboardEntry.board == board,
            LeaderboardEntry.period == period,
            LeaderboardEntry.period_start == period_start(period, now),
            LeaderboardEntry.user_id == viewer_id,
        )
    ).scalar_one_or_none()
    if mine is None:
        return
    if mine.hidden:
        result.viewer_hidden = True
        return
    result.viewer_rank = 1 + _count_ahead(
        scope, Standing(mine.score, mine.time_seconds, mine.finished_at)
    )
