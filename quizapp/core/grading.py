"""Reading and scoring answers, on the server only. Every rule here is table-tested.

A response is what the student chose, in a plain form per type:
single/classify: an option id; true_false: a bool; multiple: a list of option ids;
numeric: a number; short: a text; matching: {left: right}; ordering: the items in order.
A score is a fraction from 0 to 1.
"""

import math
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz

from quizapp.core.questions import option_id
from quizapp.core.text import without_controls

# Below this length a typed answer must match exactly: "NHC" is not a typo of "NMPA".
FUZZY_MIN_LENGTH = 5
FUZZY_MIN_RATIO = 85.0
MAX_TEXT = 500
# Kept in the bank, shown to students, never scored (GIFT essay and description).
UNSCORED = frozenset({"essay", "description"})


class ResponseError(ValueError):
    """The response cannot be read; the message says what to fix. Nothing is saved."""


@dataclass(frozen=True)
class Gradable:
    """What grading needs of a question: its type, options and answer key."""

    type: str
    options: Sequence[Mapping[str, Any]]
    answer: Any

    @property
    def option_ids(self) -> list[str]:
        """The ids of the question's options."""
        return [str(o["id"]) for o in self.options]


def normalise_text(text: str) -> str:
    """Case, accents' forms, spacing and punctuation do not change a typed answer."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"[^\w\s]", " ", text)
    return " ".join(text.split())


def read_response(question: Gradable, values: Mapping[str, Sequence[str]]) -> Any:
    """Turn submitted form values (name -> list of strings) into a response, or ResponseError."""
    answer = [without_controls(v).strip() for v in values.get("answer", [])]
    answer = [v for v in answer if v]
    kind = question.type
    if kind in ("single", "classify"):
        if len(answer) != 1 or answer[0] not in question.option_ids:
            raise ResponseError("Choose one of the options.")
        return answer[0]
    if kind == "true_false":
        if answer not in (["true"], ["false"]):
            raise ResponseError("Choose True or False.")
        return answer[0] == "true"
    if kind == "multiple":
        if not answer:
            raise ResponseError("Choose at least one option.")
        if any(a not in question.option_ids for a in answer) or len(set(answer)) != len(answer):
            raise ResponseError("Choose only among the options shown.")
        return sorted(answer)
    if kind == "numeric":
        return _read_number(answer)
    if kind == "short":
        if len(answer) != 1:
            raise ResponseError("Type your answer.")
        if len(answer[0]) > MAX_TEXT:
            raise ResponseError(f"Keep your answer under {MAX_TEXT} characters.")
        return answer[0]
    if kind == "matching":
        return _read_matching(question, values)
    if kind == "ordering":
        return _read_ordering(question, values)
    if kind == "essay":
        text = "\n".join(values.get("answer", [])).strip()
        if not text:
            raise ResponseError("Write your answer.")
        if len(text) > 20 * MAX_TEXT:
            raise ResponseError(f"Keep your answer under {20 * MAX_TEXT} characters.")
        return text
    if kind == "description":
        raise ResponseError("This is a description: there is nothing to answer.")
    raise ResponseError("This question cannot be answered.")


def _read_number(answer: Sequence[str]) -> float:
    """A number typed in: a comma may be a thousands separator or a decimal point."""
    if len(answer) != 1:
        raise ResponseError("Type a number.")
    text = answer[0].replace(" ", "").replace("\u00a0", "")
    text = text.replace(",", "") if re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?", text) else text
    text = text.replace(",", ".")
    try:
        number = float(text)
    except ValueError:
        raise ResponseError("Type a number, such as 2015 or 60.") from None
    if not math.isfinite(number) or abs(number) > 1e12:
        raise ResponseError("Type a number, such as 2015 or 60.")
    return number


def _read_matching(question: Gradable, values: Mapping[str, Sequence[str]]) -> dict[str, str]:
    """One choice per left-hand item, among the right-hand values."""
    lefts = [str(a) for a, _ in question.answer]
    rights = {str(b) for _, b in question.answer}
    chosen: dict[str, str] = {}
    for left in lefts:
        picked = [v for v in values.get(field_name("match", left), []) if v]
        if len(picked) != 1:
            raise ResponseError("Choose a match for every item.")
        if picked[0] not in rights:
            raise ResponseError("Choose only among the matches shown.")
        chosen[left] = picked[0]
    return chosen


def _read_ordering(question: Gradable, values: Mapping[str, Sequence[str]]) -> list[str]:
    """A position for each item, each position used once."""
    items = [str(i) for i in question.answer]
    positions: dict[int, str] = {}
    for item in items:
        picked = values.get(field_name("position", item), [])
        if len(picked) != 1 or not (picked[0].isascii() and picked[0].isdigit()):
            raise ResponseError("Give every item a position.")
        # A position is a small number: thousands of digits ("000...01" too) are refused
        # before int(), which raises on more than 4,300 digits.
        digits = picked[0].lstrip("0")
        position = int(digits) if 0 < len(digits) <= 6 else 0
        if not 1 <= position <= len(items):
            raise ResponseError(f"Positions go from 1 to {len(items)}.")
        if position in positions:
            raise ResponseError("Give each item a different position.")
        positions[position] = item
    return [positions[p] for p in sorted(positions)]


def field_name(prefix: str, item: str) -> str:
    """The form field for one matching or ordering item, keyed by the item, not its place."""
    return f"{prefix}-{option_id(item)}"


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
    kind = question.type
    if response is None or kind in UNSCORED:
        return 0.0
    if _weighted(question) and kind in ("single", "multiple"):
        return _grade_weighted(question, response)
    if kind in ("single", "classify"):
        return 1.0 if response in question.answer else 0.0
    if kind == "true_false":
        return 1.0 if response is question.answer else 0.0
    if kind == "multiple":
        return _grade_multiple(question, response)
    if kind == "numeric":
        value, tolerance = float(question.answer["value"]), float(question.answer["tolerance"])
        return 1.0 if abs(float(response) - value) <= tolerance + 1e-9 else 0.0
    if kind == "short":
        return 1.0 if short_answer_matches(str(response), question.answer) else 0.0
    if kind == "matching":
        pairs = {str(a): str(b) for a, b in question.answer}
        right = sum(1 for left, target in pairs.items() if response.get(left) == target)
        return right / len(pairs)
    if kind == "ordering":
        items = [str(i) for i in question.answer]
        right = sum(
            1 for given, expected in zip(response, items, strict=False) if given == expected
        )
        return right / len(items)
    return 0.0


def _weighted(question: Gradable) -> bool:
    """True when the options carry Moodle-style weights (percent of the mark)."""
    return any(o.get("weight") is not None for o in question.options)


def _grade_weighted(question: Gradable, response: Any) -> float:
    """Weights decide: the chosen options' weights (percent) add up, floor 0, ceiling 1."""
    picked = {response} if isinstance(response, str) else set(response)
    total = sum(float(o.get("weight") or 0) for o in question.options if o["id"] in picked)
    return min(1.0, max(0.0, total / 100))


