"""True/false statements: each fact as it is and with one checked detail changed, and the
misconceptions."""

import random
import re
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from quizapp.core.facts import Fact, Misconception
from quizapp.core.generate.base import Base
from quizapp.core.generate.common import FALSIFIABLE, mentions, norm_words, true_false_options
from quizapp.core.questions import QType, Question
from quizapp.core.status import Status, conditional_note
from quizapp.core.wording import (
    is_chinese,
    names_in_text,
    slot_noun,
    slot_text,
    swap,
    the_name,
    why_status,
)

YEAR = re.compile(r"\b(?:19|20)\d\d\b")
ESTIMATE = re.compile(r"\bestimat", re.IGNORECASE)


class StatementTemplates(Base):
    """True/false items, one statement each."""

    def true_false(self) -> Iterator[Question]:
        """Each fact twice: as it is (true) and with one checked detail changed (false); the
        draw takes one of the two. Misconceptions are false too."""
        for fact in self.facts:
            explanation = " ".join(
                # A fact whose status could be argued (`classify: false`) is taught without one:
                # "no approval in it" would be false of a statement naming approved products.
                ["True.", why_status(fact, agencies=self.agencies)]
                if fact.classified
                else ["True: the record bears it out as stated."]
                + [f"Source: {s.publication}." for s in fact.sources[:1]]
                + ([conditional_note(fact.slots.get("product"))] if fact.conditional else [])
            )
            unchanged = "Not false: nothing in it was changed from the record" + (
                f" ({fact.sources[0].publication})." if fact.sources else "."
            )
            yield self.fact_item(fact, fact.statement, True, explanation, unchanged)
            falsified = self.falsified(fact)
            if falsified:
                yield falsified
        for item in self.base.misconceptions:
            yield self.misconception(item)

    def falsified(self, fact: Fact) -> Question | None:
        """The fact with one detail (agency, product, country, date, year, indication, cell
        source) swapped for a real value of the same kind that the record does not give."""
        rng = self.rng(f"{fact.id}.true-false.2")
        for slot in FALSIFIABLE:
            if slot not in fact.slots:
                continue
            right = slot_text(fact.slots[slot])
            if not self.swappable(fact, slot, right):
                continue
            others = self.swaps(fact, slot, right)
            if not others and slot in ("year", "date"):
                shifted = self.shifted(fact, rng)
                if shifted:
                    statement, was, now = shifted
                    are = "years are" if " and " in was else "year is"
                    return self.false_item(fact, statement, f"the {are} {was}, not {now}")
            if not others:
                continue
            swapped = rng.choice(others)
            statement = swap(fact.statement, right, swapped)
            noun = "country or region" if "European Union" in (right, swapped) else slot_noun(slot)
            return self.false_item(
                fact, statement, f"the {noun} is {the_name(right)}, not {the_name(swapped)}"
            )
        return None

    def swappable(self, fact: Fact, slot: str, right: str) -> bool:
        """True when swapping the slot's value `right` for another would leave a statement
        that is plainly false, not one that clashes with itself or could stay true."""
        shown = [n for n in self.base.names_for(right) if names_in_text(n, fact.statement)]
        if shown != [right] or fact.statement.count(right) != 1:
            return False  # absent, or also named another way: a swap would leave a clash
        statement_words = norm_words(fact.statement)
        if slot != "year" and any(
            mentions(statement_words, other)
            for other in self.pools[slot]
            if not self.same_names(other, right)
        ):
            return False  # the statement lists others of its kind: a swap could stay true
        company = fact.slots.get("company")
        if slot == "product" and isinstance(company, str) and company in fact.statement:
            return False  # "Anterogen's Cartistem": the swap would be false only by its maker
        if slot == "country" and any(mentions(statement_words, a) for a in self.pools["agency"]):
            return False  # its agencies name the country anyway: the swap would contradict itself
        if slot in ("year", "date") and (ESTIMATE.search(fact.statement) or fact.repeatable):
            return False  # an estimate or a warning moved to another year could be true too
        if slot == "year" and re.search(rf"\d {right}\b|{right}\d", fact.statement):
            return False  # the year is part of a date or a number
        return True

    def swaps(self, fact: Fact, slot: str, right: str) -> list[str]:
        """The values `right` may be swapped for, sorted: real values of the same kind that
        keep the statement coherent (see `coherent`)."""
        if slot == "year":
            # No year after the newest record: a false statement must be checkably false.
            newest = max(f.as_of for f in self.facts).year
            years = sorted(
                t
                for t in {t for t in self.pools["year"] if t != right and int(t) < newest}
                - {str(getattr(d, "year", "")) for d in fact.slots.values()}
                - set(fact.also_true.get("year", ()))
                - (self.rule_years() if "document" in fact.slots else set())
                if self.coherent(fact, int(right), date(int(t), 7, 1))
            )
            if "document" in fact.slots:
                # A rule still in force later ("China's 2018 guidelines" for the 2003
                # ones) could be read as the rules China had then: only earlier years.
                years = [t for t in years if int(t) < int(right)]
            return years
        others = self.distractors(fact, slot, right)
        if slot == "product":
            # A product of another country refutes itself to anyone who knows where it is
            # sold ("Cupistem's EU authorisation", "Stemirac in China"): same country only.
            others = [t for t in others if self.country_of(t) == self.country_of(right)]
        if slot == "date":
            others = [
                t
                for t in others
                if self.coherent(fact, int(right[-4:]), datetime.strptime(t, "%d %B %Y").date())
            ]
        return others

    def shifted(self, fact: Fact, rng: random.Random) -> tuple[str, str, str] | None:
        """The statement with every year it names moved back by the same number of years,
        when moving one alone would refute itself ("the 2025 Regulations (in force from 1 May
        2026)" becomes "the 2017 Regulations (in force from 1 May 2018)"): the statement, the
        years it had and the years it now says. None when no shift keeps it checkably false."""
        years = sorted({int(y) for y in YEAR.findall(fact.statement)})
        if len(years) < (1 if "document" in fact.slots else 2):
            return None  # (a rule's one year moves back: before it, the rule did not exist)
        words = norm_words(fact.statement)
        agencies = [
            a
            for a in self.pools["agency"]
            if any(mentions(words, name) for name in self.base.names_for(a))
        ]
        taken = set(fact.also_true.get("year", ())) | (
            self.rule_years() if "document" in fact.slots else set()
        )
        shifts = [
            d
            for d in range(-10, 0)
            if not {str(y + d) for y in years} & taken
            and all(self.base.existed_on(a, date(y + d, 7, 1)) for a in agencies for y in years)
        ]
        if not shifts:
            return None
        d = rng.choice(shifts)
        statement = YEAR.sub(lambda m: str(int(m.group(0)) + d), fact.statement)
        return (
            statement,
            " and ".join(str(y) for y in years),
            " and ".join(str(y + d) for y in years),
        )

    def false_item(self, fact: Fact, statement: str, why: str) -> Question:
        """The fact's false statement, told what was changed."""
        explanation = f"False: {why}. " + self.teach(fact)
        return self.fact_item(fact, statement, False, explanation, f"Not true: {why}.", "falsified")

    def fact_item(
        self,
        fact: Fact,
        statement: str,
        answer: bool,
        explanation: str,
        why_not: str,
        *more_tags: str,
    ) -> Question:
        """A true/false item on one fact: its statement as written (true, `.1`) or with one
        detail changed (false, `.2`); `why_not` tells a wrong pick why it does not fit."""
        return statement_item(
            f"{fact.id}.true-false.{1 if answer else 2}",
            statement,
            answer,
            explanation,
            why_not,
            tags=self.tags(fact, "true-false", *more_tags),
            template="true-false",
            **self.common(fact),
        )

    def coherent(self, fact: Fact, year: int, day: date) -> bool:
        """True when a false statement moving the year `year` to `day` does not refute itself:
        the statement's other years keep their order with it ("the 2025 Regulations (in force
        from 1 May 2017)" would not), and every agency it names existed that day (the CFDA
        in 2024 would give the swap away)."""
        others = {int(y) for y in YEAR.findall(fact.statement)} - {year}
        words = norm_words(fact.statement)
        # Journals too: "in 2003 ... in Science Translational Medicine" (launched 2009).
        named = [*self.pools["agency"], *self.pools["journal"]]
        return all((day.year > y) == (year > y) and day.year != y for y in others) and all(
            self.base.existed_on(name, day)
            for name in named
            if any(mentions(words, n) for n in self.base.names_for(name))
        )

    def rule_years(self) -> set[str]:
        """Years in which the record has a rule made: "the 2009 Measures" in place of the 2015
        ones could name a real rule that says the same, so a document's year is never swapped
        for one of these."""
        return {
            str(getattr(value, "year", value))
            for f in self.base.facts
            if f.status is Status.RULE
            for name, value in f.slots.items()
            if name in ("year", "date")
        }

    def misconception(self, item: Misconception) -> Question:
        """A common false belief, to be recognised as false."""
        refuting = [self.base.fact(f) for f in item.facts]
        first = refuting[0]
        return statement_item(
            f"{item.id}.true-false.1",
            item.statement,
            False,
            f"False. {item.why_false}",
            f"Not true: {item.why_false}",
            status=item.status,
            # The conditional note belongs to a conditional approval, not to a rule citing one.
            conditional=first.conditional and item.status is Status.APPROVED_DRUG,
            facts=item.facts,
            as_of=max(f.as_of for f in refuting),
            article=item.article,
            correction=None,
            sources=item.sources,
            tags=tuple(
                dict.fromkeys(
                    [item.status.value, "misconception", "true-false"]
                    + (["in-article"] if item.article else [])
                    + [t for f in refuting for t in self.tags(f) if t.startswith("about-")]
                    + (["china"] if any(is_chinese(f) for f in refuting) else [])
                )
            ),
            template="misconception",
        )


def statement_item(
    qid: str, statement: str, answer: bool, explanation: str, why_not: str, **fields: Any
) -> Question:
    """A true/false question on one statement, its wrong option telling `why_not`; `fields`
    are the rest of the Question's."""
    return Question(
        id=qid,
        type=QType.TRUE_FALSE,
        prompt=f"True or false? {statement}",
        options=true_false_options(answer, why_not),
        answer=answer,
        explanation=explanation,
        **fields,
    )
