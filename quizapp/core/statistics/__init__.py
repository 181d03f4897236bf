"""Quiz statistics as Moodle's report gives them: the maths (maths.py) and what is shown or
handed out of it, an SVG histogram and CSV rows (presentation.py)."""

from quizapp.core.statistics.maths import (
    NEGLIGIBLE_VARIANCE,
    AttemptRecord,
    HistogramBin,
    ItemResponse,
    ItemStats,
    OptionCount,
    QuizStats,
    StatusT,
    Which,
    choose_attempts,
    confusion_matrix,
    cronbach_alpha,
    item_statistics,
    quiz_statistics,
    score_histogram,
)
from quizapp.core.statistics.presentation import (
    NOT_ANSWERED_LABEL,
    Cell,
    attempt_csv_rows,
    describe_histogram,
    histogram_svg,
    item_csv_rows,
    option_csv_rows,
)

__all__ = [
    "NEGLIGIBLE_VARIANCE",
    "NOT_ANSWERED_LABEL",
    "AttemptRecord",
    "Cell",
    "HistogramBin",
    "ItemResponse",
    "ItemStats",
    "OptionCount",
    "QuizStats",
    "StatusT",
    "Which",
    "attempt_csv_rows",
    "choose_attempts",
    "confusion_matrix",
    "cronbach_alpha",
    "describe_histogram",
    "histogram_svg",
    "item_csv_rows",
    "item_statistics",
    "option_csv_rows",
    "quiz_statistics",
    "score_histogram",
]
