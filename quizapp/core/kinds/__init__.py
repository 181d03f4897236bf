"""The registry of question kinds: one object per question type that knows everything about it.

Every layer that behaves differently by type (grading, pages, the API, reports, the question
editor, tests) asks `KINDS[type]` instead of branching on the type's name, as CTFd does with
CHALLENGE_CLASSES. Adding a type is a QType member, one Kind here, and one template
`templates/quiz/answer/<type>.html` (tests/core/test_kinds.py checks both).
"""

from typing import Any

from quizapp.core.kinds.base import (
    EditorError,
    Gradable,
    Kind,
    ResponseError,
    field_name,
)
from quizapp.core.kinds.choice import Classify, Multiple, Single
from quizapp.core.kinds.rows import Matching, Ordering
from quizapp.core.kinds.truth import TrueFalse
from quizapp.core.kinds.typed import (
    Description,
    Essay,
    Numeric,
    Short,
    normalise_text,
    short_answer_matches,
)
from quizapp.core.questions import QType, Question

KINDS: dict[QType, Kind] = {
    kind.type: kind
    for kind in (
        Single(),
        Multiple(),
        TrueFalse(),
        Classify(),
        Numeric(),
        Short(),
        Matching(),
        Ordering(),
        Essay(),
        Description(),
    )
}


class Unknown(Kind):
    """A type no QType names (a stored row from elsewhere): nothing to answer, never scored."""

    scored = False
    in_editor = False

    def read_json(self, question: Gradable, value: Any) -> Any:
        """Nothing can be read."""
        raise ResponseError("This question cannot be answered.")


UNKNOWN = Unknown()


def kind_of(type_name: str) -> Kind:
    """The kind of a question type (a QType or its value); an unknown name gets UNKNOWN.

    Found by value, not through QType(...), so that a kind registered under another StrEnum
    (a test's toy type) is found like any other."""
    return next((kind for qtype, kind in KINDS.items() if qtype == type_name), UNKNOWN)


def type_labels() -> dict[str, str]:
    """Each type's name for people, by its value."""
    return {t.value: kind.label for t, kind in KINDS.items()}


def editor_labels() -> dict[str, str]:
    """The names for people of the types the question editor writes, by value."""
    return {t.value: kind.label for t, kind in KINDS.items() if kind.in_editor}


def editor_kinds() -> dict[str, Kind]:
    """The kinds the question editor writes, by value."""
    return {t.value: kind for t, kind in KINDS.items() if kind.in_editor}


def problems(question: Question) -> list[str]:
    """Every way the question breaks the rules a question must keep; empty when it is sound."""
    found: list[str] = []
    texts = [o.text.strip().casefold() for o in question.options]
    if len(set(texts)) != len(texts):
        found.append("options are not unique")
    ids = [o.id for o in question.options]
    if len(set(ids)) != len(ids):
        found.append("option ids are not unique")
    found += KINDS[question.type].key_problems(question)
    if not question.facts and not question.extra.get("no_fact_reason"):
        found.append("a question traces to at least one fact, or says why not")
    if not question.explanation.strip():
        found.append("a question needs an explanation")
    return found


__all__ = [
    "KINDS",
    "editor_kinds",
    "editor_labels",
    "type_labels",
    "UNKNOWN",
    "Classify",
    "EditorError",
    "Gradable",
    "Kind",
    "ResponseError",
    "field_name",
    "kind_of",
    "normalise_text",
    "problems",
    "short_answer_matches",
]
