"""The content rules of issue 13: verdicts, status, distractors, true/false, explanations."""

import itertools
import re
from datetime import date
from pathlib import Path

import pytest
import yaml

from quizapp.core.article import parse_article
from quizapp.core.facts import FactBaseError, Verdict, build_fact_base
from quizapp.core.generate import human_date, slot_text
from quizapp.core.questions import QType
from quizapp.core.selection import confusion_summary
from quizapp.core.status import STATUS_INFO, Status, gives_away
from quizapp.core.verdicts import SCORED, excerpt, option_text, quoted, scale
from tests.core.test_generate import bank, base

QUESTIONS = Path(__file__).resolve().parents[2] / "questions"
GRADES = scale()


def by_id():
    return {q.id: q for q in bank()}


def key_text(q):
    return next(o.text for o in q.options if o.correct)


def verdict_items():
    return [q for q in bank() if q.template == "article-verdict"]


def test_verdict_items_offer_the_five_scored_steps_and_every_feedback_is_true_to_the_key():
    for q in verdict_items():
        assert [o.text for o in q.options] == [option_text(GRADES[v]) for v in SCORED], q.id
        key = next(v for v in SCORED if option_text(GRADES[v]) == key_text(q))
        if q.id.endswith(".article-verdict.2"):  # the same words had they appeared earlier
            assert (q.article.verdict, key) == (Verdict.OUTDATED, Verdict.OVERTAKEN), q.id
            assert "As published, on 13 November 2025, the claim is outdated" in q.explanation
        else:
            assert q.article.verdict is key, q.id
        for option in q.options:
            if option.correct:
                assert option.feedback.startswith(f"Right: {GRADES[key].meaning}."), q.id
            else:
                picked = next(v for v in SCORED if option_text(GRADES[v]) == option.text)
                assert option.feedback.startswith(
                    f"{GRADES[picked].label} would mean {GRADES[picked].meaning}. "
                    f"Here {GRADES[key].meaning}:"
                ), (q.id, option.text)


def test_the_reviewed_claims_carry_the_verdict_the_scale_gives_them():
    items = by_id()
    expected = {
        "claim-c20": Verdict.OUTDATED,  # true of 2024; moved on 2 January 2025, before the article
        "claim-c41": Verdict.OUTDATED,
        "claim-c23": Verdict.OUTDATED,
        "claim-c22": Verdict.OUTDATED,  # Order No. 818 published 10 October 2025, before it
        "claim-c03": Verdict.PARTLY,
        "claim-c19": Verdict.PARTLY,
        "claim-c39": Verdict.PARTLY,
        "claim-c29": Verdict.PARTLY,  # studies may treat patients, no longer as medical technology
        "claim-c35": Verdict.PARTLY,  # non-clinical data required, but from January 2024
        "claim-c05": Verdict.INACCURATE,
    }
    claims = {f"claim-{c.id.lower()}": c for c in base().claims}
    for claim, verdict in expected.items():
        if claims[claim].caveat:
            # A split verdict in the fact check (P / I): never a key of its own; it is judged
            # as a wrong option among faulted sentences, with the verdict it carries.
            assert claims[claim].verdict is verdict, claim
            assert f"{claim}.article-verdict.1" not in items, claim
            quote = next(
                f.article.quote
                for f in base().facts
                if f.article and claims[claim].id in f.article.claims
            )
            shown = [
                o.feedback
                for q in bank()
                if q.template == "article-sound"
                for o in q.options
                if o.text == quoted(quote)
            ]
            assert shown and all(f.startswith(scale()[verdict].label) for f in shown), claim
            continue
        assert items[f"{claim}.article-verdict.1"].article.verdict is verdict, claim
    inaccurate_pick = next(
        o for o in items["claim-c41.article-verdict.1"].options if o.text.startswith("Inaccurate")
    )
    assert "not wrong when written" not in inaccurate_pick.feedback
    assert "2 January 2025" in inaccurate_pick.feedback


def test_unverifiable_claims_and_forecasts_are_never_scored_nor_shown_as_judged():
    items = by_id()
    for claim in ("c26", "c27", "c32", "c43", "c40"):
        assert f"claim-{claim}.article-verdict.1" not in items
    ryoncil = [q for q in bank() if q.facts == ("ryoncil-fda-approval",)]
    assert ryoncil and all(q.article is None and q.correction is None for q in ryoncil)
    scored = {c.id for c in base().claims if c.scored}
    for q in bank():
        if q.article and q.article.claims:
            assert set(q.article.claims) <= scored, q.id


