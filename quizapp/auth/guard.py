"""One role check per blueprint, run before each of its views."""

from flask import Blueprint, abort
from flask_login import current_user

from quizapp.extensions import login_manager
from quizapp.models import Role


def require_role(bp: Blueprint, role: Role) -> None:
    """Guard every view of bp: anonymous users go to log in, lesser roles get 403."""

    @bp.before_request
    def _check_role() -> object:
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if not current_user.has_role(role):
            abort(403)
        return None
