"""The quiz builder and quiz preview."""

from random import Random

from flask import flash, jsonify, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from quizapp.author import picker, service
from quizapp.author.quiz_forms import NEED_KINDS, QuizForm
from quizapp.author.views import bp, form_for
from quizapp.core.kinds import type_labels
from quizapp.core.status import Status
from quizapp.extensions import LARGEST_ID, db
from quizapp.models import Question, Quiz
from quizapp.quiz.present import public_question
from quizapp.quiz.service import available_questions, choose_questions


@bp.get("/quizzes")
def quizzes() -> str:
    """Every quiz, with what it can draw."""
    rows = db.session.execute(db.select(Quiz).order_by(Quiz.builtin.desc(), Quiz.id)).scalars()
    return render_template(
        "author/quizzes.html", quizzes=[(q, len(available_questions(q))) for q in rows]
    )


PICK_FILTERS = ("q", "type", "status", "tag", "state")


def _fill(form: QuizForm, quiz: Quiz) -> None:
    """Put a stored quiz into the builder."""
    form.title.data, form.slug.data, form.description.data = quiz.title, quiz.slug, quiz.description
    form.mode.data = "random" if quiz.draw_count else "fixed"
    form.question_ids.data = list(quiz.question_ids or [])
    form.draw_count.data = quiz.draw_count
    draw_filter = quiz.draw_filter or {}
    form.draw_types.data = draw_filter.get("types", [])
    form.draw_statuses.data = draw_filter.get("statuses", [])
    form.draw_tags.data = ", ".join(draw_filter.get("tags", []))
    while form.needs.entries:
        form.needs.pop_entry()
    for need in (quiz.blueprint or {}).get("require") or []:
        # One kind a row: the builder writes no need with two (quizzes.yaml has none).
        kind = next(k for k in NEED_KINDS if k in need)
        form.needs.append_entry(
            {
                "kind": kind,
                "values": ", ".join(need[kind]),
                "count": need.get("count", 1),
                "lesson": need.get("lesson", ""),
            }
        )
    form.exam_pool.data = quiz.exam_pool
    form.shuffle_questions.data, form.one_per_page.data = quiz.shuffle_questions, quiz.one_per_page
    form.feedback_mode.data, form.grading_method.data = quiz.feedback_mode, quiz.grading_method
    form.time_limit_minutes.data = (
        quiz.time_limit_seconds // 60 if quiz.time_limit_seconds else None
    )
    form.max_attempts.data = quiz.max_attempts
    form.pass_mark.data = int(quiz.pass_mark) if quiz.pass_mark is not None else None
    form.opens_at.data, form.closes_at.data = quiz.opens_at, quiz.closes_at
    form.leaderboard.data, form.published.data = quiz.leaderboard, quiz.published


def _check(form: QuizForm, quiz: Quiz | None) -> dict | None:
    """Settings that are valid to save, or None with the reasons on the form."""
    settings = form.settings
    taken = db.session.execute(
        db.select(Quiz.id).where(Quiz.slug == settings["slug"])
    ).scalar_one_or_none()
    if taken is not None and (quiz is None or taken != quiz.id):
        form.slug.errors.append("Another quiz has this address; choose another.")
        return None
    if settings["question_ids"]:
        known = set(
            db.session.execute(
                db.select(Question.id).where(Question.id.in_(settings["question_ids"]))
            ).scalars()
        )
        unknown = [q for q in settings["question_ids"] if q not in known]
        if unknown:
            form.question_ids.errors.append(f"Unknown question id(s): {', '.join(unknown)}.")
            return None
    if settings["published"]:
        probe = Quiz(id=quiz.id if quiz else None, **settings)  # never added to the session
        if not available_questions(probe):
            form.published.errors.append(
                "This quiz can draw no published question, so it cannot be published: "
                "publish its questions or widen the draw (a practice quiz draws none of the "
                "questions exam pools keep)."
            )
            return None
        if settings["draw_count"] and not _needs_met(form, quiz):
            return None
    return settings


def _needs_met(form: QuizForm, quiz: Quiz | None) -> bool:
    """True when each need of the blueprint has as many published questions to draw from as
    it asks for; else the shortfall is written beside the need and the publish box."""
    probe = _probe(quiz, form)
    needs = [entry.form.need for entry in form.needs]
    found_per_need = picker.draw_counts(probe, needs)["needs"]
    met = True
    for n, (entry, found) in enumerate(zip(form.needs, found_per_need, strict=True), start=1):
        wanted = (entry.form.need or {}).get("count", 1)
        if found is not None and found < wanted:
            entry.form.values.errors.append(
                f"Only {found} published question{'' if found == 1 else 's'} this draw can "
                f"use meet{'s' if found == 1 else ''} this need; it asks for {wanted}."
            )
            form.published.errors.append(
                f"Need {n} of the blueprint cannot be met, so the quiz cannot be published."
            )
            met = False
    return met


