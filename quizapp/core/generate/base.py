"""The generator's shared pieces: pools of slot values, the fields a question takes from its
fact, tags, explanations and distractors."""

import random
from collections import defaultdict
from collections.abc import Iterable

from quizapp.core.facts import Claim, Fact, FactBase
from quizapp.core.generate.common import (
    distinct_sources,
    event_day,
    mentions,
    norm_words,
)
from quizapp.core.questions import Option, option_id
from quizapp.core.status import Status, conditional_note
from quizapp.core.wording import about, is_chinese, slot_text, the_name


def same_kind(a: Status, b: Status) -> bool:
    """Events of one kind for date options: approvals and withdrawals together, else one
    status."""
    drugs = (Status.APPROVED_DRUG, Status.WITHDRAWN)
    return a == b or (a in drugs and b in drugs)


class Base:
    """The fact base, a seed, and what every template needs from them."""

    def __init__(self, base: FactBase, seed: int = 0) -> None:
        self.base = base
        self.seed = seed
        self.facts = [f for f in base.facts if f.teachable]
        # Every agency the fact base names, so a rule is credited to one only when it is alone.
        self.agencies = {a: base.names_for(a) for a in base.kinds.get("agency", {})}
        self.pools: dict[str, dict[str, list[Fact]]] = defaultdict(lambda: defaultdict(list))
        for fact in self.facts:
            for slot, value in fact.slots.items():
                self.pools[slot][slot_text(value)].append(fact)

    def rng(self, question_id: str) -> random.Random:
        """A random source for one question: the same seed and id give the same choices."""
        return random.Random(f"{self.seed}:{question_id}")

    # --- shared pieces -----------------------------------------------------------------

    def same_names(self, a: str, b: str) -> bool:
        """True when a and b name the same thing (equal, or synonyms)."""
        names_a = {norm_words(n) for n in self.base.names_for(a)}
        return bool(names_a & {norm_words(n) for n in self.base.names_for(b)})

    def claim(self, claim_id: str) -> Claim | None:
        """The article's claim with this id."""
        return next((c for c in self.base.claims if c.id == claim_id), None)

    def quoted_as_scored(self, fact: Fact) -> bool:
        """True when the fact's article passage belongs only to scored claims: a forecast or an
        unverifiable claim is never shown beside a question as if it had a verdict."""
        if fact.article is None:
            return False
        claims = [self.claim(c) for c in fact.article.claims]
        return all(c is not None and c.scored for c in claims)

    def common(self, fact: Fact, **changes: object) -> dict[str, object]:
        """The fields a question takes from the fact it tests."""
        shown = self.quoted_as_scored(fact)
        correction = fact.correction if shown else None
        fields: dict[str, object] = {
            "status": fact.status,
            "conditional": fact.conditional,
            "facts": (fact.id,),
            "as_of": fact.as_of,
            "article": fact.article if shown else None,
            "correction": correction.text if correction else None,
            "sources": distinct_sources(fact.sources + (correction.sources if correction else ())),
        }
        fields.update(changes)
        return fields

    def tags(self, fact: Fact, *more: str) -> tuple[str, ...]:
        """Tags a question carries: its status, article and correction markers, and more."""
        tags = [fact.status.value, *more]
        if is_chinese(fact):
            tags.append("china")
        if "product" in fact.slots:
            tags.append(about(str(fact.slots["product"])))
        if self.quoted_as_scored(fact):
            tags.append("in-article")
            if fact.correction:
                tags.append("corrected")
        return tuple(dict.fromkeys(tags))

    def teach(self, fact: Fact, lead: str = "") -> str:
        """The explanation of an item on one fact: its answer, the fact, and a conditional
        approval's note only where the approval is conditional."""
        parts = [lead, fact.statement]
        if fact.conditional and fact.status is Status.APPROVED_DRUG:
            parts.append(conditional_note(fact.slots.get("product")))
        return " ".join(p for p in parts if p)

    def why_other(self, fact: Fact, text: str, right: str, slot: str) -> str:
        """Why a distractor does not fit this stem: this fact names another value. (What the
        distractor is elsewhere would not say why it is wrong here.) One that would fit but
        for the year (another rule saying the same) is told so: only the year rules it out."""
        if any(text in values for values in fact.also_true.values()) and "year" in fact.slots:
            # Said by its own year: "not in 2026" would be false of the 2015 Measures, which
            # still forbade charging in 2026; they only date from another year.
            years = sorted(
                {
                    getattr(v, "year", v)
                    for f in self.pools.get(slot, {}).get(text, [])
                    for k, v in f.slots.items()
                    if k in ("year", "date")
                }
            )
            since = (
                f"it dates from {years[0]}, not {fact.slots['year']}"
                if years
                else (f"the question asks for the one of {fact.slots['year']}")
            )
            return (
                f"Not {text}: it says this too, but {since}. The answer is {right}. "
                f"{fact.statement}"
            )
        gloss = self.base.glosses.get(text)
        country, years = self.country_of(text), sorted(self.years_of("product", text))
        if slot == "product" and not gloss and country and years:
            gloss = f"first approved in {the_name(country)} in {years[0]}"
        named = f"{text} ({gloss})" if gloss else text
        return f"Not {named}: the answer is {right}. {fact.statement}"

    def choices(
        self, right: str, wrong: Iterable[tuple[str, str]], rng: random.Random
    ) -> tuple[Option, ...]:
        """Options in a seeded order: the right one and the wrong ones with their feedback."""
        options = [Option(option_id(right), right, True, "This is right.")]
        options += [Option(option_id(text), text, False, why) for text, why in wrong]
        rng.shuffle(options)
        return tuple(options)

    def years_of(self, slot: str, value: str) -> set[str]:
        """The years of the facts a slot value appears in (a document's year of issue)."""
        return {
            str(getattr(v, "year", v))
            for f in self.pools.get(slot, {}).get(value, [])
            for k, v in f.slots.items()
            if k in ("year", "date")
        }

    def country_of(self, product: str) -> str | None:
        """The country whose regulator approved a product, from the facts naming it."""
        for other in self.pools["product"].get(product, ()):
            country = other.slots.get("country")
            if isinstance(country, str):
                return country
        return None

    def distractors(self, fact: Fact, slot: str, right: str) -> list[str]:
        """Values a knowledgeable person would weigh: the same slot type and kind as the answer
        (a Chinese agency for a Chinese one, a tissue for a tissue), real values of other facts
        (real dates, never the answer with another year), never one this fact mentions, which
        could be a second true answer."""
        statement = norm_words(fact.statement)
        kind = self.base.kind_of(slot, right)
        found = sorted(
            text
            for text in self.pools[slot]
            if not self.same_names(text, right)
            and not self.base.overlap(text, right)
            and fact not in self.pools[slot][text]
            and (text not in fact.also_true.get(slot, ()) or "year" in fact.slots)
            and self.base.kind_of(slot, text) == kind
            and not any(mentions(statement, name) for name in self.base.names_for(text))
            and (slot != "agency" or self.base.existed_on(text, event_day(fact)))
        )
        if slot == "date":
            # Dates of the same kind of event: an approval's among approvals (and their
            # withdrawals), a rule's among rules, so no option is ruled out by what it dates.
            found = [
                t
                for t in found
                if any(same_kind(f.status, fact.status) for f in self.pools[slot][t])
            ]
            # No day, month or year shared with the answer or each other: a repeated date part
            # would point at the odd one out, or at the one the others copy.
            seen = set(right.split())
            distinct = []
            for text in sorted(found, key=lambda t: abs(int(t[-4:]) - int(right[-4:]))):
                parts = set(text.split())
                if not parts & seen:
                    distinct.append(text)
                    seen |= parts
            found = sorted(distinct)
        return found
