"""The fact base's types: atomic, sourced facts about the article's topic, validated on load.

Loading refuses, with a message naming the fact and the field, anything a quiz must not teach:
a quote that is not verbatim in the article, a duplicate id, an unknown status, a bad date, an
outdated or inaccurate verdict without a correction, or a scored use of an unverifiable fact.
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

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
    # False for a fact whose status a knowledgeable reader could argue (the absence of an
    # approval, a regulator's scientists publishing principles): never classified.
    classified: bool = True
    # Per slot, values that would keep the fact true (another document that sets the same
    # rule, its year): never a distractor for it nor a false swap in it.
    also_true: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # A warning that restates a standing rule (the NHC's December 2025 warnings): it could have
    # been given in other years too, so its year is never swapped nor asked, as for an estimate.
    repeatable: bool = False

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
    # For a supported claim: what in the record bears it out, when its covering fact's
    # statement alone would not show it.
    support: str | None = None
    # For an outdated claim: a day before the record moved on when it still matched the
    # record; the bank asks what the same words would have been had they appeared that day.
    held_on: date | None = None
    # With held_on: what changed after that day, told to whoever answers the earlier day's
    # question (the record as of the article's date would speak of the wrong day).
    changed: str | None = None
    # The fact check's reservation, where its verdict is split or hedged ("P / I", "S
    # (broadly)", "S (paraphrase)"): such a claim is never the key of a question of its own
    # (a knowledgeable reader could defend a neighbouring step); a faulted one is still a
    # wrong option among sentences the record faults, where "not supported in full" holds.
    caveat: str | None = None
    # A faulted claim whose fault is only what it leaves out ("the US, EU and Japan were early
    # movers", omitting South Korea): its words alone could be read as holding in full, so it
    # keeps its own verdict question (whose feedback says which part holds) but is never a
    # wrong option of an article-sound question.
    sound_reading: str | None = None

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
    # Values one of which is part of, or acts for, the other (the CDE is the NMPA's centre, the
    # European Commission grants what the EMA recommends): never swapped for each other.
    overlaps: tuple[frozenset[str], ...] = ()
    # Per slot, a phrase a stem may use to name the answer's kind ("drug regulator", "health
    # authority", "patient's own"), and the values it fits: a stem using it offers only those.
    roles: Mapping[str, Mapping[str, frozenset[str]]] = field(default_factory=dict)
    # What a value is, in a few words, told to a student who picks it wrongly.
    glosses: Mapping[str, str] = field(default_factory=dict)

    def fits_roles(self, slot: str, prompt: str, right: str, other: str) -> bool:
        """True when `other` has every role of `right` that the prompt names, so the stem's
        own words ("Which Chinese drug regulator") do not rule it out."""
        text = prompt.casefold()
        return all(
            other in values
            for phrase, values in self.roles.get(slot, {}).items()
            if right in values and phrase.casefold() in text
        )

    def overlap(self, a: str, b: str) -> bool:
        """True when a and b are part of one another, so one is no false stand-in for the other."""
        return any({a, b} <= group for group in self.overlaps)

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
