"""The fact base: atomic, sourced facts about the article's topic, validated on load.

Loading refuses, with a message naming the fact and the field, anything a quiz must not teach:
a quote that is not verbatim in the article, a duplicate id, an unknown status, a bad date, an
outdated or inaccurate verdict without a correction, or a scored use of an unverifiable fact.
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from quizapp.core.article import Article
from quizapp.core.status import Status

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
CLAIM_ID = re.compile(r"^C\d{2}$")
Slot = int | float | str | date
# Slot types and the Python types their values take; generation draws distractors per type.
SLOT_TYPES: dict[str, tuple[type, ...]] = {
    "year": (int,),
    "date": (date,),
    "number": (int, float),
    "agency": (str,),
    "product": (str,),
    "country": (str,),
    "indication": (str,),
    "document": (str,),
    "journal": (str,),
    "company": (str,),
    "cell_source": (str,),
    "place": (str,),
}
NUMERIC_SLOTS = frozenset({"year", "number"})


class Verdict(StrEnum):
    """How the article's claim stands against the record, judged at the article's date and
    today (the scale is written out in quizapp/core/verdicts.py and docs/CONTENT.md)."""

    SUPPORTED = "supported"
    PARTLY = "partly_supported"
    OUTDATED = "outdated"  # outdated when published: the record had moved on before the article
    OVERTAKEN = "overtaken"  # true when published, changed since
    INACCURATE = "inaccurate"
    UNVERIFIABLE = "unverifiable"  # context only, never scored

    @property
    def label(self) -> str:
        """The verdict in words, as a page shows it: 'outdated when published'."""
        return {
            "partly_supported": "partly supported",
            "outdated": "outdated when published",
            "overtaken": "overtaken since",
            "unverifiable": "not verifiable",
        }.get(self.value, self.value)


# Verdicts that say the record differs from the claim: they need a correction.
CORRECTED_VERDICTS = frozenset({Verdict.OUTDATED, Verdict.OVERTAKEN, Verdict.INACCURATE})


@dataclass(frozen=True)
class Source:
    """A publication that backs a fact, with its address."""

    publication: str
    url: str


@dataclass(frozen=True)
class ArticleRef:
    """Where the article states a fact: the verbatim quote, its section, and the verdict."""

    quote: str
    section: str
    verdict: Verdict
    claims: tuple[str, ...] = ()


@dataclass(frozen=True)
class Correction:
    """What the record says where the article is outdated or inaccurate."""

    text: str
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class Ask:
    """A question hook: a prompt answered by one slot of the fact."""

    slot: str
    prompt: str
    tolerance: float = 0


@dataclass(frozen=True)
class Fact:
    """One true statement, its status, the date it holds as of, and where it comes from."""

    id: str
    statement: str
    status: Status
    as_of: date
    sources: tuple[Source, ...]
    conditional: bool = False
    confidence: str = ""
    article: ArticleRef | None = None
    correction: Correction | None = None
    slots: Mapping[str, Slot] = field(default_factory=dict)
    event: str | None = None
    asks: tuple[Ask, ...] = ()
    ref: str = ""
    superseded_by: str | None = None
    classify: str | None = None  # the fact told without its status's give-away words

    @property
    def verifiable(self) -> bool:
        """False when the article's claim could not be checked: such a fact is never scored."""
        return self.article is None or self.article.verdict is not Verdict.UNVERIFIABLE

    @property
    def teachable(self) -> bool:
        """True when questions may be generated from the fact: verifiable and still current."""
        return self.verifiable and self.superseded_by is None


@dataclass(frozen=True)
class Misconception:
    """A false statement, why it is false, and what refutes it."""

    id: str
    statement: str
    why_false: str
    status: Status
    facts: tuple[str, ...]
    sources: tuple[Source, ...]
    article: ArticleRef | None = None
    article_note: str | None = None


@dataclass(frozen=True)
class Case:
    """A hard case for classification: a statement whose wording invites the wrong status."""

    id: str
    statement: str
    status: Status
    why: str
    facts: tuple[str, ...]


@dataclass(frozen=True)
class Claim:
    """A checkable claim of the article and what covers it, or why it is left out."""

    id: str
    section: str
    text: str
    verdict: Verdict
    covered_by: tuple[str, ...] = ()
    excluded: str | None = None
    status: Status | None = None  # what the claim is about, when not its covering fact's
    note: str | None = None  # for a partly supported claim: which part holds and which not

    @property
    def scored(self) -> bool:
        """True when a question may score the claim: checked, and not left out."""
        return not self.excluded and self.verdict is not Verdict.UNVERIFIABLE


