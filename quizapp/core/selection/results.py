"""After the draw: options in a stable shuffled order, and the summing up of results."""

import random
from collections import Counter
from collections.abc import Sequence
from typing import Any

from quizapp.core.status import Status


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
