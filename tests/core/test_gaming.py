"""Students who know nothing, playing surface cues against the bank and the built-in quizzes.

Each strategy reads only what a student sees (prompt and options) and guesses from its shape:
keywords, determiners, the longest or shortest option, repeated date parts, always the same
answer, words shared with the prompt. None may score more than 10 points from chance on any
question kind, in the whole bank or in many draws of any built-in quiz.
Run `python -m tests.core.test_gaming` to print the table.
"""

import random
import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable
from functools import cache
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest
import yaml

from quizapp.core.content import read_fact_base
from quizapp.core.generate import generate
from quizapp.core.grading import Gradable, grade
from quizapp.core.questions import QType, Question
from quizapp.core.selection import Candidate, choose

QUESTIONS = Path(__file__).resolve().parents[2] / "questions"
DRAWS = 300
MARGIN = 0.10
MIN_ITEMS = 30  # a kind drawn fewer times than this says nothing about a strategy
Strategy = Callable[[Question], Any]  # a response, or None: no cue, so a blind guess


@cache
def bank() -> tuple[Question, ...]:
    return tuple(generate(read_fact_base(QUESTIONS), seed=2025))


@cache
def quiz_specs() -> tuple[dict[str, Any], ...]:
    return tuple(yaml.safe_load((QUESTIONS / "quizzes.yaml").read_text("utf-8"))["quizzes"])


def kind(q: Question) -> str:
    """The question kinds a cue may work on: verdicts on the article apart from other choices."""
    return "verdict" if q.template == "article-verdict" else q.type.value


def gradable(q: Question) -> Gradable:
    options = [{"id": o.id, "text": o.text, "correct": o.correct} for o in q.options]
    return Gradable(q.type.value, options, q.answer)


def chance(q: Question) -> float:
    """The mean score of a blind guess (multiple: of a blind pick of two)."""
    if q.type is QType.TRUE_FALSE:
        return 0.5
    if q.type in (QType.SINGLE, QType.CLASSIFY):
        return 1 / len(q.options)
    if q.type is QType.MULTIPLE:
        picks = list(combinations([o.id for o in q.options], 2))
        return statistics.mean(grade(gradable(q), list(p)) for p in picks)
    return 0.0


def words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.casefold()) if len(w) > 3}


def pick(q: Question, score: Callable[[str], float]) -> str | None:
    """The option the cue scores highest, or None when the cue does not tell them apart."""
    ranked = sorted(((score(o.text), o.id) for o in q.options), reverse=True)
    if len(ranked) > 1 and ranked[0][0] == ranked[1][0]:
        return None
    return ranked[0][1]


def pick_two(q: Question, score: Callable[[str], float]) -> list[str]:
    return [o.id for o in sorted(q.options, key=lambda o: -score(o.text))[:2]]


def by_label(q: Question, pattern: str) -> str | None:
    found = [o.id for o in q.options if re.match(pattern, o.text, re.IGNORECASE)]
    return found[0] if found else None


ABSOLUTE = re.compile(r"\b(only|never|all|always|none|no|every|any|for good|cannot|must)\b", re.I)
HEDGED = re.compile(r"\b(may|some|can|usually|often|about|more than|at least)\b", re.I)
DATE = re.compile(r"^(\d{1,2}) (\w+) (\d{4})$")


def keywords(q: Question) -> Any:
    """Topic words: 'trial' means research, 'approv' an approved drug, and so on."""
    text = q.prompt.casefold()
    if q.type is QType.CLASSIFY:
        for pattern, label in (
            ("withdr", "Withdrawn"),
            ("trial|stud|research", "Research"),
            ("approv|authoris|authoriz|market|prescri", "Approved drug"),
        ):
            if re.search(pattern, text):
                return by_label(q, label)
        return by_label(q, "Rule")
    if q.type is QType.TRUE_FALSE:
        return not re.search(r"\b(only|never|for good|no longer|banned|cannot)\b", text)
    if q.type is QType.MULTIPLE:
        asked = next(
            pattern
            for word, pattern in (
                ("approved drug", "approv|authoris|market|prescri|sold|sell"),
                ("research", "trial|stud|research"),
                ("rule", "rule|law|regulat|measure|guideline|may not|must|ban"),
            )
            if word in text
        )
        return pick_two(q, lambda t: len(re.findall(asked, t, re.IGNORECASE)))
    if kind(q) == "verdict":
        if re.search(r"\b(as of|yet|currently|now|still|being)\b", text):
            return by_label(q, "Outdated")
        return by_label(q, "Supported")
    return None


