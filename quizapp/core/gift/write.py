"""Writing questions as GIFT that parse_gift (and Moodle) reads back as the same questions.

Every question gets ``// [id:<id>]`` (its tags too) and a ``::name::`` (extra.name, else the
id). Text formats are written as Moodle writes them: [html], [plain] or [markdown] before a
question text not in Moodle's own format, and before an answer, feedback or left side whose
format is not the question's; a text that itself starts like a format, a weight or a comment
gets its format written too, so it reads back as it is. What GIFT cannot hold raises GiftError:
``->`` in the left side of a pair or in a short answer, an explanation on a description, a text
format Moodle does not know, an id or tag a comment cannot hold (a backslash, control
characters; [ in an id; < > ` in a tag). Texts lose leading and trailing spaces (Moodle trims
them) and carriage returns.
"""

import math
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from quizapp.core.gift.answers import number_answer
from quizapp.core.gift.convert import from_question_dict
from quizapp.core.gift.images import with_image
from quizapp.core.gift.model import (
    BLANK,
    PHP_SPACE,
    GiftAnswer,
    GiftError,
    GiftKind,
    GiftQuestion,
    TextFormat,
)
from quizapp.core.gift.tokens import Invalid, label
from quizapp.core.gift.types import number_text


def export_gift(
    questions: Sequence[Mapping[str, Any]], images: Mapping[str, str] | None = None
) -> str:
    """Our questions as a GIFT file; GiftError names the first question GIFT cannot hold.
    images: by question id, the <img> (images.image_tag) its text starts with."""
    converted: list[GiftQuestion] = []
    for data in questions:
        try:
            question = from_question_dict(data)
            tag = (images or {}).get(str(data.get("id")))
            converted.append(with_image(question, tag) if tag else question)
        except (KeyError, TypeError, ValueError) as error:
            message = error.args[0] if isinstance(error, GiftError) else f"bad data: {error!r}"
            raise GiftError(f"question {data.get('id')!r}: {message}") from None
    return write_gift(converted)


def write_gift(questions: Sequence[GiftQuestion]) -> str:
    """GIFT text that parse_gift (and Moodle) reads back as the same questions."""
    chunks: list[str] = []
    category: str | None = None
    for question in questions:
        if question.category is not None and question.category != category:
            if "\n" in question.category or "\r" in question.category:
                raise GiftError(f"the category {question.category!r} spans lines")
            chunks.append(f"$CATEGORY: {question.category}\n\n")
            category = question.category
        try:
            chunks.append(_write_question(question) + "\n\n")
        except GiftError as error:
            who = question.idnumber or question.name or label([question.text])
            raise GiftError(f"question {who!r}: {error}") from None
    return "".join(chunks)


_ESCAPE_OUT = {c: "\\" + c for c in "\\~=#{}:"} | {"\n": "\\n"}


def _escape(text: str) -> str:
    """Text with GIFT's special characters escaped and each line break written as \\n."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(_ESCAPE_OUT.get(char, char) for char in text)


def _text_out(text: str, own: TextFormat | None, default: TextFormat, force: bool = False) -> str:
    """A text as GIFT writes it, with [format] first when its format is not the default (as
    Moodle writes it), when asked, or when the text itself starts like a format, a weight or
    a comment."""
    escaped = _escape(text)
    text_format = own or default
    if force or (text and text_format != default) or text.startswith(("[", "%", "//")):
        return f"[{text_format}]{escaped}"
    return escaped


def _write_question(question: GiftQuestion) -> str:
    """One question as GIFT lines (no blank line after it)."""
    marks = [f"[id:{_comment_token(question.idnumber, 'id')}]"] if question.idnumber else []
    marks += [f"[tag:{_comment_token(tag, 'tag')}]" for tag in question.tags]
    head = "// " + " ".join(marks) + "\n" if marks else ""
    name = f"::{_escape(question.name)}::" if question.name else ""
    block = _write_answers(question)
    before, after = question.text, ""
    blank = question.missing_word_text
    if block and blank and blank[0] + BLANK + blank[1] == question.text and blank[1].strip():
        before, after = blank
    # Unlike Moodle, a format goes before an empty question text too, so it reads back.
    text = _text_out(before, question.text_format, "moodle", question.text_format != "moodle")
    return head + name + text + block + _escape(after)


def _comment_token(value: str, what: str) -> str:
    """An id or tag as a comment holds it: ] escaped; nothing that would end or break it."""
    # A [ in an id could hide a [tag:...] inside it.
    forbidden = "\\[" if what == "id" else "\\<>`"
    if (
        not value
        or value != value.strip(PHP_SPACE)
        or any(char in forbidden or ord(char) < 32 or ord(char) == 127 for char in value)
    ):
        raise GiftError(
            f"the {what} {value!r} cannot be written in a GIFT comment: it must not be empty, "
            "have outer spaces, a backslash, control characters, "
            f"or {'[' if what == 'id' else '< > or `'}"
        )
    return value.replace("]", "\\]")


def _write_answers(question: GiftQuestion) -> str:
    """The {...} block of a question, or nothing for a description."""
    fmt = question.text_format
    general = ""
    if question.general_feedback:
        general = "####" + _text_out(
            question.general_feedback, question.general_feedback_format, fmt
        )
    kind = question.kind
    if kind == "description":
        if general:
            raise GiftError("a description cannot carry an explanation in GIFT")
        return ""
    if kind == "essay":
        return "{" + general + "}"
    if kind == "truefalse":
        return "{" + _true_false_answer(question) + general + "}"
    opening = "{"
    if kind in ("multichoice", "missingword", "multiresponse"):
        lines = [_choice_line(answer, kind, fmt) for answer in question.answers]
    elif kind == "shortanswer":
        lines = [_short_line(answer, fmt) for answer in question.answers]
    elif kind == "numerical":
        lines = [_numeric_line(answer, fmt) for answer in question.answers]
        opening = "{#"
    else:
        lines = [
            _pair_line(left, right, question.pair_format(index), fmt)
            for index, (left, right) in enumerate(question.pairs)
        ]
    lines += [general] if general else []
    return opening + "\n" + "".join(f"\t{line}\n" for line in lines) + "}"


def _feedback_out(answer: GiftAnswer, fmt: TextFormat) -> str:
    """An answer's #feedback, or nothing."""
    return "#" + _text_out(answer.feedback, answer.feedback_format, fmt) if answer.feedback else ""


