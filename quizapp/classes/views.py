"""Class pages: students join and take assigned quizzes; instructors run their classes.

Two guards, so two blueprints: any account may join a class and see the classes it is in;
only instructors create classes, assign quizzes and read the gradebook, and only their own
classes (an admin: every class). Anyone else asking for a class gets 404, revealing nothing.
"""

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from quizapp.auth.guard import owned_or_404, require_role
from quizapp.classes import grades, service
from quizapp.classes.forms import AssignForm, ClassForm, CodeForm, JoinForm
from quizapp.extensions import db
from quizapp.models import Assignment, Attempt, Classroom, Quiz, Role, now_utc
from quizapp.qr import qr_response
from quizapp.quiz.service import AttemptRefused, start_attempt

bp = Blueprint("classes", __name__, url_prefix="/classes")
require_role(bp, Role.STUDENT)
teach_bp = Blueprint("teach", __name__, url_prefix="/teach/classes")
require_role(teach_bp, Role.INSTRUCTOR)


def teaches(classroom: Classroom) -> bool:
    """True when the current user teaches the class, or is an admin."""
    return current_user.has_role(Role.ADMIN) or classroom.instructor_id == current_user.id


def visible_class(class_id: int) -> Classroom:
    """A class the current user is in or teaches; 404 for anyone else."""
    classroom = db.session.get(Classroom, class_id)
    if classroom is None or not (
        teaches(classroom) or service.is_member(classroom, current_user.id)
    ):
        abort(404)
    return classroom


def taught_class(class_id: int) -> Classroom:
    """A class the current user teaches (an admin: any); 404 for anyone else."""
    return owned_or_404(Classroom, class_id, lambda classroom: classroom.instructor_id)


def join_url(classroom: Classroom) -> str:
    """The link that opens the join form with the class's code filled in."""
    return url_for("classes.join", code=classroom.join_code, _external=True)


@bp.get("/")
def index() -> str:
    """The classes the user is in, the ones they teach, and the form to join one."""
    taught = service.classes_taught(current_user) if current_user.has_role(Role.INSTRUCTOR) else []
    joined = service.classes_joined(current_user.id)
    form = JoinForm()
    return render_template("classes/index.html", taught=taught, joined=joined, form=form)


@bp.route("/join", methods=["GET", "POST"])
def join() -> str | Response:
    """Join a class with its code; the join link fills the code in (?code=...)."""
    form = JoinForm()
    if request.method == "GET" and request.args.get("code"):
        form.code.data = request.args["code"][:40]
    if form.validate_on_submit():
        try:
            classroom = service.join_class(form.code.data or "", current_user.id, now_utc())
        except service.JoinRefused as exc:
            form.code.errors = [str(exc)]
        else:
            flash(f"You have joined {classroom.name}.", "success")
            return redirect(url_for("classes.detail", class_id=classroom.id))
    return render_template("classes/join.html", form=form)


@bp.get("/<int:class_id>")
def detail(class_id: int) -> str:
    """The class: its assigned quizzes and their windows, and for its teacher the join code."""
    classroom = visible_class(class_id)
    assignments = service.assignments_of(classroom)
    form = None
    if teaches(classroom):
        form = AssignForm()
        form.quiz_id.choices = _quiz_choices()
    now = now_utc()
    mine = grades.attempts_by_cell(assignments)
    return render_template(
        "classes/detail.html",
        classroom=classroom,
        assignments=[
            (a, service.window_of(a), service.window_state(a, now), _own_cell(a, mine))
            for a in assignments
        ],
        teacher=teaches(classroom),
        members=service.members_of(classroom),
        form=form,
        code_form=CodeForm(),
        join_url=join_url(classroom),
        now=now,
    )


def _own_cell(assignment: Assignment, grouped: dict[tuple[int, int], list[Attempt]]) -> grades.Cell:
    """The current user's own figures for the assignment."""
    return grades.cell_of(assignment, grouped.get((current_user.id, assignment.id), []))


