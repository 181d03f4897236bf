"""Text hygiene shared by forms, answers and imports."""

import re
import unicodedata

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Characters that change nothing a person sees: controls, zero-width and bidi marks (Cc, Cf).
INVISIBLE = frozenset(("Cc", "Cf"))
SPACES = re.compile(r"\s+")


def without_controls(text: str) -> str:
    """The text without NUL and other invisible control characters (tabs and newlines kept)."""
    return CONTROL.sub("", text)


def _visible(text: str) -> str:
    """The text in NFKC form without invisible characters: what a reader tells apart."""
    folded = unicodedata.normalize("NFKC", text)
    return "".join(c for c in folded if unicodedata.category(c) not in INVISIBLE)


def _folded(text: str) -> str:
    """Visible text without case; normalised again, as case folding can undo NFKC."""
    return _visible(_visible(text).casefold())


def canonical_username(text: str) -> str:
    """The one form of a login name that every lookup, limit and comparison uses.

    Unicode look-alikes fold to their plain letters (NFKC: "ｖｉｃｔｉｍ" is "victim"),
    invisible characters go, surrounding spaces go and case is ignored, so "ADM1 ",
    "adm\\x011" and "ａｄｍ１" all name the account "adm1".
    """
    return _folded(text).strip()


def name_key(text: str) -> str:
    """What makes two public names the same to a reader: case, spacing and look-alikes ignored."""
    return SPACES.sub(" ", _folded(text)).strip()
