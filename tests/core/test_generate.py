"""Generated questions keep their promises for every seed."""

from collections import defaultdict
from datetime import date
from functools import cache
from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp.core.article import parse_article
from quizapp.core.content import read_fact_base
from quizapp.core.facts import FactBase, Verdict, build_fact_base
from quizapp.core.generate import Generator, generate, human_date, mentions, norm_words
from quizapp.core.kinds import KINDS, problems
from quizapp.core.questions import QType, Question
from quizapp.core.verdicts import quoted

QUESTIONS = Path(__file__).resolve().parents[2] / "questions"
SEEDS = st.integers(min_value=0, max_value=2**32 - 1)


@cache
def base() -> FactBase:
    return read_fact_base(QUESTIONS)


@cache
def bank(seed: int = 2025) -> tuple[Question, ...]:
    return tuple(generate(base(), seed))


@settings(max_examples=15, deadline=None)
@given(SEEDS)
def test_every_question_is_sound_for_any_seed(seed):
    for question in generate(base(), seed):
        assert problems(question) == [], question.id


@settings(max_examples=15, deadline=None)
@given(SEEDS)
def test_single_answer_questions_have_one_correct_option_and_unique_options(seed):
    for q in generate(base(), seed):
        if q.type in (QType.SINGLE, QType.CLASSIFY, QType.TRUE_FALSE):
            assert sum(o.correct for o in q.options) == 1, q.id
        if q.options:
            texts = [o.text.casefold() for o in q.options]
            assert len(texts) == len(set(texts)), q.id
        if q.type in (QType.SINGLE, QType.CLASSIFY):
            assert q.answer[0] in {o.id for o in q.options if o.correct}


@settings(max_examples=15, deadline=None)
@given(SEEDS)
def test_question_ids_are_the_same_whatever_the_seed(seed):
    assert [q.id for q in generate(base(), seed)] == [q.id for q in bank()]


@settings(max_examples=10, deadline=None)
@given(SEEDS)
def test_the_same_seed_gives_the_same_questions(seed):
    first = [q.to_dict() for q in generate(base(), seed)]
    assert first == [q.to_dict() for q in generate(base(), seed)]


@settings(max_examples=15, deadline=None)
@given(SEEDS)
def test_distractors_share_the_slot_type_and_are_never_the_answer_or_its_synonym(seed):
    generator = Generator(base(), seed)
    for q in generator.questions():
        if not q.template.startswith("choice-"):
            continue
        slot = q.template.removeprefix("choice-")
        right = next(o.text for o in q.options if o.correct)
        fact = base().fact(q.facts[0])
        for option in q.options:
            if option.correct:
                continue
            assert not generator.same_names(option.text, right), q.id
            assert not mentions(norm_words(fact.statement), option.text), q.id
            shifted_date = slot == "date" and option.text.split()[-1].isdigit()
            assert option.text in generator.pools[slot] or shifted_date, (q.id, option.text)


def test_numeric_tolerances_are_sane():
    for q in bank():
        if q.type is QType.NUMERIC:
            value, tolerance = q.answer["value"], q.answer["tolerance"]
            assert 0 <= tolerance <= abs(value) / 2, q.id
            if "year" in q.template:
                assert 1900 < value < 2100 and tolerance <= 1, q.id


def test_every_question_traces_to_verifiable_facts_and_quotes_verbatim():
    facts = {f.id: f for f in base().facts}
    for q in bank():
        assert q.facts, q.id
        for fact_id in q.facts:
            assert facts[fact_id].verifiable, f"{q.id} is scored on an unverifiable fact"
        if q.article:
            assert base().article.section_of(q.article.quote) == q.article.section, q.id
            assert q.article.verdict is not Verdict.UNVERIFIABLE, q.id


def test_the_bank_has_every_type_and_at_least_150_distinct_questions():
    questions = bank()
    assert {q.type for q in questions} == {t for t in QType if KINDS[t].scored}
    assert len({(q.prompt, str(q.answer)) for q in questions}) >= 150


def test_every_fact_that_allows_two_question_types_gets_two():
    types = defaultdict(set)
    for q in bank():
        for fact_id in q.facts:
            types[fact_id].add(q.type)
    for fact in base().facts:
        if fact.teachable:
            assert len(types[fact.id]) >= 2, fact.id


def test_every_teachable_claim_of_the_article_is_in_a_question():
    tested = {f for q in bank() for f in q.facts}
    for claim in base().claims:
        if claim.excluded or claim.verdict is Verdict.UNVERIFIABLE:
            continue
        assert set(claim.covered_by) & tested, claim.id


def test_the_first_approved_drug_question_answers_amimestrocel_on_2_january_2025():
    by_id = {q.id: q for q in bank()}
    # Typed: its stem names China's NMPA, and China has approved no other stem cell product,
    # so as a choice the stem would point at the only Chinese option.
    product = by_id["amimestrocel-conditional-approval.short-product.1"]
    assert product.answer[0] == "amimestrocel"
    when = by_id["amimestrocel-conditional-approval.choice-date.2"]
    assert next(o.text for o in when.options if o.correct) == human_date(date(2025, 1, 2))
    # One item per ask: no single-choice twin repeats the typed answer's prompt and key.
    assert "amimestrocel-conditional-approval.choice-product.1" not in by_id
    prompts = [
        (q.prompt, q.type)
        for q in bank()
        if q.type in (QType.SINGLE, QType.SHORT) and q.template != "article-sound"
    ]
    assert len({p for p, _ in prompts}) == len(prompts)


