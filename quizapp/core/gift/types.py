"""Per question type: reading a GIFT question's answers into our data, and writing ours back.

The registry (core/kinds/) pairs these up: each Kind's `gift` mapping.
"""

import math
from collections.abc import Mapping, Sequence
from typing import Any

from quizapp.core.gift.model import (
    TEXT_FORMATS,
    GiftAnswer,
    GiftError,
    GiftKind,
    GiftQuestion,
    TextFormat,
)
from quizapp.core.questions import option_id

Scoring = tuple[list[dict[str, Any]], Any, dict[str, Any]]
Written = tuple[GiftKind, dict[str, Any]]


def stored_format(value: Any) -> TextFormat | None:
    """A text format kept in our data, None when there is none; GiftError for one Moodle does
    not know."""
    if value is None or value == "":
        return None
    if value not in TEXT_FORMATS:
        raise GiftError(f"{value!r} is not a text format Moodle knows")
    return TEXT_FORMATS[value]


def _formats(text_format: TextFormat | None, feedback_format: TextFormat | None) -> dict[str, Any]:
    """The format keys a text in another format than its question's carries."""
    kept = {"format": text_format, "feedback_format": feedback_format}
    return {key: value for key, value in kept.items() if value is not None}


def read_choices(question: GiftQuestion) -> Scoring:
    """Single-answer or multiple response options, each with its weight, feedback and formats."""
    multiple = question.kind == "multiresponse"
    options = [
        {
            "id": option_id(answer.text),
            "text": answer.text,
            "correct": answer.weight > 0 if multiple else answer.weight == 1,
            "feedback": answer.feedback,
            "weight": answer.weight,
        }
        | _formats(answer.text_format, answer.feedback_format)
        for answer in question.answers
    ]
    return options, [option["id"] for option in options if option["correct"]], {}


def read_true_false(question: GiftQuestion) -> Scoring:
    """The True and False options, with the ids the generator gives them, and their feedback."""
    truth = bool(question.truth)
    on_true = (question.feedback_true, question.feedback_true_format)
    on_false = (question.feedback_false, question.feedback_false_format)
    options = [
        {"id": value, "text": value.title(), "correct": correct, "feedback": feedback}
        | {"weight": float(correct)}
        | _formats(None, feedback_format)
        for value, correct, (feedback, feedback_format) in (
            ("true", truth, on_true),
            ("false", not truth, on_false),
        )
    ]
    extra = {"feedback_true": on_true[0], "feedback_false": on_false[0]}
    return options, truth, extra


def _answer_dict(answer: GiftAnswer) -> dict[str, Any]:
    """A short or numerical answer with its weight and feedback, for extra.answers."""
    kept = {"text": answer.text, "weight": answer.weight, "feedback": answer.feedback}
    numbers = {"value": answer.value, "tolerance": answer.tolerance}
    numbers |= {"min": answer.min, "max": answer.max}
    kept |= {key: plain_number(number) for key, number in numbers.items() if number is not None}
    return kept | _formats(None, answer.feedback_format)


def read_short(question: GiftQuestion) -> Scoring:
    """The texts worth 100% as the key; every weighted answer kept in extra.answers."""
    accepted = [answer.text for answer in question.answers if answer.weight == 1]
    return [], accepted, {"answers": [_answer_dict(a) for a in question.answers]}


def read_numeric(question: GiftQuestion) -> Scoring:
    """The number worth 100% as the key; every weighted number kept in extra.answers."""
    best = next((a for a in question.answers if a.weight == 1 and a.value is not None), None)
    if best is None:
        raise GiftError("a numerical question needs a number worth 100%")
    answer = {"value": plain_number(best.value), "tolerance": plain_number(best.tolerance)}
    return [], answer, {"answers": [_answer_dict(a) for a in question.answers]}


def read_matching(question: GiftQuestion) -> Scoring:
    """The pairs as the key; right sides with no left kept as extra wrong choices."""
    pairs = [[left, right] for left, right in question.pairs if left]
    extra: dict[str, Any] = {"extra_rights": [right for left, right in question.pairs if not left]}
    formats = {
        left: own
        for index, (left, _) in enumerate(question.pairs)
        if left and (own := question.pair_format(index)) is not None
    }
    if formats:
        extra["left_formats"] = formats
    return [], pairs, extra


def read_unscored(question: GiftQuestion) -> Scoring:
    """Essay and description: nothing to score."""
    return [], None, {"unscored": True}


def write_choices(data: Mapping[str, Any], multiple: bool) -> dict[str, Any]:
    """Choice answers, keeping the options' weights when they agree with what is correct."""
    options: Sequence[Mapping[str, Any]] = data.get("options") or []
    correct = [bool(option.get("correct")) for option in options]
    given = [option.get("weight") for option in options]
    weights = [float(w) for w in given if isinstance(w, int | float) and not isinstance(w, bool)]
    agree = len(weights) == len(given)
    if multiple:
        agree = agree and all((w > 0) == c for w, c in zip(weights, correct, strict=False))
        agree = agree and round(sum(w for w in weights if w > 0), 2) == 1
    else:
        agree = agree and all((w == 1) == c for w, c in zip(weights, correct, strict=False))
    if not agree:
        right, wrong = correct.count(True), correct.count(False)
        if multiple and not right:
            raise GiftError("a multiple response question needs at least one correct option")
        weights = [(1 / right if c else -1 / wrong) if multiple else float(c) for c in correct]
    answers = [
        GiftAnswer(
            text=str(option["text"]),
            weight=weight,
            feedback=str(option.get("feedback") or ""),
            text_format=stored_format(option.get("format")),
            feedback_format=stored_format(option.get("feedback_format")),
        )
        for option, weight in zip(options, weights, strict=True)
    ]
    return {"answers": answers}


