"""Choosing an attempt's questions, shuffling options, and summing up results: pure functions."""

import hashlib
import random
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from quizapp.core.questions import Question
from quizapp.core.status import Status


@dataclass(frozen=True)
class Candidate:
    """What the draw needs to know of a published question."""

    id: str
    type: str
    status: str
    template: str
    tags: tuple[str, ...]
    facts: tuple[str, ...] = ()
    key: str = ""  # the answer a surface guess could aim at: True/False, a verdict, a status
    answers: tuple[str, ...] = ()  # answer texts that must not be printed in a sibling
    text: str = ""  # what the student reads (prompt and options), normalised

    @classmethod
    def of(cls, question: Question) -> "Candidate":
        """The draw's view of a generated question."""
        options = [{"text": o.text, "correct": o.correct} for o in question.options]
        return cls.from_content(
            question.id,
            question.type.value,
            question.status.value,
            question.template,
            question.tags,
            question.facts,
            question.prompt,
            options,
            question.answer,
        )

    @classmethod
    def from_content(
        cls,
        qid: str,
        kind: str,
        status: str,
        template: str,
        tags: Sequence[str],
        facts: Sequence[str],
        prompt: str,
        options: Sequence[Mapping[str, Any]],
        answer: Any,
    ) -> "Candidate":
        """The draw's view of a question from its stored content."""
        right = [str(o["text"]) for o in options if o.get("correct")]
        key, answers = "", cast(tuple[str, ...], ())
        if kind == "true_false":
            key = str(bool(answer))
        elif kind == "classify" or template == "article-verdict":
            key = right[0] if right else ""
        elif kind == "single":
            answers = tuple(right)
        elif kind == "short":
            answers = tuple(str(a) for a in answer or ())
        elif kind == "numeric" and isinstance(answer, Mapping):
            value = answer.get("value")
            answers = (f"{value:g}",) if isinstance(value, int | float) else ()
        # A single choice's options are guesses, not claims: only a statement list's options
        # (multiple response) print facts a sibling could ask about.
        listed = options if kind == "multiple" else ()
        shown = " ".join([prompt, *(str(o["text"]) for o in listed)])
        return cls(
            qid,
            kind,
            status,
            template,
            tuple(tags),
            tuple(facts),
            key,
            tuple(a for a in map(_normal, answers) if a),
            f" {_normal(shown)} ",
        )

    def reveals(self, other: "Candidate") -> bool:
        """True when this question prints the other's answer (whole words)."""
        return any(f" {answer} " in self.text for answer in other.answers)


def _normal(text: str) -> str:
    """Case, spacing and punctuation do not hide a printed answer."""
    return " ".join(re.sub(r"[\W_]+", " ", text.casefold()).split())


def matches(candidate: Candidate, draw_filter: Mapping[str, Sequence[str]]) -> bool:
    """True when the question passes every non-empty list of the filter (any value of each)."""
    checks = {
        "types": [candidate.type],
        "statuses": [candidate.status],
        "templates": [candidate.template],
        "tags": list(candidate.tags),
    }
    for key, values in checks.items():
        wanted = draw_filter.get(key) or []
        if wanted and not set(wanted) & set(values):
            return False
    return True


def exam_side(question_id: str) -> bool:
    """True for the half of the bank a random exam-pool draw takes, the other half staying
    for practice. Decided by the id alone, so a question never changes sides and a new one
    takes its side without moving any other."""
    return hashlib.sha256(question_id.encode("utf-8")).digest()[0] % 2 == 0


def covers(candidate: Candidate, need: Mapping[str, Sequence[str]]) -> bool:
    """True when the question meets a blueprint need: one of its facts, tags or statuses."""
    return bool(
        set(need.get("facts") or ()) & set(candidate.facts)
        or set(need.get("tags") or ()) & set(candidate.tags)
        or candidate.status in (need.get("statuses") or ())
    )


