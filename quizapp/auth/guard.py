"""One role check per blueprint, run before each of its views."""

from collections.abc import Callable
from typing import TypeVar

from flask import Blueprint, abort
from flask_login import current_user

from quizapp.extensions import db, login_manager
from quizapp.models import Role

Row = TypeVar("Row")


def require_role(bp: Blueprint, role: Role) -> None:
    """Guard every view of bp: anonymous users go to log in, lesser roles get 403."""

    @bp.before_request
    def _check_role() -> object:
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if not current_user.has_role(role):
            abort(403)
        return None


def owned_or_404(model: type[Row], row_id: int, owner_id: Callable[[Row], int | None]) -> Row:
    """The row of model with row_id if the current user owns it (owner_id of the row) or is an
    admin; 404 for anyone else, so ids reveal nothing of what others own."""
    row = db.session.get(model, row_id)
    if row is None or not (current_user.has_role(Role.ADMIN) or owner_id(row) == current_user.id):
        abort(404)
    return row
