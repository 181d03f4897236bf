"""The question bank: list and filter, write and edit every type, review, preview."""

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from quizapp.auth.guard import require_role
from quizapp.author import service
from quizapp.author.forms import CommentForm, QuestionForm, StateForm
from quizapp.author.image_field import fill_image, take_image
from quizapp.author.picker import FILTERS, bank_query
from quizapp.bank import fact_base
from quizapp.core.grading import Gradable, ResponseError, grade, read_response
from quizapp.core.kinds import editor_kinds, kind_of, type_labels
from quizapp.core.status import Status
from quizapp.core.workflow import ACTIONS, QuestionState, moves
from quizapp.extensions import db
from quizapp.models import Answer, Question, QuestionComment, QuestionVersion, Role
from quizapp.quiz.present import feedback, public_question
from quizapp.workflow import Refused, move_question

F = TypeVar("F")  # a form class's instance
T = TypeVar("T")  # the stored thing it edits

bp = Blueprint("author", __name__, url_prefix="/author")
require_role(bp, Role.INSTRUCTOR)


def known_facts() -> set[str]:
    """Every fact and misconception id of the fact base."""
    base = fact_base()
    return {f.id for f in base.facts} | {m.id for m in base.misconceptions}


def form_for(form_class: Callable[..., F], stored: T | None, fill: Callable[[F, T], None]) -> F:
    """The blueprint's form (a question's or a quiz's) as posted, or on a GET filled from the
    stored thing being edited."""
    form = form_class(known_facts=known_facts())
    if stored is not None and request.method == "GET":
        fill(form, stored)
    return form


@bp.get("/questions")
def questions() -> str:
    """The bank, filtered by status, type, tag, fact, review state and origin, searchable."""
    args = {name: request.args.get(name, "").strip() for name in (*FILTERS, "q")}
    query = bank_query(args)
    page = db.paginate(query.order_by(Question.updated_at.desc(), Question.id), per_page=25)
    return render_template(
        "author/questions.html", page=page, args=args, types=type_labels(), statuses=list(Status)
    )


@bp.route("/questions/new", methods=["GET", "POST"])
def new_question() -> str | Response:
    """Write a new question of any type; it starts as a draft. "Change type" (the page without
    script) shows the chosen type's fields again, keeping what was written."""
    form = QuestionForm(known_facts=known_facts())
    changing = "change_type" in request.form
    if request.method == "GET":
        form.type.data = request.args.get("type", "")
        form.as_of.data = service.today()
    if (request.method == "GET" or changing) and form.type.data not in editor_kinds():
        form.type.data = next(iter(editor_kinds()))
    # "Change type" validates nothing (no messages, nothing saved) but keeps an uploaded image.
    valid = not changing and form.validate_on_submit()
    if form.is_submitted() and take_image(form, current_user) and valid:
        question = service.create_question(form.content, current_user)
        flash("Question saved as a draft.", "success")
        return redirect(url_for("author.question", question_id=question.id))
    return _editor(form, None)


def _editor(form: QuestionForm, question: Question | None, answers: int = 0) -> str:
    """The question editor: every type's key fields, those of the chosen type shown."""
    kinds = editor_kinds()
    users = {name: [t for t, k in kinds.items() if name in k.editor_fields] for name in form.data}
    weighed = [t for t, k in kinds.items() if k.several_right]
    pictured = [t for t, k in kinds.items() if k.option_images]
    return render_template(
        "author/question_form.html",
        form=form,
        question=question,
        answers=answers,
        kinds=kinds,
        users=users,
        weighed=weighed,
        pictured=pictured,
    )


def _fill(form: QuestionForm, question: Question) -> None:
    """Put a stored question into the form."""
    form.type.data, form.prompt.data = question.type, question.prompt
    form.title.data = question.heading
    form.text_format.data = (question.extra or {}).get("text_format", "plain")
    form.status.data, form.conditional.data = question.status, question.conditional
    form.as_of.data, form.explanation.data = question.as_of, question.explanation
    form.facts.data = ", ".join(question.facts or [])
    form.no_fact_reason.data = (question.extra or {}).get("no_fact_reason", "")
    form.tags.data = ", ".join(question.tags or [])
    for entry, option in zip(form.options, question.options or [], strict=False):
        entry.form.text.data, entry.form.correct.data = option["text"], option["correct"]
        entry.form.feedback.data, entry.form.weight.data = (
            option.get("feedback", ""),
            option.get("weight"),
        )
    for name, value in kind_of(question.type).editor_values(question.answer).items():
        form[name].data = value
    fill_image(form, question.extra, question.options)


