"""Instructor forms: a question of any type, a quiz, a review comment, a GIFT import."""

from datetime import UTC, date, datetime
from typing import Any

from flask_wtf.file import FileField
from markupsafe import Markup
from wtforms import (
    BooleanField,
    DateField,
    Field,
    FieldList,
    FormField,
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from quizapp.core.kinds import EDITOR_LABELS, EditorError, kind_of
from quizapp.core.kinds.base import lines
from quizapp.core.questions import (
    COMMENT_MAX,
    EXPLANATION_MAX,
    FEEDBACK_MAX,
    LINES_MAX,
    OPTION_MAX,
    PROMPT_MAX,
)
from quizapp.core.status import Status
from quizapp.core.text import slugify
from quizapp.forms import (
    CleanForm,
    CleanSubForm,
    LocalDateTimeField,
    WholeNumberField,
    choices_of,
)
from quizapp.models import FeedbackMode, GradingMethod, LeaderboardVisibility

# The fields where an author writes a question's key; each type's kind reads the ones it uses.
KEY_FIELDS = (
    "options",
    "tf_answer",
    "numeric_value",
    "numeric_tolerance",
    "short_answers",
    "pairs",
    "items",
)


def _cap(what: str, limit: int) -> Length:
    """A length cap whose message says what is too long and how long it may be."""
    return Length(max=limit, message=f"{what} can be at most {limit:,} characters long.")


def _csv(text: str | None) -> list[str]:
    """Comma-separated values, trimmed, empty ones dropped."""
    return [part.strip() for part in (text or "").split(",") if part.strip()]


class OptionForm(CleanSubForm):
    """One option of a choice question (a sub-form: the page's CSRF token covers it)."""

    text = StringField("Option text", validators=[_cap("An option", OPTION_MAX)])
    correct = BooleanField("Correct")
    weight = WholeNumberField("Weight %", validators=[Optional(), NumberRange(-100, 100)])
    feedback = StringField("Feedback when chosen", validators=[_cap("Feedback", FEEDBACK_MAX)])


class QuestionForm(CleanForm):
    """Every question type in one form; validate() builds the question's content."""

    type = SelectField("Type", choices=[SelectChoice(k, v) for k, v in EDITOR_LABELS.items()])
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
    note = StringField("What changed (for the history)", validators=[Length(max=200)])
    submit = SubmitField("Save question")

    def __init__(self, *args: Any, known_facts: set[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.known_facts = known_facts or set()
        self.content: dict[str, Any] = {}

    def validate(self, extra_validators: Any = None) -> bool:
        """Field checks, then the rules of the chosen type; on success self.content is set."""
        ok = super().validate(extra_validators)
        kind = kind_of(self.type.data or "")
        if not kind.in_editor:
            self.type.errors.append("Choose a question type.")
            return False
        facts = _csv(self.facts.data)
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
            options, answer = kind.read_editor({name: self[name].data for name in KEY_FIELDS})
        except EditorError as error:
            self[error.field].errors.append(str(error))
            return False
        if not ok:
            return False
        self.content = {
            "type": kind.type.value,
            "prompt": self.prompt.data.strip(),
            "options": options,
            "answer": answer,
            "status": self.status.data,
            "conditional": bool(self.conditional.data),
            "facts": facts,
            "as_of": self.as_of.data or date.today(),
            "explanation": self.explanation.data.strip(),
            "tags": _csv(self.tags.data),
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


class IdListField(Field):
    """Question ids in order: one hidden input each (the picker), or lines of one text."""

    def widget(self, field: "IdListField", **kwargs: Any) -> Markup:
        """One hidden input per id (the builder's chosen list draws its own)."""
        return Markup("").join(
            Markup('<input type="hidden" name="{}" value="{}">').format(field.name, qid)
            for qid in field.data or []
        )

    def process_formdata(self, valuelist: list[Any]) -> None:
        """Every non-empty line of every value, in order, each once."""
        self.data = list(dict.fromkeys(line for value in valuelist for line in lines(value)))

    def process_data(self, value: Any) -> None:
        """A stored list, or nothing."""
        self.data = list(value or [])


NEED_KINDS = {"statuses": "Status", "tags": "Tag", "facts": "Fact"}


class NeedForm(CleanSubForm):
    """One need of a random draw's blueprint: every attempt holds at least `count` questions
    with one of these statuses, tags or facts."""

    kind = SelectField(
        "Kind",
        choices=[SelectChoice(k, v) for k, v in NEED_KINDS.items()],
        default="statuses",
        validate_choice=False,  # an unknown kind makes the row no need (NeedForm.need)
    )
    values = StringField("Any of (comma-separated)", validators=[Length(max=2000)])
    count = WholeNumberField("At least", default=1, validators=[Optional(), NumberRange(1, 200)])
    lesson = StringField("What it teaches (optional)", validators=[Length(max=200)])

    @property
    def need(self) -> dict[str, Any] | None:
        """The need as the blueprint stores it (count only when not 1), or None if empty."""
        values = _csv(self.values.data)
        if not values or self.kind.data not in NEED_KINDS:
            return None
        if self.kind.data == "statuses":  # a label ("Approved drug") means its value
            by_label = {s.label.casefold(): s.value for s in Status}
            values = [by_label.get(v.casefold(), v) for v in values]
        need: dict[str, Any] = {self.kind.data: values}
        if (self.count.data or 1) != 1:
            need["count"] = self.count.data
        if (self.lesson.data or "").strip():
            need["lesson"] = self.lesson.data.strip()
        return need


class QuizForm(CleanForm):
    """The quiz builder."""

    def __init__(self, *args: Any, known_facts: set[str] | None = None, **kwargs: Any) -> None:
        """The builder, knowing the fact ids a blueprint need may name."""
        super().__init__(*args, **kwargs)
        self.known_facts = known_facts or set()

    title = StringField(
        "Title", validators=[DataRequired("Give the quiz a title."), Length(max=200)]
    )
    slug = StringField("Address (letters, digits, dashes)", validators=[Length(max=80)])
    description = TextAreaField("Description", validators=[Length(max=2000)])
    mode = RadioField(
        "Questions",
        default="fixed",
        choices=[
            SelectChoice("fixed", "Fixed questions"),
            SelectChoice("random", "Drawn at random for each attempt"),
        ],
    )
    question_ids = IdListField("Questions in this quiz, in order")
    draw_count = WholeNumberField("How many to draw", validators=[Optional(), NumberRange(1, 200)])
    draw_types = SelectMultipleField(
        "Draw only these types", choices=[SelectChoice(k, v) for k, v in EDITOR_LABELS.items()]
    )
    draw_statuses = SelectMultipleField(
        "Draw only these statuses", choices=[SelectChoice(s.value, s.label) for s in Status]
    )
    draw_tags = StringField("Draw only these tags (comma-separated)")
    needs = FieldList(FormField(NeedForm), min_entries=3, max_entries=20)
    exam_pool = BooleanField(
        "Exam pool: keep this quiz's questions out of practice quizzes",
        description="Questions this quiz can draw are never drawn by a quiz with feedback after "
        "each answer or unlimited attempts, so no one can loop a practice quiz until an exam "
        "question comes up. A random draw then takes a fixed half of the matching questions "
        "(the other half stays for practice); fixed questions are all kept. Needs feedback at "
        "the end and a limit on attempts.",
    )
    shuffle_questions = BooleanField("Shuffle the questions", default=True)
    one_per_page = BooleanField("One question per page", default=True)
    feedback_mode = SelectField(
        "Feedback",
        choices=choices_of(FeedbackMode),
    )
    time_limit_minutes = WholeNumberField(
        "Time limit in minutes (empty: none)", validators=[Optional(), NumberRange(1, 600)]
    )
    max_attempts = WholeNumberField(
        "Attempts allowed (empty: unlimited)", validators=[Optional(), NumberRange(1, 100)]
    )
    grading_method = SelectField(
        "Score that counts",
        choices=choices_of(GradingMethod),
    )
    pass_mark = WholeNumberField(
        "Pass mark % (empty: none)", validators=[Optional(), NumberRange(0, 100)]
    )
    opens_at = LocalDateTimeField("Opens", validators=[Optional()])
    closes_at = LocalDateTimeField("Closes", validators=[Optional()])
    leaderboard = SelectField(
        "Leaderboard",
        choices=choices_of(LeaderboardVisibility),
    )
    published = BooleanField("Published (students can take it)")
    submit = SubmitField("Save quiz")

    def validate(self, extra_validators: Any = None) -> bool:
        """Cross-field rules: questions for the chosen mode, dates in order."""
        ok = super().validate(extra_validators)
        if self.mode.data == "fixed" and not self.question_ids.data:
            self.question_ids.errors.append(
                "Choose at least one question: tick it in the bank below."
            )
            ok = False
        if self.mode.data == "random" and not self.draw_count.data:
            self.draw_count.errors.append("Say how many questions to draw.")
            ok = False
        if self.mode.data == "random":
            ok = self._needs_known() and ok
        if self.exam_pool.data and (
            self.feedback_mode.data == FeedbackMode.IMMEDIATE or not self.max_attempts.data
        ):
            self.exam_pool.errors.append(
                "An exam pool needs feedback at the end and a limit on attempts: otherwise it "
                "is a practice quiz itself."
            )
            ok = False
        if self.opens_at.data and self.closes_at.data and self.closes_at.data <= self.opens_at.data:
            self.closes_at.errors.append("The quiz must close after it opens.")
            ok = False
        return ok

    def _needs_known(self) -> bool:
        """Every status of a need is a status, every fact a fact of the fact base."""
        known = {"statuses": {s.value for s in Status}, "facts": self.known_facts}
        ok = True
        for entry in self.needs:
            need = entry.form.need or {}
            kind = entry.form.kind.data
            unknown = [v for v in need.get(kind, []) if kind in known and v not in known[kind]]
            if unknown:
                what = "status" if kind == "statuses" else "fact"
                entry.form.values.errors.append(f"Unknown {what}: {', '.join(unknown)}.")
                ok = False
        return ok

    @property
    def blueprint(self) -> dict[str, Any]:
        """The draw's blueprint from the need rows (empty rows left out)."""
        needs = [entry.form.need for entry in self.needs]
        return {"require": [need for need in needs if need]}

    @property
    def settings(self) -> dict[str, Any]:
        """The builder's data as Quiz columns: plain values for author.service.save_quiz."""
        random_draw = self.mode.data == "random"

        def utc(moment: datetime | None) -> datetime | None:
            return moment.replace(tzinfo=UTC) if moment else None

        return {
            "title": self.title.data.strip(),
            "slug": slugify(self.slug.data or self.title.data, 80),
            "description": (self.description.data or "").strip(),
            "question_ids": [] if random_draw else list(self.question_ids.data),
            "draw_count": self.draw_count.data if random_draw else None,
            "draw_filter": {
                "types": self.draw_types.data or [],
                "statuses": self.draw_statuses.data or [],
                "tags": [t.strip() for t in (self.draw_tags.data or "").split(",") if t.strip()],
            }
            if random_draw
            else {},
            **({"blueprint": self.blueprint} if random_draw else {}),
            "exam_pool": bool(self.exam_pool.data),
            "shuffle_questions": bool(self.shuffle_questions.data),
            "one_per_page": bool(self.one_per_page.data),
            "feedback_mode": self.feedback_mode.data,
            "time_limit_seconds": self.time_limit_minutes.data * 60
            if self.time_limit_minutes.data
            else None,
            "max_attempts": self.max_attempts.data,
            "grading_method": self.grading_method.data,
            "pass_mark": float(self.pass_mark.data) if self.pass_mark.data is not None else None,
            "opens_at": utc(self.opens_at.data),
            "closes_at": utc(self.closes_at.data),
            "leaderboard": self.leaderboard.data,
            "published": bool(self.published.data),
        }


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
