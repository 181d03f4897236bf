"""The fact base loads only when every fact is sound; each refusal names the item and field."""

import copy
from datetime import date
from pathlib import Path

import pytest

from quizapp.core.article import locate, parse_article
from quizapp.core.content import read_fact_base
from quizapp.core.facts import FactBaseError, Verdict, build_fact_base
from quizapp.core.status import Status

QUESTIONS = Path(__file__).resolve().parents[2] / "questions"
ARTICLE = parse_article((QUESTIONS / "article.txt").read_text(encoding="utf-8"))
SOURCE = [{"publication": "Xinhua, 3 Jan 2025", "url": "https://example.org/xinhua"}]


def valid_docs() -> tuple[dict, dict]:
    """A smallest valid fact base: two facts, one misconception, one claim."""
    facts = {
        "synonyms": {"NMPA": ["National Medical Products Administration"]},
        "facts": [
            {
                "id": "first-approval",
                "statement": "On 2 January 2025 the NMPA conditionally approved amimestrocel.",
                "status": "approved_drug",
                "conditional": True,
                "as_of": date(2025, 1, 2),
                "sources": SOURCE,
                "article": {
                    "quote": "As of 2024, China has not approved any stem cell product for "
                    "formal market launch as a “drug” for clinical treatment.",
                    "section": "II",
                    "verdict": "outdated",
                    "claims": ["C20"],
                },
                "correction": {"text": "Approved on 2 January 2025.", "sources": SOURCE},
                "slots": {"agency": "NMPA", "date": date(2025, 1, 2)},
                "asks": [{"slot": "agency", "prompt": "Which regulator approved it?"}],
            },
            {
                "id": "red-line",
                "statement": "Safety is a red line.",
                "status": "rule",
                "as_of": "2025-11-13",
                "sources": SOURCE,
                "article": {
                    "quote": "Safety remains an absolute red line.",
                    "section": "IV",
                    "verdict": "supported",
                    "claims": ["C36"],
                },
            },
        ],
        "misconceptions": [
            {
                "id": "cure-all",
                "statement": "China has approved stem cells as a cure-all.",
                "why_false": "One conditional approval, for one disease.",
                "status": "approved_drug",
                "facts": ["first-approval"],
                "sources": SOURCE,
            }
        ],
    }
    claims = {
        "claims": [
            {
                "id": "C20",
                "section": "II",
                "text": "No drug as of 2024.",
                "verdict": "outdated",
                "covered_by": ["first-approval"],
            },
            {
                "id": "C36",
                "section": "IV",
                "text": "Safety is a red line.",
                "verdict": "supported",
                "covered_by": ["red-line"],
            },
            {
                "id": "C34",
                "section": "IV",
                "text": "A 2021 revocation.",
                "verdict": "unverifiable",
                "excluded": "no record found",
            },
        ]
    }
    return facts, claims


def test_the_smallest_valid_fact_base_loads():
    base = build_fact_base(ARTICLE, *valid_docs())
    fact = base.fact("first-approval")
    assert fact.status is Status.APPROVED_DRUG and fact.conditional
    assert fact.article.verdict is Verdict.OUTDATED and fact.as_of == date(2025, 1, 2)
    assert base.names_for("NMPA") == ("NMPA", "National Medical Products Administration")


def _first(facts):
    return facts["facts"][0]


