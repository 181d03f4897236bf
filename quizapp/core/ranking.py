"""Leaderboard rules, in one place: what counts, how ties break, and how ranks are shared.

The rule, as the board page states it:
  1. Students are ranked by their counted score (per the quiz's grading method), highest first.
  2. Speed only breaks ties: on equal scores, the shorter time ranks higher; on equal times,
     the earlier finish ranks higher.
  3. Students equal on score, time and finish share a rank, shown as "=3"; the next rank
     after two students at "=3" is 5.
On the overall board a student's score is the mean of their counted scores (percent) across the
quizzes it counts, a quiz not taken counting 0 (quizapp.leaderboard.overall says which quizzes);
it is stored as the sum, which ranks the same. Their time is the sum of the times that produced
those scores, their finish the latest of them.
"""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

PERIODS = ("all", "week", "month")
EPOCH = date(1970, 1, 1)


@dataclass(frozen=True)
class AttemptResult:
    """What the board needs of one finished attempt."""

    number: int
    percent: float
    time_seconds: int
    finished_at: datetime


@dataclass(frozen=True)
class Standing:
    """A student's place-deciding figures on one board."""

    score: float
    time_seconds: int
    finished_at: datetime

    def sort_key(self) -> tuple[float, int, datetime]:
        """Order: highest score, then shortest time, then earliest finish."""
        return (-self.score, self.time_seconds, self.finished_at)


def period_start(period: str, moment: datetime) -> date:
    """The first day (UTC) of the period holding moment: weeks start on Monday."""
    day = moment.astimezone(UTC).date()
    if period == "all":
        return EPOCH
    if period == "week":
        return day - timedelta(days=day.weekday())
    if period == "month":
        return day.replace(day=1)
    raise ValueError(f"unknown period {period!r}")


def period_begins(period: str, moment: datetime) -> datetime:
    """The start of the period holding moment, as a UTC datetime."""
    start = period_start(period, moment)
    return datetime(start.year, start.month, start.day, tzinfo=UTC)


def standing_of(attempts: Sequence[AttemptResult], method: str) -> Standing | None:
    """A student's standing from their finished attempts, by the quiz's grading method.

    highest: the best attempt (ties: shorter, then earlier); first and last: by attempt
    number; average: the mean percent, the mean time, and the latest finish.
    """
    if not attempts:
        return None
    ordered = sorted(attempts, key=lambda a: a.number)
    if method == "highest":
        best = min(ordered, key=lambda a: (-a.percent, a.time_seconds, a.finished_at))
        return Standing(round(best.percent, 4), best.time_seconds, best.finished_at)
    if method in ("first", "last"):
        chosen = ordered[0] if method == "first" else ordered[-1]
        return Standing(round(chosen.percent, 4), chosen.time_seconds, chosen.finished_at)
    if method == "average":
        return Standing(
            round(sum(a.percent for a in ordered) / len(ordered), 4),
            round(sum(a.time_seconds for a in ordered) / len(ordered)),
            max(a.finished_at for a in ordered),
        )
    raise ValueError(f"unknown grading method {method!r}")


def overall_standing(standings: Sequence[Standing]) -> Standing | None:
    """The overall board's standing: scores and times summed, the latest finish."""
    if not standings:
        return None
    return Standing(
        round(sum(s.score for s in standings), 4),
        sum(s.time_seconds for s in standings),
        max(s.finished_at for s in standings),
    )


def assign_ranks(rows: Sequence[Standing], first_rank: int, first_position: int) -> list[str]:
    """Rank labels for consecutive board rows, "=n" where students share a rank.

    first_rank is the rank of the first row (1 + how many are strictly ahead of it) and
    first_position its 1-based place in the sorted board; later rows take their position
    unless equal to the row before, whose rank they share.
    """
    ranks: list[int] = []
    for i, row in enumerate(rows):
        if i == 0:
            ranks.append(first_rank)
        elif row.sort_key() == rows[i - 1].sort_key():
            ranks.append(ranks[-1])
        else:
            ranks.append(first_position + i)
    shared = {r for r, n in Counter(ranks).items() if n > 1}
    if rows and first_rank < first_position:
        shared.add(first_rank)  # the first row ties with the end of the previous page
    return [f"={r}" if r in shared else str(r) for r in ranks]
