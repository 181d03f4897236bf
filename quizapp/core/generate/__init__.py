"""Turn the fact base into questions: deterministic for a seed, ids stable across runs.

Each template reads facts and writes questions. Distractors come from the same slot type
(agencies with agencies, years with years), never equal to the answer or one of its synonyms.
The templates live beside this module, one family each; this module puts them together.
"""

from collections.abc import Callable, Iterable

from quizapp.core.facts import FactBase
from quizapp.core.generate.asks import AskTemplates
from quizapp.core.generate.claims import ClaimTemplates
from quizapp.core.generate.classification import ClassificationTemplates
from quizapp.core.generate.common import (
    CHOICE_SLOTS,
    FALSIFIABLE,
    OPTIONS_PER_CHOICE,
    SHORT_SLOTS,
    distinct_sources,
    event_day,
    event_when,
    event_when_text,
    mentions,
    norm_words,
)
from quizapp.core.generate.sets import SetTemplates
from quizapp.core.generate.statements import StatementTemplates
from quizapp.core.questions import Question
from quizapp.core.wording import human_date, slot_text

__all__ = [
    "CHOICE_SLOTS",
    "FALSIFIABLE",
    "OPTIONS_PER_CHOICE",
    "SHORT_SLOTS",
    "Generator",
    "distinct_sources",
    "event_day",
    "event_when",
    "event_when_text",
    "generate",
    "human_date",
    "mentions",
    "norm_words",
    "slot_text",
]


class Generator(
    AskTemplates, StatementTemplates, ClassificationTemplates, ClaimTemplates, SetTemplates
):
    """Generates the question bank from a fact base with one seed."""

    def questions(self) -> list[Question]:
        """Every question of the bank, in a stable order, ids unique."""
        templates: list[Callable[[], Iterable[Question]]] = [
            self.from_asks,
            self.true_false,
            self.classify,
            self.according_to_article,
            self.multiple_response,
            self.matching,
            self.ordering,
        ]
        seen: set[str] = set()
        bank = []
        for template in templates:
            for question in template():
                if question.id in seen:
                    raise ValueError(f"duplicate question id {question.id}")
                seen.add(question.id)
                bank.append(question)
        return bank


def generate(base: FactBase, seed: int = 0) -> list[Question]:
    """Every question of the bank for this seed."""
    return Generator(base, seed).questions()
