"""What GIFT holds, as Moodle reads it: questions, answers, text formats, problems."""

from dataclasses import dataclass, field
from typing import Literal

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


class GiftError(ValueError):
    """Bytes that are not UTF-8 text, or a question GIFT cannot hold; the message says which."""


@dataclass(frozen=True, kw_only=True)
class GiftAnswer:
    """One answer: its text, weight (-1 to 1, 100% is 1.0), feedback, and numbers if numerical.

    text_format and feedback_format are None when the text is written in the question's own
    format, as Moodle's default is; a [plain] or [html] before the text sets them.
    """

    text: str
    weight: float
    feedback: str = ""
    value: float | None = None
    tolerance: float | None = None
    min: float | None = None
    max: float | None = None
    text_format: TextFormat | None = None
    feedback_format: TextFormat | None = None


@dataclass(frozen=True, kw_only=True)
class GiftQuestion:
    """One question as Moodle reads it from GIFT; line is 0 when it did not come from a file.

    Every text but the question's own may carry its own format; None means the question's
    (text_format). pair_formats runs beside pairs: the format of each left side.
    """

    kind: GiftKind
    text: str
    line: int = 0
    name: str | None = None
    text_format: TextFormat = "moodle"
    answers: list[GiftAnswer] = field(default_factory=list)
    pairs: list[tuple[str, str]] = field(default_factory=list)
    pair_formats: list[TextFormat | None] = field(default_factory=list)
    truth: bool | None = None
    feedback_true: str = ""
    feedback_false: str = ""
    feedback_true_format: TextFormat | None = None
    feedback_false_format: TextFormat | None = None
    general_feedback: str = ""
    general_feedback_format: TextFormat | None = None
    category: str | None = None
    idnumber: str | None = None
    tags: list[str] = field(default_factory=list)
    missing_word_text: tuple[str, str] | None = None

    @property
    def moodle_qtype(self) -> str:
        """The question type Moodle creates for this question."""
        return MOODLE_QTYPES[self.kind]

    def pair_format(self, index: int) -> TextFormat | None:
        """The format of the left side of pair number index (None: the question's)."""
        return self.pair_formats[index] if index < len(self.pair_formats) else None


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
