"""True/false statements: each fact as it is and with one checked detail changed, and the
misconceptions; classification of statements that do not name their status."""

import random
import re
from collections.abc import Iterator
from datetime import date, datetime

from quizapp.core.facts import Fact, Misconception
from quizapp.core.generate.base import Base
from quizapp.core.generate.common import (
    FALSIFIABLE,
    distinct_sources,
    mentions,
    norm_words,
    true_false_options,
)
from quizapp.core.questions import Option, QType, Question, option_id
from quizapp.core.status import Status, badge_label, conditional_note, gives_away
from quizapp.core.wording import (
    inner_quotes,
    is_chinese,
    item_status,
    names_in_text,
    slot_noun,
    slot_text,
    swap,
    telling,
    the_name,
    why_status,
)

YEAR = re.compile(r"\b(?:19|20)\d\d\b")
ESTIMATE = re.compile(r"\bestimat", re.IGNORECASE)


class StatementTemplates(Base):
    """True/false and classification items, one statement each."""

    def true_false(self) -> Iterator[Question]:
        """Each fact twice: as it is (true) and with one checked detail changed (false); the
        draw takes one of the two. Misconceptions are false too."""
        for fact in self.facts:
            yield Question(
                id=f"{fact.id}.true-false.1",
                type=QType.TRUE_FALSE,
                prompt=f"True or false? {fact.statement}",
                options=true_false_options(
                    True,
                    "Not false: nothing in it was changed from the record"
                    + (f" ({fact.sources[0].publication})." if fact.sources else "."),
                ),
                answer=True,
                explanation=" ".join(
                    ["True.", why_status(fact, agencies=self.agencies)]
                    + [f"Source: {s.publication}." for s in fact.sources[:1]]
                    + ([conditional_note(fact.slots.get("product"))] if fact.conditional else [])
                ),
                tags=self.tags(fact, "true-false"),
                template="true-false",
                **self.common(fact),  # type: ignore[arg-type]
            )
            falsified = self.falsified(fact)
            if falsified:
                yield falsified
        for item in self.base.misconceptions:
            yield self.misconception(item)

    def falsified(self, fact: Fact) -> Question | None:
        """The fact with one detail (agency, product, country, date, year, indication, cell
        source) swapped for a real value of the same kind that the record does not give."""
        qid = f"{fact.id}.true-false.2"
        rng = self.rng(qid)
        for slot in FALSIFIABLE:
            if slot not in fact.slots:
                continue
            right = slot_text(fact.slots[slot])
            shown = [n for n in self.base.names_for(right) if names_in_text(n, fact.statement)]
            if shown != [right] or fact.statement.count(right) != 1:
                continue  # absent, or also named another way: a swap would leave a clash
            statement_words = norm_words(fact.statement)
            if slot != "year" and any(
                mentions(statement_words, other)
                for other in self.pools[slot]
                if not self.same_names(other, right)
            ):
                continue  # the statement lists others of its kind: a swap could stay true
            company = fact.slots.get("company")
            if slot == "product" and isinstance(company, str) and company in fact.statement:
                continue  # "Anterogen's Cartistem": the swap would be false only by its maker
            if slot == "country" and any(
                mentions(statement_words, a) for a in self.pools["agency"]
            ):
                continue  # its agencies name the country anyway: the swap would contradict itself
            if slot in ("year", "date") and ESTIMATE.search(fact.statement):
                continue  # an estimate moved to another year could have been made then too
            if slot == "year":
                # No year after the newest record: a false statement must be checkably false.
                newest = max(f.as_of for f in self.facts).year
                others = sorted(
                    t
                    for t in {t for t in self.pools["year"] if t != right and int(t) < newest}
                    - {str(getattr(d, "year", "")) for d in fact.slots.values()}
                    - set(fact.also_true.get("year", ()))
                    - (self.rule_years() if "document" in fact.slots else set())
                    if self.coherent(fact, int(right), date(int(t), 7, 1))
                )
                if re.search(rf"\d {right}\b|{right}\d", fact.statement):
                    continue  # the year is part of a date or a number
                if "document" in fact.slots:
                    # A rule still in force later ("China's 2018 guidelines" for the 2003
                    # ones) could be read as the rules China had then: only earlier years.
                    others = [t for t in others if int(t) < int(right)]
            else:
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
        return Question(
            id=f"{fact.id}.true-false.2",
            type=QType.TRUE_FALSE,
            prompt=f"True or false? {statement}",
            options=true_false_options(False, f"Not true: {why}."),
            answer=False,
            explanation=f"False: {why}. " + self.teach(fact),
            tags=self.tags(fact, "true-false", "falsified"),
            template="true-false",
            **self.common(fact),  # type: ignore[arg-type]
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
        return Question(
            id=f"{item.id}.true-false.1",
            type=QType.TRUE_FALSE,
            prompt=f"True or false? {item.statement}",
            options=true_false_options(False, f"Not true: {item.why_false}"),
            answer=False,
            explanation=f"False. {item.why_false}",
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

    def classify(self) -> Iterator[Question]:
        """Research, approved drug or rule? Statements that do not name their own status (a
        fact's own words where they do not, its `classify` telling where they would), and the
        hard cases whose wording invites the wrong status. A fact that a hard case of the same
        status rests on gets no classification of its own: the case says it harder."""
        cased = {
            (f, case.status)
            for case in self.base.cases
            if all(self.base.fact(b).teachable for b in case.facts)
            for f in case.facts
        }
        for fact in self.facts:
            text = telling(fact)
            if (
                not fact.classified
                or gives_away(text, fact.status)
                or (fact.id, fact.status) in cased
            ):
                continue
            why = why_status(fact, agencies=self.agencies)
            yield self.classify_item(
                f"{fact.id}.classify.1", text, fact.status, why, self.common(fact), fact
            )
        for case in self.base.cases:
            backing = [self.base.fact(f) for f in case.facts]
            if not all(f.teachable for f in backing):
                continue  # a case resting on a superseded fact goes with it
            fields = self.common(
                backing[0],
                status=item_status(backing[0], case=case),
                conditional=case.status is Status.APPROVED_DRUG and backing[0].conditional,
                facts=case.facts,
                as_of=max(f.as_of for f in backing),
                article=None,
                correction=None,
                sources=distinct_sources(tuple(s for f in backing for s in f.sources[:1])),
            )
            yield self.classify_item(
                f"{case.id}.classify.1",
                case.statement,
                case.status,
                case.why,
                fields,
                backing[0],
                "hard-case",
            )

    def after_colon(self, text: str) -> str:
        """A sentence after a badge's colon: its first word in lower case unless it is a name
        ("Research: it is about…", but "Approved drug: Amimestrocel was…")."""
        first = text.split(" ", 1)[0]
        names = {n.casefold() for value, more in self.base.synonyms.items() for n in (value, *more)}
        if (
            first[:1].isupper()
            and (first[1:].islower() or len(first) == 1)
            and (first.casefold() not in names)
        ):
            return text[:1].lower() + text[1:]
        return text

    def classify_item(
        self,
        qid: str,
        text: str,
        status: Status,
        why: str,
        fields: dict[str, object],
        fact: Fact,
        *more_tags: str,
    ) -> Question:
        """One classification: each wrong pick is told what it would need, and why this does not
        have it."""
        options = tuple(
            Option(
                option_id(s.label),
                s.label,
                s is status,
                f"Right: {why}" if s is status else f"{s.label} would need {s.needs}. {why}",
            )
            for s in Status
        )
        return Question(
            id=qid,
            type=QType.CLASSIFY,
            prompt="Research, approved drug, rule, withdrawn drug or background? "
            f"“{inner_quotes(text)}”",
            options=options,
            answer=[option_id(status.label)],
            explanation=f"{badge_label(status, bool(fields.get('conditional')))}: "
            f"{self.after_colon(why)}",
            tags=tuple(dict.fromkeys([status.value, *self.tags(fact, "classify", *more_tags)[1:]])),
            template="classify",
            **fields,  # type: ignore[arg-type]
        )
