"""The status vocabulary: what kind of thing a fact is. Defined here once, shown everywhere."""

import re
from dataclasses import dataclass
from enum import StrEnum


class Status(StrEnum):
    """What a fact or question is about; the line between research and approval is the lesson."""

    APPROVED_DRUG = "approved_drug"
    RESEARCH = "research"
    RULE = "rule"
    WITHDRAWN = "withdrawn"
    BACKGROUND = "background"

    @property
    def label(self) -> str:
        """The status in words, as a badge shows it."""
        return STATUS_INFO[self].label

    @property
    def meaning(self) -> str:
        """One sentence saying what the status means."""
        return STATUS_INFO[self].meaning

    @property
    def needs(self) -> str:
        """What a statement must describe to have this status, as a wrong pick is told."""
        return STATUS_INFO[self].needs

    @property
    def noun(self) -> str:
        """The status as a noun phrase in a sentence: 'an approved drug', 'research'."""
        return STATUS_INFO[self].noun


@dataclass(frozen=True)
class StatusInfo:
    """How a status is named and explained to a student."""

    label: str
    meaning: str
    needs: str
    noun: str
    give_away: str  # words that name the status outright; a classification stem avoids them


STATUS_INFO: dict[Status, StatusInfo] = {
    Status.APPROVED_DRUG: StatusInfo(
        "Approved drug",
        "A regulator approved it for marketing as a medicine.",
        "a regulator's marketing approval of a product, so that it can be prescribed outside "
        "a study",
        "an approved drug",
        r"approv|authori[sz]|marketing|licen[cs]",
    ),
    Status.RESEARCH: StatusInfo(
        "Research",
        "Laboratory, preclinical or clinical studies and trials, including treatment given "
        "inside a filed study: not an approval.",
        "a study or trial, its results, or a regulator clearing one to start",
        "research",
        # Testing words too ("tested in patients", "pivotal", "placebo"): they name it as well.
        r"trial|stud(y|ies)|research|\btest(s|ed|ing)?\b|pivotal|placebo",
    ),
    Status.RULE: StatusInfo(
        "Rule",
        "Laws, measures, guidelines and agencies, and what they allow or forbid.",
        "a law, measure, guideline or official decision on what may or may not be done",
        "a rule",
        r"\b(rules?|laws?|regulations?|measures|guidelines?|guiding principles|ban(s|ned)?|"
        r"prohibit\w*|forbid\w*)\b",
    ),
    Status.WITHDRAWN: StatusInfo(
        "Withdrawn",
        "Once approved for marketing, later withdrawn.",
        "a marketing approval that was later withdrawn, as of the date of the withdrawal",
        "a withdrawn drug",
        r"withdr",
    ),
    Status.BACKGROUND: StatusInfo(
        "Background",
        "Science and history that is none of the above.",
        "science or history that is none of these: no study, approval or rule",
        "background",
        r"$^",
    ),
}


# A symbol beside the words, so the badge never relies on colour alone.
STATUS_SYMBOLS: dict[Status, str] = {
    Status.APPROVED_DRUG: "℞",
    Status.RESEARCH: "⚗",
    Status.RULE: "§",
    Status.WITHDRAWN: "⊘",
    Status.BACKGROUND: "ℹ",
}


def gives_away(text: str, status: Status) -> bool:
    """True when the text names its own status outright ("trial" for research)."""
    return re.search(STATUS_INFO[status].give_away, text, re.IGNORECASE) is not None


def badge_label(status: Status, conditional: bool = False) -> str:
    """The words on a badge: a conditional approval says so."""
    if status is Status.APPROVED_DRUG and conditional:
        return "Approved drug (conditional)"
    return status.label


CONDITIONAL_NOTE = (
    "The approval was conditional: still an approval, granted with confirmatory evidence due."
)


def conditional_note(product: object = None) -> str:
    """The conditional-approval note, naming the product whose approval it was: an item on a
    later event of that product (an application for full approval) must not read as if that
    event were the conditional approval."""
    if not isinstance(product, str) or not product:
        return CONDITIONAL_NOTE
    return (
        f"{product[0].upper()}{product[1:]}'s approval was conditional: still an approval, "
        "granted with confirmatory evidence due."
    )
