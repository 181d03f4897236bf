"""A question's image in GIFT, as Moodle holds one: an <img> in an [html] question text.

Moodle's own export writes @@PLUGINFILE@@ and a file beside; we write the image itself as a
data: URI, so one GIFT file carries everything (Moodle's HTML filter keeps data: images). The
question text becomes [html] with the image first; every other text that followed the
question's format has that format written beside it, so it reads back as it was. An option's
image is written the same way, in the option's own [html] text. Reading, an [html] text that
starts with such an image gives it back, for the importer to clean and keep.
"""

import base64
import binascii
import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from quizapp.core.gift.model import GiftQuestion, TextFormat
from quizapp.core.gift.types import stored_format
from quizapp.core.markup import render_text

# The <img> this module writes, at the very start of a text, and nothing looser.
_IMAGE_TAG = re.compile(
    r'\A<p><img src="data:(image/(?:png|jpeg|webp));base64,([A-Za-z0-9+/=]+)" alt="([^"<>]*)"'
    r'(?: width="\d+" height="\d+")?></p>\s*'
)


@dataclass(frozen=True)
class GiftImage:
    """An image as a GIFT text holds it: its bytes (not yet checked), type and alt text."""

    data: bytes
    content_type: str
    alt: str


def image_tag(image: GiftImage, width: int, height: int) -> str:
    """The image as the first paragraph of an HTML text."""
    encoded = base64.b64encode(image.data).decode("ascii")
    alt = html.escape(image.alt, quote=True)
    return (
        f'<p><img src="data:{image.content_type};base64,{encoded}" alt="{alt}" '
        f'width="{width}" height="{height}"></p>'
    )


def _as_html(text: str, text_format: TextFormat) -> str:
    """A question text as HTML: Markdown rendered, plain text escaped; HTML and Moodle's own
    format as they are (Moodle's format is HTML with line breaks kept)."""
    if text_format == "markdown":
        return render_text(text, "markdown")
    if text_format == "plain":
        return f"<p>{render_text(text, 'plain')}</p>" if text else ""
    return text


def with_image(question: GiftQuestion, tag: str) -> GiftQuestion:
    """The question with the image first in an [html] text, its other texts keeping their
    format. A missing-word question becomes a multiple choice with its text before the answers
    (its blank cannot sit inside the HTML)."""
    own = question.text_format

    def kept(text_format: TextFormat | None) -> TextFormat:
        return text_format or own

    text = question.text
    if question.missing_word_text:
        text = question.missing_word_text[0] + question.missing_word_text[1]
    return replace(
        question,
        kind="multichoice" if question.kind == "missingword" else question.kind,
        text=tag + _as_html(text, own),
        text_format="html",
        missing_word_text=None,
        answers=[
            replace(a, text_format=kept(a.text_format), feedback_format=kept(a.feedback_format))
            for a in question.answers
        ],
        pair_formats=[kept(question.pair_format(i)) for i in range(len(question.pairs))],
        feedback_true_format=kept(question.feedback_true_format),
        feedback_false_format=kept(question.feedback_false_format),
        general_feedback_format=kept(question.general_feedback_format),
    )


def image_of(text: str) -> tuple[GiftImage | None, str]:
    """The image an [html] question text starts with (as image_tag writes it) and the text
    after it; (None, text) when there is none or its base64 is broken."""
    found = _IMAGE_TAG.match(text)
    if not found:
        return None, text
    try:
        data = base64.b64decode(found.group(2), validate=True)
    except binascii.Error:
        return None, text
    alt = html.unescape(found.group(3))
    return GiftImage(data, found.group(1), alt), text[found.end() :]


def with_option_images(data: Mapping[str, Any], tags: Mapping[str, str]) -> dict[str, Any]:
    """Our question data with each option that has an image (tags: the <img> by option id)
    written as [html] text, the image first, as a question's image is."""
    own = stored_format((data.get("extra") or {}).get("text_format")) or "moodle"
    options = [
        {**option, "text": tags[option["id"]] + _as_html(option["text"], own), "format": "html"}
        if option.get("id") in tags
        else option
        for option in data.get("options") or []
    ]
    return {**data, "options": options}
