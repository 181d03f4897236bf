"""Items across facts: multiple response by status, matching and the timeline ordering; each
item of a set carries its own status label."""

from collections import Counter, defaultdict
from collections.abc import Callable, Iterator

from quizapp.core.facts import Fact
from quizapp.core.generate.base import Base
from quizapp.core.generate.common import (
    MATCHING_PAIRS,
    OPTIONS_PER_CHOICE,
    ORDERING_ITEMS,
    distinct_sources,
    event_when,
    event_when_text,
    side,
)
from quizapp.core.questions import Option, QType, Question, option_id
from quizapp.core.status import Status, badge_label, gives_away
from quizapp.core.wording import is_chinese, status_phrase, surface_cue, telling, why_status

# Seeded samples weighed per multiple-response item: with few, a status whose statements name
# their kind ("Measures", "regulation") keeps one of them among the ones its words rank first.
SAMPLES = 80


class SetTemplates(Base):
    """Questions over several facts at once."""

    def multiple_response(self) -> Iterator[Question]:
        """Which of these statements are <status>? Two or three right among five."""
        by_status: dict[Status, list[Fact]] = defaultdict(list)
        for fact in self.facts:
            if fact.classified:
                by_status[fact.status].append(fact)
        for status in (Status.APPROVED_DRUG, Status.RESEARCH, Status.RULE):
            # Statements that name the asked status outright would tick themselves.
            members = [f for f in by_status[status] if not gives_away(telling(f), status)]
            # Wrong statements that do use the status's words ("trial" in a rule, "approval"
            # in a trial), so the words point away as often as towards.
            # Only facts whose status is not arguable (`classify: false`), right or wrong.
            others = [f for f in self.facts if f.classified and f.status is not status]
            if len(members) < 3 or len(others) < 3:
                continue
            for n in range(1, 4):
                yield self.status_list(status, members, others, n)

    def status_list(
        self, status: Status, members: list[Fact], others: list[Fact], n: int
    ) -> Question:
        """The nth list of statements to tick when they describe the status: 2 + n % 2 of
        `members` among `others`."""
        qid = f"status-{status.value.replace('_', '-')}.multiple.{n}"
        rng = self.rng(qid)
        prompt = (
            f"Which of these statements describe {status_phrase(status)}? "
            "Choose every one that does."
        )
        # Of a few seeded samples, the one whose length, status words and words shared
        # with the prompt point least at the right statements.
        samples = []
        for _ in range(SAMPLES):
            right = rng.sample(members, 2 + n % 2)
            wrong = rng.sample(others, OPTIONS_PER_CHOICE + 1 - len(right))
            shown = rng.sample(right + wrong, len(right) + len(wrong))
            cue = surface_cue(shown, right, status, prompt)
            samples.append((cue, right, wrong, shown))
        _, right, wrong, shown = min(samples, key=lambda sample: sample[0])
        options = self.status_options(status, right, wrong, shown)
        involved = right + wrong
        return Question(
            id=qid,
            type=QType.MULTIPLE,
            prompt=prompt,
            options=options,
            answer=[o.id for o in options if o.correct],
            explanation=" ".join(
                f"“{telling(f)}” {badge_label(f.status, f.conditional)}." for f in right + wrong
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

    def status_options(
        self, status: Status, right: list[Fact], wrong: list[Fact], shown: list[Fact]
    ) -> tuple[Option, ...]:
        """The right and wrong statements as options, each told its status, in `shown` order."""
        sides = ((right, True, "Right"), (wrong, False, f"Not {status.noun}"))
        options = [
            Option(
                option_id(telling(f)),
                telling(f),
                correct,
                f"{lead}: {why_status(f, agencies=self.agencies)}",
            )
            for facts, correct, lead in sides
            for f in facts
        ]
        # In the order weighed above: a cue that ties falls back on the order.
        options.sort(key=lambda o: [option_id(telling(f)) for f in shown].index(o.id))
        return tuple(options)

    def matching(self) -> Iterator[Question]:
        """Match each approved product to the country that approved it; each rule to its year."""
        products: dict[str, Fact] = {}
        for fact in self.facts:
            if (
                fact.status in (Status.APPROVED_DRUG, Status.WITHDRAWN)
                and {"product", "country"} <= fact.slots.keys()
            ):
                products.setdefault(str(fact.slots["product"]), fact)
        # A product approved in several places (Alofisel in the EU in 2018, in Japan in 2021)
        # is named with the year of this approval, so only one country fits it.
        yield from self._matching_sets(
            "product-country",
            list(products.values()),
            "product",
            "country",
            "Match each stem cell product, named with the year of its approval, to the country "
            "or region that approved it that year.",
            lambda f: f"{side(f, 'product')} ({event_when(f)[0]})",
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
            "Match each stem cell product, in the country or region named, to its status "
            "after the most recent decision on it in the record.",
            lambda f: (
                f"{side(f, 'product')} ({side(f, 'country')})"
                if "country" in f.slots
                else side(f, "product")
            ),
        )

    def _matching_sets(
        self,
        name: str,
        facts: list[Fact],
        left: str,
        right: str,
        prompt: str,
        label: Callable[[Fact], str] | None = None,
    ) -> Iterator[Question]:
        """Matching questions of a few pairs each, drawn from the facts with both slots; the
        left side named by `label` where the slot alone would fit more than one."""
        name_of = label or (lambda f: side(f, left))
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
                    if any(side(fact, left) == side(c, left) for c in chosen):
                        continue
                    if fresh_right_only and any(
                        side(fact, right) == side(c, right) for c in chosen
                    ):
                        continue
                    chosen.append(fact)
            if len(chosen) < 2:
                return
            pairs = [[name_of(f), side(f, right)] for f in chosen]
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
                extra={"labels": {name_of(f): f.status.value for f in chosen}},
                template=f"matching-{name}",
            )

    def ordering(self) -> Iterator[Question]:
        """Put regulatory events in the order they happened (a timeline)."""
        events = sorted(
            # Each event is labelled with its status: none whose status is arguable.
            (f for f in self.facts if f.event and f.classified),
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
