"""GIFT, Moodle's plain-text question format: read it as Moodle reads it, write it so it reads back.

Reading follows Moodle 4.x (question/format/gift/format.php, and the blank-line splitting of
question/format.php) rule for rule, in our own code:

- Blank lines separate questions. Every line is trimmed; the lines of one question are joined
  with newlines. Lines starting with ``//`` are comments, but ``[id:...]`` and ``[tag:...]`` in
  a question's comment lines give its idnumber and tags. ``$CATEGORY: path`` alone in a block
  sets the category of the questions after it.
- ``::name::`` names a question. ``[moodle]``, ``[html]``, ``[plain]`` or ``[markdown]`` before a
  text sets its format. ``\\~ \\= \\# \\{ \\} \\: \\\\`` escape, ``\\n`` is a newline; any other
  backslash stays as it is.
- The first ``{`` and first ``}`` hold the answers; ``####`` in them starts the general feedback.
  When text follows the ``}``, Moodle puts a blank ``_____`` where the answers were (its
  "missing word" format) and we keep the text on each side in ``missing_word_text``.
- The kind, in Moodle's order: no braces, description; ``{}``, essay; ``{#...}``, numerical; any
  ``~``, multiple choice (no ``=`` at all: multiple response); ``=`` with ``->``, matching;
  ``{T}``, ``{TRUE}``, ``{F}``, ``{FALSE}`` (upper case only, as in Moodle), true/false; anything
  else, short answer. A single-answer multiple choice with text after the ``}`` is our kind
  "missingword"; other kinds keep their kind and simply get the blank.
- Weights ``%50%`` follow ``~`` (choice) or ``=`` (short answer, numerical); ``=`` alone is 100%.
- True/false ``{TRUE#first#second}``: the first feedback is shown for the wrong choice, the second
  for the right one, so ``{F#a#b}`` gives feedback_true "a" and feedback_false "b".
- Numerical: ``#value``, ``#value:tolerance``, ``#min..max`` (kept as min and max, and as
  value (min+max)/2 with tolerance (max-min)/2), weighted ``=%50%...`` answers, and a last
  ``~#feedback`` for any other number, kept as a ``*`` answer of weight 0.

Where Moodle would import a question wrongly, or refuse it only when saving, we skip it and
report a GiftProblem instead: a weight that is malformed or outside -100..100 (Moodle keeps
``%abc%`` as answer text), ``=%50%`` in multiple choice (Moodle keeps "%50%" in the text), empty
answers, numbers that are not numbers (Moodle makes them ``*``, any answer right), negative
tolerances or backward ranges, multiple response whose positive weights do not add up to 100%,
short answer or numerical with no 100% answer, matching with fewer than two pairs or a repeated
left side, choices with the same text twice (our option ids come from the text), a second
``{...}`` block, and more text after a ``$CATEGORY:`` line. PHP quirks we do not copy: a line
holding only "0" separates questions, and ``{#0}`` is refused. Moodle's importer (set to "error
if grade not listed") also refuses weights outside its grade list, such as 35%; we accept any
weight from -100% to 100%.

Our question data (``to_question_dict``): multichoice and missingword become "single", multiple
response "multiple" (correct = weight > 0), truefalse "true_false", shortanswer "short",
numerical "numeric", matching "matching", essay and description stay unscored. Status and
as_of are None, for the importer to set; extra says where the question came from. The id is the
[id:...] when there is one, else "gift-" and a hash of category, name, kind and text, so the
same file imports to the same ids, and a question repeated word for word shares one id.

Writing (``export_gift``): "classify" is written as a multiple choice and comes back as "single".
GIFT has no ordering question, so "ordering" is written as a matching question "1 -> first item",
"2 -> second item" ...: in Moodle the student matches each position to its item, which grades the
order; it comes back as "matching", since nothing in GIFT can tell it from any other matching
question. Every question gets ``// [id:<id>]`` (its tags too) and a ``::name::`` (extra.name, else
the id). What GIFT cannot hold raises GiftError: ``->`` in the left side of a pair or in a short
answer, an explanation on a description, a text format Moodle does not know, an id or tag a comment
cannot hold (a backslash, control characters; [ in an id; < > ` in a tag). Texts lose leading and
trailing spaces (Moodle trims them) and carriage returns.
"""

import hashlib
import json
import math
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal, Self

from quizapp.core.questions import (
    EXPLANATION_MAX,
    FEEDBACK_MAX,
    OPTION_MAX,
    PROMPT_MAX,
    option_id,
    too_long,
)

# One import at most: a file or paste this large, or with this many questions, is refused
# whole with a message before it is read, so a preview never costs more than a few seconds.
GIFT_MAX_BYTES = 512 * 1024
GIFT_MAX_QUESTIONS = 1000

