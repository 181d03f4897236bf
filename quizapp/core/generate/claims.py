"""The article's claims, judged on the verdict scale at its date and today."""

from collections.abc import Iterator

from quizapp.core.generate.base import Base
from quizapp.core.questions import Option, QType, Question, option_id
from quizapp.core.status import Status
from quizapp.core.verdicts import SCORED, feedback, option_text, quoted, scale
from quizapp.core.wording import human_date, item_status


class ClaimTemplates(Base):
    """Verdict questions on what the article claims."""

    def according_to_article(self) -> Iterator[Question]:
        """What the article claims, judged at its date and today, on the verdict scale; only
        scored claims (never a forecast, an opinion or an unverifiable claim)."""
        published = self.base.article.published
        grades = scale(published)
        used_quotes: set[str] = set()
        for claim in self.base.claims:
            if not claim.scored:
                continue
            covering = [self.base.fact(f) for f in claim.covered_by]
            quoted_facts = [f for f in covering if f.article and f.teachable]
            # One question per passage: claims sharing a sentence would ask the same thing.
            fresh = [f for f in quoted_facts if f.article and f.article.quote not in used_quotes]
            if not fresh:
                continue
            fact = next((f for f in fresh if f.correction), fresh[0])
            assert fact.article is not None
            used_quotes.add(fact.article.quote)
            qid = f"claim-{claim.id.lower()}.article-verdict.1"
            section = self.base.article.section(fact.article.section).name
            record = claim.note or (fact.correction.text if fact.correction else fact.statement)
            options = tuple(
                Option(
                    option_id(option_text(grades[v])),
                    option_text(grades[v]),
                    v is claim.verdict,
                    feedback(v, claim.verdict, record, published),
                )
                for v in SCORED
            )
            status = item_status(fact, claim=claim)
            yield Question(
                id=qid,
                type=QType.SINGLE,
                prompt=f"According to the article (dated {human_date(published)}), {section}: "
                f"{quoted(fact.article.quote)} Judged at the article’s date and today, "
                "this claim is…",
                options=options,
                answer=[option_id(option_text(grades[claim.verdict]))],
                explanation=f"{grades[claim.verdict].label}: {grades[claim.verdict].meaning}. "
                + record,
                tags=tuple(
                    dict.fromkeys(
                        [status.value, *self.tags(fact, "article-claim", claim.verdict.value)[1:]]
                    )
                ),
                template="article-verdict",
                **self.common(
                    fact,
                    status=status,
                    conditional=fact.conditional and status is Status.APPROVED_DRUG,
                    facts=tuple(f.id for f in quoted_facts),  # type: ignore[arg-type]
                    article=fact.article.__class__(
                        fact.article.quote, fact.article.section, claim.verdict, (claim.id,)
                    ),
                ),
            )
