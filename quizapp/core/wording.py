"""The wording of generated questions: why an item has its status, how a false statement
swaps one detail, how distractors sit around the answer, and what a surface cue would see."""

import random
import re
from collections.abc import Callable, Mapping
from datetime import date

from quizapp.core.facts import Case, Claim, Fact, Slot
from quizapp.core.status import Status


def human_date(day: date) -> str:
    """A date as people write it: 2 January 2025."""
    return f"{day.day} {day:%B %Y}"


def slot_text(value: Slot) -> str:
    """A slot value as a question shows it."""
    return human_date(value) if isinstance(value, date) else str(value)


def around(right: str, candidates: list[str], n: int, rng: random.Random) -> list[str]:
    """n distractors in the candidates' order, with the answer's place among them by length
    drawn at random, so that neither the shortest, the longest nor a middle option is a cue.
    A candidate as long as the answer counts on either side: with it the answer ties, so a
    three-letter answer ("NHC") is not the shortest merely because none is shorter."""
    shorter = [t for t in candidates if len(t) <= len(right)]
    longer = [t for t in candidates if len(t) >= len(right)]
    below = rng.randint(0, n)
    below = max(min(below, len(shorter)), n - len(longer))
    chosen = shorter[:below]
    chosen += [t for t in longer if t not in chosen][: n - below]
    return chosen + [t for t in candidates if t not in chosen][: n - len(chosen)]


def item_status(fact: Fact, claim: Claim | None = None, case: Case | None = None) -> Status:
    """The status of a question is what that question asks about (docs/CONTENT.md, "How
    status is decided"): a verdict item's claim, a hard case's own status, else the fact's.
    The fact base carries the hard cases: a regulator clearing a trial (IND) is research;
    trial data of an approved product is research; an authorisation later withdrawn is an
    approved drug as of its date; a fee charged inside a study is a rule question."""
    if case is not None:
        return case.status
    if claim is not None and claim.status is not None:
        return claim.status
    return fact.status


def why_status(
    fact: Fact, status: Status | None = None, agencies: Mapping[str, tuple[str, ...]] | None = None
) -> str:
    """Why this fact has its status, in words that name its own product and regulator (a rule
    names its agency only when its statement names no other of `agencies`: joint issuers and
    two-track systems are not one agency's)."""
    status = status or fact.status
    slots = {k: slot_text(v) for k, v in fact.slots.items()}
    agency, country, product = slots.get("agency"), slots.get("country"), slots.get("product")
    the = "" if agency == "Health Canada" else "the "
    where = f" by {the}{agency}" if agency else f" in {the_name(country)}" if country else ""
    if status is Status.APPROVED_DRUG and product:
        # In the past tense: true whatever happened to the product later (Holoclar's
        # approval became full in 2024, Alofisel's was withdrawn). No date: a fact's date
        # slot may be another event's (a first prescription, a price).
        # Not "so it could then be prescribed": an approval may hold its shipments back
        # (Akuugo's did until the product sold was shown to match the one tested).
        # A later event of a conditionally approved product (an application for full
        # approval) is not conditional itself, but its product's approval was.
        conditional = fact.conditional or "conditionally approved" in fact.statement
        kind = "conditionally approved" if conditional else "approved"
        return (
            f"{product[0].upper()}{product[1:]} was {kind} for marketing{where}: a "
            "regulator's marketing approval, not a study, makes it an approved drug."
        )
    if status is Status.WITHDRAWN and product:
        day = slots.get("date")
        return f"{product}'s marketing authorisation was withdrawn" + (
            f" on {day}: a withdrawn drug." if day else ": a withdrawn drug."
        )
    document = slots.get("document")
    return {
        # What it reports is the study, even where it names the approval the study led to
        # (the Phase II data behind amimestrocel's approval).
        Status.RESEARCH: "What it reports is a study or trial (clearing, running or reporting "
        "one), not a marketing approval: research.",
        # A document names its rule; an agency only when the statement names no other (joint
        # issuers, two tracks), and its rule may be a warning as well as a permission.
        Status.RULE: f"It is about the {document}, which set what may or may not be done: a rule."
        if document
        else f"It says what {the}{agency} allows, requires or warns against: a rule."
        if agency and sole_agency(fact.statement, agency, agencies or {})
        else "It says what may or may not be done: a rule.",
        Status.BACKGROUND: "It describes science or history, with no study, approval or rule "
        "in it: background.",
        # Also true of a fact that no product had yet been approved (up to 2024 in China).
        Status.APPROVED_DRUG: "It is about marketing approval (whether a regulator had "
        "granted one): an approved-drug question.",
        Status.WITHDRAWN: "It is about an approval later withdrawn: a withdrawn drug.",
    }[status]


def sole_agency(statement: str, agency: str, agencies: Mapping[str, tuple[str, ...]]) -> bool:
    """True when the statement names no agency but this one (by any of its names)."""
    named = {
        a
        for a, names in agencies.items()
        if any(re.search(rf"\b{re.escape(n)}\b", statement) for n in names)
    }
    return named <= {agency}


def surface_cue(shown: list[Fact], right: list[Fact], status: Status, prompt: str) -> float:
    """How far the statements' surface points at the right ones, in the order shown: for each
    cue (longest, shortest, the status's own words, words shared with the prompt), the share of
    right ones among the two it ranks first, ties keeping the order shown; the worst counts."""
    every = [(telling(f), f in right) for f in shown]
    words = content_words(prompt)
    cues: tuple[Callable[[str], int], ...] = (
        len,
        lambda t: -len(t),
        lambda t: len(re.findall(STATUS_WORDS[status], t, re.IGNORECASE)),
        lambda t: len(content_words(t) & words),
    )
    worst = 0.0
    for cue in cues:
        top = sorted(every, key=lambda item: -cue(item[0]))[:2]
        worst = max(worst, sum(ok for _, ok in top) / 2)
    return worst


