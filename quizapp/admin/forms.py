"""Admin forms."""

from wtforms import HiddenField, SelectField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired

from quizapp.core.text import canonical_username
from quizapp.forms import CleanForm
from quizapp.models import Role


def _login_name() -> HiddenField:
    """The account acted on, by login name: canonical here, at the edge, so every comparison
    after it ("is this me?", the lookup) compares like with like."""
    return HiddenField(filters=[lambda v: canonical_username(v or "")], validators=[DataRequired()])


class RoleForm(CleanForm):
    """Give one account a role."""

    username = _login_name()
    role = SelectField(
        "Role",
        choices=[SelectChoice(role.value, role.value.capitalize()) for role in Role],
        validators=[DataRequired("Choose a role.")],
    )
    submit = SubmitField("Save role")


class RevokeTokensForm(CleanForm):
    """Revoke every API token of one account."""

    username = _login_name()
    submit = SubmitField("Revoke API tokens")
