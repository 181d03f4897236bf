"""The status vocabulary: what kind of thing a fact is. Defined here once, shown everywhere."""

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


@dataclass(frozen=True)
class StatusInfo:
    """How a status is named and explained to a student."""

    label: str
    meaning: str


STATUS_INFO: dict[Status, StatusInfo] = {
    Status.APPROVED_DRUG: StatusInfo(
        "Approved drug",
        "A regulator approved it for marketing as a medicine; a conditional approval is "
        "still an approval, with conditions.",
    ),
    Status.RESEARCH: StatusInfo(
        "Research",
        "Laboratory, preclinical or clinical studies and trials, including treatment given "
        "inside a filed study: not an approval.",
    ),
    Status.RULE: StatusInfo(
        "Rule",
        "Laws, measures, guidelines and agencies, and what they allow or forbid.",
    ),
    Status.WITHDRAWN: StatusInfo(
        "Withdrawn",
        "Once approved for marketing, later withdrawn.",
    ),
    Status.BACKGROUND: StatusInfo(
        "Background",
        "Science and history that is none of the above.",
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


def badge_label(status: Status, conditional: bool = False) -> str:
    """The words on a badge: a conditional approval says so."""
    if status is Status.APPROVED_DRUG and conditional:
        return "Approved drug (conditional)"
    return status.label
