"""The gradebook pages: students by assigned quizzes, its CSV, and a student's attempt review."""

import re
from datetime import datetime
from typing import Any

from flask import Response, abort, render_template, request
from flask_login import current_user

from quizapp.classes import grades, service
from quizapp.classes.views import taught_class, teach_bp
from quizapp.core import attempt_rules
from quizapp.core.numbers import percent_text
from quizapp.core.spreadsheet import Cell, csv_text
from quizapp.core.zones import DEFAULT_ZONE, form_value
from quizapp.dates import viewer_zone
from quizapp.extensions import db
from quizapp.live import results as live
from quizapp.live.models import LiveSession
from quizapp.models import Assignment, Attempt, Classroom
from quizapp.quiz.present import feedback, public_question
from quizapp.quiz.service import answers_of, as_answered_all, counted_percent, questions_of

SHOW = {
    "all": "Every student",
    "not-started": "Not started an assigned quiz",
    "not-passed": "Not passed an assigned quiz",
}


def _rows(classroom: Classroom) -> tuple[list[Assignment], list[grades.Row], str, str]:
    """The gradebook's columns and rows, sorted and filtered by the query's sort, show and q
    (part of a student's name)."""
    assignments = list(service.assignments_of(classroom))
    rows = grades.gradebook(service.members_of(classroom), assignments)
    show = request.args.get("show", "all")
    show = show if show in SHOW else "all"
    if show == "not-started":
        rows = [r for r in rows if any(c.used == 0 for c in r.cells.values())]
    elif show == "not-passed":
        rows = [r for r in rows if any(c.passed is not True for c in r.cells.values())]
    name = request.args.get("q", "").strip().casefold()[:60]
    if name:
        rows = [
            r
            for r in rows
            if name in r.user.display_name.casefold() or name in r.user.username.casefold()
        ]
    sort = request.args.get("sort", "name")
    columns = {f"a{a.id}": a.id for a in assignments}
    if sort == "overall":
        rows.sort(key=lambda r: -r.overall)
    elif sort in columns:
        rows.sort(key=lambda r: -(r.cells[columns[sort]].counted or -1.0))
    else:
        sort = "name"
    return assignments, rows, sort, show


@teach_bp.get("/<int:class_id>/gradebook")
def gradebook(class_id: int) -> str:
    """Students by assigned quizzes: counted score, attempts used, last activity, pass or not."""
    classroom = taught_class(class_id)
    assignments, rows, sort, show = _rows(classroom)
    sessions = live.class_sessions(classroom.id)
    return render_template(
        "classes/gradebook.html",
        sessions=sessions,
        live_scores=live.class_percents(sessions, [r.user for r in rows]),
        classroom=classroom,
        assignments=assignments,
        rows=rows,
        sort=sort,
        show=show,
        shows=SHOW,
        q=request.args.get("q", "")[:60],
    )


def csv_rows(
    assignments: list[Assignment],
    rows: list[grades.Row],
    sessions: list[LiveSession] | None = None,
    live_scores: dict[tuple[int, int], float] | None = None,
    zone: str = DEFAULT_ZONE,
) -> list[list[Cell]]:
    """The gradebook as CSV rows: a header, then one line per student; the class's ended live
    sessions last, a score per session (empty: did not play). Times are in `zone`, named in
    the header, written as a spreadsheet reads them (2026-01-10 09:00)."""
    sessions, live_scores = sessions or [], live_scores or {}

    def local(moment: datetime | None) -> str:
        shown = form_value(moment, zone)
        return f"{shown:%Y-%m-%d %H:%M}" if shown else ""

    header: list[Cell] = ["Student", "Login name", "Overall"]
    for a in assignments:
        title = a.quiz.title
        header += [f"{title}: counted", f"{title}: attempts", f"{title}: last activity ({zone})"]
        header.append(f"{title}: passed")
    header += [f"Live: {s.quiz.title} ({local(s.created_at)} {zone})" for s in sessions]
    out = [header]
    for row in rows:
        line: list[Cell] = [row.user.display_name, row.user.username, round(row.overall, 2)]
        for a in assignments:
            c = row.cells[a.id]
            when = local(c.last_activity)
            passed = "" if c.passed is None else ("yes" if c.passed else "no")
            line += [None if c.counted is None else round(c.counted, 2), c.used, when, passed]
        for session in sessions:
            score = live_scores.get((row.user.id, session.id))
            line.append(None if score is None else round(score, 2))
        out.append(line)
    return out


@teach_bp.get("/<int:class_id>/gradebook.csv")
def gradebook_csv(class_id: int) -> Response:
    """The gradebook, as sorted and filtered, as a formula-safe CSV download."""
    classroom = taught_class(class_id)
    assignments, rows, _, _ = _rows(classroom)  # as sorted and filtered on the page
    sessions = live.class_sessions(classroom.id)
    scores = live.class_percents(sessions, [r.user for r in rows])
    filename = re.sub(r"[^A-Za-z0-9._-]", "-", f"gradebook-{classroom.name}")[:80] + ".csv"
    return Response(
        csv_text(csv_rows(assignments, rows, sessions, scores, viewer_zone())),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def review_views(attempt: Attempt) -> list[dict[str, Any]]:
    """Each question of a finished attempt as the student's result page showed it."""
    answers = answers_of(attempt)
    questions = as_answered_all(questions_of(attempt), answers)
    return [
        {
            "number": n,
            "question": public_question(q, attempt.seed),
            "saved": answers[q.id].response if q.id in answers else None,
            "typed": None,
            "feedback": feedback(q, answers.get(q.id)),
        }
        for n, q in enumerate(questions, start=1)
    ]


@teach_bp.get("/<int:class_id>/attempts/<int:attempt_id>")
def review(class_id: int, attempt_id: int) -> str:
    """A member's finished attempt through the class, as the student saw its review."""
    classroom = taught_class(class_id)
    attempt = db.session.get(Attempt, attempt_id)
    assignment = db.session.get(Assignment, attempt.assignment_id or 0) if attempt else None
    if attempt is None or assignment is None or assignment.classroom_id != classroom.id:
        abort(404)
    if not attempt.finished or not service.is_member(classroom, attempt.user_id):
        abort(404)
    others = grades.attempts_by_cell([assignment]).get((attempt.user_id, assignment.id), [])
    return render_template(
        "classes/review.html",
        classroom=classroom,
        attempt=attempt,
        quiz=attempt.quiz,
        views=review_views(attempt),
        others=others,
        counted=counted_percent(attempt.quiz, others),
        percent_text=percent_text,
        viewer=current_user,
        passed=attempt_rules.passed(attempt.percent, attempt.quiz.pass_mark),
    )
