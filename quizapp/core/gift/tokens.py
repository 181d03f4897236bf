"""The pieces GIFT is cut into: escapes, blank-line blocks, stretches that know their line,
answer marks, weights and text formats."""

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Self

from quizapp.core.gift.model import PHP_SPACE, TEXT_FORMATS, TextFormat

# Escaped characters become lone surrogates while the structure is read, so a \~ is never a ~.
# Real text cannot hold lone surrogates: parse_gift replaces any with U+FFFD first.
_MASKS = {":": "\udc3a", "#": "\udc23", "=": "\udc3d", "{": "\udc7b", "}": "\udc7d", "~": "\udc7e"}
_MASKS["n"] = "\udc0a"
_ESCAPE_IN = re.compile(r"\\([\\:#={}~n])")
_UNMASK = str.maketrans({mask: "\n" if char == "n" else char for char, mask in _MASKS.items()})
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
WEIGHT = re.compile(r"%([-+.\d]*\d[-+.\d]*)%")
_PERCENT = re.compile(r"-?(?:\d+(?:\.\d*)?|\.\d+)")
_IDNUMBER = re.compile(r"\[id:((?:\\\]|[^\]\x00-\x1f\x7f])+)\]")
_TAG = re.compile(r"\[tag:((?:\\\]|[^\]<>`\x00-\x1f\x7f])+)\]")


def mask(text: str) -> str:
    """The text with each escape replaced by one placeholder character (\\\\ by a backslash)."""
    return _ESCAPE_IN.sub(lambda m: "\\" if m[1] == "\\" else _MASKS[m[1]], text)


def unmask(text: str) -> str:
    """The placeholders turned back into the characters they stand for."""
    return text.translate(_UNMASK)


class Invalid(Exception):
    """Why a question cannot be imported, and the line to point at."""

    def __init__(self, line: int, reason: str) -> None:
        """Remember the line and the reason."""
        super().__init__(reason)
        self.line = line
        self.reason = reason


@dataclass(frozen=True)
class Piece:
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


def blocks(text: str) -> Iterator[list[tuple[int, str]]]:
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


def label(lines: Sequence[str]) -> str:
    """How a problem names its question: the ::name::, else the first words."""
    masked = mask(" ".join(lines))
    if masked.startswith("::") and (close := masked.find("::", 2)) > 2:
        return unmask(masked[2:close]).strip(PHP_SPACE)
    words = unmask(masked).split()
    return " ".join(words[:8]) + (" …" if len(words) > 8 else "")


def formatted(raw: str, default: TextFormat) -> tuple[str, TextFormat]:
    """A masked text made plain, and its format: a leading [html] and the like sets it."""
    text_format = default
    if raw.startswith("["):
        close = raw.find("]")
        if close > 0 and raw[1:close] in TEXT_FORMATS:
            text_format = TEXT_FORMATS[raw[1:close]]
            raw = raw[close + 1 :]
    return unmask(raw).strip(PHP_SPACE), text_format


def own_format(raw: str, question_format: TextFormat) -> tuple[str, TextFormat | None]:
    """A masked answer or feedback made plain, and its format when it differs from the
    question's (None when it is the question's, as Moodle's default is)."""
    text, text_format = formatted(raw, question_format)
    return text, (text_format if text and text_format != question_format else None)


def idnumber_and_tags(comments: str) -> tuple[str | None, list[str]]:
    """The first [id:...] and every [tag:...] in a question's comments; \\] is a bracket."""
    match = _IDNUMBER.search(comments)
    idnumber = match[1].strip(PHP_SPACE).replace("\\]", "]") if match else ""
    tags = [raw.strip(PHP_SPACE).replace("\\]", "]") for raw in _TAG.findall(comments)]
    return idnumber or None, [tag for tag in tags if tag]


def split(answers: Piece, drop: str, keep: str = "") -> list[Piece]:
    """Answers cut at each mark (a kept mark starts the next answer), trimmed; the text before
    the first mark counts only when it is not blank."""
    pieces: list[Piece] = []
    begin = 0
    for at, char in enumerate(answers.raw):
        if char in drop or char in keep:
            pieces.append(answers.part(begin, at))
            begin = at if char in keep else at + 1
    pieces = [piece.strip() for piece in [*pieces, answers.part(begin)]]
    return pieces[1:] if not pieces[0].raw else pieces


def weight_of(piece: Piece) -> tuple[float | None, Piece]:
    """A leading %weight% as a fraction and the rest of the answer; None when there is none."""
    match = WEIGHT.match(piece.raw)
    if match is None:
        return None, piece
    percent = match[1]
    if not _PERCENT.fullmatch(percent) or not -100 <= Decimal(percent) <= 100:
        raise Invalid(
            piece.line,
            f"%{percent}% is not a valid weight: write a percentage from -100 to 100, "
            "such as %50% or %-33.33333%",
        )
    return float(Decimal(percent) / 100), piece.part(match.end())
