"""Account forms, validated on the server."""

from typing import Any

from wtforms import PasswordField, RadioField, SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, EqualTo, Length, Regexp, ValidationError

from quizapp.auth.service import public_name_taken
from quizapp.core.text import canonical_username
from quizapp.core.zones import DEFAULT_ZONE, ZoneRefused, checked_zone, zone_names
from quizapp.extensions import db
from quizapp.forms import CleanForm, choices_of
from quizapp.models import (
    DISPLAY_NAME_MAX,
    PASSWORD_MAX,
    PASSWORD_MIN,
    USERNAME_MAX,
    USERNAME_MIN,
    USERNAME_PATTERN,
    BoardPrivacy,
    User,
)

NAME_TAKEN = (
    "Another account already shows that {what} (names are compared ignoring capitals, "
    "spacing and look-alike letters). Please choose another."
)


def _normalise_username(value: str | None) -> str:
    """A login name in its canonical form, the one every lookup and limit uses."""
    return canonical_username(value or "")


def _strip(value: str | None) -> str:
    """Trim surrounding spaces from a text field."""
    return (value or "").strip()


def _new_password(label: str, repeat: str, what: str) -> tuple[Any, Any]:
    """A new password and its repetition, with the length rule and their messages ("Choose
    a {what}.", "Repeat your {what}.")."""
    password = PasswordField(
        label,
        description=f"At least {PASSWORD_MIN} characters.",
        validators=[
            DataRequired(f"Choose a {what}."),
            Length(
                PASSWORD_MIN,
                PASSWORD_MAX,
                f"A password has {PASSWORD_MIN} to {PASSWORD_MAX} characters.",
            ),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        repeat,
        validators=[
            DataRequired(f"Repeat your {what}."),
            EqualTo("password", "The two passwords differ."),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    return password, confirm


class LoginForm(CleanForm):
    """Log in with a login name and a password."""

    username = StringField(
        "Login name",
        filters=[_normalise_username],
        validators=[DataRequired("Enter your login name."), Length(max=USERNAME_MAX)],
        render_kw={"autocomplete": "username"},
    )
    password = PasswordField(
        "Password",
        validators=[DataRequired("Enter your password."), Length(max=PASSWORD_MAX)],
        render_kw={"autocomplete": "current-password"},
    )
    submit = SubmitField("Log in")


class RegisterForm(CleanForm):
    """Create a student account."""

    username = StringField(
        "Login name",
        description=f"{USERNAME_MIN} to {USERNAME_MAX} characters: letters, digits, dot, dash, "
        "underscore.",
        filters=[_normalise_username],
        validators=[
            DataRequired("Choose a login name."),
            Length(
                USERNAME_MIN,
                USERNAME_MAX,
                f"A login name has {USERNAME_MIN} to {USERNAME_MAX} characters.",
            ),
            Regexp(
                USERNAME_PATTERN,
                message="Use only letters, digits, dot, dash and underscore, starting with "
                "a letter or digit.",
            ),
        ],
        render_kw={"autocomplete": "username"},
    )
    display_name = StringField(
        "Display name",
        description="Shown on leaderboards instead of your login name.",
        filters=[_strip],
        validators=[
            DataRequired("Choose a display name."),
            Length(max=DISPLAY_NAME_MAX, message=f"At most {DISPLAY_NAME_MAX} characters."),
        ],
        render_kw={"autocomplete": "nickname"},
    )
    password, confirm = _new_password("Password", "Repeat password", "password")
    submit = SubmitField("Create account")

    def validate_username(self, field: StringField) -> None:
        """Refuse a login name that is already taken."""
        taken = db.session.execute(db.select(User.id).where(User.username == field.data)).first()
        if taken:
            raise ValidationError("That login name is taken. Please choose another.")

    def validate_display_name(self, field: StringField) -> None:
        """Refuse a name another account shows, so no one appears on a board as another."""
        if public_name_taken(field.data):
            raise ValidationError(NAME_TAKEN.format(what="display name"))


class ChangePasswordForm(CleanForm):
    """Change one's own password, proving the current one."""

    current = PasswordField(
        "Current password",
        validators=[DataRequired("Enter your current password."), Length(max=PASSWORD_MAX)],
        render_kw={"autocomplete": "current-password"},
    )
    password, confirm = _new_password("New password", "Repeat new password", "new password")
    submit = SubmitField("Change password")


class ProfileForm(CleanForm):
    """How the student appears to others: display name and leaderboard privacy."""

    def __init__(self, owner_id: int, *args: object, **kwargs: object) -> None:
        """The form of one account, whose own names are not "taken"."""
        super().__init__(*args, **kwargs)
        self.owner_id = owner_id

    display_name = StringField(
        "Display name",
        filters=[_strip],
        validators=[
            DataRequired("Choose a display name."),
            Length(max=DISPLAY_NAME_MAX, message=f"At most {DISPLAY_NAME_MAX} characters."),
        ],
    )
    board_privacy = RadioField(
        "On leaderboards",
        choices=choices_of(BoardPrivacy),
        validators=[DataRequired("Choose how leaderboards show you.")],
    )
    pseudonym = StringField(
        "Pseudonym",
        description="Used only when you choose to appear under a pseudonym.",
        filters=[_strip],
        validators=[
            Length(max=DISPLAY_NAME_MAX, message=f"At most {DISPLAY_NAME_MAX} characters.")
        ],
    )
    time_zone = SelectField(
        "Time zone",
        description="Dates are shown, and read from forms, in this zone.",
        choices=[SelectChoice(name, name.replace("_", " ")) for name in zone_names()],
        default=DEFAULT_ZONE,
        validate_choice=False,  # validate_time_zone says what is wrong in words
    )
    submit = SubmitField("Save profile")

    def validate_time_zone(self, field: SelectField) -> None:
        """Refuse a name that is not an IANA time zone (none sent: the zone stays as it is)."""
        if not field.raw_data:
            return
        try:
            checked_zone(field.data or "")
        except ZoneRefused as refused:
            raise ValidationError(str(refused)) from refused

    def validate_display_name(self, field: StringField) -> None:
        """Refuse a name another account shows."""
        if public_name_taken(field.data, self.owner_id):
            raise ValidationError(NAME_TAKEN.format(what="display name"))

    def validate_pseudonym(self, field: StringField) -> None:
        """A pseudonym is needed to appear under one, and must be no one else's name."""
        if self.board_privacy.data == BoardPrivacy.PSEUDONYM and not field.data:
            raise ValidationError("Choose a pseudonym, or another way to appear.")
        if field.data and public_name_taken(field.data, self.owner_id):
            raise ValidationError(NAME_TAKEN.format(what="name"))
