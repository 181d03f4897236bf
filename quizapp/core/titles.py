"""A question's short title: what the bank list and the review screens call it.

Generated questions take theirs from the fact they test, imported ones from the GIFT name,
written ones from the author's Title field; any of them without one is called by the first
words of its text (so eight "Put these events in order" questions are eight titles).
"""

import re
from collections.abc import Sequence

TITLE_MAX = 120  # characters: a line of the bank list
WORDS = 8  # how many of a text's first words make a title

# Markdown's marks and links' targets, which a title shows as plain words.
_MARKS = re.compile(r"[*_`#>\[\]]|\]\([^)]*\)|\([^)]*://[^)]*\)")


def first_words(text: str, words: int = WORDS) -> str:
    """The first words of a text as a title, without Markdown's marks, "…" when cut."""
    plain = " ".join(_MARKS.sub("", text or "").split())
    kept = plain.split(" ")[:words]
    title = " ".join(kept)[: TITLE_MAX - 1]
    if title == plain:
        return title
    return title.rstrip(" ,;:") + "…"


def fact_title(tellings: Sequence[str]) -> str:
    """A generated question's title from its facts' short tellings (an event's name, or the
    statement's first words): the first one, and how many more it asks about."""
    if not tellings:
        return ""
    first = first_words(tellings[0])
    return first + (f" (and {len(tellings) - 1} more)" if len(tellings) > 1 else "")


def clean_title(text: str | None, prompt: str) -> str:
    """An author's or a GIFT file's title, trimmed to one line; the prompt's first words when
    it is empty."""
    title = " ".join((text or "").split())[:TITLE_MAX]
    return title or first_words(prompt)


def distinct_fact_titles(told: dict[str, list[str]]) -> dict[str, str]:
    """Titles (`fact_title`) for questions by id from their facts' tellings, distinct where
    they can be: sets that start with the same fact (two timelines) would share a title, so
    each is named by the first of its facts the others of that title do not have."""
    titles = {qid: fact_title(tellings) for qid, tellings in told.items()}
    sharing: dict[str, list[str]] = {}
    for qid, title in titles.items():
        sharing.setdefault(title, []).append(qid)
    for ids in (ids for title, ids in sharing.items() if title and len(ids) > 1):
        for qid in ids:
            others = {t for o in ids if o != qid for t in told[o]}
            own = [t for t in told[qid] if t not in others]
            if own:
                titles[qid] = fact_title([own[0], *(t for t in told[qid] if t != own[0])])
    return titles