def _grade_multiple(question: Gradable, response: Sequence[str]) -> float:
    """Right picks add, wrong picks subtract, floor 0."""
    right = set(question.answer)
    wrong = set(question.option_ids) - right
    picked = set(response)
    score = len(picked & right) / len(right)
    if wrong:
        score -= len(picked & wrong) / len(wrong)
    return max(0.0, score)


def short_answer_matches(given: str, accepted: Sequence[str]) -> bool:
    """True when the typed answer equals an accepted one, or is a small typo of a long one."""
    typed = normalise_text(given)
    if not typed:
        return False
    for option in accepted:
        target = normalise_text(option)
        if typed == target:
            return True
        long_enough = min(len(typed), len(target)) >= FUZZY_MIN_LENGTH
        if long_enough and fuzz.ratio(typed, target) >= FUZZY_MIN_RATIO:
            return True
    return False


def read_json_response(question: Gradable, value: Any) -> Any:
    """Read an API response (plain JSON per type) with the same rules and messages as forms."""
    kind = question.type
    values: dict[str, list[str]]
    if kind in ("single", "classify", "short") and isinstance(value, str):
        values = {"answer": [value]}
    elif kind == "multiple" and isinstance(value, list) and all(isinstance(v, str) for v in value):
        values = {"answer": list(value)}
    elif kind == "true_false" and isinstance(value, bool):
        values = {"answer": ["true" if value else "false"]}
    elif kind == "numeric" and isinstance(value, int | float) and not isinstance(value, bool):
        values = {"answer": [repr(value)]}
    elif kind == "matching" and isinstance(value, dict):
        values = {field_name("match", str(k)): [str(v)] for k, v in value.items()}
    elif kind == "ordering" and isinstance(value, list) and all(isinstance(v, str) for v in value):
        if sorted(value) != sorted(str(i) for i in question.answer):
            raise ResponseError("List every item exactly once, in your order.")
        values = {field_name("position", item): [str(n)] for n, item in enumerate(value, 1)}
    else:
        raise ResponseError(f"A {kind} answer has the wrong JSON type; see the OpenAPI document.")
    return read_response(question, values)
