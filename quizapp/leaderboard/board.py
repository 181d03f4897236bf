"""Reading a board: one page of the top, the viewer's own rank, and the size; a fixed number
of indexed statements whatever the size of the board (tests count them).

The statements are built once, with bound parameters, so a request only binds values: the
board page is the hottest read of a class in a hurry.
"""

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import and_, bindparam, false, func, or_, select

from quizapp.core.numbers import percent_text
from quizapp.core.ranking import Standing, assign_ranks, period_start
from quizapp.extensions import db
from quizapp.models import LeaderboardEntry, LeaderboardSize, User, board_name

PER_PAGE = 50
E = LeaderboardEntry

_IN_BOARD = and_(
    E.board == bindparam("board"),
    E.period == bindparam("period"),
    E.period_start == bindparam("start"),
)
_VISIBLE = and_(_IN_BOARD, E.hidden == false())
_AHEAD = or_(
    E.score > bindparam("score"),
    and_(
        E.score == bindparam("score"),
        or_(
            E.time_seconds < bindparam("time"),
            and_(E.time_seconds == bindparam("time"), E.finished_at < bindparam("finished")),
        ),
    ),
)
PAGE = (
    select(
        E.user_id,
        E.score,
        E.time_seconds,
        E.finished_at,
        User.display_name,
        User.pseudonym,
        User.board_privacy,
    )
    .join(User, User.id == E.user_id)
    .where(_VISIBLE)
    .order_by(E.score.desc(), E.time_seconds, E.finished_at, E.user_id)
    .limit(bindparam("limit"))
    .offset(bindparam("offset"))
)
AHEAD_COUNT = select(func.count()).select_from(E).where(_VISIBLE, _AHEAD)
SIZE = select(LeaderboardSize.entries).where(
    LeaderboardSize.board == bindparam("board"),
    LeaderboardSize.period == bindparam("period"),
    LeaderboardSize.period_start == bindparam("start"),
)
VIEWER = select(E.score, E.time_seconds, E.finished_at, E.hidden).where(
    _IN_BOARD, E.user_id == bindparam("user")
)


@dataclass
class BoardRow:
    """One line of a board as every output (HTML, JSON, CSV) shows it."""

    rank: str
    name: str
    score: float
    time_seconds: int
    finished_at: datetime
    is_viewer: bool = False

    @property
    def score_text(self) -> str:
        """The score as the page shows it: a whole percent, rounded half up (33.3333 -> 33%)."""
        return percent_text(self.score)

    @property
    def position(self) -> int:
        """The rank as a number, shared or not."""
        return int(self.rank.lstrip("="))

    @property
    def tied(self) -> bool:
        """True when the student shares the rank."""
        return self.rank.startswith("=")

    @property
    def time_text(self) -> str:
        """The time as the page shows it: 12 min 5 s."""
        return f"{self.time_seconds // 60} min {self.time_seconds % 60} s"


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


def read_board(
    board: str,
    period: str,
    now: datetime,
    page: int = 1,
    viewer_id: int | None = None,
    per_page: int = PER_PAGE,
    divisor: int = 1,
) -> BoardPage:
    """One page of a board, ranked by the rules of quizapp.core.ranking, with the viewer's rank.

    divisor: what stored scores are divided by to show them; the overall board stores the sum
    of percentages over the quizzes it counts and shows their mean.
    """
    scope = {"board": board, "period": period, "start": period_start(period, now)}
    total = db.session.execute(SIZE, scope).scalar_one_or_none() or 0
    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages)
    # One row more than the page shows whether its last student ties with the next page.
    rows = db.session.execute(
        PAGE, {**scope, "limit": per_page + 1, "offset": (page - 1) * per_page}
    ).all()
    result = BoardPage(board=board, period=period, total=total, page=page, pages=pages)
    if rows:
        standings = [Standing(r.score, r.time_seconds, r.finished_at) for r in rows]
        first_rank = 1 + _count_ahead(scope, standings[0])
        labels = assign_ranks(standings, first_rank, (page - 1) * per_page + 1)
        for row, label in zip(rows[:per_page], labels, strict=False):
            name = board_name(row.board_privacy, row.display_name, row.pseudonym)
            result.rows.append(
                BoardRow(
                    label,
                    name,
                    round(row.score / max(1, divisor), 4),
                    row.time_seconds,
                    row.finished_at,
                    row.user_id == viewer_id,
                )
            )
    if viewer_id is not None:
        mine = db.session.execute(VIEWER, {**scope, "user": viewer_id}).first()
        if mine is not None and mine.hidden:
            result.viewer_hidden = True
        elif mine is not None:
            result.viewer_rank = 1 + _count_ahead(
                scope, Standing(mine.score, mine.time_seconds, mine.finished_at)
            )
    return result


def _count_ahead(scope: dict[str, object], standing: Standing) -> int:
    """How many visible entries of the board are strictly ahead of a standing."""
    return int(
        db.session.execute(
            AHEAD_COUNT,
            {
                **scope,
                "score": standing.score,
                "time": standing.time_seconds,
                "finished": standing.finished_at,
            },
        ).scalar_one()
    )
