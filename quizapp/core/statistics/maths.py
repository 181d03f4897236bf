"""Item analysis of a quiz, as a teacher knows it from Moodle's quiz statistics report.

Definitions (checked against moodle/moodle: question/classes/statistics/questions/calculator.php,
mod/quiz/report/statistics/classes/calculator.php, mod/quiz/report/reportlib.php, and the
MoodleDocs page "Quiz statistics calculations"):

- Every variance and standard deviation is the SAMPLE one (divide by n - 1), as Moodle does for
  the item SD, the quiz SD and both parts of its coefficient of internal consistency. With fewer
  than two attempts there is no SD (None).
- An unanswered question scores 0 in every statistic; only the option counts tell it apart.
- Facility: the mean score fraction of a question, 0..1.
- Discrimination: the corrected item-total correlation, Pearson's r between the question's score
  and the rest of the test (the sum of the attempt's other question scores). Moodle's
  "discrimination index" is this r times 100. None below two attempts or with a constant side.
- Cronbach's alpha (Moodle's CIC / 100): k/(k-1) * (1 - sum of item variances / variance of
  totals), totals being the sums of the item scores. None below two attempts, below two
  questions, with constant totals, or when the attempts did not all see the same questions
  (a drawn quiz), where the formula does not apply. Moodle also needs three attempts; we need two.
- Quiz mean, median and SD are of each attempt's percent, score / max_score * 100.
"""

import math
import statistics
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal, TypeVar

Which = Literal["first", "last", "highest", "all"]
StatusT = TypeVar("StatusT", bound=Hashable)
# Scores are fractions of 0..1, so a real spread is far above this; below it, the "spread" is
# float noise (0.1 + 0.2 against 0.3) and dividing by it would give nonsense, not a statistic.
NEGLIGIBLE_VARIANCE = 1e-12


@dataclass(frozen=True)
class ItemResponse:
    """One question in one attempt: its score fraction (None: not answered), time and choice."""

    question_id: str
    score: float | None
    seconds: float | None = None
    chosen: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        """A score is a fraction from 0 to 1."""
        if self.score is not None and not 0 <= self.score <= 1:
            raise ValueError(f"score of {self.question_id!r} must be within 0..1")

    @property
    def score_or_zero(self) -> float:
        """The score the statistics use: not answered counts as 0."""
        return 0.0 if self.score is None else self.score


@dataclass(frozen=True)
class AttemptRecord:
    """A finished attempt: who, which try, its total score out of max_score, and each question."""

    attempt_id: int
    student_id: int
    number: int
    finished_at: datetime
    score: float
    max_score: float
    seconds: float | None = None
    responses: tuple[ItemResponse, ...] = ()

    def __post_init__(self) -> None:
        """A total needs something to be out of, and each question appears once."""
        if self.max_score <= 0:
            raise ValueError(f"attempt {self.attempt_id} needs a max_score above 0")
        ids = [r.question_id for r in self.responses]
        if len(ids) != len(set(ids)):
            raise ValueError(f"attempt {self.attempt_id} lists a question twice")

    @property
    def percent(self) -> float:
        """The total score as a percentage of the maximum."""
        return 100.0 * self.score / self.max_score

    @property
    def item_total(self) -> float:
        """The sum of the question scores, the total that item analysis correlates against."""
        return math.fsum(r.score_or_zero for r in self.responses)


@dataclass(frozen=True)
class OptionCount:
    """How many attempts chose an option (None: did not answer), and that share of attempts."""

    option: str | None
    count: int
    share: float


@dataclass(frozen=True)
class ItemStats:
    """The statistics of one question over the counted attempts that had it."""

    question_id: str
    attempts: int
    facility: float
    sd: float | None
    discrimination: float | None
    options: tuple[OptionCount, ...]
    median_seconds: float | None


@dataclass(frozen=True)
class HistogramBin:
    """How many attempts scored from lower to upper percent (upper excluded but for 100%)."""

    lower: float
    upper: float
    count: int

    @property
    def label(self) -> str:
        """The range in words, such as 10–20%."""
        return f"{_short(self.lower)}–{_short(self.upper)}%"


@dataclass(frozen=True)
class QuizStats:
    """The statistics of the counted attempts as a whole; percentages of the maximum score."""

    attempts: int
    mean_percent: float | None
    median_percent: float | None
    sd_percent: float | None
    alpha: float | None
    histogram: tuple[HistogramBin, ...]


def choose_attempts(records: Iterable[AttemptRecord], which: Which) -> list[AttemptRecord]:
    """The attempts that count, kept in the order given, like Moodle's "which attempts".

    first/last: each student's lowest/highest attempt number (then finished_at, then id);
    highest: each student's best percent, a tie going to the earlier attempt; all: every one.
    """
    records = list(records)
    if which == "all":
        return records
    if which not in ("first", "last", "highest"):
        raise ValueError(f"unknown choice of attempts {which!r}")
    chosen: dict[int, AttemptRecord] = {}
    for record in sorted(records, key=_attempt_order):
        best = chosen.get(record.student_id)
        if (
            best is None
            or which == "last"
            or (which == "highest" and record.percent > best.percent)
        ):
            chosen[record.student_id] = record
    kept = {r.attempt_id for r in chosen.values()}
    return [r for r in records if r.attempt_id in kept]


