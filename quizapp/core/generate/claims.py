"""The article's claims, judged on the verdict scale at its date and today.

The verdict bank is balanced by how it is made, not by what it leaves out. Every claim the
record does not bear out in full gets a verdict question; an outdated claim that matched the
record on an earlier day (`held_on`) gets a second one, asking what the same words would have
been had they appeared that day (overtaken since). Supported claims get verdict questions only
up to one fewer than the least common other verdict, those carrying a note or a time word first
(a claim that understates the record, or says "to date", is still supported), so "Supported"
is never the safe guess; each other supported claim is asked as the one sound sentence among
claims the record faults ("article-sound"), so every scored claim is still judged by the
student.
"""

import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date

from quizapp.core.facts import Claim, Fact, Verdict, sentence_of
from quizapp.core.generate.base import Base
from quizapp.core.generate.common import OPTIONS_PER_CHOICE
from quizapp.core.questions import Option, QType, Question, option_id
from quizapp.core.status import Status
from quizapp.core.verdicts import SCORED, feedback, option_text, quoted, scale
from quizapp.core.wording import TIME_WORDS, cues_at, human_date, item_status

SAMPLES = 24  # distractor sets weighed for an article-sound question


@dataclass(frozen=True)
class Passage:
    """A scored claim with the quote that shows it and the facts that cover it."""

    claim: Claim
    fact: Fact
    facts: tuple[Fact, ...]

    @property
    def quote(self) -> str:
        """The article's words for the claim."""
        assert self.fact.article is not None
        return self.fact.article.quote

    @property
    def record(self) -> str:
        """What the record says of the claim: its note or support, else the correction, else
        the fact."""
        correction = self.fact.correction
        return (
            self.claim.note
            or self.claim.support
            or (correction.text if correction else self.fact.statement)
        )