GiftKind = Literal[
    "multichoice",
    "multiresponse",
    "missingword",
    "truefalse",
    "shortanswer",
    "numerical",
    "matching",
    "essay",
    "description",
]
TextFormat = Literal["moodle", "html", "plain", "markdown"]
TEXT_FORMATS: dict[str, TextFormat] = {
    "moodle": "moodle",
    "html": "html",
    "plain": "plain",
    "markdown": "markdown",
}
BLANK = "_____"
# What PHP's trim() removes; Python's strip() would also remove no-break and other spaces.
PHP_SPACE = " \t\n\r\0\x0b"
MOODLE_QTYPES: dict[GiftKind, str] = {
    "multichoice": "multichoice",
    "multiresponse": "multichoice",
    "missingword": "multichoice",
    "truefalse": "truefalse",
    "shortanswer": "shortanswer",
    "numerical": "numerical",
    "matching": "match",
    "essay": "essay",
    "description": "description",
}
QUESTION_TYPES: dict[GiftKind, str] = {
    "multichoice": "single",
    "multiresponse": "multiple",
    "missingword": "single",
    "truefalse": "true_false",
    "shortanswer": "short",
    "numerical": "numeric",
    "matching": "matching",
    "essay": "essay",
    "description": "description",
}


class GiftError(ValueError):
    """Bytes that are not UTF-8 text, or a question GIFT cannot hold; the message says which."""


@dataclass(frozen=True, kw_only=True)
class GiftAnswer:
    """One answer: its text, weight (-1 to 1, 100% is 1.0), feedback, and numbers if numerical."""

    text: str
    weight: float
    feedback: str = ""
    value: float | None = None
    tolerance: float | None = None
    min: float | None = None
    max: float | None = None


@dataclass(frozen=True, kw_only=True)
class GiftQuestion:
    """One question as Moodle reads it from GIFT; line is 0 when it did not come from a file."""

    kind: GiftKind
    text: str
    line: int = 0
    name: str | None = None
    text_format: TextFormat = "moodle"
    answers: list[GiftAnswer] = field(default_factory=list)
    pairs: list[tuple[str, str]] = field(default_factory=list)
    truth: bool | None = None
    feedback_true: str = ""
    feedback_false: str = ""
    general_feedback: str = ""
    category: str | None = None
    idnumber: str | None = None
    tags: list[str] = field(default_factory=list)
    missing_word_text: tuple[str, str] | None = None

    @property
    def moodle_qtype(self) -> str:
        """The question type Moodle creates for this question."""
        return MOODLE_QTYPES[self.kind]


@dataclass(frozen=True)
class GiftProblem:
    """A question that was not imported: where it starts or fails, which one, and why."""

    line: int
    question: str
    reason: str


@dataclass
class GiftParse:
    """What a GIFT text gave: the questions read and the problems with the others."""

    questions: list[GiftQuestion] = field(default_factory=list)
    problems: list[GiftProblem] = field(default_factory=list)


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


# Escaped characters become lone surrogates while the structure is read, so a \~ is never a ~.
# Real text cannot hold lone surrogates: parse_gift replaces any with U+FFFD first.
_MASKS = {":": "\udc3a", "#": "\udc23", "=": "\udc3d", "{": "\udc7b", "}": "\udc7d", "~": "\udc7e"}
_MASKS["n"] = "\udc0a"
_ESCAPE_IN = re.compile(r"\\([\\:#={}~n])")
_UNMASK = str.maketrans({mask: "\n" if char == "n" else char for char, mask in _MASKS.items()})
_SURROGATE = re.compile("[\ud800-\udfff]")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_WEIGHT = re.compile(r"%([-+.\d]*\d[-+.\d]*)%")
_PERCENT = re.compile(r"-?(?:\d+(?:\.\d*)?|\.\d+)")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_IDNUMBER = re.compile(r"\[id:((?:\\\]|[^\]\x00-\x1f\x7f])+)\]")
_TAG = re.compile(r"\[tag:((?:\\\]|[^\]<>`\x00-\x1f\x7f])+)\]")
_TRUE_FALSE = ("T", "TRUE", "F", "FALSE")


def _mask(text: str) -> str:
    """The text with each escape replaced by one placeholder character (\\\\ by a backslash)."""
    return _ESCAPE_IN.sub(lambda m: "\\" if m[1] == "\\" else _MASKS[m[1]], text)


def _unmask(text: str) -> str:
    """The placeholders turned back into the characters they stand for."""
    return text.translate(_UNMASK)


class _Invalid(Exception):
    """Why a question cannot be imported, and the line to point at."""

    def __init__(self, line: int, reason: str) -> None:
        """Remember the line and the reason."""
        super().__init__(reason)
        self.line = line
        self.reason = reason