def write_true_false(data: Mapping[str, Any], extra: Mapping[str, Any]) -> Written:
    """TRUE or FALSE, with the feedback (and its format) of each choice."""
    answer = data.get("answer")
    options = {o.get("id"): o for o in data.get("options") or []}
    feedback = {key: str(option.get("feedback") or "") for key, option in options.items()}
    formats = {key: stored_format(option.get("feedback_format")) for key, option in options.items()}
    feedback_true = str(extra.get("feedback_true", feedback.get("true", "")))
    feedback_false = str(extra.get("feedback_false", feedback.get("false", "")))
    true_format, false_format = formats.get("true"), formats.get("false")
    return "truefalse", {
        "truth": bool(answer),
        "feedback_true": feedback_true,
        "feedback_false": feedback_false,
        "feedback_true_format": true_format,
        "feedback_false_format": false_format,
        "answers": [
            GiftAnswer(
                text="True",
                weight=float(bool(answer)),
                feedback=feedback_true,
                feedback_format=true_format,
            ),
            GiftAnswer(
                text="False",
                weight=float(not answer),
                feedback=feedback_false,
                feedback_format=false_format,
            ),
        ],
    }


def _kept_answers(extra: Mapping[str, Any]) -> list[GiftAnswer]:
    """The weighted answers an import kept in extra.answers."""
    kept: list[GiftAnswer] = []
    for entry in extra.get("answers") or []:
        numbers = [
            None if entry.get(key) is None else float(entry[key])
            for key in ("value", "tolerance", "min", "max")
        ]
        kept.append(
            GiftAnswer(
                text=str(entry["text"]),
                weight=float(entry["weight"]),
                feedback=str(entry.get("feedback") or ""),
                feedback_format=stored_format(entry.get("feedback_format")),
                value=numbers[0],
                tolerance=numbers[1],
                min=numbers[2],
                max=numbers[3],
            )
        )
    return kept


def write_short(data: Mapping[str, Any], extra: Mapping[str, Any]) -> Written:
    """The accepted texts at 100%, with the part-credit answers an import kept."""
    accepted = [str(a) for a in data.get("answer") or []]
    kept = _kept_answers(extra)
    if [answer.text for answer in kept if answer.weight == 1] == accepted:
        return "shortanswer", {"answers": kept}
    by_text = {answer.text: answer for answer in kept}
    full = [
        GiftAnswer(
            text=text,
            weight=1.0,
            feedback=by_text[text].feedback if text in by_text else "",
            feedback_format=by_text[text].feedback_format if text in by_text else None,
        )
        for text in accepted
    ]
    return "shortanswer", {
        "answers": full + [a for a in kept if a.weight != 1 and a.text not in accepted]
    }


def write_numeric(data: Mapping[str, Any], extra: Mapping[str, Any]) -> Written:
    """The answer at 100%, with the other weighted numbers an import kept."""
    answer = data.get("answer") or {}
    value, tolerance = float(answer["value"]), float(answer["tolerance"])
    kept = _kept_answers(extra)
    best = next((a for a in kept if a.weight == 1 and a.value is not None), None)
    if best is not None and (best.value, best.tolerance) == (value, tolerance):
        return "numerical", {"answers": kept}
    text = f"{number_text(value)}:{number_text(tolerance)}"
    full = GiftAnswer(text=text, weight=1.0, value=value, tolerance=tolerance)
    return "numerical", {"answers": [full] + [a for a in kept if a.weight != 1]}


def write_matching(data: Mapping[str, Any], extra: Mapping[str, Any]) -> Written:
    """The pairs, the extra wrong right sides, and each left side's format."""
    pairs = [(str(left), str(right)) for left, right in data.get("answer") or []]
    pairs += [("", str(right)) for right in extra.get("extra_rights") or []]
    formats: Mapping[str, Any] = extra.get("left_formats") or {}
    return "matching", {
        "pairs": pairs,
        "pair_formats": [stored_format(formats.get(left)) if left else None for left, _ in pairs],
    }


def write_ordering(data: Mapping[str, Any], extra: Mapping[str, Any]) -> Written:
    """The items as a matching question: position -> item."""
    items = data.get("answer") or []
    return "matching", {"pairs": [(str(n), str(item)) for n, item in enumerate(items, start=1)]}


def write_essay(data: Mapping[str, Any], extra: Mapping[str, Any]) -> Written:
    """An essay: {} and nothing else to write."""
    return "essay", {}


def write_description(data: Mapping[str, Any], extra: Mapping[str, Any]) -> Written:
    """A description: no braces."""
    return "description", {}


def plain_number(number: float | None) -> float | int | None:
    """A whole number as an int (2015, not 2015.0), any other as it is."""
    if number is not None and number.is_integer() and abs(number) < 2**53:
        return int(number)
    return number


def number_text(number: float) -> str:
    """A number as GIFT writes it: 1822, 3.1415, 1e-05."""
    if not math.isfinite(number):
        raise GiftError(f"{number!r} is not a number GIFT can write")
    plain = plain_number(number)
    return str(plain) if isinstance(plain, int) else repr(float(number))
