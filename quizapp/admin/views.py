"""Admin views: list accounts and change their roles."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from quizapp import credentials
from quizapp.admin.forms import RevokeTokensForm, RoleForm
from quizapp.audit import ACTIONS
from quizapp.auth import service as accounts
from quizapp.auth.guard import require_role
from quizapp.extensions import db
from quizapp.models import AuditEvent, Role, User

bp = Blueprint("admin", __name__, url_prefix="/admin")
require_role(bp, Role.ADMIN)


@bp.get("/users")
def users() -> str:
    """Every account, newest first, a page at a time, with a role form for each."""
    page = db.paginate(
        db.select(User).order_by(User.created_at.desc(), User.id.desc()), per_page=50
    )
    forms = {user.id: RoleForm(username=user.username, role=user.role) for user in page.items}
    revoke = {user.id: RevokeTokensForm(username=user.username) for user in page.items}
    return render_template("admin/users.html", page=page, forms=forms, revoke=revoke)


@bp.post("/users/role")
def set_role() -> Response:
    """Change one account's role; an admin cannot demote themself by accident."""
    form = RoleForm()
    if not form.validate_on_submit():
        flash("That role change was not valid; nothing was changed.", "error")
    elif form.username.data == current_user.username and form.role.data != Role.ADMIN:
        flash("You cannot remove your own admin role.", "error")
    else:
        try:
            user = accounts.set_role(form.username.data, Role(form.role.data), current_user)
        except accounts.UnknownUser:
            flash("There is no such account.", "error")
        else:
            flash(f"{user.username} is now {user.role}.", "success")
    return redirect(url_for("admin.users", page=request.args.get("page", 1, type=int)))


@bp.post("/users/tokens")
def revoke_tokens() -> Response:
    """Revoke every API token of one account (a lost laptop, a leaked script)."""
    form = RevokeTokensForm()
    user = accounts.find_user(form.username.data) if form.validate_on_submit() else None
    if user is None:
        flash("There is no such account; nothing was changed.", "error")
    else:
        gone = credentials.revoke_all_tokens(user, current_user)
        flash(f"Revoked {gone} API token{'' if gone == 1 else 's'} of {user.username}.", "success")
    return redirect(url_for("admin.users", page=request.args.get("page", 1, type=int)))


@bp.get("/audit")
def audit_trail() -> str:
    """Who created, edited, published, retired or imported questions, and changed roles."""
    action = request.args.get("action", "")
    query = db.select(AuditEvent).order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
    if action in ACTIONS:
        query = query.where(AuditEvent.action == action)
    page = db.paginate(query, per_page=50)
    return render_template("admin/audit.html", page=page, action=action, actions=ACTIONS)