def test_quotes_are_whole_sentences_or_marked_and_their_quotation_marks_read_cleanly():
    for q in verdict_items():
        quote = re.search(r"“(.*)”", q.prompt)[1]
        assert "“" not in quote and "”" not in quote, q.id
        assert quote[0].isupper() or quote[0] in "‘…", q.id
        assert quote[-1] in ".!?’…", q.id


def test_the_quote_box_marks_a_cut_quote_with_an_ellipsis():
    assert excerpt("meaning cells must undergo trials") == "…meaning cells must undergo trials…"
    assert excerpt("as “biological products,”") == "…as “biological products”…"
    for q in bank():
        if q.article:
            shown = excerpt(q.article.quote)
            assert shown[0].isupper() or shown[0] in "“…", q.id
            assert shown[-1] in ".!?”…", q.id


def test_no_status_question_rests_on_a_fact_whose_status_is_arguable():
    # `classify: false` holds everywhere a status is asked or labelled: classify items (the
    # fact's own or a hard case's), status sets (right and wrong options) and timeline labels.
    arguable = {f.id for f in base().facts if not f.classified}
    assert {"ryoncil-pivotal-trial", "msc-sources-perinatal-not-adult"} <= arguable
    for q in bank():
        if q.type in (QType.MULTIPLE, QType.ORDERING) or (
            q.type is QType.CLASSIFY and "hard-case" not in q.tags
        ):
            assert not arguable & set(q.facts), q.id
    # A hard case may rest on such a fact only without restating it (the loader refuses that).
    assert "case-where-mscs-come-from.classify.1" not in by_id()
    # Nor does a true/false item on such a fact teach a status ("no approval in it" is false
    # of a statement naming approved products; "not a marketing approval" of approval data).
    for fact_id in arguable:
        q = by_id().get(f"{fact_id}.true-false.1")
        if q:
            assert "no study, approval or rule" not in q.explanation, q.id
            assert "not a marketing approval" not in q.explanation, q.id


@pytest.mark.parametrize(
    ("qid", "status"),
    [
        ("case-ind-clearance.classify.1", Status.RESEARCH),  # a regulator clearing a trial
        ("case-pivotal-data-of-approved-product.classify.1", Status.RESEARCH),
        ("ryoncil-pivotal-trial.true-false.1", Status.RESEARCH),  # trial data, approved product
        ("alofisel-eu-authorisation-2018.classify.1", Status.APPROVED_DRUG),  # as of its date
        ("case-no-longer-sold.classify.1", Status.WITHDRAWN),  # the fact leaves it to the case
        ("case-fee-inside-a-study.classify.1", Status.RULE),  # a fee inside a study
        ("claim-c02.article-sound.1", Status.RESEARCH),  # hopes for research targets
        ("claim-c25.article-verdict.1", Status.RESEARCH),  # trials reaching Phase II/III
        ("claim-c19.article-verdict.1", Status.RULE),  # what approval requires
    ],
)
def test_the_status_of_a_question_is_what_it_asks_about(qid, status):
    assert by_id()[qid].status is status


def test_mixed_sets_label_each_item():
    for q in bank():
        if q.type in (QType.MATCHING, QType.ORDERING, QType.MULTIPLE):
            labels = q.extra["labels"]
            assert len(labels) >= 2 and set(labels.values()) <= {s.value for s in Status}, q.id


def test_distractors_are_of_the_answers_kind():
    for q in bank():
        if not q.template.startswith("choice-") or q.template == "choice-date":
            continue
        slot = q.template.removeprefix("choice-")
        kinds = {base().kind_of(slot, o.text) for o in q.options}
        assert len(kinds) == 1, (q.id, [o.text for o in q.options])
    chinese = by_id()["amimestrocel-conditional-approval.choice-agency.3"]
    assert {base().kind_of("agency", o.text) for o in chinese.options} == {"china"}


def test_date_options_are_real_dates_sharing_no_day_month_or_year():
    real = {human_date(d) for f in base().facts for d in f.slots.values() if isinstance(d, date)}
    for q in bank():
        if q.template == "choice-date":
            texts = [o.text for o in q.options]
            assert set(texts) <= real, q.id
            parts = [p for t in texts for p in t.split()[1:]]
            assert len(parts) == len(set(parts)), (q.id, texts)


