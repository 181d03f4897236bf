"""Questions as plain data: types, options, answers, provenance, and the rules every one keeps."""

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from quizapp.core.facts import ArticleRef, Source
from quizapp.core.status import Status


class QType(StrEnum):
    """The question types; the values are the `type` of the JSON export."""

    SINGLE = "single"
    MULTIPLE = "multiple"
    TRUE_FALSE = "true_false"
    CLASSIFY = "classify"
    NUMERIC = "numeric"
    SHORT = "short"
    MATCHING = "matching"
    ORDERING = "ordering"


CHOICE_TYPES = frozenset({QType.SINGLE, QType.MULTIPLE, QType.CLASSIFY, QType.TRUE_FALSE})

# The longest texts an author may write, in the question form or a GIFT file, so that no
# question costs much to store, render or send: a question's text and explanation, one option
# (or answer, matching side, ordering item), one option's feedback, a list of lines (accepted
# answers, pairs, items) and a review comment.
PROMPT_MAX = 5000
EXPLANATION_MAX = 5000
OPTION_MAX = 1000
FEEDBACK_MAX = 1000
LINES_MAX = 5000
COMMENT_MAX = 2000


def too_long(what: str, text: str, limit: int) -> str | None:
    """Why text is too long, for people ("the question text has 300,000 characters; at most
    5,000 are allowed"), or None when it is not longer than limit characters."""
    if len(text) <= limit:
        return None
    return f"{what} has {len(text):,} characters; at most {limit:,} are allowed"


def option_id(text: str) -> str:
    """A stable option id derived from its text."""
    return "o" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


@dataclass(frozen=True)
class Option:
    """One choice of a choice question, with why it is right or wrong."""

    id: str
    text: str
    correct: bool
    feedback: str = ""


@dataclass(frozen=True)
class Question:
    """A question with its answer and everything needed to explain it."""

    id: str
    type: QType
    prompt: str
    answer: Any
    status: Status
    facts: tuple[str, ...]
    as_of: date
    explanation: str
    options: tuple[Option, ...] = ()
    conditional: bool = False
    article: ArticleRef | None = None
    correction: str | None = None
    sources: tuple[Source, ...] = ()
    tags: tuple[str, ...] = ()
    template: str = ""
    extra: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The question as JSON-ready data, in the documented export schema."""
        return {
            "id": self.id,
            "type": self.type.value,
            "prompt": self.prompt,
            "options": [
                {"id": o.id, "text": o.text, "correct": o.correct, "feedback": o.feedback}
                for o in self.options
            ],
            "answer": self.answer,
            "status": self.status.value,
            "conditional": self.conditional,
            "facts": list(self.facts),
            "as_of": self.as_of.isoformat(),
            "article": None
            if self.article is None
            else {
                "quote": self.article.quote,
                "section": self.article.section,
                "verdict": self.article.verdict.value,
            },
            "correction": self.correction,
            "sources": [{"publication": s.publication, "url": s.url} for s in self.sources],
            "explanation": self.explanation,
            "tags": list(self.tags),
            "extra": dict(self.extra),
        }


def problems(question: Question) -> list[str]:
    """Every way the question breaks the rules a question must keep; empty when it is sound."""
    found: list[str] = []
    texts = [o.text.strip().casefold() for o in question.options]
    if len(set(texts)) != len(texts):
        found.append("options are not unique")
    ids = [o.id for o in question.options]
    if len(set(ids)) != len(ids):
        found.append("option ids are not unique")
    correct = [o.id for o in question.options if o.correct]
    if question.type is QType.TRUE_FALSE and not question.options:
        # Written by the author form or GIFT: the answer alone says true or false.
        if question.answer not in (True, False):
            found.append("a true/false answer is a boolean")
    elif question.type in CHOICE_TYPES:
        if len(question.options) < 2:
            found.append("a choice question needs at least two options")
        if question.type is not QType.MULTIPLE and len(correct) != 1:
            found.append(f"exactly one option must be correct, not {len(correct)}")
        if question.type is QType.MULTIPLE and not correct:
            found.append("at least one option must be correct")
        if question.type is QType.TRUE_FALSE and question.answer not in (True, False):
            found.append("a true/false answer is a boolean")
        elif question.type is not QType.TRUE_FALSE and sorted(question.answer) != sorted(correct):
            found.append("the answer does not match the correct options")
    elif question.options:
        found.append(f"a {question.type} question has no options")
    if question.type is QType.NUMERIC:
        value, tolerance = question.answer.get("value"), question.answer.get("tolerance")
        if not isinstance(value, int | float) or not isinstance(tolerance, int | float):
            found.append("a numeric answer has a number value and tolerance")
        elif tolerance < 0 or (value and tolerance > abs(value) / 2):
            found.append("the tolerance is negative or wider than half the value")
    if question.type is QType.SHORT and not (
        isinstance(question.answer, list) and question.answer and all(question.answer)
    ):
        found.append("a short answer lists at least one accepted text")
    if question.type is QType.MATCHING and len(_pairs(question.answer)) < 2:
        found.append("matching needs at least two pairs")
    if question.type is QType.ORDERING and len(set(question.answer)) < 3:
        found.append("ordering needs at least three distinct items")
    if not question.facts and not question.extra.get("no_fact_reason"):
        found.append("a question traces to at least one fact, or says why not")
    if not question.explanation.strip():
        found.append("a question needs an explanation")
    return found


def _pairs(answer: Sequence[Any]) -> list[tuple[str, str]]:
    """The (left, right) pairs of a matching answer."""
    return [(str(a), str(b)) for a, b in answer]
