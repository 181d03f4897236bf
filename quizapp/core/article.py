"""The source article, verbatim, split into its sections so a quote can name its section."""

import re
from dataclasses import dataclass
from datetime import date

SECTION_HEADING = re.compile(r"^(I|II|III|IV)\. |^Conclusion: ")
DATED_LINE = re.compile(r"^Document dated (\d{4}-\d{2}-\d{2})")
# Where a quote leaves words out inside a sentence: " … " (each piece verbatim, in order).
GAP = " … "
SECTION_NAMES = {
    "intro": "Introduction",
    "I": "Section I",
    "II": "Section II",
    "III": "Section III",
    "IV": "Section IV",
    "conclusion": "Conclusion",
}


def locate(text: str, quote: str) -> tuple[int, int] | None:
    """Where a quote stands in text, from its first word to its last: each piece between
    gaps (" … ", words left out) verbatim and in order, on one line; None if not there."""
    pieces = quote.split(GAP)
    for line_start, line in _lines(text):
        start = line.find(pieces[0])
        while start >= 0:
            cursor = start + len(pieces[0])
            for piece in pieces[1:]:
                found = line.find(piece, cursor)
                if found < 0:
                    break
                cursor = found + len(piece)
            else:
                return line_start + start, line_start + cursor
            start = line.find(pieces[0], start + 1)
    return None


def _lines(text: str) -> list[tuple[int, str]]:
    """Each line of text with the offset it starts at."""
    found, offset = [], 0
    for line in text.split("\n"):
        found.append((offset, line))
        offset += len(line) + 1
    return found


@dataclass(frozen=True)
class Section:
    """One section of the article: its key (intro, I to IV, conclusion), heading and paragraphs."""

    key: str
    heading: str
    paragraphs: tuple[str, ...]

    @property
    def text(self) -> str:
        """The section's paragraphs, one per line."""
        return "\n".join(self.paragraphs)

    @property
    def name(self) -> str:
        """How an explanation names the section, e.g. 'Section II' or 'Conclusion'."""
        return SECTION_NAMES[self.key]


@dataclass(frozen=True)
class Article:
    """The article: title, date and sections, text kept exactly as published."""

    title: str
    published: date
    sections: tuple[Section, ...]

    @property
    def text(self) -> str:
        """All the article's text, headings included."""
        return "\n".join(
            "\n".join(((s.heading,) if s.heading else ()) + s.paragraphs) for s in self.sections
        )

    def section(self, key: str) -> Section:
        """The section with this key; KeyError if there is none."""
        for section in self.sections:
            if section.key == key:
                return section
        raise KeyError(key)

    def section_of(self, quote: str) -> str | None:
        """The key of the section holding this exact quote, or None if it is not verbatim."""
        for section in self.sections:
            if locate(section.text, quote) is not None or quote == section.heading:
                return section.key
        return None


def parse_article(raw: str) -> Article:
    """Parse the article file: title line, paragraphs, section headings, 'Document dated' line."""
    lines = [line.rstrip("\n") for line in raw.splitlines() if line.strip()]
    if not lines:
        raise ValueError("the article is empty")
    title, body = lines[0].strip(), lines[1:]
    published: date | None = None
    sections: list[Section] = []
    key, heading = "intro", ""
    paragraphs: list[str] = []
    for line in body:
        dated = DATED_LINE.match(line)
        if dated:
            published = date.fromisoformat(dated.group(1))
            continue
        if SECTION_HEADING.match(line):
            sections.append(Section(key, heading, tuple(paragraphs)))
            numeral = line.split(".", 1)[0]
            key = "conclusion" if line.startswith("Conclusion") else numeral
            heading, paragraphs = line, []
        else:
            paragraphs.append(line)
    sections.append(Section(key, heading, tuple(paragraphs)))
    if published is None:
        raise ValueError("the article has no 'Document dated YYYY-MM-DD' line")
    return Article(title=title, published=published, sections=tuple(sections))
