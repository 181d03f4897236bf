"""The verdict scale for the article's claims, judged at its date and today, in words.

Every option of a verdict question says what that verdict would mean, then what the record
says of this claim, so no option's feedback is false whichever was picked.
"""

import re
from dataclasses import dataclass

from quizapp.core.facts import Verdict


@dataclass(frozen=True)
class Grade:
    """One step of the scale: its label and what it means for a claim."""

    label: str
    meaning: str


def scale() -> dict[Verdict, Grade]:
    """The scale, the same for every verdict question (the prompt names the date the claim
    was published, and "then" is that date); the unverifiable step is never scored."""
    # Worded so that the longest option is Supported, a key capped at the least common other
    # verdict's count, rather than Outdated, the commonest key: "pick the longest" gains nothing.
    return {
        Verdict.SUPPORTED: Grade(
            "Supported",
            "the record bears out all of the claim, both when it was published and today",
        ),
        Verdict.PARTLY: Grade("Partly supported", "part of the claim holds and part does not"),
        Verdict.OUTDATED: Grade(
            "Outdated when published",
            "it once held, but the record had moved on before publication",
        ),
        Verdict.OVERTAKEN: Grade(
            "Overtaken since", "it held when it was published; the record changed later"
        ),
        Verdict.INACCURATE: Grade(
            "Inaccurate", "it never matched the record, when it was published or before"
        ),
        Verdict.UNVERIFIABLE: Grade(
            "Not verifiable", "no record could confirm or refute it: context only, never scored"
        ),
    }


SCORED = (
    Verdict.SUPPORTED,
    Verdict.PARTLY,
    Verdict.OUTDATED,
    Verdict.OVERTAKEN,
    Verdict.INACCURATE,
)


def option_text(grade: Grade) -> str:
    """How an option names a verdict: its label and, in words, what it means."""
    return f"{grade.label}: {grade.meaning}"


def feedback(picked: Verdict, key: Verdict, record: str) -> str:
    """What a student who picked this verdict reads: what it would mean, and the record here."""
    grades = scale()
    if picked is key:
        return f"Right: {grades[key].meaning}. {record}"
    return (
        f"{grades[picked].label} would mean {grades[picked].meaning}. "
        f"Here {grades[key].meaning}: {record}"
    )


def excerpt(quote: str) -> str:
    """A quote as a quote box shows it: whole sentences, or an ellipsis where it is cut (a
    trailing comma or dash dropped, so it never reads as if the sentence ended there)."""
    text = quote.strip()
    if not re.match(r"[A-Z‘“\"(]", text):
        text = "…" + text
    if not re.search(r"[.!?]['’”\"]?$", text):
        text = re.sub(r"[\s,;:—–]+([’”\"]?)$", r"\1", text) + "…"
    return text


def quoted(quote: str) -> str:
    """A quote as a prompt shows it: as `excerpt` does, and inner quotation marks turned
    single so they read cleanly inside the outer ones."""
    return f"“{excerpt(quote).replace('“', '‘').replace('”', '’')}”"
