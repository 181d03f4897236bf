"""How numbers read for people: one rounding for every page (CSV and JSON stay exact)."""

import math


def percent_text(value: float) -> str:
    """A percentage rounded half up to a whole number, as people expect: 62.5 -> "63%"."""
    return f"{math.floor(value + 0.5)}%"


def points_text(value: float) -> str:
    """Points with at most two decimals, trailing zeros dropped: 3.66667 -> "3.67", 4.0 -> "4"."""
    return f"{round(value, 2):g}"