def test_a_false_statement_changes_one_detail_of_its_fact_for_a_value_of_the_same_kind():
    false_items = [q for q in bank() if q.id.endswith(".true-false.2")]
    assert len(false_items) >= 50
    for q in false_items:
        fact = base().fact(q.facts[0])
        shown = q.prompt.removeprefix("True or false? ")
        assert shown != fact.statement and q.answer is False, q.id
        shifted = re.match(r"False: the years are ([\d and]+), not ([\d and]+)\. ", q.explanation)
        if shifted:
            # Every year moved back by the same count, where moving one would contradict another.
            was, now = (list(map(int, g.split(" and "))) for g in shifted.groups())
            assert len({a - b for a, b in zip(was, now, strict=True)}) == 1, q.id
            moved = dict(zip(was, now, strict=True))
            expected = re.sub(
                r"\b(?:19|20)\d\d\b",
                lambda m, moved=moved: str(moved[int(m.group(0))]),
                fact.statement,
            )
            assert shown == expected, q.id
            continue
        swapped = re.match(
            r"False: the ([\w ]+?) is (?:the )?(.+?), not (?:the )?(.+?)\. ", q.explanation
        )
        assert swapped, q.id
        noun, right, wrong = swapped.groups()
        slot = {
            "condition": "indication",
            "cell source": "cell_source",
            "country or region": "country",
        }.get(noun, noun)
        assert slot_text(fact.slots[slot]) == right, q.id
        articles = re.compile(r"\b(the|an?) ", re.IGNORECASE)  # 'the United States'
        expected = fact.statement.replace(right, wrong)
        assert articles.sub("", expected) == articles.sub("", shown), q.id
        assert base().kind_of(slot, right) == base().kind_of(slot, wrong), q.id


def test_true_and_false_keys_are_balanced_in_the_bank():
    """Determiner and length cues are played in tests/core/test_gaming.py."""
    items = [q for q in bank() if q.type is QType.TRUE_FALSE]
    assert 0.4 <= sum(q.answer for q in items) / len(items) <= 0.6


def test_classification_statements_from_facts_do_not_name_their_own_status():
    for q in bank():
        if q.type is QType.CLASSIFY and "hard-case" not in q.tags:
            stem = re.search(r"“(.*)”", q.prompt)[1]
            assert not gives_away(stem, q.status), q.id
    assert sum("hard-case" in q.tags for q in bank()) >= 10


def test_explanations_teach_the_item_not_a_generic_definition():
    meanings = {info.meaning for info in STATUS_INFO.values()}
    for q in bank():
        assert not any(q.explanation.strip().endswith(m) for m in meanings), q.id
        if "conditional" in q.explanation and "still an approval" in q.explanation:
            assert q.conditional, q.id
        if q.type is QType.TRUE_FALSE and q.answer is True:
            assert q.prompt.removeprefix("True or false? ") not in q.explanation, q.id
    for q in bank():
        if q.type is QType.CLASSIFY:
            for option in q.options:
                if not option.correct:
                    assert option.feedback.startswith(f"{option.text} would need "), q.id


def test_one_ask_makes_one_item_no_short_answer_twin():
    # The article-sound items share one prompt by design (their options differ): they are not
    # made from asks, and no two of them share a fact.
    prompts = [
        q.prompt
        for q in bank()
        if q.type in (QType.SINGLE, QType.SHORT) and q.template != "article-sound"
    ]
    assert len(prompts) == len(set(prompts))


def test_mix_ups_name_the_confusion_the_right_way_round():
    sentences = confusion_summary([(Status.RESEARCH, Status.APPROVED_DRUG)] * 2)
    assert sentences == ["Twice you took research for an approved drug."]


def raw_docs():
    facts = yaml.safe_load((QUESTIONS / "facts.yaml").read_text(encoding="utf-8"))
    claims = yaml.safe_load((QUESTIONS / "claims.yaml").read_text(encoding="utf-8"))
    article = parse_article((QUESTIONS / "article.txt").read_text(encoding="utf-8"))
    return article, facts, claims


