"""The source article, verbatim, split into its sections so a quote can name its section."""

import re
from dataclasses import dataclass
from datetime import date

SECTION_HEADING = re.compile(r"^(I|II|III|IV)\. |^Conclusion: ")
DATED_LINE = re.compile(r"^Document dated (\d{4}-\d{2}-\d{2})")
SECTION_NAMES = {
    "intro": "Introduction",
    "I": "Section I",
    "II": "Section II",
    "III": "Section III",
    "IV": "Section IV",
    "conclusion": "Conclusion",
}


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
            if quote in section.text or quote == section.heading:
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