@dataclass(frozen=True)
class FactBase:
    """The whole validated fact base."""

    article: Article
    facts: tuple[Fact, ...]
    misconceptions: tuple[Misconception, ...]
    claims: tuple[Claim, ...]
    synonyms: Mapping[str, tuple[str, ...]]
    kinds: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    cases: tuple[Case, ...] = ()
    # When an agency existed: (first day, last day), either open; only agencies that changed.
    existed: Mapping[str, tuple[date | None, date | None]] = field(default_factory=dict)

    def existed_on(self, agency: str, day: date) -> bool:
        """True when the agency existed on this day (a 2024 rule cannot be the CFDA's)."""
        first, last = self.existed.get(agency, (None, None))
        return (first is None or first <= day) and (last is None or day <= last)

    def kind_of(self, slot: str, value: str) -> str | None:
        """The kind of a slot value (a Chinese agency, a hospital, a tissue), if it has one."""
        return self.kinds.get(slot, {}).get(value)

    def fact(self, fact_id: str) -> Fact:
        """The fact with this id; KeyError if there is none."""
        for fact in self.facts:
            if fact.id == fact_id:
                return fact
        raise KeyError(fact_id)

    def names_for(self, value: str) -> tuple[str, ...]:
        """Every accepted spelling of a slot value: itself and its synonyms."""
        return (value, *self.synonyms.get(value, ()))


