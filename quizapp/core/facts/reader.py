"""Reading raw fact, misconception, claim and case mappings into the fact base's types,
collecting every problem instead of stopping at the first."""

import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from quizapp.core.article import Article
from quizapp.core.facts.model import (
    CLAIM_ID,
    CORRECTED_VERDICTS,
    SLOT_TYPES,
    ArticleRef,
    Ask,
    Case,
    Claim,
    Correction,
    Fact,
    Misconception,
    Slot,
    Source,
    Verdict,
)
from quizapp.core.status import Status


class Reader:
    """Reads raw mappings into dataclasses, collecting every problem instead of stopping."""

    def __init__(self, article: Article, synonyms: Mapping[str, tuple[str, ...]]) -> None:
        self.article = article
        self.synonyms = synonyms
        self.problems: list[str] = []

    def problem(self, where: str, field_name: str, message: str) -> None:
        self.problems.append(f"{where}, field '{field_name}': {message}")

    def text(self, raw: Mapping[str, Any], where: str, name: str, label: str = "") -> str:
        value = raw.get(name)
        if not isinstance(value, str) or not value.strip():
            self.problem(where, label or name, "is required and must be text")
            return ""
        return value.strip()

    def status(self, raw: Mapping[str, Any], where: str) -> Status:
        try:
            return Status(str(raw.get("status")))
        except ValueError:
            allowed = ", ".join(s.value for s in Status)
            self.problem(where, "status", f"unknown status {raw.get('status')!r} ({allowed})")
            return Status.BACKGROUND

    def day(self, value: Any, where: str, name: str) -> date:
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            self.problem(where, name, f"bad date {value!r} (use YYYY-MM-DD)")
            return date.min

    def sources(self, raw: Any, where: str, name: str) -> tuple[Source, ...]:
        if not isinstance(raw, list):
            self.problem(where, name, "must be a list of {publication, url}")
            return ()
        sources = []
        for i, item in enumerate(raw):
            item = item if isinstance(item, Mapping) else {}
            url = str(item.get("url") or "")
            if not item.get("publication") or not url.startswith(("http://", "https://")):
                self.problem(where, f"{name}[{i}]", "needs a publication and an http(s) url")
                continue
            sources.append(Source(str(item["publication"]), url))
        return tuple(sources)

    def article_ref(self, raw: Any, where: str, claim_ids: set[str]) -> ArticleRef | None:
        if raw is None:
            return None
        quote = self.text(raw, where, "quote", "article.quote")
        found = self.article.section_of(quote) if quote else None
        if quote and found is None:
            self.problem(where, "article.quote", f"is not verbatim in the article: {quote!r}")
        section = str(raw.get("section", ""))
        if found is not None and section != found:
            self.problem(where, "article.section", f"says {section!r}; the quote is in {found!r}")
        try:
            verdict = Verdict(raw.get("verdict", Verdict.SUPPORTED))
        except ValueError:
            self.problem(where, "article.verdict", f"unknown verdict {raw.get('verdict')!r}")
            verdict = Verdict.UNVERIFIABLE
        claims = tuple(raw.get("claims") or ())
        for claim in claims:
            if claim not in claim_ids:
                self.problem(where, "article.claims", f"unknown claim {claim!r}")
        return ArticleRef(quote, section, verdict, claims)

    def slots(self, raw: Any, where: str) -> dict[str, Slot]:
        slots: dict[str, Slot] = {}
        for name, value in (raw or {}).items():
            types = SLOT_TYPES.get(name)
            if types is None:
                self.problem(
                    where, f"slots.{name}", f"unknown slot type (one of {list(SLOT_TYPES)})"
                )
            elif isinstance(value, bool) or not isinstance(value, types):
                self.problem(where, f"slots.{name}", f"{value!r} is not a {types[0].__name__}")
            else:
                slots[name] = value  # type: ignore[assignment]  # checked just above
        return slots


def read_fact(reader: Reader, raw: Mapping[str, Any], claim_ids: set[str]) -> Fact:
    """Read one fact, reporting its problems."""
    fact_id = str(raw.get("id", ""))
    where = f"fact {fact_id!r}"
    article = reader.article_ref(raw.get("article"), where, claim_ids)
    correction = (
        read_correction(reader, raw["correction"], where) if raw.get("correction") else None
    )
    if article and article.verdict in CORRECTED_VERDICTS and not correction:
        reader.problem(where, "correction", f"an {article.verdict} verdict needs a correction")
    slots = reader.slots(raw.get("slots"), where)
    asks = read_asks(reader, raw.get("asks") or (), slots, where)
    fact = Fact(
        id=fact_id,
        statement=reader.text(raw, where, "statement"),
        status=reader.status(raw, where),
        as_of=reader.day(raw.get("as_of"), where, "as_of"),
        sources=reader.sources(raw.get("sources", []), where, "sources"),
        conditional=bool(raw.get("conditional", False)),
        confidence=str(raw.get("confidence", "")),
        article=article,
        correction=correction,
        slots=slots,
        event=raw.get("event"),
        asks=asks,
        ref=str(raw.get("ref", "")),
        superseded_by=raw.get("superseded_by"),
        classify=raw.get("classify") or None,
        classified=raw.get("classify") is not False,
        also_true={
            str(slot): tuple(str(v) for v in values)
            for slot, values in (raw.get("also_true") or {}).items()
        },
        repeatable=raw.get("repeatable") is True,
    )
    if fact.repeatable and any(a.slot in ("year", "date") for a in asks):
        reader.problem(where, "asks", "a repeatable warning could be given any year: no year ask")
    for slot in fact.also_true:
        if slot not in slots:
            reader.problem(where, f"also_true.{slot}", f"{slot!r} is not among the fact's slots")
    if not fact.verifiable and fact.asks:
        reader.problem(where, "asks", "an unverifiable fact is never scored: remove its asks")
    if fact.event and "date" not in slots and "year" not in slots:
        reader.problem(where, "event", "a timeline event needs a date or year slot")
    return fact