BREAKAGES = [
    (
        "an earlier day on a claim that is not outdated",
        lambda f, c: c["claims"][1].update(held_on=date(2024, 12, 1)),
        "claim 'C36', field 'held_on': only an outdated claim held on an earlier day",
    ),
    (
        "an earlier day that is not before the article",
        lambda f, c: c["claims"][0].update(held_on=date(2025, 12, 1)),
        "claim 'C20', field 'held_on': must be a day before the article's date",
    ),
    (
        "an earlier day without what changed after it",
        lambda f, c: c["claims"][0].update(held_on=date(2024, 12, 1)),
        "claim 'C20', field 'changed': a claim held on an earlier day says what changed",
    ),
    (
        "a quote that is not verbatim",
        lambda f, c: _first(f)["article"].update(quote="China approved nothing, ever."),
        "fact 'first-approval', field 'article.quote': is not verbatim in the article",
    ),
    (
        "a quote filed under the wrong section",
        lambda f, c: _first(f)["article"].update(section="III"),
        "fact 'first-approval', field 'article.section': says 'III'; the quote is in 'II'",
    ),
    (
        "a duplicate id",
        lambda f, c: f["facts"][1].update(id="first-approval"),
        "fact 'first-approval', field 'id': duplicate id",
    ),
    (
        "an id that is not a slug",
        lambda f, c: f["misconceptions"][0].update(id="Cure All!"),
        "misconception 'Cure All!', field 'id': must be a lower-case slug",
    ),
    (
        "an unknown status",
        lambda f, c: _first(f).update(status="approved"),
        "fact 'first-approval', field 'status': unknown status 'approved'",
    ),
    (
        "a bad date",
        lambda f, c: _first(f).update(as_of="2025-13-45"),
        "fact 'first-approval', field 'as_of': bad date '2025-13-45'",
    ),
    (
        "an outdated verdict without a correction",
        lambda f, c: _first(f).update(correction=None),
        "fact 'first-approval', field 'correction': an outdated verdict needs a correction",
    ),
    (
        "an unknown verdict",
        lambda f, c: _first(f)["article"].update(verdict="dubious"),
        "fact 'first-approval', field 'article.verdict': unknown verdict 'dubious'",
    ),
    (
        "a scored use of an unverifiable fact (asks)",
        lambda f, c: (
            _first(f)["article"].update(verdict="unverifiable"),
            _first(f).pop("correction"),
        ),
        "fact 'first-approval', field 'asks': an unverifiable fact is never scored",
    ),
    (
        "a scored use of an unverifiable fact (refuting a misconception)",
        lambda f, c: (
            f["facts"][1]["article"].update(verdict="unverifiable"),
            f["misconceptions"][0].update(facts=["red-line"]),
        ),
        "misconception 'cure-all', field 'facts': 'red-line' is unverifiable and cannot refute",
    ),
    (
        "a source without an address",
        lambda f, c: _first(f).update(sources=[{"publication": "Someone said so"}]),
        "fact 'first-approval', field 'sources[0]': needs a publication and an http(s) url",
    ),
    (
        "an unknown slot type",
        lambda f, c: _first(f)["slots"].update(colour="blue"),
        "fact 'first-approval', field 'slots.colour': unknown slot type",
    ),
    (
        "a slot of the wrong type",
        lambda f, c: _first(f)["slots"].update(date="soon"),
        "fact 'first-approval', field 'slots.date': 'soon' is not a date",
    ),
    (
        "an ask for a slot the fact lacks",
        lambda f, c: _first(f)["asks"].append({"slot": "year", "prompt": "When?"}),
        "fact 'first-approval', field 'asks[1].slot': 'year' is not among the fact's slots",
    ),
    (
        "an ask that gives away its answer",
        lambda f, c: _first(f)["asks"][0].update(prompt="Did the NMPA approve it?"),
        "fact 'first-approval', field 'asks[0].prompt': gives away its own answer",
    ),
    (
        "a misconception refuted by an unknown fact",
        lambda f, c: f["misconceptions"][0].update(facts=["nowhere"]),
        "misconception 'cure-all', field 'facts': unknown fact 'nowhere'",
    ),
    (
        "a claim neither covered nor excluded",
        lambda f, c: c["claims"][2].pop("excluded"),
        "claim 'C34', field 'covered_by': cover the claim with a fact or give 'excluded'",
    ),
    (
        "a claim whose covering fact does not name it",
        lambda f, c: c["claims"][1].update(covered_by=["red-line", "first-approval"]),
        "claim 'C36', field 'covered_by': fact 'first-approval' does not name C36",
    ),
    (
        "a fact superseded by a fact that does not exist",
        lambda f, c: f["facts"][1].update(superseded_by="nothing-newer"),
        "fact 'red-line', field 'superseded_by': name another existing fact",
    ),
    (
        "a fact naming an unknown claim",
        lambda f, c: _first(f)["article"].update(claims=["C20", "C99"]),
        "fact 'first-approval', field 'article.claims': unknown claim 'C99'",
    ),
    (
        "a hard case restating, with one key, a fact whose status is marked arguable",
        lambda f, c: (
            f["facts"][1].update(classify=False),
            f.update(
                cases=[
                    {
                        "id": "case-red-line",
                        "status": "rule",
                        "statement": "Approved drugs must keep safety a red line.",
                        "why": "A red line says what may not be done.",
                        "facts": ["red-line"],
                    }
                ]
            ),
        ),
        "case 'case-red-line', field 'statement': rests on facts marked classify: false and "
        "names an approved drug",
    ),
]


@pytest.mark.parametrize(("case", "breakage", "message"), BREAKAGES, ids=[b[0] for b in BREAKAGES])
def test_loading_refuses_a_broken_fact_base_naming_the_item_and_field(case, breakage, message):
    facts, claims = copy.deepcopy(valid_docs())
    breakage(facts, claims)
    with pytest.raises(FactBaseError) as raised:
        build_fact_base(ARTICLE, facts, claims)
    assert any(message in problem for problem in raised.value.problems), raised.value.problems


def test_the_real_fact_base_loads_with_every_claim_of_the_article_accounted_for():
    base = read_fact_base(QUESTIONS)
    assert len(base.facts) >= 60 and len(base.misconceptions) >= 18
    assert {c.id for c in base.claims} == {f"C{n:02d}" for n in range(1, 44)}
    for claim in base.claims:
        assert claim.covered_by or claim.excluded, claim.id
    for fact in base.facts:
        assert fact.sources or fact.status is Status.BACKGROUND, fact.id
        if fact.article:
            assert ARTICLE.section_of(fact.article.quote) == fact.article.section


def test_the_article_keeps_its_title_date_and_sections():
    assert ARTICLE.title == "Has stem cell therapy been approved in China?"
    assert ARTICLE.published == date(2025, 11, 13)
    assert [s.key for s in ARTICLE.sections] == ["intro", "I", "II", "III", "IV", "conclusion"]
    assert ARTICLE.section("conclusion").heading.startswith("Conclusion: Cautious Optimism")


def test_the_first_approval_fact_says_amimestrocel_on_2_january_2025():
    fact = read_fact_base(QUESTIONS).fact("amimestrocel-conditional-approval")
    assert fact.slots["product"] == "amimestrocel"
    assert fact.slots["date"] == date(2025, 1, 2)
    assert fact.status is Status.APPROVED_DRUG and fact.conditional


def test_a_quote_may_leave_words_out_with_a_gap_but_each_piece_is_verbatim_and_in_order():
    answer = "The answer is no—as a “drug,” no products have … reached the market"
    assert ARTICLE.section_of(answer) == "conclusion"
    assert ARTICLE.section_of("no products have … The answer is no") is None  # out of order
    assert ARTICLE.section_of("The answer is no … forged") is None  # a piece not in it
    assert locate("one two three", "one … three") == (0, 13)
    assert locate("one two\nthree", "one … three") is None  # one paragraph only
