"""Forms of the classes pages: create a class, join one, assign a quiz, replace a code."""

from wtforms import SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from quizapp.classes.service import CODE_LENGTH
from quizapp.forms import CleanForm, LocalDateTimeField, WholeNumberField

VALID_DAYS = "How many days the join code works; leave empty to keep it until you replace it."


def valid_days_field(label: str) -> WholeNumberField:
    """How many days a join code works: 1 to 365, or empty to keep it until it is replaced."""
    return WholeNumberField(
        label, validators=[Optional(), NumberRange(min=1, max=365)], description=VALID_DAYS
    )


class ClassForm(CleanForm):
    """Name a new class and say how long its join code works."""

    name = StringField("Class name", validators=[DataRequired(), Length(max=120)])
    valid_days = valid_days_field("Join code valid for (days)")
    submit = SubmitField("Create class")


class CodeForm(CleanForm):
    """Replace a class's join code."""

    valid_days = valid_days_field("New code valid for (days)")
    submit = SubmitField("Replace the join code")


class JoinForm(CleanForm):
    """Join a class with the code the instructor gave."""

    code = StringField(
        "Join code",
        validators=[DataRequired(), Length(max=CODE_LENGTH * 3)],
        description=f"The {CODE_LENGTH} letters and digits your instructor gave you.",
    )
    submit = SubmitField("Join class")


class AssignForm(CleanForm):
    """Assign a quiz to the class with the class's own window (or move it)."""

    quiz_id = SelectField("Quiz", coerce=int, validators=[DataRequired()])
    opens_at = LocalDateTimeField(
        "Opens for the class",
        validators=[Optional()],
        description="Leave empty to open with the quiz.",
    )
    closes_at = LocalDateTimeField(
        "Closes for the class",
        validators=[Optional()],
        description="Leave empty to close with the quiz. Open attempts end at the close.",
    )
    submit = SubmitField("Assign")

    def validate(self, extra_validators=None) -> bool:  # type: ignore[no-untyped-def]
        """The window, when both ends are given, must close after it opens."""
        ok = super().validate(extra_validators)
        if self.opens_at.data and self.closes_at.data and self.closes_at.data <= self.opens_at.data:
            self.closes_at.errors.append("The class's window must close after it opens.")
            ok = False
        return ok