def read_correction(reader: Reader, raw: Mapping[str, Any], where: str) -> Correction:
    """What the record says where the article is wrong or outdated, with its sources."""
    correction = Correction(
        reader.text(raw, where, "text", "correction.text"),
        reader.sources(raw.get("sources"), where, "correction.sources"),
    )
    if not correction.sources:
        reader.problem(where, "correction.sources", "a correction needs a source")
    return correction


def read_asks(
    reader: Reader, raw: Sequence[Any], slots: Mapping[str, Slot], where: str
) -> tuple[Ask, ...]:
    """The fact's question hooks: each asks for one of its slots, in a prompt that does not
    name the answer."""
    asks = []
    for i, ask in enumerate(raw):
        slot, prompt = ask.get("slot"), str(ask.get("prompt") or "").strip()
        if slot not in slots:
            reader.problem(where, f"asks[{i}].slot", f"{slot!r} is not among the fact's slots")
            continue
        if not prompt:
            reader.problem(where, f"asks[{i}].prompt", "is required")
        elif isinstance(answer := slots[slot], str) and any(
            names_in(name, prompt) for name in (answer, *reader.synonyms.get(answer, ()))
        ):
            reader.problem(where, f"asks[{i}].prompt", "gives away its own answer")
        asks.append(Ask(slot, prompt, float(ask.get("tolerance") or 0)))
    return tuple(asks)


def read_misconception(
    reader: Reader, raw: Mapping[str, Any], facts: Mapping[str, Fact]
) -> Misconception:
    """Read one misconception; it must be refuted by verifiable facts."""
    item_id = str(raw.get("id", ""))
    where = f"misconception {item_id!r}"
    refuting = _named_facts(
        reader, raw, where, facts, "name at least one fact that refutes it", refutes=True
    )
    quote = raw.get("article")
    if quote is not None:
        quote = {**quote, "verdict": "supported"}
    return Misconception(
        id=item_id,
        statement=reader.text(raw, where, "statement"),
        why_false=reader.text(raw, where, "why_false"),
        status=reader.status(raw, where),
        facts=refuting,
        sources=reader.sources(raw.get("sources", []), where, "sources"),
        article=reader.article_ref(quote, where, set()),
        article_note=raw.get("article_note"),
    )


def read_claims(reader: Reader, raw: Sequence[Mapping[str, Any]]) -> list[Claim]:
    """Read the article's claims list."""
    claims = []
    for item in raw:
        claim_id = str(item.get("id", ""))
        where = f"claim {claim_id!r}"
        if not CLAIM_ID.match(claim_id):
            reader.problem(where, "id", "claim ids look like C01")
        try:
            verdict = Verdict(str(item.get("verdict")))
        except ValueError:
            reader.problem(where, "verdict", f"unknown verdict {item.get('verdict')!r}")
            verdict = Verdict.UNVERIFIABLE
        claims.append(
            Claim(
                id=claim_id,
                section=str(item.get("section", "")),
                text=reader.text(item, where, "text"),
                verdict=verdict,
                covered_by=tuple(item.get("covered_by") or ()),
                excluded=item.get("excluded"),
                status=reader.status(item, where) if item.get("status") else None,
                note=item.get("note"),
                support=item.get("support"),
                held_on=reader.day(item["held_on"], where, "held_on")
                if item.get("held_on")
                else None,
                changed=item.get("changed"),
                caveat=item.get("caveat"),
                sound_reading=item.get("sound_reading"),
            )
        )
        if verdict is Verdict.PARTLY and not item.get("note"):
            reader.problem(where, "note", "a partly supported claim says which part holds")
        if item.get("held_on") and verdict is not Verdict.OUTDATED:
            reader.problem(where, "held_on", "only an outdated claim held on an earlier day")
        elif item.get("held_on") and claims[-1].held_on:
            held_on = claims[-1].held_on
            if held_on >= reader.article.published:
                reader.problem(where, "held_on", "must be a day before the article's date")
        if bool(item.get("held_on")) != bool(item.get("changed")):
            reader.problem(where, "changed", "a claim held on an earlier day says what changed")
    return claims


def _named_facts(
    reader: Reader,
    raw: Mapping[str, Any],
    where: str,
    facts: Mapping[str, Fact],
    none_named: str,
    refutes: bool = False,
) -> tuple[str, ...]:
    """The ids of the facts an item rests on; a problem (none_named) when it names none, and
    one for each fact not in the base (or, for an item they refute, not verifiable)."""
    named = tuple(raw.get("facts") or ())
    if not named:
        reader.problem(where, "facts", none_named)
    for fact_id in named:
        if fact_id not in facts:
            reader.problem(where, "facts", f"unknown fact {fact_id!r}")
        elif refutes and not facts[fact_id].verifiable:
            reader.problem(where, "facts", f"{fact_id!r} is unverifiable and cannot refute")
    return named


def read_case(reader: Reader, raw: Mapping[str, Any], facts: Mapping[str, Fact]) -> Case:
    """Read one classification case; it rests on facts of the fact base."""
    case_id = str(raw.get("id", ""))
    where = f"case {case_id!r}"
    backing = _named_facts(reader, raw, where, facts, "name the facts the case rests on")
    return Case(
        id=case_id,
        statement=reader.text(raw, where, "statement"),
        status=reader.status(raw, where),
        why=reader.text(raw, where, "why"),
        facts=backing,
    )


def names_in(name: str, text: str) -> bool:
    """True when name occurs in text as whole words, ignoring case."""
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.IGNORECASE) is not None
