"""Reading what is between a question's braces, kind by kind, as Moodle reads it.

Every answer, feedback and matching left side may start with its own [html], [plain],
[markdown] or [moodle]; without one it is in the question's format (Moodle's default).
"""

import math
import re
from dataclasses import replace

from quizapp.core.gift.model import PHP_SPACE, GiftAnswer, GiftKind, GiftQuestion, TextFormat
from quizapp.core.gift.tokens import (
    WEIGHT,
    Invalid,
    Piece,
    own_format,
    split,
    unmask,
    weight_of,
)

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_TRUE_FALSE = ("T", "TRUE", "F", "FALSE")


def read_answers(answers: Piece, text_format: TextFormat, missing: bool) -> GiftQuestion:
    """The kind of question Moodle sees in the answers, and what they say, as a question whose
    text and the rest the caller fills in."""
    raw = answers.raw
    if not raw:
        return GiftQuestion(kind="essay", text="")
    if raw.startswith("#"):
        return _read_numerical(answers, text_format)
    if "~" in raw:
        return _read_choices(answers, text_format, missing)
    if "=" in raw and "->" in raw:
        return _read_matching(answers, text_format)
    hash_at = raw.find("#")
    if (raw[:hash_at].strip(PHP_SPACE) if hash_at > 0 else raw) in _TRUE_FALSE:
        return _read_true_false(raw, text_format)
    return _read_short(answers, text_format)


def _answer(piece: Piece, weight: float, text_format: TextFormat) -> GiftAnswer:
    """An answer's text and the feedback after its first #, each with its own format."""
    hash_at = piece.find("#")
    text_piece = piece if hash_at < 0 else piece.part(0, hash_at)
    text, own = own_format(text_piece.strip().raw, text_format)
    feedback, feedback_own = "", None
    if hash_at >= 0:
        feedback, feedback_own = own_format(piece.part(hash_at + 1).strip().raw, text_format)
    return GiftAnswer(
        text=text, weight=weight, feedback=feedback, text_format=own, feedback_format=feedback_own
    )


def _read_choices(answers: Piece, text_format: TextFormat, missing: bool) -> GiftQuestion:
    """Multiple choice: one = answer makes it single-answer, none makes it multiple response."""
    single = "=" in answers.raw
    found: list[GiftAnswer] = []
    for piece in split(answers, drop="~", keep="="):
        if piece.raw.startswith("="):
            weight: float | None = 1.0
            rest = piece.part(1)
            if WEIGHT.match(rest.raw):
                raise Invalid(
                    piece.line,
                    "in multiple choice = already means 100%; write ~%50%answer for part credit",
                )
        else:
            weight, rest = weight_of(piece)
        answer = _answer(rest, weight or 0.0, text_format)
        if not answer.text:
            raise Invalid(piece.line, "an answer is empty")
        found.append(answer)
    if len(found) < 2:
        raise Invalid(answers.line, "a multiple choice question needs at least two answers")
    texts = [answer.text for answer in found]
    if len(set(texts)) != len(texts):
        raise Invalid(answers.line, "two answers have the same text")
    if single:
        kind: GiftKind = "missingword" if missing else "multichoice"
        return GiftQuestion(kind=kind, text="", answers=found)
    total = round(sum(answer.weight for answer in found if answer.weight > 0), 2)
    if total != 1:
        raise Invalid(
            answers.line,
            f"with no = answer this is multiple response, and the positive weights add up to "
            f"{total * 100:g}%, not 100%",
        )
    return GiftQuestion(kind="multiresponse", text="", answers=found)


def _read_matching(answers: Piece, text_format: TextFormat) -> GiftQuestion:
    """Matching: =left -> right pairs; a pair with no left side is an extra wrong right side.
    The left side (Moodle's sub-question) may have its own format; the right side is plain."""
    pairs: list[tuple[str, str]] = []
    formats: list[TextFormat | None] = []
    for piece in split(answers, drop="="):
        arrow = piece.find("->")
        if arrow < 0:
            raise Invalid(piece.line, "a matching answer needs ->, as in =left -> right")
        left, own = own_format(piece.part(0, arrow).strip().raw, text_format)
        right = unmask(piece.part(arrow + 2).raw).strip(PHP_SPACE)
        if not right:
            raise Invalid(
                piece.line, "the right side of a pair is empty" if left else "an answer is empty"
            )
        pairs.append((left, right))
        formats.append(own)
    lefts = [left for left, _ in pairs if left]
    if len(lefts) < 2:
        raise Invalid(answers.line, "matching needs at least two pairs, as in =a -> 1 =b -> 2")
    if len(set(lefts)) != len(lefts):
        raise Invalid(answers.line, "two pairs have the same left side")
    return GiftQuestion(kind="matching", text="", pairs=pairs, pair_formats=formats)