@dataclass(frozen=True)
class _Piece:
    """A stretch of one question's masked text that knows its line, so a problem can name it."""

    masked: str
    first_line: int
    start: int
    end: int

    @property
    def raw(self) -> str:
        """The masked characters of this stretch."""
        return self.masked[self.start : self.end]

    @property
    def line(self) -> int:
        """The line of the file this stretch starts on."""
        return self.first_line + self.masked.count("\n", 0, self.start)

    def part(self, start: int, end: int | None = None) -> Self:
        """A stretch inside this one, positions counted from its start."""
        stop = self.end if end is None else self.start + end
        return type(self)(self.masked, self.first_line, self.start + start, stop)

    def strip(self) -> Self:
        """This stretch without the spaces PHP's trim would remove at either end."""
        raw = self.raw
        lead = len(raw) - len(raw.lstrip(PHP_SPACE))
        return self.part(lead, max(lead, len(raw.rstrip(PHP_SPACE))))

    def find(self, text: str, start: int = 0) -> int:
        """Where text first occurs from start, or -1."""
        return self.raw.find(text, start)


@dataclass(frozen=True)
class _Answers:
    """What a question's answers say, by kind."""

    kind: GiftKind
    answers: list[GiftAnswer] = field(default_factory=list)
    pairs: list[tuple[str, str]] = field(default_factory=list)
    truth: bool | None = None
    feedback_true: str = ""
    feedback_false: str = ""


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
    for lines in _blocks(text):
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
                        _label([line for _, line in content[1:]]),
                        "a $CATEGORY: line must be followed by a blank line; "
                        "Moodle would read this question as part of the category name",
                    )
                )
            continue
        try:
            question = _read_question(lines, category)
            if reason := _too_long(question):
                raise _Invalid(question.line, reason)
            result.questions.append(question)
        except _Invalid as invalid:
            label = _label([line for _, line in content])
            result.problems.append(GiftProblem(invalid.line, label, invalid.reason))
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


def _blocks(text: str) -> Iterator[list[tuple[int, str]]]:
    """Runs of non-blank lines, each line trimmed and numbered from 1."""
    block: list[tuple[int, str]] = []
    for number, line in enumerate(_LINE_BREAK.split(text), start=1):
        trimmed = line.strip(PHP_SPACE)
        if trimmed:
            block.append((number, trimmed))
        elif block:
            yield block
            block = []
    if block:
        yield block


def _label(lines: Sequence[str]) -> str:
    """How a problem names its question: the ::name::, else the first words."""
    masked = _mask(" ".join(lines))
    if masked.startswith("::") and (close := masked.find("::", 2)) > 2:
        return _unmask(masked[2:close]).strip(PHP_SPACE)
    words = _unmask(masked).split()
    return " ".join(words[:8]) + (" …" if len(words) > 8 else "")


def _read_question(lines: Sequence[tuple[int, str]], category: str | None) -> GiftQuestion:
    """One question from its lines, or _Invalid saying why not."""
    comments = "\n".join(line for _, line in lines if line.startswith("//"))
    joined = "\n".join(" " if line.startswith("//") else line for _, line in lines)
    masked = _mask(joined)
    body = _Piece(masked, lines[0][0], 0, len(masked)).strip()
    start_line = body.line
    name: str | None = None
    if body.raw.startswith("::"):
        body = body.part(2)
        close = body.find("::")
        if close >= 0:
            name = _unmask(body.part(0, close).raw).strip(PHP_SPACE) or None
            body = body.part(close + 2).strip()
    opening, closing = body.find("{"), body.find("}")
    if opening < 0 and closing < 0:
        text, text_format = _formatted(body.raw, "moodle")
        reading = _Answers("description")
        general_feedback, blank = "", None
    else:
        answers = _answer_block(body, opening, closing)
        before, after = body.part(0, opening), body.part(closing + 1)
        text, text_format = _formatted(before.raw + (BLANK if after.raw else ""), "moodle")
        blank = None
        if after.raw:
            text = text.removesuffix(BLANK)
            blank = (text, _unmask(after.raw).rstrip(PHP_SPACE))
            text = blank[0] + BLANK + blank[1]
        general_feedback = ""
        separator = answers.raw.rfind("####")
        if separator >= 0:
            general_feedback = _formatted(answers.part(separator + 4).raw, text_format)[0]
            answers = answers.part(0, separator).strip()
        reading = _read_answers(answers, text_format, blank is not None)
    idnumber, tags = _idnumber_and_tags(comments)
    return GiftQuestion(
        kind=reading.kind,
        text=text,
        line=start_line,
        name=name,
        text_format=text_format,
        answers=reading.answers,
        pairs=reading.pairs,
        truth=reading.truth,
        feedback_true=reading.feedback_true,
        feedback_false=reading.feedback_false,
        general_feedback=general_feedback,
        category=category,
        idnumber=idnumber,
        tags=tags,
        missing_word_text=blank,
    )


def _answer_block(body: _Piece, opening: int, closing: int) -> _Piece:
    """The text between the braces, once the braces are known to be one well-formed pair."""
    if closing < 0:
        raise _Invalid(
            body.part(opening).line, "the { that opens the answers is never closed with }"
        )
    if opening < 0 or closing < opening:
        raise _Invalid(
            body.part(closing).line,
            "a } closes answers that were never opened with {; write \\} for a literal brace",
        )
    stray = min(
        (at for at in (body.find("{", opening + 1), body.find("}", closing + 1)) if at >= 0),
        default=-1,
    )
    if stray >= 0:
        raise _Invalid(
            body.part(stray).line,
            "a question has one {...} block of answers; write \\{ or \\} for a literal brace",
        )
    return body.part(opening + 1, closing).strip()


