"""Typed answers: a number, a short text, an essay (never scored), and a description (nothing
to answer). A response is a float (numeric) or a text (short, essay)."""

import math
import re
import unicodedata
from collections.abc import Mapping, Sequence
from random import Random
from typing import Any

from rapidfuzz import fuzz

from quizapp.core.gift.mapping import GiftMapping
from quizapp.core.gift.types import (
    read_numeric,
    read_short,
    read_unscored,
    write_description,
    write_essay,
    write_numeric,
    write_short,
)
from quizapp.core.kinds.base import (
    MAX_TEXT,
    EditorError,
    Gradable,
    Kind,
    ResponseError,
    answers_given,
    lines,
)
from quizapp.core.questions import QType

# Below this length a typed answer must match exactly: "NHC" is not a typo of "NMPA".
FUZZY_MIN_LENGTH = 5
FUZZY_MIN_RATIO = 85.0


def normalise_text(text: str) -> str:
    """Case, accents' forms, spacing and punctuation do not change a typed answer."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"[^\w\s]", " ", text)
    return " ".join(text.split())


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


def read_number(answer: Sequence[str]) -> float:
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


class Numeric(Kind):
    """A number, right within a tolerance: the key is {"value": v, "tolerance": t}."""

    type = QType.NUMERIC
    live = True
    label = "Numeric"
    editor_fields = ("numeric_value", "numeric_tolerance")
    editor_help = "Give the right number; an answer within the tolerance scores too."
    gift = GiftMapping(("numerical",), read_numeric, write_numeric)
    json_form = "a number"

    def printed_answers(self, answer: Any, right: Sequence[str]) -> tuple[str, ...]:
        """The right value, as written in a text."""
        value = answer.get("value") if isinstance(answer, Mapping) else None
        return (f"{value:g}",) if isinstance(value, int | float) else ()

    def read_form(self, question: Gradable, values: Mapping[str, Sequence[str]]) -> Any:
        """One number."""
        return read_number(answers_given(values))

    def json_ok(self, value: Any) -> bool:
        """A JSON number."""
        return isinstance(value, int | float) and not isinstance(value, bool)

    def form_values(self, question: Gradable, response: Any) -> dict[str, list[str]]:
        """The number, written so that it reads back the same."""
        return {"answer": [repr(response)]}

    def grade(self, question: Gradable, response: Any) -> float:
        """1 within the tolerance, else 0."""
        value, tolerance = float(question.answer["value"]), float(question.answer["tolerance"])
        return 1.0 if abs(float(response) - value) <= tolerance + 1e-9 else 0.0

    def right_answer_text(self, question: Gradable) -> str:
        """The value, give or take the tolerance."""
        key = question.answer
        tolerance = key["tolerance"]
        return f"{key['value']:g}" + (f" (give or take {tolerance:g})" if tolerance else "")

    def response_text(self, question: Gradable, response: Any) -> str:
        """The number."""
        return f"{response:g}"

    def answer_problems(self, answer: Any) -> list[str]:
        """A number value and a tolerance, not negative nor wider than half the value."""
        value, tolerance = answer.get("value"), answer.get("tolerance")
        if not isinstance(value, int | float) or not isinstance(tolerance, int | float):
            return ["a numeric answer has a number value and tolerance"]
        if tolerance < 0 or (value and tolerance > abs(value) / 2):
            return ["the tolerance is negative or wider than half the value"]
        return []

    def read_editor(self, fields: Mapping[str, Any]) -> tuple[list[dict[str, Any]], Any]:
        """A value and a tolerance that is not negative."""
        try:
            value = float((fields.get("numeric_value") or "").replace(",", "."))
        except ValueError:
            raise EditorError("numeric_value", "Give the right number, such as 2015.") from None
        try:
            tolerance = float((fields.get("numeric_tolerance") or "0").replace(",", "."))
        except ValueError:
            raise EditorError(
                "numeric_tolerance", "The tolerance is a number, such as 0 or 5."
            ) from None
        if tolerance < 0:
            raise EditorError("numeric_tolerance", "The tolerance cannot be negative.")
        return [], {"value": value, "tolerance": tolerance}

    def editor_values(self, answer: Any) -> dict[str, str]:
        """The value and the tolerance."""
        return {
            "numeric_value": f"{answer['value']:g}",
            "numeric_tolerance": f"{answer['tolerance']:g}",
        }

    def any_response(self, shown: Mapping[str, Any], rng: Random) -> Any:
        """A year or a count of the kind the questions ask for."""
        return rng.choice((2012, 2015, 2025, 3, 12.5))

    def right_response(self, question: Gradable) -> Any:
        """The value."""
        return question.answer["value"]

    def wrong_response(self, question: Gradable) -> Any:
        """Far off the value."""
        return question.answer["value"] + 1000


class Short(Kind):
    """A short text: right when it equals an accepted answer, or is a small typo of a long one."""

    type = QType.SHORT
    live = True
    label = "Short answer"
    editor_fields = ("short_answers",)
    editor_help = "List every answer to accept; case and extra spaces do not matter."
    gift = GiftMapping(("shortanswer",), read_short, write_short)
    json_form = "a string"

    def printed_answers(self, answer: Any, right: Sequence[str]) -> tuple[str, ...]:
        """Every accepted answer."""
        return tuple(str(a) for a in answer or ())

    def read_form(self, question: Gradable, values: Mapping[str, Sequence[str]]) -> Any:
        """One text of at most MAX_TEXT characters."""
        answer = answers_given(values)
        if len(answer) != 1:
            raise ResponseError("Type your answer.")
        if len(answer[0]) > MAX_TEXT:
            raise ResponseError(f"Keep your answer under {MAX_TEXT} characters.")
        return answer[0]

    def json_ok(self, value: Any) -> bool:
        """A string."""
        return isinstance(value, str)

    def form_values(self, question: Gradable, response: Any) -> dict[str, list[str]]:
        """The text as the `answer` field."""
        return {"answer": [response]}

    def grade(self, question: Gradable, response: Any) -> float:
        """1 when it matches an accepted answer after normalising, or is a small typo of one."""
        return 1.0 if short_answer_matches(str(response), question.answer) else 0.0

    def right_answer_text(self, question: Gradable) -> str:
        """The first three accepted answers."""
        return " or ".join(question.answer[:3])

    def group_text(self, question: Gradable, response: Any) -> str:
        """The text as grading reads it: "The NMPA." and "the nmpa" are one answer."""
        return normalise_text(str(response)) or "(blank)"

    def answer_problems(self, answer: Any) -> list[str]:
        """At least one accepted text, none empty."""
        if isinstance(answer, list) and answer and all(answer):
            return []
        return ["a short answer lists at least one accepted text"]

    def read_editor(self, fields: Mapping[str, Any]) -> tuple[list[dict[str, Any]], Any]:
        """One accepted answer or more, one per line."""
        accepted = lines(fields.get("short_answers"))
        if not accepted:
            raise EditorError("short_answers", "Give at least one accepted answer.")
        return [], accepted

    def editor_values(self, answer: Any) -> dict[str, str]:
        """The accepted answers, one per line."""
        return {"short_answers": "\n".join(answer)}

    def any_response(self, shown: Mapping[str, Any], rng: Random) -> Any:
        """A name of the kind the questions ask for."""
        return rng.choice(("amimestrocel", "stem cells", "NMPA"))

    def right_response(self, question: Gradable) -> Any:
        """The first accepted answer."""
        return question.answer[0]

    def wrong_response(self, question: Gradable) -> Any:
        """Nothing like an accepted answer."""
        return "certainly not this"


class Unscored(Kind):
    """A type from GIFT that is kept and shown but never scored nor written in the editor."""

    scored = False
    in_editor = False


class Essay(Unscored):
    """An essay (from GIFT): kept and shown with the student's text, never scored."""

    type = QType.ESSAY
    label = "Essay (not scored)"
    gift = GiftMapping(("essay",), read_unscored, write_essay)
    json_form = "a string (kept, never scored)"

    def read_form(self, question: Gradable, values: Mapping[str, Sequence[str]]) -> Any:
        """A text, line breaks kept, of at most 20 times MAX_TEXT characters."""
        text = "\n".join(values.get("answer", [])).strip()
        if not text:
            raise ResponseError("Write your answer.")
        if len(text) > 20 * MAX_TEXT:
            raise ResponseError(f"Keep your answer under {20 * MAX_TEXT} characters.")
        return text


class Description(Unscored):
    """A description (from GIFT): text to read between questions; nothing to answer."""

    type = QType.DESCRIPTION
    label = "Description (nothing to answer)"
    gift = GiftMapping(("description",), read_unscored, write_description)
    json_form = "nothing: there is nothing to answer"

    def read_form(self, question: Gradable, values: Mapping[str, Sequence[str]]) -> Any:
        """Nothing: there is no answer to read."""
        raise ResponseError("This is a description: there is nothing to answer.")
