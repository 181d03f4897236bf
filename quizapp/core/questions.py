"""Questions as plain data: types, options, answers, provenance. What each type allows and
the rules every question keeps are in core/kinds."""

import hashlib
from collections.abc import Mapping
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
    ESSAY = "essay"  # kept and shown, never scored (from GIFT)
    DESCRIPTION = "description"  # text between questions, nothing to answer (from GIFT)


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