class ClaimTemplates(Base):
    """Verdict questions on what the article claims."""

    def passages(self) -> list[Passage]:
        """One passage per scored claim with a fresh quote (claims sharing a sentence would
        ask the same thing), never a forecast, an opinion or an unverifiable claim."""
        found, used = [], set()
        for claim in self.base.claims:
            if not claim.scored:
                continue
            covering = [self.base.fact(f) for f in claim.covered_by]
            quoted_facts = tuple(f for f in covering if f.article and f.teachable)
            fresh = [f for f in quoted_facts if f.article and f.article.quote not in used]
            if fresh:
                fact = next((f for f in fresh if f.correction), fresh[0])
                found.append(Passage(claim, fact, quoted_facts))
                used.add(found[-1].quote)
        return found

    def according_to_article(self) -> Iterator[Question]:
        """Verdict questions and article-sound questions, balanced as the module says."""
        passages = self.passages()
        wrong = [p for p in passages if p.claim.verdict is not Verdict.SUPPORTED]
        faulted = [p for p in wrong if not p.claim.caveat]
        sound = [p for p in passages if p.claim.verdict is Verdict.SUPPORTED and not p.claim.caveat]
        earlier = [p for p in faulted if p.claim.held_on]
        keys = Counter(p.claim.verdict for p in faulted) + Counter(
            Verdict.OVERTAKEN for _ in earlier
        )
        # One fewer than the least common other verdict: at the cap itself, "Supported unless
        # a time word" would still score a third of the verdict items.
        cap = max(0, min(keys.values(), default=0) - 1)
        # A clause cut from a sentence whose other claims the record faults is no "sentence
        # supported in full" (C30's informed consent, in C29/C31/C32's sentence): it is judged
        # as the clause it is, in a verdict question of its own, within the cap.
        mixed = self.faulted_sentences()
        clauses = [p for p in sound if sentence_of(self.base.article.text, p.quote) in mixed]
        asked = (
            clauses
            + sorted(
                (p for p in sound if p not in clauses),
                key=lambda p: (p.claim.note is None, not TIME_WORDS.search(p.quote)),
            )[: max(0, cap - len(clauses))]
        )
        for passage in passages:
            if passage in faulted or passage in asked:
                yield self.verdict_item(passage)
        for passage in earlier:
            yield self.verdict_item(passage, passage.claim.held_on)
        # A claim whose own time word makes it literally true ("As of 2024, ... not approved",
        # held_on) could be defended as supported in full: never a wrong option here.
        # Nor one whose words alone read as sound (`sound_reading`: a fault of omission).
        wrong = [p for p in wrong if not p.claim.held_on and not p.claim.sound_reading]
        for passage in sound:
            if passage not in asked:
                yield self.sound_item(passage, wrong)

    def faulted_sentences(self) -> set[str]:
        """The article's sentences holding a claim the record does not bear out in full (or
        that is not scored, or arguable): a sound clause cut from one is not a sound sentence."""
        claims = {c.id: c for c in self.base.claims}
        found = set()
        for fact in self.base.facts:
            if fact.article is None:
                continue
            for claim_id in fact.article.claims:
                claim = claims.get(claim_id)
                if claim and (
                    claim.verdict is not Verdict.SUPPORTED or claim.caveat or not claim.scored
                ):
                    found.add(sentence_of(self.base.article.text, fact.article.quote))
        return found

    def verdict_item(self, passage: Passage, day: date | None = None) -> Question:
        """The claim on the five scored steps of the scale; with a day, as if its words had
        appeared that day (every option's feedback then judged at that day)."""
        published = self.base.article.published
        claim, fact = passage.claim, passage.fact
        assert fact.article is not None
        key = Verdict.OVERTAKEN if day else claim.verdict
        grades = scale()
        # An earlier day's question speaks of that day: the record as of the article's date
        # would talk of a day the student was asked to set aside.
        record = (
            f"On {human_date(day)} the words still matched the record. {claim.changed}"
            if day
            else passage.record
        )
        options = tuple(
            Option(
                option_id(option_text(grades[v])),
                option_text(grades[v]),
                v is key,
                feedback(v, key, record),
            )
            for v in SCORED
        )
        status = item_status(fact, claim=claim)
        return Question(
            id=f"claim-{claim.id.lower()}.article-verdict.{2 if day else 1}",
            type=QType.SINGLE,
            prompt=self.verdict_prompt(passage, day),
            options=options,
            answer=[option_id(option_text(grades[key]))],
            explanation=f"{grades[key].label}: {grades[key].meaning}. {record}"
            + (
                f" As published, on {human_date(published)}, the claim is "
                f"{claim.verdict.label}: {grades[claim.verdict].meaning}."
                if day
                else ""
            ),
            tags=self.claim_tags(passage, status, "article-claim", key.value),
            template="article-verdict",
            # An earlier day's question keeps the article's quote and its own verdict (what the
            # feedback box shows); its key is what the same words would have been that day.
            **self.claim_fields(passage, status),  # type: ignore[arg-type]
        )

    def verdict_prompt(self, passage: Passage, day: date | None) -> str:
        """The claim's stem: the article's words where it says them (or as if published on
        `day`), then what to judge them on."""
        assert passage.fact.article is not None
        section = self.base.article.section(passage.fact.article.section).name
        published = human_date(self.base.article.published)
        said = f"According to the article (dated {published}), {section}: {quoted(passage.quote)} "
        if not day:
            return said + "Judged at the article’s date and today, this claim is…"
        return (
            f"{said}Suppose the same words had been published on {human_date(day)} instead. "
            "Judged at that date and today, the claim would be…"
        )

    def sound_item(self, passage: Passage, faulted: list[Passage]) -> Question:
        """The one sentence of four that the record bears out in full; the others are claims
        it faults, chosen so that no option's surface points at the right one."""
        published = self.base.article.published
        grades = scale()
        qid = f"claim-{passage.claim.id.lower()}.article-sound.1"
        rng = random.Random(f"{self.seed}:{qid}")
        prompt = (
            f"Which of these sentences of the article (dated {human_date(published)}) is "
            "supported by the record in full, then and now?"
        )
        right = quoted(passage.quote)
        # Never a wrong option from the key's own sentence: the stem would fault half of what
        # it calls supported in full.
        sentence = sentence_of(self.base.article.text, passage.quote)
        faulted = [p for p in faulted if sentence_of(self.base.article.text, p.quote) != sentence]
        samples = []
        for _ in range(SAMPLES):
            wrong = rng.sample(faulted, OPTIONS_PER_CHOICE - 1)
            texts = [right, *(quoted(p.quote) for p in wrong)]
            # The only whole sentence among cut ones would stand out as much as the longest.
            whole = ["…" not in t for t in texts]
            odd = int(whole.count(whole[0]) == 1)
            # A key longer than every distractor weighs double: few faulted quotes are long.
            longest = 2 * int(len(right) >= max(len(t) for t in texts[1:]))
            samples.append((cues_at(right, texts, prompt) + odd + longest, wrong))
        wrong = min(samples, key=lambda sample: sample[0])[1]
        options = [Option(option_id(right), right, True, f"Right: supported. {passage.record}")]
        options += [
            Option(
                option_id(quoted(p.quote)),
                quoted(p.quote),
                False,
                f"{grades[p.claim.verdict].label}, not supported in full "
                f"({grades[p.claim.verdict].meaning}): {p.record}",
            )
            for p in wrong
        ]
        rng.shuffle(options)
        status = item_status(passage.fact, claim=passage.claim)
        return Question(
            id=qid,
            type=QType.SINGLE,
            prompt=prompt,
            options=tuple(options),
            answer=[option_id(right)],
            explanation=f"Supported: {grades[Verdict.SUPPORTED].meaning}. {passage.record}",
            tags=self.claim_tags(passage, status, "article-claim", "article-sound"),
            template="article-sound",
            **self.claim_fields(passage, status),  # type: ignore[arg-type]
        )

    def claim_tags(self, passage: Passage, status: Status, *more: str) -> tuple[str, ...]:
        """A claim question's tags: its own status first, then its fact's markers."""
        return tuple(dict.fromkeys([status.value, *self.tags(passage.fact, *more)[1:]]))

    def claim_fields(self, passage: Passage, status: Status) -> dict[str, object]:
        """The fields a claim question takes: the claim's status, all its covering facts (so a
        draw never holds two questions on them) and the quote with the claim's verdict."""
        fact = passage.fact
        assert fact.article is not None
        return self.common(
            fact,
            status=status,
            conditional=fact.conditional and status is Status.APPROVED_DRUG,
            facts=tuple(f.id for f in passage.facts),
            # Judged at the article's date and today: as of the newest record, not of the
            # covering fact's own date (which may be years before the article).
            as_of=max(f.as_of for f in self.base.facts),
            article=replace(
                fact.article, verdict=passage.claim.verdict, claims=(passage.claim.id,)
            ),
        )
