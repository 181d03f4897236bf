"""The study pages' data: the article with its claims marked, and the timeline of events."""

from collections import defaultdict
from dataclasses import dataclass, field

from markupsafe import Markup, escape

from quizapp.core.article import locate
from quizapp.core.facts import Claim, Fact, FactBase
from quizapp.core.generate import event_when, event_when_text


@dataclass
class MarkedSection:
    """A section of the article: heading, paragraphs with claims marked, and the claims."""

    key: str
    name: str
    heading: str
    paragraphs: list[Markup]
    claims: list[dict[str, object]] = field(default_factory=list)


def marked_article(base: FactBase) -> list[MarkedSection]:
    """Every section, each quoted passage wrapped in a link to the claims it carries."""
    quote_claims: dict[str, set[str]] = defaultdict(set)
    facts_by_claim: dict[str, list[Fact]] = defaultdict(list)
    for fact in base.facts:
        if fact.article:
            quote_claims[fact.article.quote].update(fact.article.claims)
            for claim_id in fact.article.claims:
                facts_by_claim[claim_id].append(fact)
    claims = {c.id: c for c in base.claims}
    sections = []
    for section in base.article.sections:
        marked = [_mark(p, quote_claims) for p in section.paragraphs]
        in_section = sorted(
            {
                cid
                for q, ids in quote_claims.items()
                if locate(section.text, q) is not None
                for cid in ids
            }
            | {c.id for c in base.claims if c.section == section.key},
            key=lambda cid: cid,
        )
        sections.append(
            MarkedSection(
                key=section.key,
                name=section.name,
                heading=section.heading,
                paragraphs=marked,
                claims=[
                    _claim_card(claims[cid], facts_by_claim[cid])
                    for cid in in_section
                    if cid in claims
                ],
            )
        )
    return sections


def _mark(paragraph: str, quote_claims: dict[str, set[str]]) -> Markup:
    """The paragraph as HTML, each quote in a <mark> linking to its first claim."""
    spans: list[tuple[int, int, list[str]]] = []
    for quote, ids in sorted(quote_claims.items(), key=lambda item: -len(item[0])):
        found = locate(paragraph, quote)
        if found is None or not ids:
            continue
        start, end = found
        if any(start < e and s < end for s, e, _ in spans):
            continue  # overlaps a longer quote already marked
        spans.append((start, end, sorted(ids)))
    html, cursor = Markup(""), 0
    for start, end, ids in sorted(spans):
        html += escape(paragraph[cursor:start])
        refs = ", ".join(ids)
        html += Markup('<mark class="claim"><a href="#claim-{}">{}<sup>{}</sup></a></mark>').format(
            ids[0], paragraph[start:end], refs
        )
        cursor = end
    return html + escape(paragraph[cursor:])


def _claim_card(claim: Claim, facts: list[Fact]) -> dict[str, object]:
    """What choosing a claim shows: verdict, the facts' statuses, corrections and sources."""
    return {
        "id": claim.id,
        "text": claim.text,
        "verdict": claim.verdict.value,
        "verdict_label": claim.verdict.label,
        "excluded": claim.excluded,
        "facts": [
            {
                "statement": f.statement,
                "status": f.status.value,
                "conditional": f.conditional,
                "as_of": f.as_of,
                "correction": f.correction.text if f.correction else None,
                "sources": list(f.sources) + list(f.correction.sources if f.correction else ()),
            }
            for f in facts
        ],
    }


def timeline(base: FactBase) -> list[dict[str, object]]:
    """The dated events of the fact base, earliest first."""
    events = sorted((f for f in base.facts if f.event and f.verifiable), key=event_when)
    return [
        {
            "when": event_when_text(f),
            "year": event_when(f)[0],
            "event": f.event,
            "status": f.status.value,
            "conditional": f.conditional,
            "statement": f.statement,
            "first_approval_in_china": f.id == "amimestrocel-conditional-approval",
            "sources": f.sources,
        }
        for f in events
    ]