@bp.route("/quizzes/new", methods=["GET", "POST"])
def new_quiz() -> str | Response:
    """Build a new quiz."""
    form = form_for(QuizForm, None, _fill)
    if _picking(form):
        return _builder(form, None)
    if form.validate_on_submit() and (settings := _check(form, None)) is not None:
        quiz = service.save_quiz(None, settings)
        flash("Quiz saved.", "success")
        return redirect(url_for("author.edit_quiz", quiz_id=quiz.id))
    return _builder(form, None)


@bp.route("/quizzes/<int:quiz_id>/edit", methods=["GET", "POST"])
def edit_quiz(quiz_id: int) -> str | Response:
    """Change a quiz's questions and rules."""
    quiz = db.get_or_404(Quiz, quiz_id)
    form = form_for(QuizForm, quiz, _fill)
    if _picking(form):
        return _builder(form, quiz)
    if form.validate_on_submit() and (settings := _check(form, quiz)) is not None:
        service.save_quiz(quiz, settings)
        flash("Quiz saved.", "success")
        return redirect(url_for("author.edit_quiz", quiz_id=quiz.id))
    return _builder(form, quiz)


def _picking(form: QuizForm) -> bool:
    """Apply the picker's ticks and buttons to a posted form; True when a picker button (not
    Save) was pressed, so the builder is shown again, unsaved, without error messages."""
    if request.method != "POST":
        return False
    form.question_ids.data = picker.chosen_after(form.question_ids.data, request.form)
    return bool(request.form.get("picker"))


def _builder(form: QuizForm, quiz: Quiz | None) -> str:
    """The builder page: the form, the chosen questions, the bank found, a preview, counts."""
    source = request.form if request.method == "POST" else request.args
    filters = {name: source.get(f"pick_{name}", "").strip()[:200] for name in PICK_FILTERS}
    found, total = picker.search(filters)
    blank = sum(1 for entry in form.needs if not entry.form.values.data)
    for _ in range(max(0, 2 - blank)):
        if len(form.needs) < form.needs.max_entries:
            form.needs.append_entry()
    verb, _, preview_id = source.get("picker", "").partition(":")
    probe = _probe(quiz, form)
    return render_template(
        "author/quiz_form.html",
        form=form,
        quiz=quiz,
        available=len(available_questions(quiz)) if quiz else None,
        chosen=picker.in_order(form.question_ids.data or []),
        found=found,
        total=total,
        filters=filters,
        shown=picker.SHOWN,
        types=type_labels(),
        statuses=list(Status),
        states=picker.STATES,
        preview=db.session.get(Question, preview_id) if verb == "preview" else None,
        counts=picker.draw_counts(probe, [entry.form.need for entry in form.needs]),
        public_view=picker.public_view,
    )


@bp.get("/quizzes/bank.json")
def bank_json() -> Response:
    """The picker's search: the first questions matching the filters, with their previews."""
    filters = {name: request.args.get(name, "").strip()[:200] for name in (*PICK_FILTERS, "id")}
    chosen = set(request.args.getlist("chosen"))
    found, total = picker.search(filters)
    rows = [picker.row(q, q.id in chosen) for q in found]
    return jsonify(total=total, shown=len(rows), questions=rows)


@bp.get("/quizzes/draw-counts.json")
def draw_counts_json() -> Response:
    """Live counts for a random draw: the published questions it can use, and per need."""
    args = request.args
    quiz_id = args.get("quiz_id", type=int)
    needs = []
    for kind, values in zip(args.getlist("need_kind"), args.getlist("need_values"), strict=False):
        listed = [v.strip() for v in values.split(",") if v.strip()][:50]
        needs.append({kind: listed} if kind in NEED_KINDS and listed else None)
    quiz = db.session.get(Quiz, quiz_id) if quiz_id and 0 < quiz_id <= LARGEST_ID else None
    probe = picker.draw_probe(
        quiz,
        args.getlist("draw_types")[:20],
        args.getlist("draw_statuses")[:20],
        args.get("draw_tags", "")[:2000],
        args.get("exam_pool") == "y",
    )
    return jsonify(picker.draw_counts(probe, needs[:20]))


@bp.get("/quizzes/<int:quiz_id>/preview")
def preview_quiz(quiz_id: int) -> str:
    """The quiz as a student sees it (one sample draw); no attempt is made or counted."""
    quiz = db.get_or_404(Quiz, quiz_id)
    chosen = choose_questions(quiz, Random(0), shuffle=False)
    rows = {
        q.id: q
        for q in db.session.execute(db.select(Question).where(Question.id.in_(chosen))).scalars()
    }
    views = [
        {"number": n, "question": public_question(rows[qid], 0), "saved": None, "feedback": None}
        for n, qid in enumerate(chosen, start=1)
        if qid in rows
    ]
    return render_template("author/quiz_preview.html", quiz=quiz, views=views)


def _probe(quiz: Quiz | None, form: QuizForm) -> Quiz:
    """An unsaved quiz drawing by the form's filter, to count what it can use."""
    return picker.draw_probe(
        quiz,
        form.draw_types.data or [],
        form.draw_statuses.data or [],
        form.draw_tags.data or "",
        bool(form.exam_pool.data),
    )
