"""Building the fact base: every item read, then checked against the others."""

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from quizapp.core.article import Article, locate
from quizapp.core.facts.model import (
    SLUG,
    Case,
    Claim,
    Fact,
    FactBase,
    FactBaseError,
    Misconception,
    Verdict,
)
from quizapp.core.facts.reader import (
    Reader,
    read_case,
    read_claims,
    read_fact,
    read_misconception,
)
from quizapp.core.status import Status, gives_away


def build_fact_base(
    article: Article, facts_doc: Mapping[str, Any], claims_doc: Mapping[str, Any]
) -> FactBase:
    """Validate the raw fact and claim documents against the article; raise FactBaseError."""
    synonyms = {
        str(key): tuple(str(v) for v in (values or ()))
        for key, values in (facts_doc.get("synonyms") or {}).items()
    }
    reader = Reader(article, synonyms)
    claims = read_claims(reader, claims_doc.get("claims") or [])
    claim_ids = {c.id for c in claims}
    facts: dict[str, Fact] = {}
    seen: set[str] = set()
    for raw in facts_doc.get("facts") or []:
        fact = read_fact(reader, raw, claim_ids)
        check_id(reader, f"fact {fact.id!r}", fact.id, seen)
        facts[fact.id] = fact
    misconceptions = []
    for raw in facts_doc.get("misconceptions") or []:
        item = read_misconception(reader, raw, facts)
        check_id(reader, f"misconception {item.id!r}", item.id, seen)
        misconceptions.append(item)
    for claim in claims:
        check_claim(reader, claim, facts)
    for item in misconceptions:
        check_misconception_quote(reader, item, list(facts.values()))
    check_supersessions(reader, facts)
    cases = tuple(read_case(reader, raw, facts) for raw in facts_doc.get("cases") or [])
    for case in cases:
        check_id(reader, f"case {case.id!r}", case.id, seen)
        check_case(reader, case, facts)
    kinds = {
        str(slot): {str(k): str(v) for k, v in (values or {}).items()}
        for slot, values in (facts_doc.get("kinds") or {}).items()
    }
    existed = read_existed(reader, facts_doc.get("existed") or {})
    if reader.problems:
        raise FactBaseError(reader.problems)
    return FactBase(
        article,
        tuple(facts.values()),
        tuple(misconceptions),
        tuple(claims),
        synonyms,
        kinds,
        cases,
        existed,
        tuple(frozenset(str(v) for v in group) for group in facts_doc.get("overlaps") or ()),
        {
            str(slot): {str(k): frozenset(str(v) for v in vs or ()) for k, vs in phrases.items()}
            for slot, phrases in (facts_doc.get("roles") or {}).items()
        },
        {str(k): str(v) for k, v in (facts_doc.get("glosses") or {}).items()},
    )


def check_supersessions(reader: Reader, facts: Mapping[str, Fact]) -> None:
    """A superseded fact names another existing fact, no older than itself."""
    for fact in facts.values():
        newer = facts.get(fact.superseded_by or "")
        if fact.superseded_by and (newer is None or newer.id == fact.id):
            reader.problem(f"fact {fact.id!r}", "superseded_by", "name another existing fact")
        elif newer is not None and newer.as_of < fact.as_of:
            reader.problem(f"fact {fact.id!r}", "superseded_by", "the newer fact is older")


def read_existed(
    reader: Reader, raw: Mapping[str, Any]
) -> dict[str, tuple[date | None, date | None]]:
    """Each agency's first and last day (None: open), as [first, last] in the document."""
    existed: dict[str, tuple[date | None, date | None]] = {}
    for agency, span in raw.items():
        if not (isinstance(span, list) and len(span) == 2) or not all(
            d is None or isinstance(d, date) for d in span
        ):
            reader.problem(
                f"existed {agency!r}", "span", "give [first day, last day], null if open"
            )
            continue
        existed[str(agency)] = (span[0], span[1])
    return existed


def sentence_of(text: str, quote: str) -> str:
    """The sentence (or sentences) of text that hold the quote; the quote itself if absent."""
    found = locate(text, quote)
    if found is None:
        return quote
    start, stop = found
    ends = [m.end() for m in re.finditer(r"[.!?][”\"’]?(?=\s|$)", text)]
    begin = max((e for e in ends if e <= start), default=0)
    end = min((e for e in ends if e >= stop), default=len(text))
    return text[begin:end].strip()


def check_misconception_quote(reader: Reader, item: Misconception, facts: list[Fact]) -> None:
    """A misconception quotes the article as support, so never a sentence the record faults."""
    if item.article is None:
        return
    text = reader.article.text
    mine = sentence_of(text, item.article.quote)
    for fact in facts:
        ref = fact.article
        if ref is None or ref.verdict is Verdict.SUPPORTED:
            continue
        theirs = sentence_of(text, ref.quote)
        if mine in theirs or theirs in mine:
            reader.problem(
                f"misconception {item.id!r}",
                "article.quote",
                f"quotes a passage the record finds {ref.verdict} (fact {fact.id!r})",
            )


def check_id(reader: Reader, where: str, item_id: str, seen: set[str]) -> None:
    """Ids are readable slugs, unique across facts and misconceptions."""
    if not SLUG.match(item_id):
        reader.problem(where, "id", "must be a lower-case slug like 'first-approval'")
    if item_id in seen:
        reader.problem(where, "id", "duplicate id")
    seen.add(item_id)


def check_case(reader: Reader, case: Case, facts: Mapping[str, Fact]) -> None:
    """A hard case must not bring back, with one key, a statement its facts mark arguable: a
    case resting only on `classify: false` facts may not use the words of another status
    ("approved products" in a case about where cells come from), which is what made the
    facts arguable."""
    backing = [facts[f] for f in case.facts if f in facts]
    if not backing or any(f.classified for f in backing):
        return
    for status in Status:
        if status is not case.status and gives_away(case.statement, status):
            reader.problem(
                f"case {case.id!r}",
                "statement",
                f"rests on facts marked classify: false and names {status.noun}: "
                "it restates what they mark arguable",
            )


def check_claim(reader: Reader, claim: Claim, facts: Mapping[str, Fact]) -> None:
    """A claim is covered by facts that name it, or excluded with a reason."""
    where = f"claim {claim.id!r}"
    if not claim.covered_by and not claim.excluded:
        reader.problem(where, "covered_by", "cover the claim with a fact or give 'excluded'")
    for fact_id in claim.covered_by:
        fact = facts.get(fact_id)
        if fact is None:
            reader.problem(where, "covered_by", f"unknown fact {fact_id!r}")
        elif fact.article is None or claim.id not in fact.article.claims:
            reader.problem(where, "covered_by", f"fact {fact_id!r} does not name {claim.id}")
        elif claim.scored and fact.article.verdict is not claim.verdict:
            reader.problem(
                where,
                "verdict",
                f"{claim.verdict}, but fact {fact_id!r} says {fact.article.verdict}",
            )
    for fact in facts.values():
        if fact.article and claim.id in fact.article.claims and fact.id not in claim.covered_by:
            reader.problem(where, "covered_by", f"misses fact {fact.id!r}, which names it")
