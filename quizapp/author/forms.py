"""Instructor forms: a question of any type, a review comment, a GIFT import (quiz_forms.py
holds the quiz's)."""

from datetime import date
from typing import Any

from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    FormField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from quizapp.core.kinds import EditorError, editor_labels, kind_of
from quizapp.core.questions import (
    COMMENT_MAX,
    EXPLANATION_MAX,
    FEEDBACK_MAX,
    LINES_MAX,
    OPTION_MAX,
    PROMPT_MAX,
)
from quizapp.core.status import Status
from quizapp.core.titles import TITLE_MAX, clean_title
from quizapp.forms import (
    CleanForm,
    CleanSubForm,
    WholeNumberField,
)
from quizapp.images.clean import FORMATS, LIMITS_TEXT, MAX_BYTES

ALT_MAX = 250


def type_choices() -> list[SelectChoice]:
    """The types the question editor writes, as the registry holds them when asked."""
    return [SelectChoice(value, label) for value, label in editor_labels().items()]


def _cap(what: str, limit: int) -> Length:
    """A length cap whose message says what is too long and how long it may be."""
    return Length(max=limit, message=f"{what} can be at most {limit:,} characters long.")


def comma_separated(text: str | None) -> list[str]:
    """Comma-separated values, trimmed, empty ones dropped."""
    return [part.strip() for part in (text or "").split(",") if part.strip()]


class OptionForm(CleanSubForm):
    """One option of a choice question (a sub-form: the page's CSRF token covers it)."""

    text = StringField("Option text", validators=[_cap("An option", OPTION_MAX)])
    correct = BooleanField("Correct")
    weight = WholeNumberField("Weight %", validators=[Optional(), NumberRange(-100, 100)])
    feedback = StringField("Feedback when chosen", validators=[_cap("Feedback", FEEDBACK_MAX)])
    # The option's image, read as the question's is (quizapp/author/image_field.py).
    image_file = FileField(
        "Image (optional)",
        description=f"{LIMITS_TEXT}.",
        render_kw={"accept": ",".join(FORMATS.values()), "data-max-bytes": MAX_BYTES},
    )
    image_alt = StringField("Alt text", validators=[_cap("The alt text", ALT_MAX)])
    image = HiddenField(validators=[Length(max=80)])
    remove_image = BooleanField("Remove the image")