def _formatted(raw: str, default: TextFormat) -> tuple[str, TextFormat]:
    """A masked text made plain, and its format: a leading [html] and the like sets it."""
    text_format = default
    if raw.startswith("["):
        close = raw.find("]")
        if close > 0 and raw[1:close] in TEXT_FORMATS:
            text_format = TEXT_FORMATS[raw[1:close]]
            raw = raw[close + 1 :]
    return _unmask(raw).strip(PHP_SPACE), text_format


def _idnumber_and_tags(comments: str) -> tuple[str | None, list[str]]:
    """The first [id:...] and every [tag:...] in a question's comments; \\] is a bracket."""
    match = _IDNUMBER.search(comments)
    idnumber = match[1].strip(PHP_SPACE).replace("\\]", "]") if match else ""
    tags = [raw.strip(PHP_SPACE).replace("\\]", "]") for raw in _TAG.findall(comments)]
    return idnumber or None, [tag for tag in tags if tag]


def _read_answers(answers: _Piece, text_format: TextFormat, missing: bool) -> _Answers:
    """The kind of question Moodle sees in the answers, and what they say."""
    raw = answers.raw
    if not raw:
        return _Answers("essay")
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


def _split(answers: _Piece, drop: str, keep: str = "") -> list[_Piece]:
    """Answers cut at each mark (a kept mark starts the next answer), trimmed; the text before
    the first mark counts only when it is not blank."""
    pieces: list[_Piece] = []
    begin = 0
    for at, char in enumerate(answers.raw):
        if char in drop or char in keep:
            pieces.append(answers.part(begin, at))
            begin = at if char in keep else at + 1
    pieces = [piece.strip() for piece in [*pieces, answers.part(begin)]]
    return pieces[1:] if not pieces[0].raw else pieces


def _weight(piece: _Piece) -> tuple[float | None, _Piece]:
    """A leading %weight% as a fraction and the rest of the answer; None when there is none."""
    match = _WEIGHT.match(piece.raw)
    if match is None:
        return None, piece
    percent = match[1]
    if not _PERCENT.fullmatch(percent) or not -100 <= Decimal(percent) <= 100:
        raise _Invalid(
            piece.line,
            f"%{percent}% is not a valid weight: write a percentage from -100 to 100, "
            "such as %50% or %-33.33333%",
        )
    return float(Decimal(percent) / 100), piece.part(match.end())


def _answer_and_feedback(piece: _Piece, text_format: TextFormat) -> tuple[str, str]:
    """An answer's text and the feedback after its first #."""
    hash_at = piece.find("#")
    if hash_at < 0:
        return _formatted(piece.strip().raw, text_format)[0], ""
    text = _formatted(piece.part(0, hash_at).strip().raw, text_format)[0]
    return text, _formatted(piece.part(hash_at + 1).strip().raw, text_format)[0]


def _read_choices(answers: _Piece, text_format: TextFormat, missing: bool) -> _Answers:
    """Multiple choice: one = answer makes it single-answer, none makes it multiple response."""
    single = "=" in answers.raw
    found: list[GiftAnswer] = []
    for piece in _split(answers, drop="~", keep="="):
        if piece.raw.startswith("="):
            weight: float | None = 1.0
            rest = piece.part(1)
            if _WEIGHT.match(rest.raw):
                raise _Invalid(
                    piece.line,
                    "in multiple choice = already means 100%; write ~%50%answer for part credit",
                )
        else:
            weight, rest = _weight(piece)
        text, feedback = _answer_and_feedback(rest, text_format)
        if not text:
            raise _Invalid(piece.line, "an answer is empty")
        found.append(GiftAnswer(text=text, weight=weight or 0.0, feedback=feedback))
    if len(found) < 2:
        raise _Invalid(answers.line, "a multiple choice question needs at least two answers")
    texts = [answer.text for answer in found]
    if len(set(texts)) != len(texts):
        raise _Invalid(answers.line, "two answers have the same text")
    if single:
        return _Answers("missingword" if missing else "multichoice", answers=found)
    total = round(sum(answer.weight for answer in found if answer.weight > 0), 2)
    if total != 1:
        raise _Invalid(
            answers.line,
            f"with no = answer this is multiple response, and the positive weights add up to "
            f"{total * 100:g}%, not 100%",
        )
    return _Answers("multiresponse", answers=found)


