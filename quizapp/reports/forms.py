"""Report forms: a student's flag on a question, and an instructor's resolution note."""

from wtforms import RadioField, SubmitField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length

from quizapp.forms import CleanForm, choices_of
from quizapp.models import ReportReason

COMMENT_MAX = 1000
NOTE_MAX = 1000
REASON_MESSAGE = "Choose why: the answer is wrong, the question is ambiguous, or it is out of date."


def _clean(value: str | None) -> str:
    """Trim surrounding spaces and count a line break as one character, as the browser does."""
    return (value or "").replace("\r\n", "\n").strip()


class FlagForm(CleanForm):
    """Flag a question of a finished attempt: a reason, and an optional comment."""

    # The reason is checked by AnyOf, so a forged value gets our message, not WTForms' own.
    reason = RadioField(
        "What is the problem?",
        choices=choices_of(ReportReason),
        validate_choice=False,
        validators=[
            InputRequired(REASON_MESSAGE),
            AnyOf([r.value for r in ReportReason], REASON_MESSAGE),
        ],
    )
    comment = TextAreaField(
        "Comment (optional)",
        description=f"What should change, and your source if you have one. "
        f"At most {COMMENT_MAX} characters.",
        filters=[_clean],
        validators=[
            Length(max=COMMENT_MAX, message=f"A comment has at most {COMMENT_MAX} characters.")
        ],
        render_kw={"maxlength": COMMENT_MAX, "rows": 5},
    )
    submit = SubmitField("Send the report")


class ResolveForm(CleanForm):
    """Close a learner report with a note: dismiss it, or send its question back to review.

    A post without the dismiss button sends the question back, as the only button once did.
    """

    note = TextAreaField(
        "Resolution note",
        description=f"What you found and what you will change. At most {NOTE_MAX} characters.",
        filters=[_clean],
        validators=[
            DataRequired("Write a resolution note."),
            Length(1, NOTE_MAX, f"A resolution note has 1 to {NOTE_MAX} characters."),
        ],
        render_kw={"maxlength": NOTE_MAX, "rows": 3},
    )
    dismiss = SubmitField("Dismiss with a note")
    review = SubmitField("Send back to review")
