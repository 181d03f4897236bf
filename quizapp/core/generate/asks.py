"""Single choice, typed and numeric questions from each fact's asks."""

import re
from collections.abc import Iterator
from datetime import date

from quizapp.core.facts import Fact, Slot
from quizapp.core.generate.base import Base
from quizapp.core.generate.common import (
    CHOICE_SLOTS,
    OPTIONS_PER_CHOICE,
    SHORT_SLOTS,
    mentions,
    norm_words,
)
from quizapp.core.questions import QType, Question, option_id
from quizapp.core.wording import around, content_words, slot_text, stems

ADJECTIVES = {
    "China": "Chinese",
    "Japan": "Japanese",
    "South Korea": "Korean",
    "European Union": "EU",
    "United States": "US",
}


# A regulator's name places a product in its jurisdiction as surely as the country's name:
# "Which FDA-approved product…" asks for a US product.
REGULATORS = {
    "China": ("NMPA", "CFDA", "SFDA", "CDE", "National Medical Products Administration"),
    "Japan": ("PMDA", "MHLW", "Pharmaceuticals and Medical Devices Agency"),
    "South Korea": ("MFDS", "KFDA", "Ministry of Food and Drug Safety"),
    "European Union": ("EMA", "European Commission", "European Medicines Agency"),
    "United States": ("FDA", "Food and Drug Administration"),
    "Canada": ("Health Canada",),
}


def names_country(prompt: str, country: str) -> bool:
    """True when the prompt names the country, its adjective ("China's", "Chinese") or one
    of its regulators ("FDA-approved")."""
    return any(
        re.search(rf"\b{re.escape(name)}\b", prompt)
        for name in (country, ADJECTIVES.get(country, country), *REGULATORS.get(country, ()))
    )


class AskTemplates(Base):
    """Questions that ask for one slot of a fact."""

    def from_asks(self) -> Iterator[Question]:
        """Single choice, short typed answer and numeric questions from each fact's asks."""
        for fact in self.facts:
            for n, ask in enumerate(fact.asks, start=1):
                value = fact.slots[ask.slot]
                typable = len(str(value).split()) <= 4
                choice = None
                if ask.slot in CHOICE_SLOTS and ask.slot not in SHORT_SLOTS:
                    choice = self.single_choice(fact, ask.slot, ask.prompt, value, n)
                if choice:
                    yield choice
                elif ask.slot in CHOICE_SLOTS and typable and not isinstance(value, date):
                    # Too few distractors of the answer's kind: typed instead of guessed.
                    yield self.short_answer(fact, ask.slot, ask.prompt, str(value), n)
                if ask.slot in ("year", "number"):
                    yield self.numeric(fact, ask.slot, ask.prompt, value, ask.tolerance, n)

    def single_choice(
        self, fact: Fact, slot: str, prompt: str, value: Slot, n: int
    ) -> Question | None:
        """A single-answer choice whose distractors share the answer's slot type."""
        qid = f"{fact.id}.choice-{slot}.{n}"
        rng = self.rng(qid)
        right = slot_text(value)
        # A value the prompt names is no alternative ("which NMPA body?" is not the NMPA).
        candidates = [
            text
            for text in self.distractors(fact, slot, right)
            if not any(mentions(norm_words(prompt), n) for n in self.base.names_for(text))
            and self.base.fits_roles(slot, prompt, right, text)
        ]
        country = fact.slots.get("country") or self.country_of(right)
        if slot == "product" and isinstance(country, str) and names_country(prompt, country):
            # "Which Chinese drug…": only products of that country are alternatives (China has
            # one, so the ask is typed rather than pointed at by its own stem).
            candidates = [t for t in candidates if self.country_of(t) == country]
        named = set(re.findall(r"\b(?:19|20)\d\d\b", prompt))
        if slot == "document" and named & self.years_of(slot, right):
            # "Which 2015 Chinese rules…": a document of another year is ruled out by the
            # stem's year alone, so only documents of that year are alternatives.
            candidates = [t for t in candidates if named & self.years_of(slot, t)]
        # A word stem the answer shares with the prompt ("embryos", "Embryonic") is shared by
        # every distractor too, or it would point at the answer.
        shared = stems(right) & stems(prompt)
        candidates = [t for t in candidates if shared <= stems(t)]
        if len(candidates) < OPTIONS_PER_CHOICE - 1:
            return None  # with fewer, the options' shape tells too much
        if all(len(t) < len(right) for t in candidates) or all(
            len(t) > len(right) for t in candidates
        ):
            return None  # the answer would always be the longest (or shortest) option
        # Distractors as close to the prompt's words as the answer is, so sharing words with
        # the prompt does not point at it.
        prompt_words = content_words(prompt)
        rng.shuffle(candidates)
        candidates.sort(key=lambda t: -len(content_words(t) & prompt_words))
        wrong = around(right, candidates, OPTIONS_PER_CHOICE - 1, rng)
        options = self.choices(
            right, ((w, self.why_other(fact, w, right, slot)) for w in wrong), rng
        )
        return Question(
            id=qid,
            type=QType.SINGLE,
            prompt=prompt,
            options=options,
            answer=[option_id(right)],
            explanation=self.teach(fact, f"The answer is {right}."),
            tags=self.tags(fact, slot),
            template=f"choice-{slot}",
            **self.common(fact),  # type: ignore[arg-type]
        )

    def short_answer(self, fact: Fact, slot: str, prompt: str, value: str, n: int) -> Question:
        """A typed answer: the canonical name and its synonyms are accepted."""
        return Question(
            id=f"{fact.id}.short-{slot}.{n}",
            type=QType.SHORT,
            prompt=prompt,
            answer=list(self.base.names_for(value)),
            explanation=self.teach(fact, f"The answer is {value}."),
            tags=self.tags(fact, slot),
            template=f"short-{slot}",
            **self.common(fact),  # type: ignore[arg-type]
        )

    def numeric(
        self, fact: Fact, slot: str, prompt: str, value: Slot, tolerance: float, n: int
    ) -> Question:
        """A number typed in, right within a tolerance (years are exact unless the ask says)."""
        # Counts as the statement writes them (19,800), never years (2025).
        number = f"{value:,}" if slot == "number" and isinstance(value, int) else f"{value}"
        shown = number + (f" (within {tolerance:g})" if tolerance else "")
        return Question(
            id=f"{fact.id}.numeric-{slot}.{n}",
            type=QType.NUMERIC,
            prompt=prompt,
            answer={"value": value, "tolerance": tolerance},
            explanation=self.teach(fact, f"The answer is {shown}."),
            tags=self.tags(fact, slot),
            template=f"numeric-{slot}",
            **self.common(fact),  # type: ignore[arg-type]
        )
