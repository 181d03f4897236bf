"""Views for accounts: register, log in, log out, change password."""

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.wrappers import Response

from quizapp import services
from quizapp.auth.forms import ChangePasswordForm, LoginForm, ProfileForm, RegisterForm
from quizapp.leaderboard.services import update_profile
from quizapp.limits import limited_login, register_limit
from quizapp.models import Role

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
            user = services.create_user(
                form.username.data, form.display_name.data, form.password.data, Role.STUDENT
            )
        except services.UsernameTaken:
            form.username.errors.append("That login name is taken. Please choose another.")
        else:
            session.clear()
            login_user(user)
            flash(f"Welcome, {user.display_name}! Your account is ready.", "success")
            return redirect(url_for("site.index"))
    return render_template("auth/register.html", form=form)


@bp.route("/login", methods=["GET", "POST"])
@limited_login
def login() -> str | Response:
    """Log in with a login name and password."""
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.username.data, form.password.data)
        if user is not None:
            session.clear()  # a new session at login: nothing set before it carries over
            login_user(user)
            flash(f"Logged in as {user.display_name}.", "success")
            return redirect(_safe_next(request.args.get("next")))
        form.password.errors.append("Wrong login name or password.")
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
def logout() -> Response:
    """Log out; a POST with a CSRF token, so another site cannot log you out."""
    logout_user()
    session.clear()  # nothing of the old session survives logout
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
            services.change_password(current_user, form.password.data)
            login_user(current_user)
            flash("Your password is changed. Other sessions are logged out.", "success")
            return redirect(url_for("site.index"))
    return render_template("auth/change_password.html", form=form)


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile() -> str | Response:
    """Change your display name and how leaderboards show you."""
    form = ProfileForm(obj=current_user)
    if form.validate_on_submit():
        update_profile(
            current_user, form.display_name.data, form.board_privacy.data, form.pseudonym.data
        )
        flash("Your profile is saved. Leaderboards show the change at once.", "success")
        return redirect(url_for("auth.profile"))
    return render_template("auth/profile.html", form=form)