@bp.post("/<int:class_id>/assignments/<int:assignment_id>/start")
def start(class_id: int, assignment_id: int) -> Response:
    """Start (or resume) the assigned quiz, within the class's window."""
    classroom = visible_class(class_id)
    assignment = db.session.get(Assignment, assignment_id)
    if assignment is None or assignment.classroom_id != classroom.id:
        abort(404)
    try:
        attempt = start_attempt(assignment.quiz, current_user.id, now_utc(), assignment)
    except AttemptRefused as exc:
        flash(str(exc), "error")
        return redirect(url_for("classes.detail", class_id=classroom.id))
    return redirect(url_for("quiz.attempt", attempt_id=attempt.id))


@bp.get("/<int:class_id>/board")
def board(class_id: int) -> str:
    """The class's board, overall or for one assigned quiz (?quiz=<assignment id>)."""
    classroom = visible_class(class_id)
    assignments = service.assignments_of(classroom)
    chosen = request.args.get("quiz", type=int)
    only = next((a for a in assignments if a.id == chosen), None)
    rows = grades.class_board(
        service.members_of(classroom), assignments, current_user.id, only=only
    )
    return render_template(
        "classes/board.html", classroom=classroom, assignments=assignments, only=only, rows=rows
    )


def _quiz_choices() -> list[tuple[int, str]]:
    """The published quizzes an instructor can assign, by title."""
    quizzes = db.session.execute(
        db.select(Quiz).where(Quiz.published.is_(True)).order_by(Quiz.title)
    ).scalars()
    return [(q.id, q.title) for q in quizzes]


@teach_bp.route("/new", methods=["GET", "POST"])
def new() -> str | Response:
    """Create a class; its page shows the join code, link and QR code."""
    form = ClassForm()
    if form.validate_on_submit():
        classroom = service.create_class(
            form.name.data or "", current_user.id, now_utc(), form.valid_days.data
        )
        flash(f"Class {classroom.name} created. Give your students its code.", "success")
        return redirect(url_for("classes.detail", class_id=classroom.id))
    return render_template("classes/new.html", form=form)


@teach_bp.get("/<int:class_id>/qr.svg")
def qr(class_id: int) -> Response:
    """The join link as a QR code, drawn here as SVG (no third party sees the code)."""
    return qr_response(join_url(taught_class(class_id)), scale=6)


@teach_bp.post("/<int:class_id>/code")
def replace_code(class_id: int) -> Response:
    """Replace the join code; the old one stops working."""
    classroom = taught_class(class_id)
    form = CodeForm()
    if form.validate_on_submit():
        service.replace_code(classroom, now_utc(), form.valid_days.data)
        flash("The class has a new join code; the old one no longer works.", "success")
    else:
        flash(" ".join(form.valid_days.errors) or "The code was not replaced.", "error")
    return redirect(url_for("classes.detail", class_id=classroom.id))


@teach_bp.post("/<int:class_id>/assignments")
def assign(class_id: int) -> str | Response:
    """Assign a quiz to the class with its window, or move the window."""
    classroom = taught_class(class_id)
    form = AssignForm()
    form.quiz_id.choices = _quiz_choices()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            flash(" ".join(str(e) for e in errors), "error")
        return redirect(url_for("classes.detail", class_id=classroom.id))
    quiz = db.get_or_404(Quiz, form.quiz_id.data)
    # Read in the teacher's zone (the form's labels name it): aware UTC datetimes.
    service.assign_quiz(classroom, quiz, form.opens_at.data, form.closes_at.data)
    flash(f"{quiz.title} is assigned to {classroom.name}.", "success")
    return redirect(url_for("classes.detail", class_id=classroom.id))


# The gradebook adds its views to teach_bp: imported here, with it, so the blueprint is whole
# wherever it is imported from.
from quizapp.classes import gradebook  # noqa: E402, F401
