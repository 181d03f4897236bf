"""Every drawn attempt of a built-in quiz keeps its blueprint: 1,000 draws each, no server."""

import random
from collections import Counter
from functools import cache

import pytest

from quizapp.core.selection import Candidate, blueprint_problems, choose, covers, matches
from tests.core.test_gaming import bank, quiz_specs

DRAWS = 1000


@cache
def candidates() -> tuple[Candidate, ...]:
    return tuple(Candidate.of(q) for q in bank())


@cache
def attempts(slug: str) -> tuple[tuple[Candidate, ...], ...]:
    spec = next(s for s in quiz_specs() if s["slug"] == slug)
    by_id = {c.id: c for c in candidates()}
    rng = random.Random(f"blueprint:{slug}")
    return tuple(tuple(by_id[i] for i in choose(candidates(), spec, rng)) for _ in range(DRAWS))


def coverage(slug: str) -> dict[str, float]:
    """The share of attempts that meet each need of the quiz's blueprint."""
    spec = next(s for s in quiz_specs() if s["slug"] == slug)
    needs = spec.get("blueprint", {}).get("require", [])
    return {
        str(need.get("lesson") or need): sum(
            sum(covers(c, need) for c in attempt) >= need.get("count", 1)
            for attempt in attempts(slug)
        )
        / DRAWS
        for need in needs
    }


SLUGS = [s["slug"] for s in quiz_specs()]


@pytest.mark.parametrize("slug", SLUGS)
def test_every_attempt_covers_every_need_of_its_blueprint(slug):
    assert all(share == 1.0 for share in coverage(slug).values()), coverage(slug)


def test_the_full_test_and_the_china_road_cover_the_five_key_lessons():
    for slug in ("full-test", "road-to-first-stem-cell-drug"):
        lessons = coverage(slug)
        assert len([k for k in lessons if "approval" in k or "Measures" in k or "818" in k]) >= 4
        assert set(lessons.values()) == {1.0}, (slug, lessons)


@pytest.mark.parametrize("slug", SLUGS)
def test_an_attempt_has_its_count_one_item_per_fact_and_no_answer_printed_in_a_sibling(slug):
    spec = next(s for s in quiz_specs() if s["slug"] == slug)
    pool = [c for c in candidates() if matches(c, spec.get("draw_filter") or {})]
    for attempt in attempts(slug):
        assert len(attempt) == min(spec["draw_count"], len(pool))
        facts = [f for c in attempt for f in c.facts]
        assert len(facts) == len(set(facts))
        assert not any(a.reveals(b) for a in attempt for b in attempt if a is not b)


@pytest.mark.parametrize("slug", SLUGS)
def test_no_attempt_holds_more_than_one_alofisel_item(slug):
    for attempt in attempts(slug):
        assert sum("about-alofisel" in c.tags for c in attempt) <= 1


@pytest.mark.parametrize("slug", SLUGS)
def test_true_and_false_are_balanced_in_every_quiz(slug):
    keys = Counter(c.key for attempt in attempts(slug) for c in attempt if c.type == "true_false")
    if keys:
        assert 0.4 <= keys["True"] / sum(keys.values()) <= 0.6, keys


def test_true_and_false_are_balanced_in_the_bank():
    keys = Counter(q.answer for q in bank() if q.type.value == "true_false")
    assert 0.4 <= keys[True] / sum(keys.values()) <= 0.6, keys


def test_the_classify_quiz_mixes_statuses_and_hard_cases():
    for attempt in attempts("research-or-approved-drug"):
        assert len({c.status for c in attempt}) >= 4
        assert sum("hard-case" in c.tags for c in attempt) >= 3


def test_every_full_test_attempt_has_every_status():
    assert all(len({c.status for c in a}) == 5 for a in attempts("full-test"))


def test_no_status_dominates_an_attempt_of_the_full_test():
    """At most half the items share a status, but when one item per fact and no printed
    answer leave nothing else (about 1 attempt in 1,000, then 11 of 20)."""
    biggest = [max(Counter(c.status for c in a).values()) / len(a) for a in attempts("full-test")]
    assert max(biggest) <= 0.55
    assert sum(share > 0.5 for share in biggest) <= DRAWS / 100


def test_the_builtin_blueprints_are_sound_and_a_malformed_one_is_named():
    assert all(blueprint_problems(s.get("blueprint", {})) == [] for s in quiz_specs())
    assert blueprint_problems({"require": [{"lesson": "x"}], "at_most": {"t": -1}}) == [
        "need 1 names no facts, tags or statuses",
        "at_most maps tags to whole numbers from 0",
    ]
    assert blueprint_problems({"requires": []}) == ["unknown blueprint key 'requires'"]


def print_coverage() -> None:
    """The blueprint coverage over 1,000 draws, per quiz."""
    for slug in SLUGS:
        print(slug)
        for need, share in coverage(slug).items():
            print(f"  {share:7.1%}  {need}")
        keys = Counter(c.key for a in attempts(slug) for c in a if c.type == "true_false")
        if keys:
            print(f"  true/false keys: {dict(keys)}")


if __name__ == "__main__":
    print_coverage()
