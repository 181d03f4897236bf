"""True/false statements: each fact as it is and with one checked detail changed, and the
misconceptions; classification of statements that do not name their status."""

import re
from collections.abc import Iterator

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
from quizapp.core.status import CONDITIONAL_NOTE, Status, badge_label, gives_away
from quizapp.core.wording import (
    is_chinese,
    item_status,
    names_in_text,
    slot_noun,
    slot_text,
    swap,
    telling,
    why_status,
)


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
                options=true_false_options(True),
                answer=True,
                explanation=" ".join(
                    ["True.", why_status(fact, agencies=self.agencies)]
                    + [f"Source: {s.publication}." for s in fact.sources[:1]]
                    + ([CONDITIONAL_NOTE] if fact.conditional else [])
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
            if slot == "country" and any(
                mentions(statement_words, a) for a in self.pools["agency"]
            ):
                continue  # its agencies name the country anyway: the swap would contradict itself
            if slot == "year":
                # No year after the newest record: a false statement must be checkably false.
                newest = max(f.as_of for f in self.facts).year
                others = sorted(
                    {t for t in self.pools["year"] if t != right and int(t) < newest}
                    - {str(getattr(d, "year", "")) for d in fact.slots.values()}
                )
                if re.search(rf"\d {right}\b|{right}\d", fact.statement):
                    continue  # the year is part of a date or a number
            else:
                others = self.distractors(fact, slot, right)
            if not others:
                continue
            swapped = rng.choice(others)
            statement = swap(fact.statement, right, swapped)
            return Question(
                id=qid,
                type=QType.TRUE_FALSE,
                prompt=f"True or false? {statement}",
                options=true_false_options(False),
                answer=False,
                explanation=f"False: the {slot_noun(slot)} is {right}, not {swapped}. "
                + self.teach(fact),
                tags=self.tags(fact, "true-false", "falsified"),
                template="true-false",
                **self.common(fact),  # type: ignore[arg-type]
            )
        return None

    def misconception(self, item: Misconception) -> Question:
        """A common false belief, to be recognised as false."""
        refuting = [self.base.fact(f) for f in item.facts]
        first = refuting[0]
        return Question(
            id=f"{item.id}.true-false.1",
            type=QType.TRUE_FALSE,
            prompt=f"True or false? {item.statement}",
            options=true_false_options(False),
            answer=False,
            explanation=f"False. {item.why_false}",
            status=item.status,
            conditional=first.conditional,
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
            if gives_away(text, fact.status) or (fact.id, fact.status) in cased:
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
            prompt=f"Research, approved drug, rule, withdrawn drug or background? “{text}”",
            options=options,
            answer=[option_id(status.label)],
            explanation=f"{badge_label(status, bool(fields.get('conditional')))}: {why}",
            tags=tuple(dict.fromkeys([status.value, *self.tags(fact, "classify", *more_tags)[1:]])),
            template="classify",
            **fields,  # type: ignore[arg-type]
        )
