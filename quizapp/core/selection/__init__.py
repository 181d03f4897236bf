"""Choosing an attempt's questions, shuffling options, and summing up results: pure functions.

`candidate` holds the draw's view of a question, `draw` the blueprint draw, `results` the
option order and the summing up.
"""

from quizapp.core.selection.candidate import Candidate, covers, exam_side, matches
from quizapp.core.selection.draw import NEED_KEYS, blueprint_problems, choose, draw
from quizapp.core.selection.results import (
    confusion_summary,
    counted_score,
    scrambled,
    shuffled,
)

__all__ = [
    "NEED_KEYS",
    "Candidate",
    "blueprint_problems",
    "choose",
    "confusion_summary",
    "counted_score",
    "covers",
    "draw",
    "exam_side",
    "matches",
    "scrambled",
    "shuffled",
]
