"""Question text to safe HTML: Markdown rendered by markdown-it-py, then cleaned by nh3.

Whatever an instructor or a GIFT file writes, no script, event handler, style or javascript:
URL survives: nh3 (the Ammonia sanitiser) keeps only the tags and attributes listed here.

Each text is rendered once per process, not once per view: the result is kept by the text
itself (and its format), so a new version of a question, whose text differs, renders anew and
an unchanged one never does. Rendering a long table costs milliseconds; a class opening the
same question 300 times should pay that once.
"""

from functools import lru_cache

import nh3
from markdown_it import MarkdownIt
from markupsafe import escape

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "u",
    "s",
    "sub",
    "sup",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
    "span",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}, "td": set(), "span": set()}
_MARKDOWN = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")


def clean_html(html: str) -> str:
    """Keep only safe tags, attributes and http(s)/mailto links."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


RENDERED_KEPT = 4096  # texts kept rendered: a bank's prompts, explanations and options


@lru_cache(maxsize=RENDERED_KEPT)
def render_text(text: str, text_format: str = "plain") -> str:
    """Question text as safe HTML: markdown and html are rendered and cleaned, others escaped."""
    if text_format == "markdown":
        text = _MARKDOWN.render(text)
    html = _rendered(text, text_format)
    return _escape(text).replace("\n", "<br>\n") if html is None else html


@lru_cache(maxsize=RENDERED_KEPT)
def render_inline(text: str, text_format: str = "plain") -> str:
    """A short text (an option, an answer) as safe inline HTML, without paragraphs."""
    if text_format == "markdown":
        text = _MARKDOWN.renderInline(text)
    html = _rendered(text, text_format)
    return _escape(text) if html is None else html


def _rendered(html: str, text_format: str) -> str | None:
    """Cleaned HTML for a text written (or rendered from markdown) as HTML; None for a plain
    text, which its caller escapes."""
    return clean_html(html) if text_format in ("markdown", "html") else None


def _escape(text: str) -> str:
    """Plain text as HTML text, escaped as Jinja escapes it."""
    return str(escape(text))
