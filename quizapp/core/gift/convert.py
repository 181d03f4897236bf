"""GIFT questions to our question data and back, by each type's mapping (its Kind's `gift`).

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
from collections.abc import Mapping
from dataclasses import asdict
from typing import Any

from quizapp.core import kinds as registry
from quizapp.core.gift.mapping import GiftMapping, blank
from quizapp.core.gift.model import GiftError, GiftKind, GiftQuestion
from quizapp.core.gift.types import stored_format
from quizapp.core.questions import QType

# The registry (core/kinds/) holds each type's GiftMapping and imports core/gift to build
# them, so it is read here through its module, at call time, not imported name by name.


def gift_types() -> dict[QType, GiftMapping]:
    """Each of our types that GIFT can hold, with its mapping (the registry's `gift`)."""
    return {t: kind.gift for t, kind in registry.KINDS.items() if kind.gift is not None}


def question_type(kind: GiftKind) -> QType:
    """Which of our types a GIFT kind imports as."""
    for qtype, mapping in gift_types().items():
        if kind in mapping.kinds:
            return qtype
    raise GiftError(f"GIFT questions of kind {kind!r} have no type here")


def to_question_dict(question: GiftQuestion) -> dict[str, Any]:
    """The question as our stored question data (the keys of Question.to_dict())."""
    qtype = question_type(question.kind)
    read = gift_types()[qtype].read
    assert read is not None  # a type that a GIFT kind imports as reads it
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
        "type": qtype.value,
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
    mapping = registry.kind_of(str(data.get("type"))).gift
    if mapping is None:
        raise GiftError(f"a question of type {str(data.get('type'))!r} has no GIFT form")
    kind, fields = mapping.write(data, extra)
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
        missing_word_text=blank(data, extra),
        **fields,
    )
