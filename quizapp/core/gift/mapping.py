"""The shape of one question type's GIFT mapping, and the writers of the choice types.

Each Kind of the registry (core/kinds/) holds its GiftMapping as `gift`; convert.py asks the
registry for it. This module imports no kind, so the registry can import it.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from quizapp.core.gift.model import BLANK, PHP_SPACE, GiftKind, GiftQuestion
from quizapp.core.gift.types import Scoring, write_choices

Fields = dict[str, Any]


@dataclass(frozen=True)
class GiftMapping:
    """How one of our question types is written in GIFT and read back from it.

    kinds: the GIFT kinds that import as this type (none: it comes back as another type);
    read: a GIFT question of one of those kinds as our options, answer and extra;
    write: our question data (and extra) as the GIFT kind and the GiftQuestion fields.
    """

    kinds: tuple[GiftKind, ...]
    read: Callable[[GiftQuestion], Scoring] | None
    write: Callable[[Mapping[str, Any], Mapping[str, Any]], tuple[GiftKind, Fields]]


def write_single(data: Mapping[str, Any], extra: Mapping[str, Any]) -> tuple[GiftKind, Fields]:
    """A single-answer question: missing word when its prompt still has the blank."""
    kind: GiftKind = "missingword" if blank(data, extra) else "multichoice"
    return kind, write_choices(data, multiple=False)


def write_classify(data: Mapping[str, Any], extra: Mapping[str, Any]) -> tuple[GiftKind, Fields]:
    """A classification question, as a multiple choice."""
    return "multichoice", write_choices(data, multiple=False)


def write_multiple(data: Mapping[str, Any], extra: Mapping[str, Any]) -> tuple[GiftKind, Fields]:
    """A multiple response question."""
    return "multiresponse", write_choices(data, multiple=True)


def blank(data: Mapping[str, Any], extra: Mapping[str, Any]) -> tuple[str, str] | None:
    """The text either side of the blank, when extra.missing_word still fits the prompt."""
    value = extra.get("missing_word")
    if not isinstance(value, list | tuple) or len(value) != 2:
        return None
    before, after = str(value[0]), str(value[1])
    fits = before + BLANK + after == str(data["prompt"]) and after.strip(PHP_SPACE)
    return (before, after) if fits else None
