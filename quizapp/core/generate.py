"""Turn the fact base into questions: deterministic for a seed, ids stable across runs.

Each template reads facts and writes questions. Distractors come from the same slot type
(agencies with agencies, years with years), never equal to the answer or one of its synonyms.
"""

import random
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from datetime import date

from quizapp.core.facts import Claim, Fact, FactBase, Misconception, Slot, Source
from quizapp.core.questions import Option, QType, Question, option_id
from quizapp.core.status import CONDITIONAL_NOTE, Status, badge_label, gives_away
from quizapp.core.verdicts import SCORED, feedback, option_text, quoted, scale
from quizapp.core.wording import (
    about,
    around,
    content_words,
    human_date,
    is_chinese,
    item_status,
    names_in_text,
    slot_noun,
    slot_text,
    status_phrase,
    surface_cue,
    swap,
    telling,
    why_status,
)

CHOICE_SLOTS = frozenset(
    {
        "agency",
        "product",
        "country",
        "indication",
        "document",
        "journal",
        "company",
        "cell_source",
        "place",
        "date",
    }
)
# Names to recall are typed; every other ask is a choice. One ask makes one item, never a
# short-answer twin of a single choice.
SHORT_SLOTS = frozenset({"journal", "company"})
# Details a false statement may change, most telling first: each is checked in the record.
FALSIFIABLE = ("agency", "product", "country", "date", "year", "indication", "cell_source")
OPTIONS_PER_CHOICE = 4
MATCHING_PAIRS = 4
ORDERING_ITEMS = 4


def norm_words(text: str) -> str:
    """Case, spacing and punctuation do not make two answers different."""
    return re.sub(r"[\W_]+", " ", text.casefold()).strip()


def mentions(normalised_text: str, name: str) -> bool:
    """True when the name occurs as whole words in already-normalised text ("US" is not in
    "autologous")."""
    words = norm_words(name)
    return bool(words) and re.search(rf"\b{re.escape(words)}\b", normalised_text) is not None


