"""Admin forms."""

from wtforms import HiddenField, SelectField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired

from quizapp.forms import CleanForm
from quizapp.models import Role


class RoleForm(CleanForm):
    """Give one account a role."""

    username = HiddenField(validators=[DataRequired()])
    role = SelectField(
        "Role",
        choices=[SelectChoice(role.value, role.value.capitalize()) for role in Role],
        validators=[DataRequired("Choose a role.")],
    )
    submit = SubmitField("Save role")