def test_questions_on_the_articles_claims_say_so_and_carry_its_date():
    article_items = [q for q in bank() if q.template == "article-verdict"]
    # Every scored claim is judged by a verdict item or as the sound sentence among faulted
    # ones; claims whose fact-check verdict is split (caveat) have no item of their own.
    judged = [q for q in bank() if q.template in ("article-verdict", "article-sound")]
    assert len(judged) >= 20 and len(article_items) >= 15
    for q in article_items:
        assert q.prompt.startswith("According to the article (dated 13 November 2025)")
    outdated = [q for q in article_items if q.article.verdict is Verdict.OUTDATED]
    assert outdated and all(q.correction for q in outdated)


def test_an_outdated_claim_that_held_earlier_is_asked_again_as_overtaken_had_it_appeared_then():
    items = {q.id: q for q in bank()}
    held = [c for c in base().claims if c.held_on]
    assert {c.id for c in held} == {"C20", "C22", "C41"}
    for claim in held:
        q = items[f"claim-{claim.id.lower()}.article-verdict.2"]
        assert f"published on {human_date(claim.held_on)} instead" in q.prompt
        right = next(o for o in q.options if o.correct)
        assert right.text.startswith("Overtaken since")
        assert q.article.verdict is Verdict.OUTDATED  # the quote box: the article's own verdict
        assert "As published, on 13 November 2025, the claim is outdated when published" in (
            q.explanation
        )
        assert items[f"claim-{claim.id.lower()}.article-verdict.1"].facts == q.facts
        # Every option speaks of the supposed day and what changed after it, not of the
        # article's own date.
        for option in q.options:
            assert f"On {human_date(claim.held_on)} the words still matched" in option.feedback
            assert claim.changed and claim.changed in option.feedback
            assert "when it was published on 13 November 2025" not in option.feedback


def test_every_scored_claim_is_judged_and_supported_is_never_the_commonest_verdict():
    judged = {
        q.article.quote
        for q in bank()
        if q.template in ("article-verdict", "article-sound") and q.article
    }
    for claim in base().claims:
        quotes = {base().fact(f).article.quote for f in claim.covered_by}
        if claim.scored and claim.caveat:
            # A split or hedged verdict is never a key; a faulted one is a wrong option.
            offered = {o.text for q in bank() if q.template == "article-sound" for o in q.options}
            assert claim.verdict is Verdict.SUPPORTED or {quoted(q) for q in quotes} & offered
        elif claim.scored:  # judged on its own passage, or on the one it shares (C14 with C13)
            assert quotes & judged, claim.id
    keys = defaultdict(int)
    for q in bank():
        if q.template == "article-verdict":
            keys[next(o.text.split(":")[0] for o in q.options if o.correct)] += 1
    assert keys["Supported"] <= min(n for k, n in keys.items() if k != "Supported")
    sound = [q for q in bank() if q.template == "article-sound"]
    for q in sound:
        right = [o for o in q.options if o.correct]
        assert len(right) == 1 and q.article.verdict is Verdict.SUPPORTED
        for option in q.options:
            if not option.correct:
                assert option.feedback.split(",")[0] in {
                    "Partly supported",
                    "Outdated when published",
                    "Inaccurate",
                }, option.feedback


def test_misconceptions_are_false_statements_with_why():
    items = [q for q in bank() if q.template == "misconception"]
    assert len(items) == len(base().misconceptions)
    assert all(q.answer is False and q.explanation.startswith("False.") for q in items)


def test_classification_offers_every_status_and_marks_the_facts_own():
    for q in bank():
        if q.type is QType.CLASSIFY and "hard-case" not in q.tags:
            fact = base().fact(q.facts[0])
            right = next(o.text for o in q.options if o.correct)
            assert right == fact.status.label and len(q.options) == 5


def test_timeline_orderings_are_in_date_order():
    for q in bank():
        if q.type is QType.ORDERING:
            facts = [base().fact(f) for f in q.facts]
            years = [f.slots.get("date", f.slots.get("year")) for f in facts]
            keys = [y.year if isinstance(y, date) else y for y in years]
            assert keys == sorted(keys) and len(set(keys)) == len(keys), q.id


def test_a_superseded_fact_generates_no_question_and_its_successor_still_does():
    facts = yaml.safe_load((QUESTIONS / "facts.yaml").read_text(encoding="utf-8"))
    claims = yaml.safe_load((QUESTIONS / "claims.yaml").read_text(encoding="utf-8"))
    old = next(f for f in facts["facts"] if f["id"] == "stem-cell-ind-clearances-oct-2024")
    old["superseded_by"] = "xinhua-120-stem-cell-drugs-in-trials"
    article = parse_article((QUESTIONS / "article.txt").read_text(encoding="utf-8"))
    tested = {f for q in generate(build_fact_base(article, facts, claims)) for f in q.facts}
    assert "stem-cell-ind-clearances-oct-2024" not in tested
    assert "xinhua-120-stem-cell-drugs-in-trials" in tested


def test_a_name_is_mentioned_only_as_whole_words():
    text = norm_words("An autologous product from the CFDA, approved in December (EC).")
    assert mentions(text, "CFDA") and mentions(text, "EC")
    assert not mentions(text, "US") and not mentions(text, "FDA")