def problems_of(article, facts, claims):
    with pytest.raises(FactBaseError) as refused:
        build_fact_base(article, facts, claims)
    return "\n".join(refused.value.problems)


def test_loading_refuses_a_misconception_that_quotes_a_sentence_the_record_faults():
    article, facts, claims = raw_docs()
    item = next(m for m in facts["misconceptions"] if m["id"] == "mscs-require-destroying-embryos")
    item["article"] = {"quote": "Ethically, China's restrictions on embryonic stem cells align"}
    assert "quotes a passage the record finds" in problems_of(article, facts, claims)


def test_loading_refuses_a_fact_whose_verdict_differs_from_its_scored_claim():
    article, facts, claims = raw_docs()
    fact = next(f for f in facts["facts"] if f["id"] == "stem-cell-ind-clearances-oct-2024")
    fact["article"]["verdict"] = "supported"
    assert "C23" in problems_of(article, facts, claims)


def test_loading_refuses_a_partly_supported_claim_that_does_not_say_which_part():
    article, facts, claims = raw_docs()
    claim = next(c for c in claims["claims"] if c["id"] == "C03")
    del claim["note"]
    assert "says which part holds" in problems_of(article, facts, claims)


def test_no_question_links_one_source_twice():
    """A fact's source and its correction's are often the same report: one link each."""
    for q in bank():
        urls = [s.url for s in q.sources]
        assert len(urls) == len(set(urls)), q.id


def test_one_spelling_of_the_medical_technology_category():
    """The quiz says "Category III" (as the 2009 rule and the article do), the timeline too."""
    for q in bank():
        text = " ".join([q.prompt, q.explanation, *(o.text for o in q.options), str(q.answer)])
        assert "Category 3" not in text, q.id


def test_an_agency_reorganisation_is_taught_as_background_not_as_a_rule():
    """The 2018 reorganisation replaced agencies; it says nothing of what may be done."""
    items = by_id()
    for fact in ("cfda-replaced-by-nmpa-2018", "nhfpc-folded-into-nhc-2018"):
        q = items[f"{fact}.classify.1"]
        assert key_text(q) == "Background", q.id
        assert "may or may not be done" not in q.explanation, q.id


def test_why_a_product_is_an_approved_drug_stays_true_after_later_events():
    """Holoclar's conditional approval became full in 2024 and Alofisel's was withdrawn: the
    reason an item gives is in the past tense, never "is approved" or "evidence due" now."""
    for q in bank():
        for text in [q.explanation, *(o.feedback or "" for o in q.options)]:
            assert not re.search(r"\bis (conditionally )?approved for marketing", text), q.id
            assert "it is still an approval" not in text, q.id


def test_a_classification_keyed_approved_drug_tells_of_the_product_on_sale():
    """Who developed a product is background on its own: an approved drug's classification
    tells of it prescribed, sold or bought, dated and in the past tense (a conditional approval
    could lapse). Where its cells come from is arguable (CONTENT), so never classified."""
    items = by_id()
    q = items["amimestrocel-developer-and-brand.classify.1"]
    assert key_text(q) == "Approved drug"
    assert re.search(r"prescribe|sold|buy", q.prompt), q.prompt
    assert re.search(r"\b(By|From|Since) \w+ 20\d\d\b.*\bcould\b", q.prompt), q.prompt
    assert "amimestrocel-umbilical-cord-msc.classify.1" not in items


def test_no_agency_is_offered_for_a_time_it_did_not_exist():
    """The NHFPC and the CFDA ended in March 2018: a 2024 guideline cannot be theirs, so
    neither is a distractor, nor a false swap, for a later event (nor the NMPA before)."""
    from quizapp.core.generate import event_day

    facts = {f.id: f for f in base().facts}
    checked = 0
    for q in bank():
        fact = facts.get(q.facts[0]) if q.facts else None
        if fact is None or not (q.template == "choice-agency" or "falsified" in q.tags):
            continue
        shown = [o.text for o in q.options] if q.options else [q.prompt]
        for agency in base().existed:
            if any(re.search(rf"\b{re.escape(agency)}\b", t) for t in shown):
                named_by_fact = re.search(rf"\b{re.escape(agency)}\b", fact.statement)
                assert named_by_fact or base().existed_on(agency, event_day(fact)), (q.id, agency)
                checked += 1
    assert checked > 10