class _Attempt:
    """The questions drawn so far, and the rules a new one must keep to join them."""

    def __init__(self, blueprint: Mapping[str, Any]) -> None:
        self.drawn: list[Candidate] = []
        self.facts: set[str] = set()
        self.caps: dict[str, int] = dict(blueprint.get("at_most") or {})
        self.keys: Counter[tuple[str, str]] = Counter()

    def fits(self, c: Candidate) -> bool:
        """One item per fact; no item printing another's answer; the blueprint's caps."""
        if self.facts & set(c.facts) or c in self.drawn:
            return False
        if any(d.reveals(c) or c.reveals(d) for d in self.drawn):
            return False
        return all(self.caps.get(tag, 1) > 0 for tag in c.tags if tag in self.caps)

    def add(self, c: Candidate) -> None:
        self.drawn.append(c)
        self.facts.update(c.facts)
        self.keys[(c.template, c.key)] += 1
        for tag in c.tags:
            if tag in self.caps:
                self.caps[tag] -= 1


def draw(
    candidates: Sequence[Candidate],
    count: int,
    rng: random.Random,
    blueprint: Mapping[str, Any] | None = None,
) -> list[str]:
    """Draw count questions at random under a blueprint.

    First one item for each of the blueprint's `require` needs (facts, tags or statuses; the
    scarcest first), then the rest spread across statuses (the least drawn first, in turn).
    Always: one item per fact, no item whose answer another prints, the `at_most` caps per
    tag, and within a template the answer keys in turn (True and False, the verdicts), so no
    key dominates.
    """
    blueprint = blueprint or {}
    pool = sorted(candidates, key=lambda c: c.id)
    rng.shuffle(pool)
    attempt = _Attempt(blueprint)
    rarity = _rarity(pool)
    needs = list(blueprint.get("require") or ())
    # The scarcest need first, so a plentiful one never takes the only item a scarce one has.
    needs.sort(key=lambda need: sum(covers(c, need) for c in pool))
    for need in needs:
        wanted = int(need.get("count", 1))
        while len(attempt.drawn) < count and sum(covers(d, need) for d in attempt.drawn) < wanted:
            covering = [c for c in pool if covers(c, need) and attempt.fits(c)]
            found = _weighted(covering, rarity, rng)
            if found is None:
                break
            attempt.add(found)
    by_status: dict[str, list[Candidate]] = defaultdict(list)
    for candidate in pool:
        by_status[candidate.status].append(candidate)
    order = sorted(by_status)
    rng.shuffle(order)
    progressed, cap = True, count // 2  # no status more than half, while others can fill
    while len(attempt.drawn) < count and (progressed or cap < count):
        if not progressed:
            cap = count
        progressed = False
        drawn_per_status = Counter(c.status for c in attempt.drawn)
        for status in sorted(order, key=lambda s: drawn_per_status[s]):
            if len(attempt.drawn) >= count:
                break
            if drawn_per_status[status] >= cap:
                continue
            chosen = _next(by_status[status], attempt, pool, rng)
            if chosen is not None:
                attempt.add(chosen)
                progressed = True
    drawn = [c.id for c in attempt.drawn]
    rng.shuffle(drawn)
    return drawn


def _rarity(pool: Sequence[Candidate]) -> dict[tuple[str, str], float]:
    """How rare each answer key is in its template, 1 for the average key: a required item
    with a rare key (an overtaken verdict) is worth taking, one with a common key less so."""
    counts = Counter((c.template, c.key) for c in pool if c.key)
    keys_per_template = Counter(template for template, _ in counts)
    totals: Counter[str] = Counter()
    for (template, _), n in counts.items():
        totals[template] += n
    return {
        (template, key): totals[template] / keys_per_template[template] / n
        for (template, key), n in counts.items()
    }


def _weighted(
    candidates: list[Candidate], rarity: Mapping[tuple[str, str], float], rng: random.Random
) -> Candidate | None:
    """One candidate at random, one with a key weighted by its key's rarity."""
    if not candidates:
        return None
    weights = [rarity.get((c.template, c.key), 1.0) if c.key else 1.0 for c in candidates]
    return rng.choices(candidates, weights=weights)[0]