# Words a guesser would tie to a status (wider than the give-away words a stem avoids).
STATUS_WORDS = {
    Status.APPROVED_DRUG: r"approv|authori[sz]|market|prescri|sold|sell|licen",
    Status.RESEARCH: r"trial|stud|research|tested|testing",
    Status.RULE: r"rule|law|regulat|measure|guideline|may not|must|ban|forbid|prohibit",
    Status.WITHDRAWN: r"withdr|no longer",
    Status.BACKGROUND: r"$^",
}


# Words too common in this subject to point at one option.
COMMON = frozenset({"stem", "cell", "cells", "china", "chinese", "product", "products"})


def stems(text: str) -> set[str]:
    """The word stems of a text that could tie an option to a stem, compound names split
    ("ReHeart" gives "heart") and endings dropped ("embryos", "Embryonic": "embry")."""
    split = re.sub(r"([a-z])([A-Z])", r"\1 \2", text)
    return {
        w[:5] for w in re.findall(r"[a-z]+", split.casefold()) if len(w) > 3 and w not in COMMON
    }


def content_words(text: str) -> set[str]:
    """The words of a text that could tie an option to a prompt (longer than three letters)."""
    return {w for w in re.findall(r"[a-z0-9]+", text.casefold()) if len(w) > 3}


# Names that take "the" in running text ("the United States"), and one that never does.
WITH_THE = frozenset({"United States", "European Union", "European Commission"})
WITHOUT_THE = frozenset({"Health Canada"})


def swap(statement: str, old: str, new: str) -> str:
    """The statement with one name swapped, its article ('the', 'a'/'an') made to fit."""
    before, after = statement.split(old, 1)
    had_the = bool(re.search(r"\bthe $", before, re.IGNORECASE))
    if new in WITH_THE and not had_the and not before.endswith("'s "):
        before += "the " if before else "The "
        if not statement.startswith(old):
            before = before.replace("The ", "the ")
    elif had_the and (new in WITHOUT_THE or old in WITH_THE and new not in WITH_THE):
        before = re.sub(r"\b(the) $", "", before, flags=re.IGNORECASE)
    article = re.search(r"\b(an?) $", before, re.IGNORECASE)
    if article:
        vowel = new[0] in "AEIOUaeiou" or (new[:2].isupper() and new[0] in "AEFHILMNORSX")
        word = "an" if vowel else "a"
        word = word.capitalize() if article[1][0].isupper() else word
        before = before[: article.start(1)] + word + " "
    return before + new + after


def the_name(name: str) -> str:
    """A name as running text gives it: "the United States", "the European Union"."""
    return f"the {name}" if name in WITH_THE else name


def inner_quotes(text: str) -> str:
    """A text set inside curly quotation marks: its own quotation marks, straight or curly,
    turned single so they read cleanly inside the outer ones."""
    text = re.sub(r'"([^"]*)"', r"‘\1’", text)
    return text.replace("“", "‘").replace("”", "’")


def slot_noun(slot: str) -> str:
    """How an explanation names the detail a false statement changed."""
    return {"cell_source": "cell source", "indication": "condition"}.get(slot, slot)


def names_in_text(name: str, text: str) -> bool:
    """True when name occurs in text as whole words, in its own case."""
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text) is not None


def telling(fact: Fact) -> str:
    """The fact as a status question shows it: its classify telling, else its statement."""
    return fact.classify or fact.statement


def is_chinese(fact: Fact) -> bool:
    """True when the fact is about China: its country slot, or China in its statement."""
    return fact.slots.get("country") == "China" or "China" in fact.statement


def about(product: str) -> str:
    """The tag of the questions on one product, so a quiz can cap them (about-alofisel)."""
    return "about-" + re.sub(r"[^a-z0-9]+", "-", product.casefold()).strip("-")


def status_phrase(status: Status) -> str:
    """How a prompt names a status: 'an approved drug', 'research', 'a rule'."""
    return {
        Status.APPROVED_DRUG: "an approved drug (approved for marketing by a regulator)",
        Status.RESEARCH: "research (a study or trial, not an approval)",
        # Not "agency decision": a marketing approval is one too, and it is an approved drug.
        Status.RULE: "a rule (a law, measure, guideline, licence or official warning: what "
        "may or may not be done in general, not one product's marketing approval)",
    }.get(status, status.label.lower())


# Words that date a claim ("as of 2024", "to date", "currently"): a reader may take them for a
# sign that the claim is out of date, so the verdict bank asks supported claims carrying them.
TIME_WORDS = re.compile(
    r"\b(as of|to date|yet|current|currently|now|still|being|remains?|so far)\b", re.IGNORECASE
)
ABSOLUTE_WORDS = re.compile(
    r"\b(only|never|all|always|none|no|every|any|for good|cannot|must)\b", re.IGNORECASE
)


def cues_at(right: str, options: list[str], prompt: str) -> int:
    """How many cheap readings of the options' surface single out the right one: the longest,
    the shortest, the middle length, the fewest absolute words, the most words shared with
    the prompt. A set of options is fair when none does."""
    words = content_words(prompt)
    middle = sorted(len(t) for t in options)[len(options) // 2]
    cues: tuple[Callable[[str], float], ...] = (
        len,
        lambda t: -len(t),
        lambda t: -abs(len(t) - middle),
        lambda t: -len(ABSOLUTE_WORDS.findall(t)),
        lambda t: len(content_words(t) & words),
    )
    found = 0
    for cue in cues:
        ranked = sorted(options, key=cue, reverse=True)
        if ranked[0] == right and cue(ranked[0]) != cue(ranked[1]):
            found += 1
    return found