def test_a_rule_is_credited_to_one_agency_only_when_it_is_that_agencys_alone():
    """Joint measures (the NHFPC and the CFDA, 2015) and two-track systems are not one
    agency's: the reason names an agency only when the statement names no other."""
    fact_base = base()
    agencies = {a: fact_base.names_for(a) for a in fact_base.kinds["agency"]}
    facts = {f.id: f for f in fact_base.facts}
    joint = 0
    for q in bank():
        fact = facts.get(q.facts[0]) if len(q.facts) == 1 else None
        if fact is None or fact.status is not Status.RULE:
            continue
        assert "set by" not in q.explanation, q.id
        named = [
            a
            for a, names in agencies.items()
            if any(re.search(rf"\b{re.escape(n)}\b", fact.statement) for n in names)
        ]
        if len(named) > 1:
            joint += 1
            assert not re.search(r"says what the [\w ]+ allows", q.explanation), q.id
    assert joint > 3


def _years(text):
    return [int(y) for y in re.findall(r"\b(?:19|20)\d\d\b", text)]


def test_a_false_statement_keeps_its_own_years_in_order_and_never_swaps_in_a_true_value():
    items = by_id()
    for fact in base().facts:
        false = items.get(f"{fact.id}.true-false.2")
        if false is None:
            continue
        true_years, false_years = _years(fact.statement), _years(false.prompt)
        assert len(true_years) == len(false_years), false.id
        pairs = list(zip(true_years, false_years, strict=True))
        for (a, a2), (b, b2) in itertools.combinations(pairs, 2):
            # "The 2025 Regulations (in force from 1 May 2017)" would refute itself.
            assert (a < b) == (a2 < b2) and (a == b) == (a2 == b2), false.prompt
        for values in fact.also_true.values():
            for value in values:
                if value not in fact.statement:
                    assert not re.search(rf"\b{re.escape(value)}\b", false.prompt), false.id


def test_the_informed_consent_swap_never_names_a_year_whose_rules_require_consent_too():
    q = by_id().get("informed-consent-required.true-false.2")
    assert q is None or not re.search(r"\b(2003|2025) Measures\b", q.prompt)


REGULATOR_COUNTRY = {"FDA": "United States", "NMPA": "China", "EMA": "European Union"}


def test_a_product_stem_naming_a_regulator_offers_only_that_jurisdictions_products():
    countries = {
        f.slots["product"]: f.slots["country"]
        for f in base().facts
        if "product" in f.slots and "country" in f.slots
    }
    checked = 0
    for q in bank():
        if q.template != "choice-product":
            continue
        for regulator, country in REGULATOR_COUNTRY.items():
            if re.search(rf"\b{regulator}\b", q.prompt):
                checked += 1
                for option in q.options:
                    assert countries.get(option.text, country) == country, (q.id, option.text)
    assert "ryoncil-pivotal-trial.choice-product.2" not in by_id()


def test_an_application_for_full_approval_carries_no_conditional_note():
    """Nipro's 2025 application is not the 2018 conditional approval: no conditional note,
    no "(conditional)" label, yet its reason says the product's approval was conditional."""
    items = [q for q in bank() if "stemirac-full-approval-application" in q.facts]
    assert items
    for q in items:
        texts = [q.explanation, *(o.feedback or "" for o in q.options)]
        assert not any("approval was conditional" in t for t in texts), q.id
        assert "Nipro files for full approval of Stemirac (Approved drug (conditional))" not in (
            q.explanation
        ), q.id
    true = next(q for q in items if q.id.endswith("true-false.1"))
    assert "conditionally approved" in true.explanation


@pytest.mark.parametrize(
    ("qid", "typed"),
    [
        ("cupistem-korea-approval.short-cell_source.1", "adipose"),
        ("cupistem-korea-approval.short-cell_source.1", "fat tissue"),
        ("msc-sources-perinatal-not-adult.short-cell_source.1", "donor bone marrow"),
        ("msc-sources-perinatal-not-adult.short-cell_source.1", "marrow"),
        ("first-stem-cell-drug-manufacturing-licence.short-agency.1", "Beijing Municipal MPA"),
    ],
)
def test_usual_forms_of_a_typed_answer_are_accepted(qid, typed):
    from quizapp.core.kinds.typed import short_answer_matches

    assert short_answer_matches(typed, by_id()[qid].answer)