def _choice_line(answer: GiftAnswer, kind: GiftKind, fmt: TextFormat) -> str:
    """One multiple choice answer: = for the right one, ~ or ~%weight% for the others."""
    if answer.weight == 1 and kind != "multiresponse":
        mark = "="
    else:
        mark = "~" if answer.weight == 0 else f"~%{_percent_text(answer.weight)}%"
    return mark + _text_out(answer.text, answer.text_format, fmt) + _feedback_out(answer, fmt)


def _short_line(answer: GiftAnswer, fmt: TextFormat) -> str:
    """One short answer: =text at 100%, =%weight%text otherwise."""
    if "->" in answer.text or "->" in answer.feedback:
        raise GiftError("a short answer cannot contain -> in GIFT (Moodle reads it as matching)")
    mark = "=" if answer.weight == 1 else f"=%{_percent_text(answer.weight)}%"
    return mark + _text_out(answer.text, None, fmt) + _feedback_out(answer, fmt)


def _numeric_line(answer: GiftAnswer, fmt: TextFormat) -> str:
    """One numerical answer, written as it was read when that still means the same numbers."""
    if answer.value is None:
        number = "*"
    elif answer.min is not None and answer.max is not None:
        number = f"{number_text(answer.min)}..{number_text(answer.max)}"
    else:
        number = f"{number_text(answer.value)}:{number_text(answer.tolerance or 0.0)}"
    try:
        read = number_answer(0, answer.text, answer.weight, answer.feedback, answer.feedback_format)
        same = read == answer
    except Invalid:
        same = False
    # A text that reads back as these very numbers holds only digits, signs, . : e and *.
    number = answer.text if same else number
    weight = _percent_text(answer.weight)
    return f"=%{weight}%{number}" + _feedback_out(answer, fmt)


def _pair_line(left: str, right: str, own: TextFormat | None, fmt: TextFormat) -> str:
    """One matching pair, =left -> right; an empty left adds a wrong right side."""
    if "->" in left:
        raise GiftError(f"the left side {left!r} contains ->, which GIFT cannot escape")
    return f"={_text_out(left, own, fmt)} -> {_escape(right)}"


def _true_false_answer(question: GiftQuestion) -> str:
    """TRUE or FALSE, then the feedback for the wrong choice, then for the right one."""
    fmt = question.text_format
    on_true = _text_out(question.feedback_true, question.feedback_true_format, fmt)
    on_false = _text_out(question.feedback_false, question.feedback_false_format, fmt)
    truth = bool(question.truth)
    right, wrong = (on_true, on_false) if truth else (on_false, on_true)
    written = "TRUE" if truth else "FALSE"
    if wrong or right:
        written += "#" + wrong
    return written + ("#" + right if right else "")


def _percent_text(weight: float) -> str:
    """A weight as a percentage, exact to the last digit of the float: 0.5 -> "50"."""
    if not math.isfinite(weight) or not -1 <= weight <= 1:
        raise GiftError(f"the weight {weight!r} is not between -1 and 1")
    text = format(Decimal(repr(float(weight))) * 100, "f")
    text = text.rstrip("0").rstrip(".") if "." in text else text
    return "0" if text == "-0" else text
