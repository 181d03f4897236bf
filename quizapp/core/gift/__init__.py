"""GIFT, Moodle's plain-text question format: read it as Moodle reads it, write it so it reads back.

Reading (read.py, with tokens.py and answers.py) follows Moodle 4.x
(question/format/gift/format.php, and the blank-line splitting of question/format.php) rule for
rule, in our own code:

- Blank lines separate questions. Every line is trimmed; the lines of one question are joined
  with newlines. Lines starting with ``//`` are comments, but ``[id:...]`` and ``[tag:...]`` in
  a question's comment lines give its idnumber and tags. ``$CATEGORY: path`` alone in a block
  sets the category of the questions after it.
- ``::name::`` names a question. ``[moodle]``, ``[html]``, ``[plain]`` or ``[markdown]`` before a
  text sets its format: before the question text, the question's (``[moodle]`` by default);
  before an answer, a feedback, a left side of a pair or the general feedback, that text's own
  (the question's by default). Accepted short and numerical answers keep no format, as in
  Moodle. ``\\~ \\= \\# \\{ \\} \\: \\\\`` escape, ``\\n`` is a newline; any other backslash
  stays as it is.
- The first ``{`` and first ``}`` hold the answers; ``####`` in them starts the general feedback.
  When text follows the ``}``, Moodle puts a blank ``_____`` where the answers were (its
  "missing word" format) and we keep the text on each side in ``missing_word_text``.
- The kind, in Moodle's order: no braces, description; ``{}``, essay; ``{#...}``, numerical; any
  ``~``, multiple choice (no ``=`` at all: multiple response); ``=`` with ``->``, matching;
  ``{T}``, ``{TRUE}``, ``{F}``, ``{FALSE}`` (upper case only, as in Moodle), true/false; anything
  else, short answer. A single-answer multiple choice with text after the ``}`` is our kind
  "missingword"; other kinds keep their kind and simply get the blank.
- Weights ``%50%`` follow ``~`` (choice) or ``=`` (short answer, numerical); ``=`` alone is 100%.
- True/false ``{TRUE#first#second}``: the first feedback is shown for the wrong choice, the second
  for the right one, so ``{F#a#b}`` gives feedback_true "a" and feedback_false "b".
- Numerical: ``#value``, ``#value:tolerance``, ``#min..max`` (kept as min and max, and as
  value (min+max)/2 with tolerance (max-min)/2), weighted ``=%50%...`` answers, and a last
  ``~#feedback`` for any other number, kept as a ``*`` answer of weight 0.

Where Moodle would import a question wrongly, or refuse it only when saving, we skip it and
report a GiftProblem instead: a weight that is malformed or outside -100..100 (Moodle keeps
``%abc%`` as answer text), ``=%50%`` in multiple choice (Moodle keeps "%50%" in the text), empty
answers, numbers that are not numbers (Moodle makes them ``*``, any answer right), negative
tolerances or backward ranges, multiple response whose positive weights do not add up to 100%,
short answer or numerical with no 100% answer, matching with fewer than two pairs or a repeated
left side, choices with the same text twice (our option ids come from the text), a second
``{...}`` block, and more text after a ``$CATEGORY:`` line. PHP quirks we do not copy: a line
holding only "0" separates questions, and ``{#0}`` is refused. Moodle's importer (set to "error
if grade not listed") also refuses weights outside its grade list, such as 35%; we accept any
weight from -100% to 100%.

Converting to and from our question data is convert.py (each question type's GiftMapping is
the `gift` of its Kind in the registry core/kinds/, with the readers and writers in types.py and
mapping.py); writing GIFT is write.py.
"""

from quizapp.core.gift.convert import (
    from_question_dict,
    gift_question_id,
    gift_types,
    legacy_gift_id,
    question_type,
    to_question_dict,
)
from quizapp.core.gift.images import GiftImage, image_of, image_tag, with_option_images
from quizapp.core.gift.mapping import GiftMapping
from quizapp.core.gift.model import (
    BLANK,
    GIFT_MAX_BYTES,
    GIFT_MAX_QUESTIONS,
    MOODLE_QTYPES,
    PHP_SPACE,
    TEXT_FORMATS,
    GiftAnswer,
    GiftError,
    GiftKind,
    GiftParse,
    GiftProblem,
    GiftQuestion,
    TextFormat,
)
from quizapp.core.gift.read import decode_gift, parse_gift
from quizapp.core.gift.write import export_gift, write_gift

__all__ = [
    "BLANK",
    "GIFT_MAX_BYTES",
    "GIFT_MAX_QUESTIONS",
    "MOODLE_QTYPES",
    "PHP_SPACE",
    "TEXT_FORMATS",
    "GiftAnswer",
    "GiftError",
    "GiftImage",
    "GiftKind",
    "GiftMapping",
    "GiftParse",
    "GiftProblem",
    "GiftQuestion",
    "TextFormat",
    "decode_gift",
    "export_gift",
    "from_question_dict",
    "gift_question_id",
    "gift_types",
    "image_of",
    "image_tag",
    "with_option_images",
    "legacy_gift_id",
    "parse_gift",
    "question_type",
    "to_question_dict",
    "write_gift",
]