def determiners(q: Question) -> Any:
    """Absolute words make a statement false, hedged ones true."""
    if q.type is QType.TRUE_FALSE:
        if ABSOLUTE.search(q.prompt):
            return False
        return True if HEDGED.search(q.prompt) else None
    if kind(q) == "verdict":
        return by_label(q, "Inaccurate") if ABSOLUTE.search(q.prompt) else None
    if q.type in (QType.SINGLE, QType.CLASSIFY):
        return pick(q, lambda t: -len(ABSOLUTE.findall(t)))
    return None


def length(sign: int) -> Strategy:
    """The longest (sign 1) or shortest (sign -1) option; a true/false by its length."""

    def strategy(q: Question) -> Any:
        if q.type is QType.TRUE_FALSE:
            return sign * (len(q.prompt) - median_true_false_length()) > 0
        if q.type is QType.MULTIPLE:
            return pick_two(q, lambda t: sign * len(t))
        if q.options:
            return pick(q, lambda t: sign * len(t))
        return None

    return strategy


def middle_length(q: Question) -> Any:
    """The option whose length is nearest the median of the options' lengths."""
    if q.type not in (QType.SINGLE, QType.CLASSIFY) or len(q.options) < 3:
        return None
    middle = statistics.median(len(o.text) for o in q.options)
    return pick(q, lambda t: -abs(len(t) - middle))


@cache
def median_true_false_length() -> float:
    return statistics.median(len(q.prompt) for q in bank() if q.type is QType.TRUE_FALSE)


def repeated_date_parts(q: Question) -> Any:
    """Among dates, the one whose day, month and year recur most across the options."""
    dates = [DATE.match(o.text) for o in q.options]
    if q.type is not QType.SINGLE or not dates or not all(dates):
        return None
    parts = Counter(p for m in dates if m for p in (m[1] + m[2], m[2], m[3]))
    return pick(q, lambda t: sum(parts[p] for p in DATE_PARTS(t)))


def odd_date_out(q: Question) -> Any:
    """Among dates, the one whose parts recur least (the others copy each other)."""
    dates = [DATE.match(o.text) for o in q.options]
    if q.type is not QType.SINGLE or not dates or not all(dates):
        return None
    parts = Counter(p for m in dates if m for p in (m[1] + m[2], m[2], m[3]))
    return pick(q, lambda t: -sum(parts[p] for p in DATE_PARTS(t)))


def DATE_PARTS(text: str) -> tuple[str, ...]:  # noqa: N802 - reads as a table of parts
    m = DATE.match(text)
    return (m[1] + m[2], m[2], m[3]) if m else ()


def shared_words(q: Question) -> Any:
    """The option that shares most words with the prompt."""
    prompt = words(q.prompt)
    if q.type is QType.MULTIPLE:
        return pick_two(q, lambda t: len(words(t) & prompt))
    if q.type in (QType.SINGLE, QType.CLASSIFY):
        return pick(q, lambda t: len(words(t) & prompt))
    if q.type is QType.NUMERIC:
        numbers = re.findall(r"\b\d+\b", q.prompt)
        return float(numbers[0]) if numbers else None
    return None


def always(answer: bool | str) -> Strategy:
    """The same answer every time: True, False, or the option labelled so."""

    def strategy(q: Question) -> Any:
        if q.type is QType.TRUE_FALSE and isinstance(answer, bool):
            return answer
        if isinstance(answer, str) and q.type in (QType.SINGLE, QType.CLASSIFY):
            return by_label(q, answer)
        return None

    return strategy


STRATEGIES: dict[str, Strategy] = {
    "keywords": keywords,
    "determiners": determiners,
    "longest option": length(1),
    "shortest option": length(-1),
    "middle length": middle_length,
    "repeated date parts": repeated_date_parts,
    "odd date out": odd_date_out,
    "shared words": shared_words,
    "always True": always(True),
    "always False": always(False),
    "always Supported": always("Supported"),
    "always Partly supported": always("Partly supported"),
    "always Outdated": always("Outdated"),
    "always Overtaken": always("Overtaken"),
    "always Inaccurate": always("Inaccurate"),
    "always Research": always("Research"),
    "always Approved drug": always("Approved drug"),
    "always Rule": always("Rule"),
}


