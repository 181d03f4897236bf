"""Reading and scoring answers, on the server only. Every rule here is table-tested.

A response is what the student chose, in a plain form per type:
single/classify: an option id; true_false: a bool; multiple: a list of option ids;
numeric: a number; short: a text; matching: {left: right}; ordering: the items in order.
A score is a fraction from 0 to 1. Each type's rules are its entry in core/kinds.
"""

from collections.abc import Mapping, Sequence
from typing import Any

from quizapp.core.kinds import (
    Gradable,
    ResponseError,
    field_name,
    kind_of,
    normalise_text,
    short_answer_matches,
)
from quizapp.core.kinds.base import MAX_TEXT
from quizapp.core.kinds.typed import FUZZY_MIN_LENGTH, FUZZY_MIN_RATIO


def read_response(question: Gradable, values: Mapping[str, Sequence[str]]) -> Any:
    """Turn submitted form values (name -> list of strings) into a response, or ResponseError."""
    return kind_of(question.type).read_form(question, values)


def grade(question: Gradable, response: Any) -> float:
    """The score of a response, from 0 to 1.

    single, classify, true_false, numeric, short: 1 or 0. numeric: right within the tolerance.
    short: right when, after normalising case, spacing and punctuation, it equals an accepted
    answer, or (answers of 5 characters or more) is within a small typo of one.
    multiple: each right pick adds 1/(number of right options), each wrong pick subtracts
    1/(number of wrong options), floor 0: ticking everything scores 0.
    single and multiple with weighted options (from GIFT or the editor): the sum of the
    chosen weights in percent, between 0 and 1. essay and description: never scored.
    matching: the share of pairs matched right. ordering: the share of items in the right place.
    """
    kind = kind_of(question.type)
    if response is None or not kind.scored:
        return 0.0
    return kind.grade(question, response)


def read_json_response(question: Gradable, value: Any) -> Any:
    """Read an API response (plain JSON per type) with the same rules and messages as forms."""
    return kind_of(question.type).read_json(question, value)


__all__ = [
    "FUZZY_MIN_LENGTH",
    "FUZZY_MIN_RATIO",
    "MAX_TEXT",
    "Gradable",
    "ResponseError",
    "field_name",
    "grade",
    "normalise_text",
    "read_json_response",
    "read_response",
    "short_answer_matches",
]
