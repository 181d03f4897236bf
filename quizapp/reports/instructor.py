"""The instructors' pages at /instructor: the learner report queue and item analysis."""

import re
from collections.abc import Collection

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from markupsafe import Markup

from quizapp.auth.guard import require_role
from quizapp.core import statistics
from quizapp.core.kinds import type_labels
from quizapp.core.spreadsheet import csv_text
from quizapp.extensions import db
from quizapp.lookup import quiz_or_404
from quizapp.models import QuestionReport, Quiz, ReportOutcome, ReportReason, Role, now_utc
from quizapp.reports import item_analysis, service
from quizapp.reports.forms import ResolveForm

bp = Blueprint("instructor", __name__, url_prefix="/instructor")
require_role(bp, Role.INSTRUCTOR)

PER_PAGE = 25
# Which attempts count, as Moodle's quiz statistics offer it (default: highest).
WHICH_NAMES = {
    "highest": "Each student's highest",
    "first": "Each student's first",
    "last": "Each student's last",
    "all": "Every attempt",
}


def _errors(form: FlaskForm) -> str:
    """Every error message of a submitted form, one after the other."""
    return " ".join(message for messages in form.errors.values() for message in messages)


def _choice(name: str, choices: Collection[str], default: str) -> str:
    """The query parameter `name`, or 400 when it is not one of the choices."""
    value = request.args.get(name, default)
    if value not in choices:
        abort(400)
    return value


def _resolve_prefix(report_id: int) -> str:
    """The field prefix of one report's form, so every form on the page has its own ids."""
    return f"report-{report_id}"


@bp.get("/reports")
def queue() -> str:
    """Learner reports, open first and newest first, 25 a page; open ones have a resolve form
    whose buttons are the outcomes the workflow allows for the question."""
    state = _choice("state", service.QUEUE_STATES, "all")
    page = db.paginate(service.queue_query(state), per_page=PER_PAGE, error_out=False)
    forms = {
        r.id: ResolveForm(prefix=_resolve_prefix(r.id)) for r in page.items if not r.resolved_at
    }
    reviewable = {r.id for r in page.items if r.id in forms and service.offers_review(r.question)}
    resolvers = service.names_of(r.resolver_id for r in page.items if r.resolver_id)
    return render_template(
        "instructor/queue.html",
        page=page,
        state=state,
        forms=forms,
        reviewable=reviewable,
        resolvers=resolvers,
        reasons={reason.value: reason.label for reason in ReportReason},
    )


RESOLVED = {
    ReportOutcome.DISMISSED: "Report dismissed: the question was not changed.",
    ReportOutcome.REVIEW: "Report resolved: the question is back in review, with your note.",
}


@bp.post("/reports/<int:report_id>/resolve")
def resolve(report_id: int) -> Response:
    """Close a report with a note: dismissed, or with its question sent back to review."""
    report = db.get_or_404(QuestionReport, report_id)
    form = ResolveForm(prefix=_resolve_prefix(report.id))
    outcome = ReportOutcome.DISMISSED if form.dismiss.data else ReportOutcome.REVIEW
    if not form.validate_on_submit():
        flash(f"The report is still open. {_errors(form)}", "error")
    else:
        try:
            service.resolve_report(report, current_user.id, form.note.data, now_utc(), outcome)
        except service.ReportRefused as exc:
            flash(str(exc), "warning")
        else:
            flash(RESOLVED[outcome], "success")
    state = request.args.get("state", "all")
    page = request.args.get("page", 1, type=int)
    state = state if state in service.QUEUE_STATES else "all"
    return redirect(url_for("instructor.queue", state=state, page=page))


@bp.get("/quizzes/analysis")
def analysis_index() -> str:
    """Every quiz with its number of finished attempts, each linked to its item analysis."""
    rows = item_analysis.quizzes_with_attempts()
    return render_template("instructor/analysis_index.html", rows=rows)


def _analysed(slug: str) -> tuple[Quiz, str, item_analysis.QuizAnalysis]:
    """A quiz by slug (404 if none), the ?attempts= choice (400 if unknown), and its analysis."""
    quiz = quiz_or_404(slug, unpublished=True)
    which = _choice("attempts", WHICH_NAMES, "highest")
    return quiz, which, item_analysis.analyse(quiz, which)


@bp.get("/quizzes/<slug>/analysis")
def analysis(slug: str) -> str:
    """A quiz's item analysis: summary, score histogram, questions and status confusions."""
    quiz, which, result = _analysed(slug)
    # Safe to inline: histogram_svg escapes every text it writes (title, description, id);
    # everything else in it is a number it formats itself.
    svg = Markup(statistics.histogram_svg(result.stats.histogram, f"Scores: {quiz.title}"))
    return render_template(
        "instructor/analysis.html",
        quiz=quiz,
        which=which,
        choices=WHICH_NAMES,
        result=result,
        svg=svg,
        not_answered=statistics.NOT_ANSWERED_LABEL,
        types=type_labels(),
    )


@bp.get("/quizzes/<slug>/analysis/questions.csv")
def questions_csv(slug: str) -> Response:
    """Per-question statistics as a CSV download."""
    quiz, which, result = _analysed(slug)
    return _csv(statistics.item_csv_rows(result.items), f"{quiz.slug}-questions-{which}")


@bp.get("/quizzes/<slug>/analysis/options.csv")
def options_csv(slug: str) -> Response:
    """How often each option was chosen, per question, as a CSV download."""
    quiz, which, result = _analysed(slug)
    return _csv(statistics.option_csv_rows(result.items), f"{quiz.slug}-options-{which}")


@bp.get("/quizzes/<slug>/analysis/attempts.csv")
def attempts_csv(slug: str) -> Response:
    """The counted attempts, with student display names, as a CSV download."""
    quiz, which, result = _analysed(slug)
    names = service.names_of(r.student_id for r in result.records)
    return _csv(statistics.attempt_csv_rows(result.records, names), f"{quiz.slug}-attempts-{which}")


def _csv(rows: list[list[statistics.Cell]], name: str) -> Response:
    """Rows as a CSV attachment; the file name keeps only safe characters."""
    filename = re.sub(r"[^A-Za-z0-9._-]", "-", name) + ".csv"
    return Response(
        csv_text(rows),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