def _read_matching(answers: _Piece, text_format: TextFormat) -> _Answers:
    """Matching: =left -> right pairs; a pair with no left side is an extra wrong right side."""
    pairs: list[tuple[str, str]] = []
    for piece in _split(answers, drop="="):
        arrow = piece.find("->")
        if arrow < 0:
            raise _Invalid(piece.line, "a matching answer needs ->, as in =left -> right")
        left = _formatted(piece.part(0, arrow).raw, text_format)[0]
        right = _unmask(piece.part(arrow + 2).raw).strip(PHP_SPACE)
        if not right:
            raise _Invalid(
                piece.line, "the right side of a pair is empty" if left else "an answer is empty"
            )
        pairs.append((left, right))
    lefts = [left for left, _ in pairs if left]
    if len(lefts) < 2:
        raise _Invalid(answers.line, "matching needs at least two pairs, as in =a -> 1 =b -> 2")
    if len(set(lefts)) != len(lefts):
        raise _Invalid(answers.line, "two pairs have the same left side")
    return _Answers("matching", pairs=pairs)


def _read_true_false(raw: str, text_format: TextFormat) -> _Answers:
    """True/false: {TRUE#feedback for the wrong choice#feedback for the right one}."""
    parts = [_formatted(part.strip(PHP_SPACE), text_format)[0] for part in raw.split("#", 2)]
    wrong, right = (parts[1:] + ["", ""])[:2]
    truth = parts[0] in ("T", "TRUE")
    feedback_true, feedback_false = (right, wrong) if truth else (wrong, right)
    return _Answers(
        "truefalse",
        answers=[
            GiftAnswer(text="True", weight=float(truth), feedback=feedback_true),
            GiftAnswer(text="False", weight=float(not truth), feedback=feedback_false),
        ],
        truth=truth,
        feedback_true=feedback_true,
        feedback_false=feedback_false,
    )


def _read_short(answers: _Piece, text_format: TextFormat) -> _Answers:
    """Short answer: =text answers, 100% unless weighted, at least one worth 100%."""
    found: list[GiftAnswer] = []
    for piece in _split(answers, drop="="):
        weight, rest = _weight(piece)
        text, feedback = _answer_and_feedback(rest, text_format)
        if not text:
            raise _Invalid(piece.line, "an answer is empty")
        found.append(
            GiftAnswer(text=text, weight=1.0 if weight is None else weight, feedback=feedback)
        )
    if max((answer.weight for answer in found), default=0) != 1:
        raise _Invalid(answers.line, "no answer is worth 100%; a short answer question needs one")
    return _Answers("shortanswer", answers=found)


def _read_numerical(answers: _Piece, text_format: TextFormat) -> _Answers:
    """Numerical: {#value:tolerance}, {#min..max} or weighted =answers, then ~#other feedback."""
    body = answers.part(1)
    tilde = body.find("~")
    other = body.part(tilde) if tilde >= 0 else None
    body = body.part(0, tilde) if tilde >= 0 else body
    found: list[GiftAnswer] = []
    for piece in _split(body, drop="="):
        weight, rest = _weight(piece)
        text, feedback = _answer_and_feedback(rest, text_format)
        weight = 1.0 if weight is None else weight
        found.append(_number_answer(piece.line, text, weight, feedback))
    if not found:
        raise _Invalid(answers.line, "a numerical question needs an answer, as in {#42:0.5}")
    if other is not None:
        found.append(
            GiftAnswer(text="*", weight=0.0, feedback=_answer_and_feedback(other, text_format)[1])
        )
    if not any(answer.weight == 1 and answer.value is not None for answer in found):
        raise _Invalid(answers.line, "no number is worth 100%; a numerical question needs one")
    return _Answers("numerical", answers=found)


def _number_answer(line: int, text: str, weight: float, feedback: str) -> GiftAnswer:
    """A numerical answer: *, value, value:tolerance or min..max."""
    if text == "*":
        return GiftAnswer(text=text, weight=weight, feedback=feedback)
    if not text:
        raise _Invalid(line, "an answer is empty")
    dots = text.find("..")
    if dots > 0:
        low, high = _number(line, text, text[:dots]), _number(line, text, text[dots + 2 :])
        if low > high:
            raise _Invalid(line, f"the range {text} runs from the larger number to the smaller")
        return GiftAnswer(
            text=text,
            weight=weight,
            feedback=feedback,
            value=(low + high) / 2,
            tolerance=(high - low) / 2,
            min=low,
            max=high,
        )
    colon = text.find(":")
    value = _number(line, text, text[:colon] if colon > 0 else text)
    tolerance = _number(line, text, text[colon + 1 :]) if colon > 0 else 0.0
    if tolerance < 0:
        raise _Invalid(line, f"the tolerance in {text} is negative")
    return GiftAnswer(text=text, weight=weight, feedback=feedback, value=value, tolerance=tolerance)


def _number(line: int, answer: str, text: str) -> float:
    """A finite number written as PHP's is_numeric accepts it (no hex, no inf), or _Invalid."""
    text = text.strip(PHP_SPACE)
    number = float(text) if _NUMBER.fullmatch(text) else math.nan
    if not math.isfinite(number):
        raise _Invalid(
            line,
            f"{answer!r} is not a number: write 1822, 1822:2 (a tolerance) or 1820..1824 (a range)",
        )
    return number