def played(q: Question, strategy: Strategy) -> tuple[float, float] | None:
    """(score, chance) of the strategy on q, or None when it gave no cue there."""
    response = strategy(q)
    if response is None:
        return None
    return grade(gradable(q), response), chance(q)


def table(questions: list[Question]) -> dict[tuple[str, str], tuple[float, float, int]]:
    """(kind, strategy) -> (mean score, mean chance, items with a cue)."""
    sums: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0.0, 0])
    for q in questions:
        for name, strategy in STRATEGIES.items():
            result = played(q, strategy)
            if result is not None:
                cell = sums[(kind(q), name)]
                cell[0] += result[0]
                cell[1] += result[1]
                cell[2] += 1
    return {key: (s / n, c / n, int(n)) for key, (s, c, n) in sums.items()}


def candidate(q: Question) -> Candidate:
    return Candidate.of(q)


def drawn(spec: dict[str, Any], draws: int = DRAWS) -> list[list[Question]]:
    """Many attempts of a built-in quiz, drawn as the app draws them."""
    by_id = {q.id: q for q in bank()}
    candidates = [candidate(q) for q in bank()]
    rng = random.Random(f"gaming:{spec['slug']}")
    return [[by_id[i] for i in choose(candidates, spec, rng)] for _ in range(draws)]


def beats_chance(kind: str, score: float, luck: float) -> bool:
    """More than 10 points above chance; on true/false below too, as the opposite guess wins."""
    gap = score - luck
    return gap > MARGIN + 1e-9 or (kind == "true_false" and -gap > MARGIN + 1e-9)


def too_far(cells: dict[tuple[str, str], tuple[float, float, int]]) -> list[str]:
    return [
        f"{k} {name}: {score:.0%} against chance {luck:.0%} on {n} items"
        for (k, name), (score, luck, n) in sorted(cells.items())
        if n >= MIN_ITEMS and beats_chance(k, score, luck)
    ]


def drawn_items(spec: dict[str, Any]) -> list[Question]:
    return [q for attempt in drawn(spec) for q in attempt]


def test_no_surface_strategy_beats_chance_on_the_bank():
    assert too_far(table(list(bank()))) == []


@pytest.mark.parametrize("slug", [s["slug"] for s in quiz_specs()])
def test_no_surface_strategy_beats_chance_in_draws_of_a_builtin_quiz(slug):
    spec = next(s for s in quiz_specs() if s["slug"] == slug)
    assert too_far(table(drawn_items(spec))) == []


@pytest.mark.parametrize("slug", [s["slug"] for s in quiz_specs()])
def test_no_strategy_mix_passes_a_builtin_quiz_on_cues_alone(slug):
    """Each item answered by the strategy where it gives a cue, else a blind guess: the
    attempt's mean stays within 10 points of a blind guess."""
    spec = next(s for s in quiz_specs() if s["slug"] == slug)
    for name, strategy in STRATEGIES.items():
        scores, luck = [], []
        for attempt in drawn(spec, draws=100):
            results = [played(q, strategy) or (chance(q), chance(q)) for q in attempt]
            scores.append(statistics.mean(r[0] for r in results))
            luck.append(statistics.mean(r[1] for r in results))
        assert statistics.mean(scores) - statistics.mean(luck) <= MARGIN, (name, slug)


def print_table() -> None:
    """The gaming table: the bank, then each built-in quiz."""
    sets = {"bank": list(bank())}
    for spec in quiz_specs():
        sets[spec["slug"]] = [q for attempt in drawn(spec) for q in attempt]
    for label, questions in sets.items():
        print(f"\n{label}")
        for (k, name), (score, luck, n) in sorted(table(questions).items()):
            flag = " <-- beats chance" if n >= MIN_ITEMS and beats_chance(k, score, luck) else ""
            print(f"  {k:11} {name:21} {score:5.0%} vs {luck:4.0%}  n={n}{flag}")


if __name__ == "__main__":
    print_table()