@bp.route("/questions/<path:question_id>/edit", methods=["GET", "POST"])
def edit_question(question_id: str) -> str | Response:
    """Edit a question; every saved change is a new version, past answers keep theirs."""
    question = db.get_or_404(Question, question_id)
    form = form_for(QuestionForm, question, _fill)
    form.type.data = question.type  # the type of a question never changes
    valid = form.validate_on_submit()
    if form.is_submitted() and take_image(form, current_user) and valid:
        changed = service.edit_question(question, form.content, current_user, form.note.data)
        flash(
            f"Saved as version {question.version}." if changed else "Nothing changed.",
            "success" if changed else "info",
        )
        return redirect(url_for("author.question", question_id=question.id))
    answers = db.session.execute(
        db.select(db.func.count(Answer.id)).where(Answer.question_id == question.id)
    ).scalar_one()
    return _editor(form, question, answers)


@bp.route("/questions/<path:question_id>", methods=["GET", "POST"])
def question(question_id: str) -> str:
    """A question as students see it (try it: nothing is saved), its history and review."""
    question = db.get_or_404(Question, question_id)
    view, error = _tried(question)
    versions, comments = _history(question)
    return render_template(
        "author/question.html",
        question=question,
        view=view,
        error=error,
        versions=versions,
        comments=comments,
        comment_form=CommentForm(),
        state_form=StateForm(),
        moves=[(s, ACTIONS[s]) for s in moves(QuestionState(question.state))],
        types=type_labels(),
    )


def _tried(question: Question) -> tuple[dict[str, Any], str | None]:
    """The question as a student sees it and, after a POST, the answer tried with its feedback
    (graded, never saved), or the message that says why the answer could not be read."""
    view: dict[str, Any] = {
        "number": 1,
        "question": public_question(question, 0),
        "saved": None,
        "feedback": None,
    }
    if request.method != "POST":
        return view, None
    gradable = Gradable(question.type, question.options, question.answer)
    try:
        response = read_response(gradable, request.form.to_dict(flat=False))
    except ResponseError as exc:
        return view, str(exc)
    tried = Answer(question_id=question.id, response=response, score=grade(gradable, response))
    view["saved"], view["feedback"] = response, feedback(question, tried)
    return view, None


def _history(question: Question) -> tuple[list[QuestionVersion], list[QuestionComment]]:
    """The question's saved versions and its review comments, newest first."""
    versions = db.session.scalars(
        db.select(QuestionVersion)
        .where(QuestionVersion.question_id == question.id)
        .order_by(QuestionVersion.version.desc())
    )
    comments = db.session.scalars(
        db.select(QuestionComment)
        .where(QuestionComment.question_id == question.id)
        .order_by(QuestionComment.created_at.desc(), QuestionComment.id.desc())
    )
    return list(versions), list(comments)


@bp.post("/questions/<path:question_id>/state")
def move(question_id: str) -> Response:
    """Send to review, publish, retire or return to draft, with an optional comment."""
    question = db.get_or_404(Question, question_id)
    form = StateForm()
    if not form.validate_on_submit():
        flash("That change was not understood; nothing changed.", "error")
    else:
        try:
            state = move_question(
                question, form.state.data, current_user.id, form.comment.data or ""
            )
        except Refused as exc:
            flash(str(exc), "error")
        else:
            flash(f"The question is now {state.label.casefold()}.", "success")
    return redirect(url_for("author.question", question_id=question.id))


@bp.post("/questions/<path:question_id>/comments")
def comment(question_id: str) -> Response:
    """Add a reviewer's comment."""
    question = db.get_or_404(Question, question_id)
    form = CommentForm()
    if form.validate_on_submit():
        service.add_comment(question, current_user, form.body.data.strip())
        flash("Comment added.", "success")
    else:
        flash(" ".join(form.body.errors) or "The comment was not saved.", "error")
    return redirect(url_for("author.question", question_id=question.id) + "#comments")


# The blueprint's other route modules add their views to bp: imported here, with it, so the
# blueprint is whole wherever it is imported from.
from quizapp.author import exchange, quizzes  # noqa: E402, F401
