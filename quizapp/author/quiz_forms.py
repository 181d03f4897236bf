"""Instructor forms for a quiz: its settings, its questions by id, and its blueprint needs."""

from datetime import UTC, datetime
from typing import Any

from markupsafe import Markup
from wtforms import (
    BooleanField,
    Field,
    FieldList,
    FormField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from quizapp.author.forms import comma_separated, type_choices
from quizapp.core.kinds.base import lines
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
        values = comma_separated(self.values.data)
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
    draw_types = SelectMultipleField("Draw only these types", choices=type_choices)
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