class FactBaseError(ValueError):
    """The fact base is invalid; .problems lists each problem, naming the item and field."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


class _Reader:
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


def _fact(reader: _Reader, raw: Mapping[str, Any], claim_ids: set[str]) -> Fact:
    """Read one fact, reporting its problems."""
    fact_id = str(raw.get("id", ""))
    where = f"fact {fact_id!r}"
    article = reader.article_ref(raw.get("article"), where, claim_ids)
    correction = None
    if raw.get("correction"):
        correction = Correction(
            reader.text(raw["correction"], where, "text", "correction.text"),
            reader.sources(raw["correction"].get("sources"), where, "correction.sources"),
        )
        if not correction.sources:
            reader.problem(where, "correction.sources", "a correction needs a source")
    if article and article.verdict in CORRECTED_VERDICTS and not correction:
        reader.problem(where, "correction", f"an {article.verdict} verdict needs a correction")
    slots = reader.slots(raw.get("slots"), where)
    asks = []
    for i, ask in enumerate(raw.get("asks") or ()):
        slot, prompt = ask.get("slot"), str(ask.get("prompt") or "").strip()
        if slot not in slots:
            reader.problem(where, f"asks[{i}].slot", f"{slot!r} is not among the fact's slots")
            continue
        if not prompt:
            reader.problem(where, f"asks[{i}].prompt", "is required")
        elif isinstance(answer := slots[slot], str) and any(
            _names_in(name, prompt) for name in (answer, *reader.synonyms.get(answer, ()))
        ):
            reader.problem(where, f"asks[{i}].prompt", "gives away its own answer")
        asks.append(Ask(slot, prompt, float(ask.get("tolerance") or 0)))
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
        asks=tuple(asks),
        ref=str(raw.get("ref", "")),
        superseded_by=raw.get("superseded_by"),
        classify=raw.get("classify"),
    )
    if not fact.verifiable and fact.asks:
        reader.problem(where, "asks", "an unverifiable fact is never scored: remove its asks")
    if fact.event and "date" not in slots and "year" not in slots:
        reader.problem(where, "event", "a timeline event needs a date or year slot")
    return fact


def _misconception(
    reader: _Reader, raw: Mapping[str, Any], facts: Mapping[str, Fact]
) -> Misconception:
    """Read one misconception; it must be refuted by verifiable facts."""
    item_id = str(raw.get("id", ""))
    where = f"misconception {item_id!r}"
    refuting = tuple(raw.get("facts") or ())
    if not refuting:
        reader.problem(where, "facts", "name at least one fact that refutes it")
    for fact_id in refuting:
        if fact_id not in facts:
            reader.problem(where, "facts", f"unknown fact {fact_id!r}")
        elif not facts[fact_id].verifiable:
            reader.problem(where, "facts", f"{fact_id!r} is unverifiable and cannot refute")
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


def _claims(reader: _Reader, raw: Sequence[Mapping[str, Any]]) -> list[Claim]:
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
            )
        )
        if verdict is Verdict.PARTLY and not item.get("note"):
            reader.problem(where, "note", "a partly supported claim says which part holds")
    return claims


def build_fact_base(
    article: Article, facts_doc: Mapping[str, Any], claims_doc: Mapping[str, Any]
) -> FactBase:
    """Validate the raw fact and claim documents against the article; raise FactBaseError."""
    synonyms = {
        str(key): tuple(str(v) for v in (values or ()))
        for key, values in (facts_doc.get("synonyms") or {}).items()
    }
    reader = _Reader(article, synonyms)
    claims = _claims(reader, claims_doc.get("claims") or [])
    claim_ids = {c.id for c in claims}
    facts: dict[str, Fact] = {}
    seen: set[str] = set()
    for raw in facts_doc.get("facts") or []:
        fact = _fact(reader, raw, claim_ids)
        _check_id(reader, f"fact {fact.id!r}", fact.id, seen)
        facts[fact.id] = fact
    misconceptions = []
    for raw in facts_doc.get("misconceptions") or []:
        item = _misconception(reader, raw, facts)
        _check_id(reader, f"misconception {item.id!r}", item.id, seen)
        misconceptions.append(item)
    for claim in claims:
        _check_claim(reader, claim, facts)
    for item in misconceptions:
        _check_misconception_quote(reader, item, list(facts.values()))
    for fact in facts.values():
        newer = facts.get(fact.superseded_by or "")
        if fact.superseded_by and (newer is None or newer.id == fact.id):
            reader.problem(f"fact {fact.id!r}", "superseded_by", "name another existing fact")
        elif newer is not None and newer.as_of < fact.as_of:
            reader.problem(f"fact {fact.id!r}", "superseded_by", "the newer fact is older")
    cases = tuple(_case(reader, raw, facts) for raw in facts_doc.get("cases") or [])
    for case in cases:
        _check_id(reader, f"case {case.id!r}", case.id, seen)
    kinds = {
        str(slot): {str(k): str(v) for k, v in (values or {}).items()}
        for slot, values in (facts_doc.get("kinds") or {}).items()
    }
    existed: dict[str, tuple[date | None, date | None]] = {}
    for agency, span in (facts_doc.get("existed") or {}).items():
        if not (isinstance(span, list) and len(span) == 2) or not all(
            d is None or isinstance(d, date) for d in span
        ):
            reader.problem(
                f"existed {agency!r}", "span", "give [first day, last day], null if open"
            )
            continue
        existed[str(agency)] = (span[0], span[1])
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
    )


def _case(reader: _Reader, raw: Mapping[str, Any], facts: Mapping[str, Fact]) -> Case:
    """Read one classification case; it rests on facts of the fact base."""
    case_id = str(raw.get("id", ""))
    where = f"case {case_id!r}"
    backing = tuple(raw.get("facts") or ())
    if not backing:
        reader.problem(where, "facts", "name the facts the case rests on")
    for fact_id in backing:
        if fact_id not in facts:
            reader.problem(where, "facts", f"unknown fact {fact_id!r}")
    return Case(
        id=case_id,
        statement=reader.text(raw, where, "statement"),
        status=reader.status(raw, where),
        why=reader.text(raw, where, "why"),
        facts=backing,
    )


def _names_in(name: str, text: str) -> bool:
    """True when name occurs in text as whole words, ignoring case."""
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.IGNORECASE) is not None


def sentence_of(text: str, quote: str) -> str:
    """The sentence (or sentences) of text that hold the quote; the quote itself if absent."""
    start = text.find(quote)
    if start < 0:
        return quote
    ends = [m.end() for m in re.finditer(r"[.!?][”\"’]?(?=\s|$)", text)]
    begin = max((e for e in ends if e <= start), default=0)
    end = min((e for e in ends if e >= start + len(quote)), default=len(text))
    return text[begin:end].strip()


def _check_misconception_quote(reader: _Reader, item: Misconception, facts: list[Fact]) -> None:
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


def _check_id(reader: _Reader, where: str, item_id: str, seen: set[str]) -> None:
    """Ids are readable slugs, unique across facts and misconceptions."""
    if not SLUG.match(item_id):
        reader.problem(where, "id", "must be a lower-case slug like 'first-approval'")
    if item_id in seen:
        reader.problem(where, "id", "duplicate id")
    seen.add(item_id)


def _check_claim(reader: _Reader, claim: Claim, facts: Mapping[str, Fact]) -> None:
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
