"""Text hygiene shared by forms, answers and imports."""

import re
import unicodedata
from functools import cache

from confusable_homoglyphs import confusables  # type: ignore[import-untyped]

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


# Latin letters and digits that read as one another in most fonts (a subset of Unicode's
# confusables, UTS #39): "AIice" is "Alice", "B0B" is "BOB".
LATIN_LOOK_ALIKES = str.maketrans({"I": "l", "1": "l", "|": "l", "0": "O"})


@cache
def _as_latin(character: str) -> str:
    """A letter of another script that looks like a Latin one, as that Latin letter (Unicode's
    confusables data, from confusable_homoglyphs): Cyrillic "Ѕ" is "S", Greek "Ο" is "O".
    Only letters of other scripts: digits and signs keep their own meaning."""
    if not unicodedata.category(character).startswith("L"):
        return character
    if unicodedata.name(character, "").startswith("LATIN"):
        return character
    found = confusables.is_confusable(character, preferred_aliases=["latin"], greedy=True)
    if not found:
        return character
    latin = [h["c"] for h in found[0]["homoglyphs"] if h["n"].startswith("LATIN")]
    return str(latin[0]) if latin and len(latin[0]) == 1 else character


def name_key(text: str) -> str:
    """What makes two public names the same to a reader: case, spacing and look-alikes ignored,
    those of other scripts included (so no student can appear as another on a board).

    Folding case can make a letter that looks Latin again (capital omega folds to a Greek
    small omega), so the steps repeat until nothing changes: the key of a key is itself."""
    key = _name_step(text)
    for _ in range(4):
        again = _name_step(key)
        if again == key:
            break
        key = again
    return key


def _name_step(text: str) -> str:
    """One pass of name_key: visible text, other scripts' look-alikes as Latin, case folded."""
    latin = "".join(_as_latin(c) for c in _visible(text)).translate(LATIN_LOOK_ALIKES)
    return SPACES.sub(" ", _folded(latin)).strip()


def slugify(text: str, limit: int = 40) -> str:
    """A readable, URL-safe slug of at most `limit` characters ("item" when nothing is left)."""
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")[:limit].strip("-") or "item"
