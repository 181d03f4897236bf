"""Turn the fact base into questions: deterministic for a seed, ids stable across runs.

Each template reads facts and writes questions. Distractors come from the same slot type
(agencies with agencies, years with years), never equal to the answer or one of its synonyms.
"""

import random
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from datetime import date

from quizapp.core.facts import Fact, FactBase, Misconception, Slot, Verdict
from quizapp.core.questions import Option, QType, Question, option_id
from quizapp.core.status import STATUS_INFO, Status, badge_label

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
SHORT_SLOTS = frozenset({"agency", "product", "country", "journal", "company"})
OPTIONS_PER_CHOICE = 4
MATCHING_PAIRS = 4
ORDERING_ITEMS = 4
VERDICT_OPTIONS = {
    Verdict.SUPPORTED: "Supported: the record bears it out",
    Verdict.OUTDATED: "Outdated: the record has moved on since",
    Verdict.INACCURATE: "Inaccurate: wrong even when it was written",
}


def human_date(day: date) -> str:
    """A date as people write it: 2 January 2025."""
    return f"{day.day} {day:%B %Y}"


def slot_text(value: Slot) -> str:
    """A slot value as a question shows it."""
    return human_date(value) if isinstance(value, date) else str(value)


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

    def common(self, fact: Fact, **changes: object) -> dict[str, object]:
        """The fields a question takes from the fact it tests."""
        fields: dict[str, object] = {
            "status": fact.status,
            "conditional": fact.conditional,
            "facts": (fact.id,),
            "as_of": fact.as_of,
            "article": fact.article,
            "correction": fact.correction.text if fact.correction else None,
            "sources": fact.sources + (fact.correction.sources if fact.correction else ()),
        }
        fields.update(changes)
        return fields

    def tags(self, fact: Fact, *more: str) -> tuple[str, ...]:
        """Tags a question carries: its status, article and correction markers, and more."""
        tags = [fact.status.value, *more]
        if fact.slots.get("country") == "China" or "China" in fact.statement:
            tags.append("china")
        if fact.article:
            tags.append("in-article")
        if fact.correction:
            tags.append("corrected")
        return tuple(dict.fromkeys(tags))

    def status_line(self, fact: Fact) -> str:
        """One sentence giving the fact's status in words, with its date."""
        label = badge_label(fact.status, fact.conditional)
        return (
            f"Status: {label}. {STATUS_INFO[fact.status].meaning} As of {human_date(fact.as_of)}."
        )

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
                if ask.slot in CHOICE_SLOTS:
                    question = self.single_choice(fact, ask.slot, ask.prompt, value, n)
                    if question:
                        yield question
                if ask.slot in SHORT_SLOTS and len(str(value).split()) <= 4:
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
        statement = norm_words(fact.statement)
        # A value the fact itself mentions may be a second true answer: never a distractor.
        candidates = sorted(
            text
            for text in self.pools[slot]
            if not self.same_names(text, right)
            and fact not in self.pools[slot][text]
            and not any(mentions(statement, name) for name in self.base.names_for(text))
        )
        if isinstance(value, date):
            for years in (-1, 1, -2):
                shifted = slot_text(value.replace(year=value.year + years))
                if shifted not in candidates and shifted != right:
                    candidates.append(shifted)
        if len(candidates) < 2:
            return None
        wrong = rng.sample(candidates, min(OPTIONS_PER_CHOICE - 1, len(candidates)))
        options = self.choices(right, ((w, self.why_other(slot, w)) for w in wrong), rng)
        return Question(
            id=qid,
            type=QType.SINGLE,
            prompt=prompt,
            options=options,
            answer=[option_id(right)],
            explanation=f"The answer is {right}. {fact.statement} {self.status_line(fact)}",
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
            explanation=f"The answer is {value}. {fact.statement} {self.status_line(fact)}",
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
            explanation=f"The answer is {shown}. {fact.statement} {self.status_line(fact)}",
            tags=self.tags(fact, slot),
            template=f"numeric-{slot}",
            **self.common(fact),  # type: ignore[arg-type]
        )

    def true_false(self) -> Iterator[Question]:
        """True statements from facts, false ones from misconceptions."""
        for fact in self.facts:
            yield Question(
                id=f"{fact.id}.true-false.1",
                type=QType.TRUE_FALSE,
                prompt=f"True or false? {fact.statement}",
                options=_true_false_options(True),
                answer=True,
                explanation=f"True. {fact.statement} {self.status_line(fact)}",
                tags=self.tags(fact, "true-false"),
                template="true-false",
                **self.common(fact),  # type: ignore[arg-type]
            )
        for item in self.base.misconceptions:
            yield self.misconception(item)

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
            tags=(item.status.value, "misconception", "true-false"),
            template="misconception",
        )

    def classify(self) -> Iterator[Question]:
        """Research, approved drug or rule? One statement, the five statuses as options."""
        for fact in self.facts:
            qid = f"{fact.id}.classify.1"
            options = tuple(
                Option(option_id(status.label), status.label, status is fact.status, status.meaning)
                for status in Status
            )
            yield Question(
                id=qid,
                type=QType.CLASSIFY,
                prompt=f"Research, approved drug or rule? “{fact.statement}”",
                options=options,
                answer=[option_id(fact.status.label)],
                explanation=f"{badge_label(fact.status, fact.conditional)}. "
                f"{STATUS_INFO[fact.status].meaning} As of {human_date(fact.as_of)}.",
                tags=self.tags(fact, "classify"),
                template="classify",
                **self.common(fact),  # type: ignore[arg-type]
            )

    def according_to_article(self) -> Iterator[Question]:
        """What the article claims, dated, against the record today: supported, outdated, wrong."""
        published = human_date(self.base.article.published)
        used_quotes: set[str] = set()
        for claim in self.base.claims:
            if claim.excluded or claim.verdict is Verdict.UNVERIFIABLE:
                continue
            covering = [self.base.fact(f) for f in claim.covered_by]
            quoted = [f for f in covering if f.article and f.teachable]
            # One question per passage: claims sharing a sentence would ask the same thing.
            fresh = [f for f in quoted if f.article and f.article.quote not in used_quotes]
            if not fresh:
                continue
            fact = next((f for f in fresh if f.correction), fresh[0])
            assert fact.article is not None
            used_quotes.add(fact.article.quote)
            qid = f"claim-{claim.id.lower()}.article-verdict.1"
            section = self.base.article.section(fact.article.section).name
            right = VERDICT_OPTIONS[claim.verdict]
            wrong = [
                (text, _verdict_feedback(v))
                for v, text in VERDICT_OPTIONS.items()
                if v is not claim.verdict
            ]
            corrected = fact.correction.text if fact.correction else None
            yield Question(
                id=qid,
                type=QType.SINGLE,
                prompt=f"According to the article (dated {published}), {section}: "
                f"“{fact.article.quote}” Checked against the record, this claim is…",
                options=self.choices(right, wrong, self.rng(qid)),
                answer=[option_id(right)],
                explanation=f"The article’s claim, dated {published}, is {claim.verdict}. "
                + (corrected or fact.statement),
                tags=self.tags(fact, "article-claim", claim.verdict.value),
                template="article-verdict",
                **self.common(
                    fact,
                    facts=tuple(f.id for f in quoted),  # type: ignore[arg-type]
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
            members = by_status[status]
            others = [f for f in self.facts if f.status is not status]
            for n in range(1, 4):
                qid = f"status-{status.value.replace('_', '-')}.multiple.{n}"
                rng = self.rng(qid)
                if len(members) < 3 or len(others) < 3:
                    continue
                right = rng.sample(members, 2 + n % 2)
                wrong = rng.sample(others, OPTIONS_PER_CHOICE + 1 - len(right))
                options = [
                    Option(
                        option_id(f.statement),
                        f.statement,
                        True,
                        f"Right: {badge_label(f.status, f.conditional)}.",
                    )
                    for f in right
                ]
                options += [
                    Option(
                        option_id(f.statement),
                        f.statement,
                        False,
                        f"Not {status.label.lower()}: this is "
                        f"{badge_label(f.status, f.conditional).lower()}.",
                    )
                    for f in wrong
                ]
                rng.shuffle(options)
                involved = right + wrong
                yield Question(
                    id=qid,
                    type=QType.MULTIPLE,
                    prompt=f"Which of these statements describe {_status_phrase(status)}? "
                    "Choose every one that does.",
                    options=tuple(options),
                    answer=[o.id for o in options if o.correct],
                    explanation=f"{status.label}: {status.meaning}",
                    status=status,
                    conditional=False,
                    facts=tuple(f.id for f in involved),
                    as_of=max(f.as_of for f in involved),
                    article=None,
                    correction=None,
                    sources=tuple(s for f in right for s in f.sources[:1]),
                    tags=(status.value, "multiple", "status"),
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
                explanation=" ".join(f.statement for f in chosen),
                status=status,
                facts=tuple(f.id for f in chosen),
                as_of=max(f.as_of for f in chosen),
                sources=tuple(s for f in chosen for s in f.sources[:1]),
                tags=(status.value, "matching", name),
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
                sources=tuple(s for f in chosen for s in f.sources[:1]),
                tags=(status.value, "ordering", "timeline"),
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


def _verdict_feedback(verdict: Verdict) -> str:
    """Why a verdict that is not the right one does not fit."""
    return {
        Verdict.SUPPORTED: "Not so: the record today does not bear it out as written.",
        Verdict.OUTDATED: "Not so: nothing has changed since; it stands or was wrong already.",
        Verdict.INACCURATE: "Not so: it was not wrong when written.",
    }[verdict]


def _status_phrase(status: Status) -> str:
    """How a prompt names a status: 'an approved drug', 'research', 'a rule'."""
    return {
        Status.APPROVED_DRUG: "an approved drug (approved for marketing by a regulator)",
        Status.RESEARCH: "research (a study or trial, not an approval)",
        Status.RULE: "a rule (a law, measure, guideline or agency decision)",
    }.get(status, status.label.lower())


def event_when(fact: Fact) -> tuple[int, date]:
    """When a timeline event happened: its year, then its date where known."""
    day = fact.slots.get("date")
    if isinstance(day, date):
        return day.year, day
    year = fact.slots.get("year")
    return (int(year), date(int(year), 12, 31)) if isinstance(year, int) else (0, date.min)


def event_when_text(fact: Fact) -> str:
    """The date of an event as the explanation gives it."""
    day = fact.slots.get("date")
    return human_date(day) if isinstance(day, date) else str(fact.slots.get("year"))


def generate(base: FactBase, seed: int = 0) -> list[Question]:
    """Every question of the bank for this seed."""
    return Generator(base, seed).questions()
