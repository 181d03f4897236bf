"""A class's figures, computed on read from its members' attempts started through its
assignments (a class has tens of students): the gradebook and the class's boards.

Only attempts started through the class's assignment count for it, so the class's window is
the one that bounds them. Ranks and ties follow quizapp.core.ranking, the overall score the rule
of quizapp.leaderboard.overall: the mean of counted percentages across the class's assigned
quizzes, a quiz not taken counting 0.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from quizapp.core import attempt_rules
from quizapp.core.numbers import percent_text
from quizapp.core.ranking import (
    AttemptResult,
    Standing,
    assign_ranks,
    overall_standing,
    standing_of,
)
from quizapp.extensions import db
from quizapp.models import Assignment, Attempt, BoardPrivacy, User
from quizapp.quiz.service import counted_percent


@dataclass(frozen=True)
class Cell:
    """One student's figures for one assigned quiz."""

    counted: float | None  # percent, by the quiz's grading method; None: nothing finished
    used: int  # attempts started, finished or not
    last_activity: datetime | None
    passed: bool | None  # None: no pass mark, or nothing finished
    review_id: int | None  # the attempt a teacher opens from the cell: the latest finished

    @property
    def text(self) -> str:
        """The counted score as pages show it, or a dash."""
        return "–" if self.counted is None else percent_text(self.counted)


@dataclass(frozen=True)
class Row:
    """A student's line of the gradebook."""

    user: User
    cells: dict[int, Cell]  # by assignment id
    overall: float  # mean counted percent over the assignments, a quiz not taken counting 0


@dataclass(frozen=True)
class BoardRow:
    """One line of a class board."""

    rank: str
    name: str
    score_text: str
    time_text: str
    is_viewer: bool


def attempts_by_cell(assignments: Sequence[Assignment]) -> dict[tuple[int, int], list[Attempt]]:
    """The attempts started through the assignments, by (student, assignment), oldest first."""
    grouped: dict[tuple[int, int], list[Attempt]] = defaultdict(list)
    if not assignments:
        return grouped
    rows = db.session.execute(
        db.select(Attempt)
        .where(Attempt.assignment_id.in_([a.id for a in assignments]))
        .order_by(Attempt.number)
    ).scalars()
    for attempt in rows:
        grouped[(attempt.user_id, attempt.assignment_id or 0)].append(attempt)
    return grouped


def cell_of(assignment: Assignment, attempts: Sequence[Attempt]) -> Cell:
    """A gradebook cell from the student's attempts through the assignment, oldest first."""
    counted = counted_percent(assignment.quiz, attempts)
    mark = assignment.quiz.pass_mark
    finished = [a for a in attempts if a.finished]
    moments = [a.finished_at or a.started_at for a in attempts]
    return Cell(
        counted=counted,
        used=len(attempts),
        last_activity=max(moments) if moments else None,
        passed=None if counted is None else attempt_rules.passed(counted, mark),
        review_id=finished[-1].id if finished else None,
    )


def gradebook(members: Sequence[User], assignments: Sequence[Assignment]) -> list[Row]:
    """Every member's cells and overall score, in the members' order."""
    grouped = attempts_by_cell(assignments)
    rows = []
    for user in members:
        cells = {a.id: cell_of(a, grouped.get((user.id, a.id), [])) for a in assignments}
        total = sum(c.counted or 0.0 for c in cells.values())
        rows.append(Row(user, cells, total / len(assignments) if assignments else 0.0))
    return rows


def _standing(assignment: Assignment, attempts: Sequence[Attempt]) -> Standing | None:
    """The student's standing on the assignment's board, by the quiz's grading method."""
    results = [
        AttemptResult(
            a.number,
            a.percent or 0.0,
            int((a.finished_at - a.started_at).total_seconds()),
            a.finished_at,
        )
        for a in attempts
        if a.finished_at is not None
    ]
    return standing_of(results, assignment.quiz.grading_method)


def class_board(
    members: Sequence[User],
    assignments: Sequence[Assignment],
    viewer_id: int,
    only: Assignment | None = None,
) -> list[BoardRow]:
    """The class's board: one assignment's (only), or the overall one. Students who hide from
    boards are left off; names are the ones boards show (a pseudonym, when chosen)."""
    counted = [only] if only else list(assignments)
    grouped = attempts_by_cell(counted)
    ranked: list[tuple[Standing, User]] = []
    for user in members:
        if user.board_privacy == BoardPrivacy.HIDDEN:
            continue
        standings = [
            s for a in counted if (s := _standing(a, grouped.get((user.id, a.id), []))) is not None
        ]
        standing = standings[0] if only and standings else overall_standing(standings)
        if standing is not None:
            ranked.append((standing, user))
    ranked.sort(key=lambda pair: (*pair[0].sort_key(), pair[1].id))
    ranks = assign_ranks([s for s, _ in ranked], 1, 1)
    divisor = 1 if only else max(len(counted), 1)
    return [
        BoardRow(
            rank,
            user.board_name,
            percent_text(standing.score / divisor),
            f"{standing.time_seconds // 60} min {standing.time_seconds % 60} s",
            user.id == viewer_id,
        )
        for rank, (standing, user) in zip(ranks, ranked, strict=True)
    ]