def item_statistics(records: Sequence[AttemptRecord]) -> list[ItemStats]:
    """Per question, in order of first appearance: facility, SD, discrimination, options, time."""
    by_question: dict[str, list[tuple[ItemResponse, float]]] = {}
    for record in records:
        total = record.item_total
        for response in record.responses:
            by_question.setdefault(response.question_id, []).append((response, total))
    return [_item_stats(qid, seen) for qid, seen in by_question.items()]


def quiz_statistics(records: Sequence[AttemptRecord], bin_count: int = 10) -> QuizStats:
    """Mean, median and sample SD of the percents, Cronbach's alpha and a histogram."""
    percents = [r.percent for r in records]
    return QuizStats(
        attempts=len(records),
        mean_percent=statistics.fmean(percents) if percents else None,
        median_percent=statistics.median(percents) if percents else None,
        sd_percent=statistics.stdev(percents) if len(percents) > 1 else None,
        alpha=cronbach_alpha(records),
        histogram=score_histogram(percents, bin_count),
    )


def cronbach_alpha(records: Sequence[AttemptRecord]) -> float | None:
    """k/(k-1) * (1 - sum of sample item variances / sample variance of the item totals)."""
    question_sets = {frozenset(r.question_id for r in record.responses) for record in records}
    if len(records) < 2 or len(question_sets) != 1:
        return None
    question_ids = sorted(question_sets.pop())
    k = len(question_ids)
    total_variance = statistics.variance([r.item_total for r in records])
    if k < 2 or total_variance <= NEGLIGIBLE_VARIANCE:
        return None
    scores = [{x.question_id: x.score_or_zero for x in r.responses} for r in records]
    item_variance_sum = math.fsum(
        statistics.variance([s[qid] for s in scores]) for qid in question_ids
    )
    # The exact value never exceeds 1; the clamp only removes float rounding above it.
    return min(1.0, k / (k - 1) * (1 - item_variance_sum / total_variance))


def score_histogram(percents: Iterable[float], bin_count: int = 10) -> tuple[HistogramBin, ...]:
    """Counts per equal bin of 0..100%: 9.99% in the first, 10% in the second, 100% in the last.

    A percent outside 0..100 (negative marking, bonus) is counted in the nearest end bin.
    """
    if bin_count < 1:
        raise ValueError("a histogram needs at least one bin")
    counts = [0] * bin_count
    for percent in percents:
        index = math.floor(percent * bin_count / 100)
        counts[min(max(index, 0), bin_count - 1)] += 1
    width = 100 / bin_count
    return tuple(HistogramBin(i * width, (i + 1) * width, n) for i, n in enumerate(counts))


def confusion_matrix(
    pairs: Iterable[tuple[StatusT, StatusT]], statuses: Sequence[StatusT]
) -> dict[StatusT, dict[StatusT, int]]:
    """matrix[true][chosen] = how often a true status was classified as the chosen one.

    Every status of the caller's list has a row and a column, zeros included; a pair outside
    the list is a mistake in the caller's data and raises ValueError rather than vanish.
    """
    matrix = {true: dict.fromkeys(statuses, 0) for true in statuses}
    for true, chosen in pairs:
        if true not in matrix or chosen not in matrix:
            raise ValueError(f"status outside the given list: {true!r} -> {chosen!r}")
        matrix[true][chosen] += 1
    return matrix


def _attempt_order(record: AttemptRecord) -> tuple[int, datetime, int]:
    """Oldest first: by attempt number, then finish time, then id."""
    return (record.number, record.finished_at, record.attempt_id)


def _item_stats(question_id: str, seen: list[tuple[ItemResponse, float]]) -> ItemStats:
    """One question's statistics from its responses, each with its attempt's item total."""
    scores = [response.score_or_zero for response, _ in seen]
    rests = [total - response.score_or_zero for response, total in seen]
    times = [r.seconds for r, _ in seen if r.seconds is not None]
    return ItemStats(
        question_id=question_id,
        attempts=len(seen),
        facility=statistics.fmean(scores),
        sd=statistics.stdev(scores) if len(scores) > 1 else None,
        discrimination=_correlation(scores, rests),
        options=_option_counts([r for r, _ in seen]),
        median_seconds=statistics.median(times) if times else None,
    )


def _correlation(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Pearson's r, or None when it is undefined (under two pairs or a constant side)."""
    if len(xs) < 2 or min(statistics.variance(xs), statistics.variance(ys)) <= NEGLIGIBLE_VARIANCE:
        return None
    # The exact value lies in -1..1; the clamp only removes float rounding beyond it.
    return max(-1.0, min(1.0, statistics.correlation(xs, ys)))


def _option_counts(responses: Sequence[ItemResponse]) -> tuple[OptionCount, ...]:
    """Each option chosen, most chosen first (then by name), then "not answered", always shown.

    A share is of the attempts that had the question, so for multiple answers shares may add
    up to more than 1.
    """
    counts = Counter(option for r in responses if r.score is not None for option in r.chosen)
    unanswered = sum(1 for r in responses if r.score is None)
    total = len(responses)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    options = [OptionCount(option, n, n / total) for option, n in ranked]
    options.append(OptionCount(None, unanswered, unanswered / total))
    return tuple(options)


def _short(percent: float) -> str:
    """A percentage bound without needless decimals: 10, 33.3."""
    return f"{round(percent, 1):g}"