class Generator:
    """Generates the question bank from a fact base with one seed."""

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
            parts.append(CONDITIONAL_NOTE)
        return " ".join(p for p in parts if p)

    def why_other(self, slot: str, text: str) -> str:
        """Why a distractor is wrong: what that value really is, from its own fact."""
        others = self.pools[slot].get(text)
        if others:
            other = others[0]
            return f"{text}: {other.statement} ({badge_label(other.status, other.conditional)})"
        return f"{text} is not the answer."

    def choices(
        self, right: str, wrong: Iterable[tuple[str, str]], rng: random.Random
    ) -> tuple[Option, ...]:
        """Options in a seeded order: the right one and the wrong ones with their feedback."""
        options = [Option(option_id(right), right, True, "This is right.")]
        options += [Option(option_id(text), text, False, why) for text, why in wrong]
        rng.shuffle(options)
        return tuple(options)

    # --- templates -----------------------------------------------------------------------

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
        ]
        if len(candidates) < OPTIONS_PER_CHOICE - 1:
            return None  # with fewer, the options' shape tells too much
        # Distractors as close to the prompt's words as the answer is, so sharing words with
        # the prompt does not point at it.
        prompt_words = content_words(prompt)
        rng.shuffle(candidates)
        candidates.sort(key=lambda t: -len(content_words(t) & prompt_words))
        wrong = around(right, candidates, OPTIONS_PER_CHOICE - 1, rng)
        options = self.choices(right, ((w, self.why_other(slot, w)) for w in wrong), rng)
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
            and fact not in self.pools[slot][text]
            and self.base.kind_of(slot, text) == kind
            and not any(mentions(statement, name) for name in self.base.names_for(text))
            and (slot != "agency" or self.base.existed_on(text, event_day(fact)))
        )
        if slot == "date":
            # No day, month or year shared with the answer or each other: a repeated date part
            # would point at the odd one out, or at the one the others copy.
            seen = set(right.split()[1:])
            distinct = []
            for text in sorted(found, key=lambda t: abs(int(t[-4:]) - int(right[-4:]))):
                parts = set(text.split()[1:])
                if not parts & seen:
                    distinct.append(text)
                    seen |= parts
            found = sorted(distinct)
        return found

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
        shown = f"{value}" + (f" (within {tolerance:g})" if tolerance else "")
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

    def true_false(self) -> Iterator[Question]:
        """Each fact twice: as it is (true) and with one checked detail changed (false); the
        draw takes one of the two. Misconceptions are false too."""
        for fact in self.facts:
            yield Question(
                id=f"{fact.id}.true-false.1",
                type=QType.TRUE_FALSE,
                prompt=f"True or false? {fact.statement}",
                options=_true_false_options(True),
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
                others = sorted(
                    {t for t in self.pools["year"] if t != right}
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
                options=_true_false_options(False),
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
            options=_true_false_options(False),
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
        hard cases whose wording invites the wrong status."""
        for fact in self.facts:
            text = telling(fact)
            if gives_away(text, fact.status):
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

    def multiple_response(self) -> Iterator[Question]:
        """Which of these statements are <status>? Two or three right among five."""
        by_status: dict[Status, list[Fact]] = defaultdict(list)
        for fact in self.facts:
            by_status[fact.status].append(fact)
        for status in (Status.APPROVED_DRUG, Status.RESEARCH, Status.RULE):
            # Statements that name the asked status outright would tick themselves.
            members = [f for f in by_status[status] if not gives_away(telling(f), status)]
            # Wrong statements that do use the status's words ("trial" in a rule, "approval"
            # in a trial), so the words point away as often as towards.
            others = [f for f in self.facts if f.status is not status]
            for n in range(1, 4):
                qid = f"status-{status.value.replace('_', '-')}.multiple.{n}"
                rng = self.rng(qid)
                if len(members) < 3 or len(others) < 3:
                    continue
                prompt = f"Which of these statements describe {status_phrase(status)}?"
                # Of a few seeded samples, the one whose length, status words and words shared
                # with the prompt point least at the right statements.
                samples = []
                for _ in range(12):
                    right = rng.sample(members, 2 + n % 2)
                    wrong = rng.sample(others, OPTIONS_PER_CHOICE + 1 - len(right))
                    samples.append((surface_cue(right, wrong, status, prompt), right, wrong))
                _, right, wrong = min(samples, key=lambda sample: sample[0])
                options = [
                    Option(
                        option_id(telling(f)),
                        telling(f),
                        True,
                        f"Right: {why_status(f, agencies=self.agencies)}",
                    )
                    for f in right
                ]
                options += [
                    Option(
                        option_id(telling(f)),
                        telling(f),
                        False,
                        f"Not {status.noun}: {why_status(f, agencies=self.agencies)}",
                    )
                    for f in wrong
                ]
                rng.shuffle(options)
                involved = right + wrong
                yield Question(
                    id=qid,
                    type=QType.MULTIPLE,
                    prompt=f"{prompt} Choose every one that does.",
                    options=tuple(options),
                    answer=[o.id for o in options if o.correct],
                    explanation=" ".join(
                        f"“{telling(f)}” {badge_label(f.status, f.conditional)}."
                        for f in right + wrong
                    ),
                    status=status,
                    conditional=False,
                    facts=tuple(f.id for f in involved),
                    as_of=max(f.as_of for f in involved),
                    article=None,
                    correction=None,
                    sources=distinct_sources(tuple(s for f in right for s in f.sources[:1])),
                    tags=(status.value, "multiple", "status"),
                    extra={"labels": {telling(f): f.status.value for f in involved}},
                    template="status-multiple",
                )

    def matching(self) -> Iterator[Question]:
        """Match each approved product to the country that approved it; each rule to its year."""
        products: dict[str, Fact] = {}
        for fact in self.facts:
            if (
                fact.status in (Status.APPROVED_DRUG, Status.WITHDRAWN)
                and {"product", "country"} <= fact.slots.keys()
            ):
                products.setdefault(str(fact.slots["product"]), fact)
        yield from self._matching_sets(
            "product-country",
            list(products.values()),
            "product",
            "country",
            "Match each stem cell product to the country or region where it was approved.",
        )
        latest: dict[str, Fact] = {}
        for fact in sorted(self.facts, key=lambda f: f.as_of):
            if fact.status in (Status.APPROVED_DRUG, Status.WITHDRAWN) and "product" in fact.slots:
                latest[str(fact.slots["product"])] = fact
        yield from self._matching_sets(
            "product-status",
            list(latest.values()),
            "product",
            "status",
            "Match each stem cell product to its status on the latest date the record gives.",
        )

    def _matching_sets(
        self, name: str, facts: list[Fact], left: str, right: str, prompt: str
    ) -> Iterator[Question]:
        """Matching questions of a few pairs each, drawn from the facts with both slots."""
        facts = sorted(facts, key=lambda f: f.id)
        for n in range(1, max(1, len(facts) // MATCHING_PAIRS) + 1):
            qid = f"{name}.matching.{n}"
            rng = self.rng(qid)
            shuffled = rng.sample(facts, len(facts))
            chosen: list[Fact] = []
            # First pass prefers new right-hand values, so a set mixes countries or statuses.
            for fresh_right_only in (True, False):
                for fact in shuffled:
                    if len(chosen) == MATCHING_PAIRS or fact in chosen:
                        continue
                    if any(_side(fact, left) == _side(c, left) for c in chosen):
                        continue
                    if fresh_right_only and any(
                        _side(fact, right) == _side(c, right) for c in chosen
                    ):
                        continue
                    chosen.append(fact)
            if len(chosen) < 2:
                return
            pairs = [[_side(f, left), _side(f, right)] for f in chosen]
            status = Counter(f.status for f in chosen).most_common(1)[0][0]
            yield Question(
                id=qid,
                type=QType.MATCHING,
                prompt=prompt,
                answer=pairs,
                explanation=" ".join(
                    f"{f.statement} ({badge_label(f.status, f.conditional)}.)" for f in chosen
                ),
                status=status,
                facts=tuple(f.id for f in chosen),
                as_of=max(f.as_of for f in chosen),
                sources=distinct_sources(tuple(s for f in chosen for s in f.sources[:1])),
                tags=(status.value, "matching", name),
                extra={"labels": {_side(f, left): f.status.value for f in chosen}},
                template=f"matching-{name}",
            )

    def ordering(self) -> Iterator[Question]:
        """Put regulatory events in the order they happened (a timeline)."""
        events = sorted(
            (f for f in self.facts if f.event),
            key=lambda f: (event_when(f), f.id),
        )
        used: Counter[str] = Counter()
        for n in range(1, max(1, len(events) // ORDERING_ITEMS) + 1):
            qid = f"timeline.ordering.{n}"
            rng = self.rng(qid)
            chosen: list[Fact] = []
            # Least-used events first, so the variants cover the whole timeline between them.
            candidates = sorted(rng.sample(events, len(events)), key=lambda f: used[f.id])
            for fact in candidates:
                if all(event_when(fact)[0] != event_when(c)[0] for c in chosen):
                    chosen.append(fact)  # distinct years: no tie to argue about
                if len(chosen) == ORDERING_ITEMS:
                    break
            if len(chosen) < 3:
                return
            used.update(f.id for f in chosen)
            chosen.sort(key=event_when)
            status = Counter(f.status for f in chosen).most_common(1)[0][0]
            yield Question(
                id=qid,
                type=QType.ORDERING,
                prompt="Put these events in the order they happened, earliest first.",
                answer=[str(f.event) for f in chosen],
                explanation=" ".join(
                    f"{event_when_text(f)}: {f.event} ({badge_label(f.status, f.conditional)})."
                    for f in chosen
                ),
                status=status,
                facts=tuple(f.id for f in chosen),
                as_of=max(f.as_of for f in chosen),
                sources=distinct_sources(tuple(s for f in chosen for s in f.sources[:1])),
                tags=(status.value, "ordering", "timeline")
                + (("china",) if any(is_chinese(f) for f in chosen) else ()),
                extra={"labels": {str(f.event): f.status.value for f in chosen}},
                template="timeline-ordering",
            )


def _side(fact: Fact, slot: str) -> str:
    """One side of a matching pair: a slot value, or the fact's status in words."""
    if slot == "status":
        return badge_label(fact.status, fact.conditional)
    return slot_text(fact.slots[slot])


def _true_false_options(answer: bool) -> tuple[Option, ...]:
    """The two options of a true/false question, in the usual order."""
    return (Option("true", "True", answer), Option("false", "False", not answer))


def event_when(fact: Fact) -> tuple[int, date]:
    """When a timeline event happened: its year, then its date where known."""
    day = fact.slots.get("date")
    if isinstance(day, date):
        return day.year, day
    year = fact.slots.get("year")
    return (int(year), date(int(year), 12, 31)) if isinstance(year, int) else (0, date.min)


def event_day(fact: Fact) -> date:
    """The day a fact's event happened, as near as it says: its date, its year, its as-of."""
    day, year = fact.slots.get("date"), fact.slots.get("year")
    if isinstance(day, date):
        return day
    return date(year, 7, 1) if isinstance(year, int) else fact.as_of


def event_when_text(fact: Fact) -> str:
    """The date of an event as the explanation gives it."""
    day = fact.slots.get("date")
    return human_date(day) if isinstance(day, date) else str(fact.slots.get("year"))


def distinct_sources(sources: tuple[Source, ...]) -> tuple[Source, ...]:
    """The sources without repeats: one link per address, the first publication named."""
    first: dict[str, Source] = {}
    for source in sources:
        first.setdefault(source.url, source)
    return tuple(first.values())


def generate(base: FactBase, seed: int = 0) -> list[Question]:
    """Every question of the bank for this seed."""
    return Generator(base, seed).questions()
