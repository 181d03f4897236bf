"""How numbers read for people: one rounding for every page (CSV and JSON stay exact)."""

import math


def percent_text(value: float) -> str:
    """A percentage rounded half up to a whole number, as people expect: 62.5 -> "63%"."""
    return f"{math.floor(value + 0.5)}%"