def _read_true_false(raw: str, text_format: TextFormat) -> GiftQuestion:
    """True/false: {TRUE#feedback for the wrong choice#feedback for the right one}."""
    parts = [own_format(part.strip(PHP_SPACE), text_format) for part in raw.split("#", 2)]
    wrong, right = (parts[1:] + [("", None), ("", None)])[:2]
    truth = parts[0][0] in ("T", "TRUE")
    on_true, on_false = (right, wrong) if truth else (wrong, right)
    return GiftQuestion(
        kind="truefalse",
        text="",
        answers=[
            GiftAnswer(
                text="True", weight=float(truth), feedback=on_true[0], feedback_format=on_true[1]
            ),
            GiftAnswer(
                text="False",
                weight=float(not truth),
                feedback=on_false[0],
                feedback_format=on_false[1],
            ),
        ],
        truth=truth,
        feedback_true=on_true[0],
        feedback_false=on_false[0],
        feedback_true_format=on_true[1],
        feedback_false_format=on_false[1],
    )


def _read_short(answers: Piece, text_format: TextFormat) -> GiftQuestion:
    """Short answer: =text answers, 100% unless weighted, at least one worth 100%. As in
    Moodle, a format before an accepted answer is dropped: students type plain text."""
    found: list[GiftAnswer] = []
    for piece in split(answers, drop="="):
        weight, rest = weight_of(piece)
        answer = _answer(rest, 1.0 if weight is None else weight, text_format)
        if not answer.text:
            raise Invalid(piece.line, "an answer is empty")
        found.append(replace(answer, text_format=None))
    if max((answer.weight for answer in found), default=0) != 1:
        raise Invalid(answers.line, "no answer is worth 100%; a short answer question needs one")
    return GiftQuestion(kind="shortanswer", text="", answers=found)


def _read_numerical(answers: Piece, text_format: TextFormat) -> GiftQuestion:
    """Numerical: {#value:tolerance}, {#min..max} or weighted =answers, then ~#other feedback."""
    body = answers.part(1)
    tilde = body.find("~")
    other = body.part(tilde) if tilde >= 0 else None
    body = body.part(0, tilde) if tilde >= 0 else body
    found: list[GiftAnswer] = []
    for piece in split(body, drop="="):
        weight, rest = weight_of(piece)
        answer = _answer(rest, 1.0 if weight is None else weight, text_format)
        found.append(
            number_answer(
                piece.line, answer.text, answer.weight, answer.feedback, answer.feedback_format
            )
        )
    if not found:
        raise Invalid(answers.line, "a numerical question needs an answer, as in {#42:0.5}")
    if other is not None:
        wrong = _answer(other, 0.0, text_format)
        found.append(
            GiftAnswer(
                text="*",
                weight=0.0,
                feedback=wrong.feedback,
                feedback_format=wrong.feedback_format,
            )
        )
    if not any(answer.weight == 1 and answer.value is not None for answer in found):
        raise Invalid(answers.line, "no number is worth 100%; a numerical question needs one")
    return GiftQuestion(kind="numerical", text="", answers=found)


def number_answer(
    line: int,
    text: str,
    weight: float,
    feedback: str,
    feedback_format: TextFormat | None = None,
) -> GiftAnswer:
    """A numerical answer: *, value, value:tolerance or min..max."""
    kept = GiftAnswer(text=text, weight=weight, feedback=feedback, feedback_format=feedback_format)
    if text == "*":
        return kept
    if not text:
        raise Invalid(line, "an answer is empty")
    dots = text.find("..")
    if dots > 0:
        low, high = _number(line, text, text[:dots]), _number(line, text, text[dots + 2 :])
        if low > high:
            raise Invalid(line, f"the range {text} runs from the larger number to the smaller")
        middle, half = (low + high) / 2, (high - low) / 2
        return replace(kept, value=middle, tolerance=half, min=low, max=high)
    colon = text.find(":")
    value = _number(line, text, text[:colon] if colon > 0 else text)
    tolerance = _number(line, text, text[colon + 1 :]) if colon > 0 else 0.0
    if tolerance < 0:
        raise Invalid(line, f"the tolerance in {text} is negative")
    return replace(kept, value=value, tolerance=tolerance)


def _number(line: int, answer: str, text: str) -> float:
    """A finite number written as PHP's is_numeric accepts it (no hex, no inf), or Invalid."""
    text = text.strip(PHP_SPACE)
    number = float(text) if _NUMBER.fullmatch(text) else math.nan
    if not math.isfinite(number):
        raise Invalid(
            line,
            f"{answer!r} is not a number: write 1822, 1822:2 (a tolerance) or 1820..1824 (a range)",
        )
    return number