def _next(
    bucket: list[Candidate], attempt: _Attempt, pool: list[Candidate], rng: random.Random
) -> Candidate | None:
    """The first fitting candidate; if it has an answer key, a fitting one of its template
    with a key drawn least so far (the key chosen at random, of the same status where one
    has it), so True and False or the verdicts take turns whatever their shares of the bank."""
    first = next((c for c in bucket if attempt.fits(c)), None)
    if first is None or not first.key:
        return first
    same = [c for c in pool if c.template == first.template and attempt.fits(c)]
    least = min(attempt.keys[(c.template, c.key)] for c in same)
    behind = [c for c in same if attempt.keys[(c.template, c.key)] == least]
    key = rng.choice(sorted({c.key for c in behind}))
    matching = [c for c in behind if c.key == key]
    return next((c for c in matching if c.status == first.status), matching[0])


NEED_KEYS = frozenset({"lesson", "facts", "tags", "statuses", "count"})


def blueprint_problems(blueprint: Any) -> list[str]:
    """Every way a quiz blueprint is malformed, in words; empty when it is sound."""
    if not isinstance(blueprint, Mapping):
        return ["a blueprint is a mapping with 'require' and 'at_most'"]
    found = [f"unknown blueprint key {k!r}" for k in blueprint if k not in ("require", "at_most")]
    for n, need in enumerate(blueprint.get("require") or (), start=1):
        if not isinstance(need, Mapping) or not set(need) & {"facts", "tags", "statuses"}:
            found.append(f"need {n} names no facts, tags or statuses")
            continue
        found += [f"need {n}: unknown key {k!r}" for k in need if k not in NEED_KEYS]
        if not isinstance(need.get("count", 1), int) or need.get("count", 1) < 1:
            found.append(f"need {n}: count is a whole number from 1")
    caps = blueprint.get("at_most") or {}
    if not isinstance(caps, Mapping) or not all(
        isinstance(v, int) and v >= 0 for v in caps.values()
    ):
        found.append("at_most maps tags to whole numbers from 0")
    return found


def choose(
    candidates: Sequence[Candidate], spec: Mapping[str, Any], rng: random.Random
) -> list[str]:
    """An attempt's questions for a quiz spec (draw_count, draw_filter, blueprint)."""
    pool = [c for c in candidates if matches(c, spec.get("draw_filter") or {})]
    return draw(pool, int(spec["draw_count"]), rng, spec.get("blueprint"))


def shuffled(items: Sequence[Any], seed: int, salt: str) -> list[Any]:
    """The items in an order fixed by the attempt's seed and a salt: stable on every reload."""
    result = list(items)
    random.Random(f"{seed}:{salt}").shuffle(result)
    return result


def scrambled(items: Sequence[str], seed: int, salt: str) -> list[str]:
    """Items to put in order, shuffled but never shown already in the right order."""
    result = shuffled(items, seed, salt)
    if len(result) > 1 and result == list(items):
        result = result[1:] + result[:1]
    return result


def counted_score(percents: Sequence[float], method: str) -> float | None:
    """A student's counted score from their finished attempts, oldest first.

    highest: the best; last: the newest; first: the oldest; average: the mean.
    """
    if not percents:
        return None
    if method == "highest":
        return max(percents)
    if method == "last":
        return percents[-1]
    if method == "first":
        return percents[0]
    if method == "average":
        return sum(percents) / len(percents)
    raise ValueError(f"unknown grading method {method!r}")


def confusion_summary(pairs: Sequence[tuple[Status, Status]]) -> list[str]:
    """Plain sentences about status mix-ups, from (true status, chosen status) pairs."""
    counts = Counter((true, chosen) for true, chosen in pairs if true is not chosen)
    sentences = []
    for (true, chosen), n in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        times = {1: "Once", 2: "Twice"}.get(n, f"{n} times")
        # "took research for an approved drug": the thing first, what it was mistaken for next
        sentences.append(f"{times} you took {true.noun} for {chosen.noun}.")
    return sentences
