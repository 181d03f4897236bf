"""The quiz builder and quiz preview."""

from random import Random

from flask import flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from quizapp.author import service
from quizapp.author.forms import QuizForm
from quizapp.author.views import bp
from quizapp.extensions import db
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


def _fill(form: QuizForm, quiz: Quiz) -> None:
    """Put a stored quiz into the builder."""
    form.title.data, form.slug.data, form.description.data = quiz.title, quiz.slug, quiz.description
    form.mode.data = "random" if quiz.draw_count else "fixed"
    form.question_ids.data = "\n".join(quiz.question_ids or [])
    form.draw_count.data = quiz.draw_count
    draw_filter = quiz.draw_filter or {}
    form.draw_types.data = draw_filter.get("types", [])
    form.draw_statuses.data = draw_filter.get("statuses", [])
    form.draw_tags.data = ", ".join(draw_filter.get("tags", []))
    form.exam_pool.data = quiz.exam_pool
    form.shuffle_questions.data, form.one_per_page.data = quiz.shuffle_questions, quiz.one_per_page
    form.feedback_mode.data, form.grading_method.data = quiz.feedback_mode, quiz.grading_method
    form.time_limit_minutes.data = (
        quiz.time_limit_seconds // 60 if quiz.time_limit_seconds else None
    )
    form.max_attempts.data = quiz.max_attempts
    form.pass_mark.data = int(quiz.pass_mark) if quiz.pass_mark is not None else None
    form.opens_at.data = quiz.opens_at.replace(tzinfo=None) if quiz.opens_at else None
    form.closes_at.data = quiz.closes_at.replace(tzinfo=None) if quiz.closes_at else None
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
    return settings


@bp.route("/quizzes/new", methods=["GET", "POST"])
def new_quiz() -> str | Response:
    """Build a new quiz."""
    form = QuizForm()
    if form.validate_on_submit() and (settings := _check(form, None)) is not None:
        quiz = service.save_quiz(None, settings)
        flash("Quiz saved.", "success")
        return redirect(url_for("author.edit_quiz", quiz_id=quiz.id))
    return render_template("author/quiz_form.html", form=form, quiz=None)


@bp.route("/quizzes/<int:quiz_id>/edit", methods=["GET", "POST"])
def edit_quiz(quiz_id: int) -> str | Response:
    """Change a quiz's questions and rules."""
    quiz = db.get_or_404(Quiz, quiz_id)
    form = QuizForm()
    if request.method == "GET":
        _fill(form, quiz)
    if form.validate_on_submit() and (settings := _check(form, quiz)) is not None:
        service.save_quiz(quiz, settings)
        flash("Quiz saved.", "success")
        return redirect(url_for("author.edit_quiz", quiz_id=quiz.id))
    return render_template(
        "author/quiz_form.html",
        form=form,
        quiz=quiz,
        available=len(available_questions(quiz)),
    )


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
