"""Classification: research, approved drug, rule, withdrawn drug or background? Statements
that do not name their status, and the hard cases whose wording invites the wrong one."""

from collections.abc import Iterator

from quizapp.core.facts import Fact
from quizapp.core.generate.base import Base
from quizapp.core.generate.common import distinct_sources
from quizapp.core.questions import Option, QType, Question, option_id
from quizapp.core.status import Status, badge_label, gives_away
from quizapp.core.wording import inner_quotes, item_status, telling, why_status


class ClassificationTemplates(Base):
    """Classification items, one statement each."""

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
