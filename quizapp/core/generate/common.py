"""Pieces every template shares: names compared as words, event dates, sources, options."""

import re
from datetime import date

from quizapp.core.facts import Fact, Source
from quizapp.core.questions import Option
from quizapp.core.status import badge_label
from quizapp.core.wording import human_date, slot_text

CHOICE_SLOTS = frozenset(
    {
        "agency",
        "product",
        "country",
        "indication",
        "document",
        "journal",
        "company",
        "cell_source",
        "place",
        "date",
    }
)
# Names to recall are typed; every other ask is a choice. One ask makes one item, never a
# short-answer twin of a single choice.
SHORT_SLOTS = frozenset({"journal", "company"})
# Details a false statement may change, most telling first: each is checked in the record.
FALSIFIABLE = ("agency", "product", "country", "date", "year", "indication", "cell_source")
OPTIONS_PER_CHOICE = 4
MATCHING_PAIRS = 4
ORDERING_ITEMS = 4


def norm_words(text: str) -> str:
    """Case, spacing and punctuation do not make two answers different."""
    return re.sub(r"[\W_]+", " ", text.casefold()).strip()


def mentions(normalised_text: str, name: str) -> bool:
    """True when the name occurs as whole words in already-normalised text ("US" is not in
    "autologous")."""
    words = norm_words(name)
    return bool(words) and re.search(rf"\b{re.escape(words)}\b", normalised_text) is not None


def side(fact: Fact, slot: str) -> str:
    """One side of a matching pair: a slot value, or the fact's status in words."""
    if slot == "status":
        return badge_label(fact.status, fact.conditional)
    return slot_text(fact.slots[slot])


def true_false_options(answer: bool, why_not: str = "") -> tuple[Option, ...]:
    """The two options of a true/false question, in the usual order; the wrong one tells why
    it does not fit this statement."""
    return (
        Option("true", "True", answer, "" if answer else why_not),
        Option("false", "False", not answer, why_not if answer else ""),
    )


def event_when(fact: Fact) -> tuple[int, date]:
    """When a timeline event happened: its year, then its date where known."""
    day = fact.slots.get("date")
    if isinstance(day, date):
        return day.year, day
    year = fact.slots.get("year")
    return (int(year), date(int(year), 12, 31)) if isinstance(year, int) else (0, date.min)


def event_day(fact: Fact) -> date:
    """The day a fact's event happened, as near as it says: its date, its year, its as-of."""
    day, year = fact.slots.get("date"), fact.slots.get("year")
    if isinstance(day, date):
        return day
    return date(year, 7, 1) if isinstance(year, int) else fact.as_of


def event_when_text(fact: Fact) -> str:
    """The date of an event as the explanation gives it."""
    day = fact.slots.get("date")
    return human_date(day) if isinstance(day, date) else str(fact.slots.get("year"))


def distinct_sources(sources: tuple[Source, ...]) -> tuple[Source, ...]:
    """The sources without repeats: one link per address, the first publication named."""
    first: dict[str, Source] = {}
    for source in sources:
        first.setdefault(source.url, source)
    return tuple(first.values())