def to_question_dict(question: GiftQuestion) -> dict[str, Any]:
    """The question as our stored question data (the keys of Question.to_dict())."""
    options, answer, extra = _scoring(question)
    extra |= {
        "gift_kind": question.kind,
        "text_format": question.text_format,
        "category": question.category,
        "name": question.name,
        "no_fact_reason": "Imported from a GIFT file.",
    }
    if question.missing_word_text is not None:
        extra["missing_word"] = list(question.missing_word_text)
    return {
        "id": question.idnumber or gift_question_id(question),
        "type": QUESTION_TYPES[question.kind],
        "prompt": question.text,
        "options": options,
        "answer": answer,
        "status": None,
        "conditional": False,
        "facts": [],
        "as_of": None,
        "article": None,
        "correction": None,
        "sources": [],
        "explanation": question.general_feedback,
        "tags": list(question.tags),
        "extra": extra,
    }


def gift_question_id(question: GiftQuestion) -> str:
    """A stable id from category, name, kind and text: the same file imports to the same ids.

    The kind is in it so that "Who's buried in Grant's tomb?" as multiple choice and as short
    answer (both in Moodle's examples) get different ids; identical questions share one.
    """
    key = json.dumps([question.category, question.name, question.kind, question.text])
    return "gift-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def _scoring(question: GiftQuestion) -> tuple[list[dict[str, Any]], Any, dict[str, Any]]:
    """The options, answer and type-specific extra of our question data."""
    kind = question.kind
    if kind in ("multichoice", "missingword", "multiresponse"):
        options = [
            {
                "id": option_id(answer.text),
                "text": answer.text,
                "correct": answer.weight > 0 if kind == "multiresponse" else answer.weight == 1,
                "feedback": answer.feedback,
                "weight": answer.weight,
            }
            for answer in question.answers
        ]
        return options, [option["id"] for option in options if option["correct"]], {}
    if kind == "truefalse":
        truth = bool(question.truth)
        options = [
            _true_false_option("true", truth, question.feedback_true),
            _true_false_option("false", not truth, question.feedback_false),
        ]
        feedback = {"feedback_true": question.feedback_true}
        return options, truth, feedback | {"feedback_false": question.feedback_false}
    if kind == "shortanswer":
        accepted = [answer.text for answer in question.answers if answer.weight == 1]
        return [], accepted, {"answers": [_answer_dict(a) for a in question.answers]}
    if kind == "numerical":
        best = next((a for a in question.answers if a.weight == 1 and a.value is not None), None)
        if best is None:
            raise GiftError("a numerical question needs a number worth 100%")
        answer = {"value": _plain(best.value), "tolerance": _plain(best.tolerance)}
        return [], answer, {"answers": [_answer_dict(a) for a in question.answers]}
    if kind == "matching":
        pairs = [[left, right] for left, right in question.pairs if left]
        return [], pairs, {"extra_rights": [right for left, right in question.pairs if not left]}
    return [], None, {"unscored": True}


def _true_false_option(value: str, correct: bool, feedback: str) -> dict[str, Any]:
    """The True or False option, with the ids the generator gives them, its feedback and weight."""
    return {
        "id": value,
        "text": value.title(),
        "correct": correct,
        "feedback": feedback,
        "weight": float(correct),
    }


def _answer_dict(answer: GiftAnswer) -> dict[str, Any]:
    """A short or numerical answer with its weight and feedback, for extra.answers."""
    kept = {"text": answer.text, "weight": answer.weight, "feedback": answer.feedback}
    numbers = {"value": answer.value, "tolerance": answer.tolerance}
    numbers |= {"min": answer.min, "max": answer.max}
    return kept | {key: _plain(number) for key, number in numbers.items() if number is not None}


def _plain(number: float | None) -> float | int | None:
    """A whole number as an int (2015, not 2015.0), any other as it is."""
    if number is not None and number.is_integer() and abs(number) < 2**53:
        return int(number)
    return number


def from_question_dict(data: Mapping[str, Any]) -> GiftQuestion:
    """Our question data as a GIFT question; GiftError when GIFT cannot hold it."""
    extra: Mapping[str, Any] = data.get("extra") or {}
    kind_of: dict[str, GiftKind] = {
        "single": "multichoice",
        "classify": "multichoice",
        "multiple": "multiresponse",
        "true_false": "truefalse",
        "short": "shortanswer",
        "numeric": "numerical",
        "matching": "matching",
        "ordering": "matching",
        "essay": "essay",
        "description": "description",
    }
    qtype = str(data.get("type"))
    if qtype not in kind_of:
        raise GiftError(f"a question of type {qtype!r} has no GIFT form")
    prompt = str(data["prompt"])
    blank = _missing_word(extra.get("missing_word"), prompt)
    kind = kind_of[qtype]
    if qtype == "single" and blank is not None:
        kind = "missingword"
    text_format = extra.get("text_format") or "moodle"
    if text_format not in TEXT_FORMATS:
        raise GiftError(f"{text_format!r} is not a text format Moodle knows")
    return GiftQuestion(
        kind=kind,
        text=prompt,
        name=extra.get("name") or str(data["id"]),
        text_format=TEXT_FORMATS[text_format],
        general_feedback=str(data.get("explanation") or ""),
        category=extra.get("category"),
        idnumber=str(data["id"]),
        tags=[str(tag) for tag in data.get("tags") or []],
        missing_word_text=blank,
        **_gift_answers(qtype, data, extra),
    )


