"""Choosing an attempt's questions, shuffling options, and summing up results: pure functions."""

import hashlib
import random
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from quizapp.core.status import Status


@dataclass(frozen=True)
class Candidate:
    """What the draw needs to know of a published question."""

    id: str
    type: str
    status: str
    template: str
    tags: tuple[str, ...]


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


def draw(candidates: Sequence[Candidate], count: int, rng: random.Random) -> list[str]:
    """Draw count questions at random, spread across statuses (one of each in turn)."""
    by_status: dict[str, list[str]] = defaultdict(list)
    for candidate in sorted(candidates, key=lambda c: c.id):
        by_status[candidate.status].append(candidate.id)
    for ids in by_status.values():
        rng.shuffle(ids)
    order = sorted(by_status)
    rng.shuffle(order)
    drawn: list[str] = []
    while len(drawn) < count and any(by_status.values()):
        for status in order:
            if by_status[status] and len(drawn) < count:
                drawn.append(by_status[status].pop())
    rng.shuffle(drawn)
    return drawn


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
        sentences.append(f"{times} you took {_noun(chosen)} for {_noun(true)}.")
    return sentences


def _noun(status: Status) -> str:
    """A status as a noun phrase in a sentence."""
    return {
        Status.APPROVED_DRUG: "an approved drug",
        Status.RESEARCH: "research",
        Status.RULE: "a rule",
        Status.WITHDRAWN: "a withdrawn drug",
        Status.BACKGROUND: "background",
    }[status]
