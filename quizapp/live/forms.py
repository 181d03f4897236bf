"""Forms of live sessions: host one, join one, move it on."""

from wtforms import BooleanField, HiddenField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from quizapp.forms import CleanForm, WholeNumberField
from quizapp.live.service import CODE_DIGITS, NICKNAME_MAX


class HostForm(CleanForm):
    """Choose the quiz, the class it counts for, the timer and the speed bonus."""

    quiz_id = SelectField("Quiz", coerce=int, validators=[DataRequired()])
    classroom_id = SelectField(
        "Class",
        coerce=int,
        description="Results go into this class's gradebook; students join the session as usual.",
    )
    timer_seconds = WholeNumberField(
        "Timer per question (seconds)",
        validators=[Optional(), NumberRange(min=5, max=600)],
        description="Leave empty to reveal each question when you choose.",
    )
    speed_bonus = BooleanField(
        "Speed bonus: up to a fifth more points for a fast right answer",
        description="Off: speed only breaks ties between equal points.",
    )
    submit = SubmitField("Open the lobby")


class JoinForm(CleanForm):
    """Join a session with its code; a guest also gives a nickname."""

    code = StringField(
        "Session code",
        validators=[DataRequired("Type the session's code."), Length(max=CODE_DIGITS * 3)],
        description=f"The {CODE_DIGITS} digits on the teacher's screen.",
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
    )
    nickname = StringField(
        "Nickname",
        validators=[Length(max=NICKNAME_MAX * 3)],
        description="What the room sees: 2 to 20 characters, unique in the session. "
        "Guests never appear on the site's leaderboards.",
        render_kw={"autocomplete": "nickname"},
    )
    submit = SubmitField("Join")


class MoveForm(CleanForm):
    """A host's button: where to take the session, from the version the page showed."""

    to = HiddenField(validators=[DataRequired()])
    version = HiddenField(validators=[DataRequired()])


class ActionForm(CleanForm):
    """A host's plain button (lock, remove): the CSRF token only."""
