"""The fact base: atomic, sourced facts about the article's topic, validated on load.

Loading refuses, with a message naming the fact and the field, anything a quiz must not teach:
a quote that is not verbatim in the article, a duplicate id, an unknown status, a bad date, an
outdated or inaccurate verdict without a correction, or a scored use of an unverifiable fact.
The types live in `model`, reading in `reader`, the checks across items in `build`.
"""

from quizapp.core.facts.build import build_fact_base, sentence_of
from quizapp.core.facts.model import (
    CLAIM_ID,
    CORRECTED_VERDICTS,
    NUMERIC_SLOTS,
    SLOT_TYPES,
    SLUG,
    ArticleRef,
    Ask,
    Case,
    Claim,
    Correction,
    Fact,
    FactBase,
    FactBaseError,
    Misconception,
    Slot,
    Source,
    Verdict,
)

__all__ = [
    "CLAIM_ID",
    "CORRECTED_VERDICTS",
    "NUMERIC_SLOTS",
    "SLOT_TYPES",
    "SLUG",
    "ArticleRef",
    "Ask",
    "Case",
    "Claim",
    "Correction",
    "Fact",
    "FactBase",
    "FactBaseError",
    "Misconception",
    "Slot",
    "Source",
    "Verdict",
    "build_fact_base",
    "sentence_of",
]
