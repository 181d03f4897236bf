"""The students' flag form: report a problem with a question of a finished attempt.

The blueprint is named after its URL prefix (/reports); the instructors' report queue and
item analysis are in quizapp/reports/instructor.py (/instructor).
"""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from quizapp.auth.guard import require_role
from quizapp.lookup import own_attempt_or_404
from quizapp.models import Attempt, Question, Role, now_utc
from quizapp.quiz.service import answers_of, question_at
from quizapp.reports import service
from quizapp.reports.forms import FlagForm
from quizapp.versions import as_answered

# Any account may flag; only instructors see the rest (quizapp.reports.instructor).
bp = Blueprint("reports", __name__, url_prefix="/reports")
require_role(bp, Role.STUDENT)

# By the question's number in the attempt: students never see a question's stable id.
FLAG_PATH = "/attempts/<int:attempt_id>/questions/<int:number>/flag"


def _flaggable(attempt_id: int, number: int) -> tuple[Attempt, Question]:
    """The current student's finished attempt and its question `number`; 404 for anything else."""
    attempt = own_attempt_or_404(attempt_id, current_user.id, finished=True)
    question = question_at(attempt, number)
    if question is None:
        abort(404)
    return attempt, question


@bp.get(FLAG_PATH)
def new(attempt_id: int, number: int) -> str:
    """The report form for one question, shown as the student answered it."""
    attempt, question = _flaggable(attempt_id, number)
    return _flag_page(attempt, question, number, FlagForm())


def _flag_page(attempt: Attempt, question: Question, number: int, form: FlagForm) -> str:
    """The report form for a question of a finished attempt, shown as the student answered it."""
    answer = answers_of(attempt).get(question.id)
    shown = as_answered(question, answer.question_version) if answer else question
    return render_template(
        "reports/flag.html", attempt=attempt, question=shown, number=number, form=form
    )


@bp.post(FLAG_PATH)
def create(attempt_id: int, number: int) -> Response | tuple[str, int]:
    """Send the report and go back to the question on the result page; a report with a
    mistake comes back with its message beside the field and what was typed kept."""
    attempt, question = _flaggable(attempt_id, number)
    form = FlagForm()
    if not form.validate_on_submit():
        return _flag_page(attempt, question, number, form), 422
    try:
        reason, comment = form.reason.data, form.comment.data
        service.flag_question(attempt, question.id, current_user.id, reason, comment, now_utc())
    except service.ReportRefused as exc:
        flash(str(exc), "warning")
    else:
        flash("Thank you: your report was sent to the instructors.", "success")
    return redirect(url_for("quiz.result", attempt_id=attempt.id, _anchor=f"review-{number}"))
