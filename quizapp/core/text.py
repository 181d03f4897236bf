"""Text hygiene shared by forms, answers and imports."""

import re

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def without_controls(text: str) -> str:
    """The text without NUL and other invisible control characters (tabs and newlines kept)."""
    return CONTROL.sub("", text)
