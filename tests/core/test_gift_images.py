"""A question's image in GIFT: first in an [html] text, every other text keeping its format."""

import pytest

from quizapp.core.gift import GiftImage, image_of, image_tag, parse_gift, write_gift
from quizapp.core.gift.images import with_image

IMAGE = GiftImage(b"\x89PNG not checked here", "image/png", 'Two "bars" & a line')
TAG = image_tag(IMAGE, 40, 30)


def read_one(text: str):
    parsed = parse_gift(text)
    assert not parsed.problems
    (question,) = parsed.questions
    return question


@pytest.mark.parametrize(
    "source",
    [
        "[markdown]Which **one**? {=[plain]NMPA#[html]<b>yes</b> ~FDA#It is *US*.####*NMPA*.}",
        "[plain]Match <these> {=[html]<i>a</i> -> 1 =b -> 2 =c -> 3}",
        "[markdown]True? {T#*no*#*yes*####**because**}",
        "Moodle's own format {=yes ~no}",
    ],
)
def test_the_image_comes_first_and_every_other_text_reads_back_in_its_format(source):
    before = read_one(source)
    after = read_one(write_gift([with_image(before, TAG)]))
    assert after.text_format == "html" and after.text.startswith(TAG)
    found, rest = image_of(after.text)
    assert found == IMAGE and rest
    for was, now in zip(before.answers, after.answers, strict=True):
        assert (now.text, now.feedback) == (was.text, was.feedback)
        if before.kind != "truefalse":  # TRUE and FALSE are words of GIFT, not texts
            assert written(now.text_format, after) == written(was.text_format, before)
        if was.feedback:
            assert written(now.feedback_format, after) == written(was.feedback_format, before)
    assert after.pairs == before.pairs
    for index in range(len(before.pairs)):
        assert written(after.pair_format(index), after) == written(
            before.pair_format(index), before
        )
    assert after.general_feedback == before.general_feedback
    if before.general_feedback:
        assert written(after.general_feedback_format, after) == written(
            before.general_feedback_format, before
        )


def written(text_format, question):
    """The format a text is in: its own, else its question's."""
    return text_format or question.text_format


def test_a_plain_text_is_escaped_and_markdown_rendered_after_the_image():
    plain = read_one("[plain]Is 1 < 2? {T}")
    assert image_of(with_image(plain, TAG).text)[1] == "<p>Is 1 &lt; 2?</p>"
    marked = read_one("[markdown]Is it **so**? {T}")
    assert "<strong>so</strong>" in image_of(with_image(marked, TAG).text)[1]


def test_only_an_image_as_we_write_it_is_read_back():
    assert image_of('<p><img src="https://example.org/x.png" alt="x"></p>Q')[0] is None
    assert image_of('<p><img src="data:image/svg+xml;base64,PHN2Zz4=" alt="x"></p>Q')[0] is None
    assert image_of('Q <p><img src="data:image/png;base64,AAAA" alt="x"></p>')[0] is None
    assert image_of('<p><img src="data:image/png;base64,A" alt="x"></p>Q')[0] is None
