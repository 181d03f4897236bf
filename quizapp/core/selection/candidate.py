"""What the draw knows of a question, and the filters and needs it is matched against."""

import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from quizapp.core import kinds as registry
from quizapp.core.questions import Question

# The registry imports this package (its shuffles), so it is read through its module, at
# call time, not imported name by name.


@dataclass(frozen=True)
class Candidate:
    """What the draw needs to know of a published question."""

    id: str
    type: str
    status: str
    template: str
    tags: tuple[str, ...]
    facts: tuple[str, ...] = ()
    key: str = ""  # the answer a surface guess could aim at: True/False, a verdict, a status
    answers: tuple[str, ...] = ()  # answer texts that must not be printed in a sibling
    text: str = ""  # what the student reads (prompt and options), normalised

    @classmethod
    def of(cls, question: Question) -> "Candidate":
        """The draw's view of a generated question."""
        options = [{"text": o.text, "correct": o.correct} for o in question.options]
        return cls.from_content(
            question.id,
            question.type.value,
            question.status.value,
            question.template,
            question.tags,
            question.facts,
            question.prompt,
            options,
            question.answer,
        )

    @classmethod
    def from_content(
        cls,
        qid: str,
        kind: str,
        status: str,
        template: str,
        tags: Sequence[str],
        facts: Sequence[str],
        prompt: str,
        options: Sequence[Mapping[str, Any]],
        answer: Any,
    ) -> "Candidate":
        """The draw's view of a question from its stored content."""
        right = [str(o["text"]) for o in options if o.get("correct")]
        the_kind = registry.kind_of(kind)
        key = the_kind.draw_key(answer, right)
        if key is None and template == "article-verdict":
            key = right[0] if right else ""
        # A question with a key a guess aims at prints no answer a sibling could be asked.
        answers = the_kind.printed_answers(answer, right) if key is None else ()
        listed = options if the_kind.options_are_claims else ()
        shown = " ".join([prompt, *(str(o["text"]) for o in listed)])
        return cls(
            qid,
            kind,
            status,
            template,
            tuple(tags),
            tuple(facts),
            key or "",
            tuple(a for a in map(_normal, answers) if a),
            f" {_normal(shown)} ",
        )

    def reveals(self, other: "Candidate") -> bool:
        """True when this question prints the other's answer (whole words)."""
        return any(f" {answer} " in self.text for answer in other.answers)


def _normal(text: str) -> str:
    """Case, spacing and punctuation do not hide a printed answer."""
    return " ".join(re.sub(r"[\W_]+", " ", text.casefold()).split())


def matches(candidate: Candidate, draw_filter: Mapping[str, Sequence[str]]) -> bool:
    """True when the question passes every non-empty list of the filter (any value of each)."""
    checks = {
        "types": [candidate.type],
        "statuses": [candidate.status],
        "templates": [candidate.template],
        "tags": list(candidate.tags),
    }
    for key, values in checks.items():
        wanted = draw_filter.get(key) or []
        if wanted and not set(wanted) & set(values):
            return False
    return True


def exam_side(question_id: str) -> bool:
    """True for the half of the bank a random exam-pool draw takes, the other half staying
    for practice. Decided by the id alone, so a question never changes sides and a new one
    takes its side without moving any other."""
    return hashlib.sha256(question_id.encode("utf-8")).digest()[0] % 2 == 0


def covers(candidate: Candidate, need: Mapping[str, Sequence[str]]) -> bool:
    """True when the question meets a blueprint need: one of its facts, tags or statuses."""
    return bool(
        set(need.get("facts") or ()) & set(candidate.facts)
        or set(need.get("tags") or ()) & set(candidate.tags)
        or candidate.status in (need.get("statuses") or ())
    )
