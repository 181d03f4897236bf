"""Reading GIFT text into questions, rule for rule as Moodle 4.x reads it."""

import re
from collections.abc import Sequence
from dataclasses import replace

from quizapp.core.gift.answers import read_answers
from quizapp.core.gift.model import (
    BLANK,
    GIFT_MAX_BYTES,
    GIFT_MAX_QUESTIONS,
    PHP_SPACE,
    GiftError,
    GiftParse,
    GiftProblem,
    GiftQuestion,
)
from quizapp.core.gift.tokens import (
    Invalid,
    Piece,
    blocks,
    formatted,
    idnumber_and_tags,
    label,
    mask,
    own_format,
    unmask,
)
from quizapp.core.questions import (
    EXPLANATION_MAX,
    FEEDBACK_MAX,
    OPTION_MAX,
    PROMPT_MAX,
    too_long,
)

_SURROGATE = re.compile("[\ud800-\udfff]")


def decode_gift(data: bytes) -> str:
    """The text of a GIFT file, which must be UTF-8; a byte order mark is dropped."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise GiftError(
            f"The file is not UTF-8 text: byte 0x{data[error.start]:02x} on line {line} is not "
            "valid UTF-8. Save the file as UTF-8 (Moodle reads GIFT only as UTF-8) and try again."
        ) from None


def parse_gift(text: str) -> GiftParse:
    """Every question of a GIFT text, and a named problem for each one that cannot be imported."""
    text = _SURROGATE.sub("\ufffd", text.removeprefix("\ufeff"))
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > GIFT_MAX_BYTES:
        raise GiftError(
            f"The GIFT text is {size / 1024:,.0f} KB; one import takes at most "
            f"{GIFT_MAX_BYTES // 1024:,} KB. Split it into smaller files."
        )
    result = GiftParse()
    category: str | None = None
    seen = 0
    for lines in blocks(text):
        content = [(number, line) for number, line in lines if not line.startswith("//")]
        if not content:
            continue
        seen += 1
        if seen > GIFT_MAX_QUESTIONS:
            raise GiftError(
                f"The GIFT text holds more than {GIFT_MAX_QUESTIONS:,} questions (the next one "
                f"starts on line {content[0][0]}); one import takes at most "
                f"{GIFT_MAX_QUESTIONS:,}. Split it into smaller files."
            )
        if content[0][1].startswith("$CATEGORY:"):
            category = content[0][1][len("$CATEGORY:") :].strip(PHP_SPACE)
            if len(content) > 1:
                result.problems.append(
                    GiftProblem(
                        content[1][0],
                        label([line for _, line in content[1:]]),
                        "a $CATEGORY: line must be followed by a blank line; "
                        "Moodle would read this question as part of the category name",
                    )
                )
            continue
        try:
            question = _read_question(lines, category)
            if reason := _too_long(question):
                raise Invalid(question.line, reason)
            result.questions.append(question)
        except Invalid as invalid:
            named = label([line for _, line in content])
            result.problems.append(GiftProblem(invalid.line, named, invalid.reason))
    return result


def _too_long(question: GiftQuestion) -> str | None:
    """Why the question is longer than the bank allows (the question form's caps), or None."""
    texts = [("the question text", question.text, PROMPT_MAX)]
    texts.append(("the general feedback", question.general_feedback, EXPLANATION_MAX))
    for answer in question.answers:
        texts += [("an answer", answer.text, OPTION_MAX)]
        texts += [("an answer's feedback", answer.feedback, FEEDBACK_MAX)]
    texts += [("a pair", f"{left} {right}", OPTION_MAX) for left, right in question.pairs]
    texts += [("the feedback", question.feedback_true, FEEDBACK_MAX)]
    texts += [("the feedback", question.feedback_false, FEEDBACK_MAX)]
    return next((m for what, t, cap in texts if (m := too_long(what, t, cap))), None)


def _read_question(lines: Sequence[tuple[int, str]], category: str | None) -> GiftQuestion:
    """One question from its lines, or Invalid saying why not."""
    comments = "\n".join(line for _, line in lines if line.startswith("//"))
    joined = "\n".join(" " if line.startswith("//") else line for _, line in lines)
    masked = mask(joined)
    body = Piece(masked, lines[0][0], 0, len(masked)).strip()
    start_line = body.line
    name: str | None = None
    if body.raw.startswith("::"):
        body = body.part(2)
        close = body.find("::")
        if close >= 0:
            name = unmask(body.part(0, close).raw).strip(PHP_SPACE) or None
            body = body.part(close + 2).strip()
    opening, closing = body.find("{"), body.find("}")
    general_feedback, general_format, blank = "", None, None
    if opening < 0 and closing < 0:
        text, text_format = formatted(body.raw, "moodle")
        reading = GiftQuestion(kind="description", text="")
    else:
        answers = _answer_block(body, opening, closing)
        before, after = body.part(0, opening), body.part(closing + 1)
        text, text_format = formatted(before.raw + (BLANK if after.raw else ""), "moodle")
        if after.raw:
            text = text.removesuffix(BLANK)
            blank = (text, unmask(after.raw).rstrip(PHP_SPACE))
            text = blank[0] + BLANK + blank[1]
        separator = answers.raw.rfind("####")
        if separator >= 0:
            general = answers.part(separator + 4).raw
            general_feedback, general_format = own_format(general, text_format)
            answers = answers.part(0, separator).strip()
        reading = read_answers(answers, text_format, blank is not None)
    idnumber, tags = idnumber_and_tags(comments)
    return replace(
        reading,
        text=text,
        line=start_line,
        name=name,
        text_format=text_format,
        general_feedback=general_feedback,
        general_feedback_format=general_format,
        category=category,
        idnumber=idnumber,
        tags=tags,
        missing_word_text=blank,
    )


def _answer_block(body: Piece, opening: int, closing: int) -> Piece:
    """The text between the braces, once the braces are known to be one well-formed pair."""
    if closing < 0:
        raise Invalid(
            body.part(opening).line, "the { that opens the answers is never closed with }"
        )
    if opening < 0 or closing < opening:
        raise Invalid(
            body.part(closing).line,
            "a } closes answers that were never opened with {; write \\} for a literal brace",
        )
    stray = min(
        (at for at in (body.find("{", opening + 1), body.find("}", closing + 1)) if at >= 0),
        default=-1,
    )
    if stray >= 0:
        raise Invalid(
            body.part(stray).line,
            "a question has one {...} block of answers; write \\{ or \\} for a literal brace",
        )
    return body.part(opening + 1, closing).strip()
