"""Drawing an attempt's questions under a quiz's blueprint: pure functions."""

import random
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from quizapp.core.selection.candidate import Candidate, covers, matches


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
    needs = list(blueprint.get("require") or ())
    _meet_needs(needs, pool, count, attempt, _rarity(pool), rng)
    _spread(pool, count, attempt, rng)
    drawn = [c.id for c in attempt.drawn]
    rng.shuffle(drawn)
    return drawn


def _meet_needs(
    needs: list[Mapping[str, Any]],
    pool: Sequence[Candidate],
    count: int,
    attempt: _Attempt,
    rarity: Mapping[tuple[str, str], float],
    rng: random.Random,
) -> None:
    """Draw for each need (facts, tags or statuses) its count of covering items, the scarcest
    need first, so a plentiful one never takes the only item a scarce one has."""
    needs.sort(key=lambda need: sum(covers(c, need) for c in pool))
    for need in needs:
        wanted = int(need.get("count", 1))
        while len(attempt.drawn) < count and sum(covers(d, need) for d in attempt.drawn) < wanted:
            covering = [c for c in pool if covers(c, need) and attempt.fits(c)]
            found = _weighted(covering, rarity, rng)
            if found is None:
                break
            attempt.add(found)


def _spread(pool: list[Candidate], count: int, attempt: _Attempt, rng: random.Random) -> None:
    """Fill the attempt up to count across statuses, the least drawn status first, in turn."""
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


def _rarity(pool: Sequence[Candidate]) -> dict[tuple[str, str], float]:
    """How rare each answer key is in its template, 1 for the average key: a required item
    with a common key is worth less than one with an average or rare key."""
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
    """One candidate at random: first a template, each as likely as the others, so a template
    with many items on one fact (a claim's verdicts) does not crowd out the rest; then one of
    its items, one with a common key weighted down by its key's share. A rare key is not
    weighted up: a lesson covered by a rare key's items (the overtaken variants of the
    first-approval claims) would hand that key to most attempts."""
    if not candidates:
        return None
    template = rng.choice(sorted({c.template for c in candidates}))
    mine = [c for c in candidates if c.template == template]
    weights = [min(1.0, rarity.get((c.template, c.key), 1.0)) if c.key else 1.0 for c in mine]
    return rng.choices(mine, weights=weights)[0]


def _next(
    bucket: list[Candidate], attempt: _Attempt, pool: list[Candidate], rng: random.Random
) -> Candidate | None:
    """The first fitting candidate; if it has an answer key, a fitting one of its template
    with a key drawn least so far (of the same status where one has it), so True and False or
    the verdicts take turns. Among the keys drawn least, one is chosen in proportion to its
    share of the template's items in the pool: a key the bank holds few of (a verdict capped
    so that it is never the safe guess) is not drawn as often as one it holds many of."""
    first = next((c for c in bucket if attempt.fits(c)), None)
    if first is None or not first.key:
        return first
    same = [c for c in pool if c.template == first.template and attempt.fits(c)]
    least = min(attempt.keys[(c.template, c.key)] for c in same)
    behind = [c for c in same if attempt.keys[(c.template, c.key)] == least]
    keys = sorted({c.key for c in behind})
    shares = Counter(c.key for c in pool if c.template == first.template)
    key = rng.choices(keys, weights=[shares[k] for k in keys])[0]
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
