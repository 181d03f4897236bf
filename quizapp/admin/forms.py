"""Admin forms."""

from wtforms import HiddenField, SelectField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired

from quizapp.core.text import canonical_username
from quizapp.forms import CleanForm
from quizapp.models import Role


class RoleForm(CleanForm):
    """Give one account a role."""

    # Canonical here, at the edge, so the view's "is this me?" compares like with like.
    username = HiddenField(
        filters=[lambda v: canonical_username(v or "")], validators=[DataRequired()]
    )
    role = SelectField(
        "Role",
        choices=[SelectChoice(role.value, role.value.capitalize()) for role in Role],
        validators=[DataRequired("Choose a role.")],
    )
    submit = SubmitField("Save role")
