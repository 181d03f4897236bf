"""GIFT questions to our question data and back, one entry per question type (GIFT_TYPES).

Our question data (``to_question_dict``): multichoice and missingword become "single", multiple
response "multiple", truefalse "true_false", shortanswer "short", numerical "numeric", matching
"matching", essay and description stay unscored. Status and as_of are None, for the importer
to set; extra says where the question came from. A text written in another format than the
question's keeps it beside it: "format" and "feedback_format" on an option, "feedback_format"
on an entry of extra.answers, extra.left_formats (matching, by left side) and
extra.explanation_format; none of them is written when the text is in the question's format.

The id is the [id:...] when there is one, else "gift-" and a hash of everything the question
holds (its answers, weights, feedback and formats too), so the same file imports to the same
ids, two questions that differ in anything are two questions, and only exact duplicates share
one.

"classify" is written as a multiple choice and comes back as "single". GIFT has no ordering
question, so "ordering" is written as a matching question "1 -> first item", "2 -> second
item" ...: in Moodle the student matches each position to its item, which grades the order; it
comes back as "matching", since nothing in GIFT can tell it from any other matching question.
"""

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

from quizapp.core.gift.model import (
    BLANK,
    PHP_SPACE,
    GiftError,
    GiftKind,
    GiftQuestion,
)
from quizapp.core.gift.types import (
    Scoring,
    read_choices,
    read_matching,
    read_numeric,
    read_short,
    read_true_false,
    read_unscored,
    stored_format,
    write_choices,
    write_description,
    write_essay,
    write_matching,
    write_numeric,
    write_ordering,
    write_short,
    write_true_false,
)
from quizapp.core.questions import QType

Fields = dict[str, Any]

# Essay and description are not yet members of QType (the question-kind registry adds them);
# until then these two names are the only type names spelled out here.
ESSAY = "essay"
DESCRIPTION = "description"


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


def _single(data: Mapping[str, Any], extra: Mapping[str, Any]) -> tuple[GiftKind, Fields]:
    """A single-answer question: missing word when its prompt still has the blank."""
    kind: GiftKind = "missingword" if _blank(data, extra) else "multichoice"
    return kind, write_choices(data, multiple=False)


def _classify(data: Mapping[str, Any], extra: Mapping[str, Any]) -> tuple[GiftKind, Fields]:
    """A classification question, as a multiple choice."""
    return "multichoice", write_choices(data, multiple=False)


def _multiple(data: Mapping[str, Any], extra: Mapping[str, Any]) -> tuple[GiftKind, Fields]:
    """A multiple response question."""
    return "multiresponse", write_choices(data, multiple=True)


GIFT_TYPES: dict[str, GiftMapping] = {
    QType.SINGLE: GiftMapping(("multichoice", "missingword"), read_choices, _single),
    QType.CLASSIFY: GiftMapping((), None, _classify),
    QType.MULTIPLE: GiftMapping(("multiresponse",), read_choices, _multiple),
    QType.TRUE_FALSE: GiftMapping(("truefalse",), read_true_false, write_true_false),
    QType.SHORT: GiftMapping(("shortanswer",), read_short, write_short),
    QType.NUMERIC: GiftMapping(("numerical",), read_numeric, write_numeric),
    QType.MATCHING: GiftMapping(("matching",), read_matching, write_matching),
    QType.ORDERING: GiftMapping((), None, write_ordering),
    ESSAY: GiftMapping(("essay",), read_unscored, write_essay),
    DESCRIPTION: GiftMapping(("description",), read_unscored, write_description),
}
# Which of our types each GIFT kind imports as.
QUESTION_TYPES: dict[GiftKind, str] = {
    kind: str(qtype) for qtype, mapping in GIFT_TYPES.items() for kind in mapping.kinds
}


def to_question_dict(question: GiftQuestion) -> dict[str, Any]:
    """The question as our stored question data (the keys of Question.to_dict())."""
    qtype = QUESTION_TYPES[question.kind]
    read = GIFT_TYPES[qtype].read
    assert read is not None  # every kind in QUESTION_TYPES comes from a type that reads it
    options, answer, extra = read(question)
    extra |= {
        "gift_kind": question.kind,
        "text_format": question.text_format,
        "category": question.category,
        "name": question.name,
        "no_fact_reason": "Imported from a GIFT file.",
    }
    if question.general_feedback_format is not None:
        extra["explanation_format"] = question.general_feedback_format
    if question.missing_word_text is not None:
        extra["missing_word"] = list(question.missing_word_text)
    return {
        "id": question.idnumber or gift_question_id(question),
        "type": qtype,
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
    """The id of a question with no [id:...]: a hash of all it holds (answers, weights,
    feedback and formats too) but where it stands in the file, so the same question gets the
    same id and two that differ in anything get two. Empty fields are left out of the hash, so
    a field added later with an empty default keeps the ids of questions that do not use it."""
    held = {k: v for k, v in asdict(question).items() if k not in ("line", "idnumber")}
    key = json.dumps(_pruned(held), sort_keys=True, ensure_ascii=False)
    return "gift-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def _pruned(value: Any) -> Any:
    """The value without empty fields: None, "", and lists or tuples holding only None."""
    if isinstance(value, dict):
        kept = {key: _pruned(item) for key, item in value.items()}
        return {key: item for key, item in kept.items() if not _empty(item)}
    if isinstance(value, list | tuple):
        return [_pruned(item) for item in value]
    return value


def _empty(value: Any) -> bool:
    """Whether a field holds nothing worth hashing."""
    return (
        value is None
        or value == ""
        or (isinstance(value, list) and all(item is None for item in value))
    )


def legacy_gift_id(question: GiftQuestion) -> str:
    """The id imports gave before answers were part of a question's identity (category, name,
    kind and text only), so a bank imported then is not imported twice."""
    key = json.dumps([question.category, question.name, question.kind, question.text])
    return "gift-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def from_question_dict(data: Mapping[str, Any]) -> GiftQuestion:
    """Our question data as a GIFT question; GiftError when GIFT cannot hold it."""
    extra: Mapping[str, Any] = data.get("extra") or {}
    qtype = str(data.get("type"))
    if qtype not in GIFT_TYPES:
        raise GiftError(f"a question of type {qtype!r} has no GIFT form")
    kind, fields = GIFT_TYPES[qtype].write(data, extra)
    blank = _blank(data, extra)
    return GiftQuestion(
        kind=kind,
        text=str(data["prompt"]),
        name=extra.get("name") or str(data["id"]),
        text_format=stored_format(extra.get("text_format")) or "moodle",
        general_feedback=str(data.get("explanation") or ""),
        general_feedback_format=stored_format(extra.get("explanation_format")),
        category=extra.get("category"),
        idnumber=str(data["id"]),
        tags=[str(tag) for tag in data.get("tags") or []],
        missing_word_text=blank,
        **fields,
    )


def _blank(data: Mapping[str, Any], extra: Mapping[str, Any]) -> tuple[str, str] | None:
    """The text either side of the blank, when extra.missing_word still fits the prompt."""
    value = extra.get("missing_word")
    if not isinstance(value, list | tuple) or len(value) != 2:
        return None
    before, after = str(value[0]), str(value[1])
    fits = before + BLANK + after == str(data["prompt"]) and after.strip(PHP_SPACE)
    return (before, after) if fits else None
