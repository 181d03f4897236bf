"""Views for accounts: register, log in, log out, change password."""

from urllib.parse import urlsplit

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from quizapp import credentials
from quizapp.auth import service as accounts
from quizapp.auth.forms import (
    NAME_TAKEN,
    ChangePasswordForm,
    LoginForm,
    ProfileForm,
    RegisterForm,
)
from quizapp.auth.sessions import log_in, log_out
from quizapp.leaderboard.services import update_profile
from quizapp.limits import limited_login, register_limit
from quizapp.models import Role, now_utc

bp = Blueprint("auth", __name__, url_prefix="/auth")


def _safe_next(target: str | None) -> str:
    """Follow ?next= only to a path on this site, never to another host."""
    if target and target.startswith("/") and not target.startswith("//"):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return url_for("site.index")


@bp.route("/register", methods=["GET", "POST"])
@register_limit
def register() -> str | Response:
    """Create a student account and log it in."""
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            user = accounts.create_user(
                form.username.data, form.display_name.data, form.password.data, Role.STUDENT
            )
        except accounts.UsernameTaken:
            form.username.errors.append("That login name is taken. Please choose another.")
        except accounts.NameTaken:
            form.display_name.errors.append(NAME_TAKEN.format(what="display name"))
        else:
            log_in(user)
            flash(f"Welcome, {user.display_name}! Your account is ready.", "success")
            return redirect(url_for("site.index"))
    return render_template("auth/register.html", form=form)


@bp.route("/login", methods=["GET", "POST"])
@limited_login
def login() -> str | Response:
    """Log in with a login name and password."""
    form = LoginForm()
    if form.validate_on_submit():
        user = accounts.authenticate(form.username.data, form.password.data)
        if user is not None:
            log_in(user)
            flash(f"Logged in as {user.display_name}.", "success")
            return redirect(_safe_next(request.args.get("next")))
        form.password.errors.append("Wrong login name or password.")
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
def logout() -> Response:
    """Log out; a POST with a CSRF token, so another site cannot log you out."""
    log_out()
    flash("You are logged out.", "info")
    return redirect(url_for("site.index"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
def change_password() -> str | Response:
    """Change your password after proving the current one."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        if not current_user.check_password(form.current.data):
            form.current.errors.append("Your current password is not right.")
        else:
            accounts.change_password(current_user, form.password.data)
            log_in(current_user)
            flash(
                "Your password is changed. Other sessions are logged out and your API "
                "tokens revoked.",
                "success",
            )
            return redirect(url_for("site.index"))
    return render_template("auth/change_password.html", form=form)


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile() -> str | Response:
    """Change your display name, how leaderboards show you and your time zone."""
    form = ProfileForm(current_user.id, obj=current_user)
    if form.validate_on_submit():
        try:
            update_profile(
                current_user,
                form.display_name.data,
                form.board_privacy.data,
                form.pseudonym.data,
                form.time_zone.data,
            )
        except accounts.NameTaken:  # taken between the check and the save
            form.display_name.errors.append(NAME_TAKEN.format(what="display name or pseudonym"))
        else:
            flash(
                "Your profile is saved. Leaderboards show the change at once; dates are shown "
                f"in {current_user.time_zone}.",
                "success",
            )
            return redirect(url_for("auth.profile"))
    tokens = credentials.tokens_of(current_user.id, now_utc())
    return render_template("auth/profile.html", form=form, tokens=tokens)


@bp.post("/tokens/<int:token_id>/revoke")
@login_required
def revoke_token(token_id: int) -> Response:
    """Revoke one of your API tokens; another account's token is not found (404)."""
    if not credentials.revoke_token(current_user.id, token_id):
        abort(404)
    flash("The token is revoked. A program using it must ask for a new one.", "success")
    return redirect(url_for("auth.profile"))