def _missing_word(value: Any, prompt: str) -> tuple[str, str] | None:
    """The text either side of the blank, when extra.missing_word still fits the prompt."""
    if not isinstance(value, list | tuple) or len(value) != 2:
        return None
    before, after = str(value[0]), str(value[1])
    fits = before + BLANK + after == prompt and after.strip(PHP_SPACE)
    return (before, after) if fits else None


def _gift_answers(qtype: str, data: Mapping[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    """The answer fields of a GiftQuestion for one of our question types."""
    answer = data.get("answer")
    if qtype in ("single", "classify", "multiple"):
        return {"answers": _choices(data.get("options") or [], multiple=qtype == "multiple")}
    if qtype == "true_false":
        feedback = {o.get("id"): str(o.get("feedback") or "") for o in data.get("options") or []}
        feedback_true = str(extra.get("feedback_true", feedback.get("true", "")))
        feedback_false = str(extra.get("feedback_false", feedback.get("false", "")))
        return {
            "truth": bool(answer),
            "feedback_true": feedback_true,
            "feedback_false": feedback_false,
            "answers": [
                GiftAnswer(text="True", weight=float(bool(answer)), feedback=feedback_true),
                GiftAnswer(text="False", weight=float(not answer), feedback=feedback_false),
            ],
        }
    if qtype == "short":
        return {"answers": _short_answers([str(a) for a in answer or []], extra)}
    if qtype == "numeric":
        return {"answers": _numeric_answers(answer or {}, extra)}
    if qtype == "matching":
        pairs = [(str(left), str(right)) for left, right in answer or []]
        return {"pairs": pairs + [("", str(right)) for right in extra.get("extra_rights") or []]}
    if qtype == "ordering":
        return {"pairs": [(str(n), str(item)) for n, item in enumerate(answer or [], start=1)]}
    return {}


def _choices(options: Sequence[Mapping[str, Any]], multiple: bool) -> list[GiftAnswer]:
    """Choice answers, keeping the options' weights when they agree with what is correct."""
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
    return [
        GiftAnswer(
            text=str(option["text"]), weight=weight, feedback=str(option.get("feedback") or "")
        )
        for option, weight in zip(options, weights, strict=True)
    ]


def _kept_answers(extra: Mapping[str, Any]) -> list[GiftAnswer]:
    """The weighted answers an import kept in extra.answers."""
    kept: list[GiftAnswer] = []
    for entry in extra.get("answers") or []:
        numbers = {
            key: float(entry[key])
            for key in ("value", "tolerance", "min", "max")
            if entry.get(key) is not None
        }
        kept.append(
            GiftAnswer(
                text=str(entry["text"]),
                weight=float(entry["weight"]),
                feedback=str(entry.get("feedback") or ""),
                **numbers,
            )
        )
    return kept


def _short_answers(accepted: list[str], extra: Mapping[str, Any]) -> list[GiftAnswer]:
    """The accepted texts at 100%, with the part-credit answers an import kept."""
    kept = _kept_answers(extra)
    if [answer.text for answer in kept if answer.weight == 1] == accepted:
        return kept
    feedback = {answer.text: answer.feedback for answer in kept}
    full = [GiftAnswer(text=t, weight=1.0, feedback=feedback.get(t, "")) for t in accepted]
    return full + [a for a in kept if a.weight != 1 and a.text not in accepted]


def _numeric_answers(answer: Mapping[str, Any], extra: Mapping[str, Any]) -> list[GiftAnswer]:
    """The answer at 100%, with the other weighted numbers an import kept."""
    value, tolerance = float(answer["value"]), float(answer["tolerance"])
    kept = _kept_answers(extra)
    best = next((a for a in kept if a.weight == 1 and a.value is not None), None)
    if best is not None and (best.value, best.tolerance) == (value, tolerance):
        return kept
    text = f"{_number_text(value)}:{_number_text(tolerance)}"
    full = GiftAnswer(text=text, weight=1.0, value=value, tolerance=tolerance)
    return [full] + [a for a in kept if a.weight != 1]


def export_gift(questions: Sequence[Mapping[str, Any]]) -> str:
    """Our questions as a GIFT file; GiftError names the first question GIFT cannot hold."""
    converted: list[GiftQuestion] = []
    for data in questions:
        try:
            converted.append(from_question_dict(data))
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
            who = question.idnumber or question.name or _label([question.text])
            raise GiftError(f"question {who!r}: {error}") from None
    return "".join(chunks)


_ESCAPE_OUT = {c: "\\" + c for c in "\\~=#{}:"} | {"\n": "\\n"}


def _escape(text: str) -> str:
    """Text with GIFT's special characters escaped and each line break written as \\n."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(_ESCAPE_OUT.get(char, char) for char in text)


def _text_out(text: str, text_format: TextFormat, force_format: bool = False) -> str:
    """A text as GIFT writes it; a [format] goes first when asked, or when the text itself
    starts like a format, a weight or a comment."""
    escaped = _escape(text)
    if force_format or text.startswith(("[", "%", "//")):
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
    text = _text_out(before, question.text_format, question.text_format != "moodle")
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
    general = (
        f"####{_text_out(question.general_feedback, fmt)}" if question.general_feedback else ""
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
    if kind in ("multichoice", "missingword", "multiresponse"):
        lines = [_choice_line(answer, kind, fmt) for answer in question.answers]
        opening = "{"
    elif kind == "shortanswer":
        lines = [_short_line(answer, fmt) for answer in question.answers]
        opening = "{"
    elif kind == "numerical":
        lines = [_numeric_line(answer, fmt) for answer in question.answers]
        opening = "{#"
    else:
        lines = [_pair_line(left, right, fmt) for left, right in question.pairs]
        opening = "{"
    lines += [general] if general else []
    return opening + "\n" + "".join(f"\t{line}\n" for line in lines) + "}"


def _feedback_out(feedback: str, fmt: TextFormat) -> str:
    """An answer's #feedback, or nothing."""
    return "#" + _text_out(feedback, fmt) if feedback else ""


def _choice_line(answer: GiftAnswer, kind: GiftKind, fmt: TextFormat) -> str:
    """One multiple choice answer: = for the right one, ~ or ~%weight% for the others."""
    if answer.weight == 1 and kind != "multiresponse":
        mark = "="
    else:
        mark = "~" if answer.weight == 0 else f"~%{_percent_text(answer.weight)}%"
    return mark + _text_out(answer.text, fmt) + _feedback_out(answer.feedback, fmt)


def _short_line(answer: GiftAnswer, fmt: TextFormat) -> str:
    """One short answer: =text at 100%, =%weight%text otherwise."""
    if "->" in answer.text or "->" in answer.feedback:
        raise GiftError("a short answer cannot contain -> in GIFT (Moodle reads it as matching)")
    mark = "=" if answer.weight == 1 else f"=%{_percent_text(answer.weight)}%"
    return mark + _text_out(answer.text, fmt) + _feedback_out(answer.feedback, fmt)


def _numeric_line(answer: GiftAnswer, fmt: TextFormat) -> str:
    """One numerical answer, written as it was read when that still means the same numbers."""
    if answer.value is None:
        number = "*"
    elif answer.min is not None and answer.max is not None:
        number = f"{_number_text(answer.min)}..{_number_text(answer.max)}"
    else:
        number = f"{_number_text(answer.value)}:{_number_text(answer.tolerance or 0.0)}"
    try:
        same = _number_answer(0, answer.text, answer.weight, answer.feedback) == answer
    except _Invalid:
        same = False
    # A text that reads back as these very numbers holds only digits, signs, . : e and *.
    number = answer.text if same else number
    weight = _percent_text(answer.weight)
    return f"=%{weight}%{number}" + _feedback_out(answer.feedback, fmt)


def _pair_line(left: str, right: str, fmt: TextFormat) -> str:
    """One matching pair, =left -> right; an empty left adds a wrong right side."""
    if "->" in left:
        raise GiftError(f"the left side {left!r} contains ->, which GIFT cannot escape")
    return f"={_text_out(left, fmt)} -> {_escape(right)}"


def _true_false_answer(question: GiftQuestion) -> str:
    """TRUE or FALSE, then the feedback for the wrong choice, then for the right one."""
    fmt = question.text_format
    truth = bool(question.truth)
    right = question.feedback_true if truth else question.feedback_false
    wrong = question.feedback_false if truth else question.feedback_true
    written = "TRUE" if truth else "FALSE"
    if wrong or right:
        written += "#" + _text_out(wrong, fmt) if wrong else "#"
    return written + ("#" + _text_out(right, fmt) if right else "")


def _percent_text(weight: float) -> str:
    """A weight as a percentage, exact to the last digit of the float: 0.5 -> "50"."""
    if not math.isfinite(weight) or not -1 <= weight <= 1:
        raise GiftError(f"the weight {weight!r} is not between -1 and 1")
    text = format(Decimal(repr(float(weight))) * 100, "f")
    text = text.rstrip("0").rstrip(".") if "." in text else text
    return "0" if text == "-0" else text


def _number_text(number: float) -> str:
    """A number as GIFT writes it: 1822, 3.1415, 1e-05."""
    if not math.isfinite(number):
        raise GiftError(f"{number!r} is not a number GIFT can write")
    plain = _plain(number)
    return str(plain) if isinstance(plain, int) else repr(float(number))