class QuestionForm(CleanForm):
    """Every question type in one form; validate() builds the question's content.

    The fields where a key is written (options ... items) serve whichever types name them in
    their kind's editor_fields: the page shows, and validate() reads, only the chosen type's.
    """

    type = SelectField("Type", choices=type_choices)
    title = StringField(
        "Title (a short name for lists; empty: the question's first words)",
        validators=[_cap("The title", TITLE_MAX)],
    )
    prompt = TextAreaField(
        "Question text (Markdown)",
        validators=[DataRequired("Write the question."), _cap("The question text", PROMPT_MAX)],
    )
    text_format = SelectField(
        "Text format",
        choices=[SelectChoice("markdown", "Markdown"), SelectChoice("plain", "Plain text")],
    )
    status = SelectField("Status", choices=[SelectChoice(s.value, s.label) for s in Status])
    conditional = BooleanField("Conditional approval (approved drugs only)")
    as_of = DateField(
        "As of (the date the answer holds as of)",
        validators=[InputRequired("Give the date the answer holds as of.")],
    )
    facts = StringField("Facts tested (ids, comma-separated)", validators=[Length(max=1000)])
    no_fact_reason = StringField("Or: why no fact", validators=[Length(max=300)])
    explanation = TextAreaField(
        "Explanation (why the right answer is right)",
        validators=[
            DataRequired("Explain the answer: students see this after answering."),
            _cap("The explanation", EXPLANATION_MAX),
        ],
    )
    tags = StringField("Tags (comma-separated)", validators=[Length(max=500)])
    options = FieldList(FormField(OptionForm), min_entries=5, max_entries=10)
    tf_answer = RadioField(
        "The statement is",
        choices=[SelectChoice("true", "True"), SelectChoice("false", "False")],
        validators=[Optional()],
    )
    numeric_value = StringField("Right number")
    numeric_tolerance = StringField("Tolerance (±)", default="0")
    short_answers = TextAreaField(
        "Accepted answers (one per line)", validators=[_cap("The accepted answers", LINES_MAX)]
    )
    pairs = TextAreaField(
        "Pairs (one per line: left -> right)", validators=[_cap("The pairs", LINES_MAX)]
    )
    items = TextAreaField(
        "Items in the right order (one per line)", validators=[_cap("The items", LINES_MAX)]
    )
    # The image shown above the question (quizapp/author/image_field.py reads these four).
    image_file = FileField(
        "Image (optional)",
        description=f"{LIMITS_TEXT}. It is saved again without its metadata.",
        render_kw={"accept": ",".join(FORMATS.values()), "data-max-bytes": MAX_BYTES},
    )
    image_alt = StringField(
        "Alt text: what the image shows, for people who cannot see it",
        validators=[_cap("The alt text", ALT_MAX)],
    )
    # The image kept (the question's, or one uploaded with a form that came back refused).
    image = HiddenField(validators=[Length(max=80)])
    remove_image = BooleanField("Remove the image")
    note = StringField("What changed (for the history)", validators=[Length(max=200)])
    submit = SubmitField("Save question")

    def __init__(self, *args: Any, known_facts: set[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.known_facts = known_facts or set()
        self.content: dict[str, Any] = {}
        # Each option's image fields say which option they belong to.
        for number, entry in enumerate(self.options, 1):
            entry.form.image_file.label.text = f"Image for option {number} (optional)"
            entry.form.image_alt.label.text = f"Alt text of option {number}'s image"
            entry.form.remove_image.label.text = f"Remove option {number}'s image"

    def validate(self, extra_validators: Any = None) -> bool:
        """Field checks, then the rules of the chosen type; on success self.content is set."""
        ok = super().validate(extra_validators)
        kind = kind_of(self.type.data or "")
        if not kind.in_editor:
            self.type.errors.append("Choose a question type.")
            return False
        facts = comma_separated(self.facts.data)
        unknown = [f for f in facts if f not in self.known_facts]
        if unknown:
            self.facts.errors.append(f"Unknown fact id(s): {', '.join(unknown)}.")
            ok = False
        if not facts and not (self.no_fact_reason.data or "").strip():
            self.no_fact_reason.errors.append("Name the facts tested, or say why there are none.")
            ok = False
        if self.conditional.data and self.status.data != Status.APPROVED_DRUG.value:
            self.conditional.errors.append("Only an approved drug can be conditionally approved.")
            ok = False
        try:
            options, answer = kind.read_editor(
                {name: self[name].data for name in kind.editor_fields}
            )
        except EditorError as error:
            self[error.field].errors.append(str(error))
            return False
        if not ok:
            return False
        self.content = {
            "type": kind.type.value,
            "title": clean_title(self.title.data, self.prompt.data),
            "prompt": self.prompt.data.strip(),
            "options": options,
            "answer": answer,
            "status": self.status.data,
            "conditional": bool(self.conditional.data),
            "facts": facts,
            "as_of": self.as_of.data or date.today(),
            "explanation": self.explanation.data.strip(),
            "tags": comma_separated(self.tags.data),
            "extra": {
                "text_format": self.text_format.data,
                **({"no_fact_reason": self.no_fact_reason.data.strip()} if not facts else {}),
            },
        }
        return True


class CommentForm(CleanForm):
    """A reviewer's comment."""

    body = TextAreaField(
        "Comment", validators=[DataRequired("Write a comment."), _cap("A comment", COMMENT_MAX)]
    )
    submit = SubmitField("Add comment")


class StateForm(CleanForm):
    """Move a question along the workflow, with an optional comment."""

    # Short: the refusal message names the state, and a flash lives in the session cookie,
    # which a long made-up one would overflow (browsers then drop the cookie: logged out).
    state = HiddenField(validators=[DataRequired(), Length(max=20)])
    comment = StringField("Comment (optional)", validators=[_cap("A comment", COMMENT_MAX)])


class GiftImportForm(CleanForm):
    """Upload or paste GIFT text; the preview names every problem before anything is saved."""

    file = FileField("GIFT file (UTF-8)")
    text = TextAreaField("Or paste GIFT text")
    status = SelectField(
        "Status of the imported questions", choices=[SelectChoice(s.value, s.label) for s in Status]
    )
    as_of = DateField(
        "As of",
        default=date.today,
        validators=[InputRequired("Give the date the imported answers hold as of.")],
    )
    submit = SubmitField("Preview the import")
