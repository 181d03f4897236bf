"""Changing the question bank and quizzes; one commit per function, no request objects."""

import re
import secrets
from datetime import UTC, date, datetime
from typing import Any

from quizapp import audit
from quizapp.attempts import retime_open_attempts
from quizapp.extensions import db
from quizapp.models import (
    Origin,
    Question,
    QuestionComment,
    Quiz,
    User,
)
from quizapp.versions import change_content, record_version


def slugify(text: str, limit: int = 40) -> str:
    """A readable, URL-safe slug."""
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")[:limit].strip("-") or "item"


def create_question(
    content: dict[str, Any],
    author: User,
    origin: Origin = Origin.AUTHORED,
    question_id: str | None = None,
    state: str = "draft",
) -> Question:
    """Add a question as a draft (or the state given), with its first version."""
    question = Question(
        id=question_id or f"authored-{slugify(content['prompt'])}-{secrets.token_hex(3)}",
        state=state,
        origin=origin.value,
        version=1,
        edited=True,
        **{
            **content,
            "article": content.get("article"),
            "correction": content.get("correction"),
            "sources": content.get("sources", []),
            "template": content.get("template", origin.value),
        },
    )
    db.session.add(question)
    record_version(question, author.id, "created")
    db.session.add(
        QuestionComment(
            question_id=question.id, author_id=author.id, body="Created.", state_change=state
        )
    )
    audit.record(author, "question.created", question.id, f"{question.type}, {state}")
    db.session.commit()
    return question


def edit_question(question: Question, content: dict[str, Any], author: User, note: str) -> bool:
    """Save an instructor's edit as a new version; sync will never overwrite it."""
    changed = change_content(question, content, author.id, note or "edited")
    if changed:
        question.edited = True
        db.session.add(
            QuestionComment(
                question_id=question.id,
                author_id=author.id,
                body=f"Edited (version {question.version}){': ' + note if note else '.'}",
            )
        )
        audit.record(author, "question.edited", question.id, f"version {question.version}")
    db.session.commit()
    return changed


def add_comment(question: Question, author: User, body: str) -> None:
    """A reviewer's comment."""
    db.session.add(QuestionComment(question_id=question.id, author_id=author.id, body=body))
    db.session.commit()


def save_quiz(quiz: Quiz | None, settings: dict[str, Any]) -> Quiz:
    """Create or update a quiz from the builder's settings."""
    if quiz is None:
        quiz = Quiz(builtin=False)
        db.session.add(quiz)
    moved = quiz.id is not None and quiz.closes_at != settings.get("closes_at", quiz.closes_at)
    if "draw_filter" in settings and quiz.draw_filter and quiz.draw_filter.get("templates"):
        # The builder has no templates field: a save must not drop the quiz's templates.
        settings = {**settings, "draw_filter": {**settings["draw_filter"]}}
        settings["draw_filter"].setdefault("templates", quiz.draw_filter["templates"])
    if quiz.id is not None and draws_differently(quiz, settings):
        quiz.edited = True
    for name, value in settings.items():
        setattr(quiz, name, value)
    if moved:
        retime_open_attempts(quiz)
    db.session.commit()
    return quiz


def draws_differently(quiz: Quiz, settings: dict[str, Any]) -> bool:
    """True when the settings change what the quiz draws (an empty filter list is no filter)."""

    def drawn(values: dict[str, Any]) -> tuple[Any, ...]:
        found = values.get("draw_filter") or {}
        return (
            values.get("question_ids") or [],
            values.get("draw_count"),
            {k: v for k, v in found.items() if v},
        )

    current = {name: getattr(quiz, name) for name in ("question_ids", "draw_count", "draw_filter")}
    return drawn({**current, **settings}) != drawn(current)


def quiz_settings(form: Any) -> dict[str, Any]:
    """The builder form's data as Quiz columns."""
    random_draw = form.mode.data == "random"

    def utc(moment: datetime | None) -> datetime | None:
        return moment.replace(tzinfo=UTC) if moment else None

    return {
        "title": form.title.data.strip(),
        "slug": slugify(form.slug.data or form.title.data, 80),
        "description": (form.description.data or "").strip(),
        "question_ids": []
        if random_draw
        else [line.strip() for line in form.question_ids.data.splitlines() if line.strip()],
        "draw_count": form.draw_count.data if random_draw else None,
        "draw_filter": {
            "types": form.draw_types.data or [],
            "statuses": form.draw_statuses.data or [],
            "tags": [t.strip() for t in (form.draw_tags.data or "").split(",") if t.strip()],
        }
        if random_draw
        else {},
        "exam_pool": bool(form.exam_pool.data),
        "shuffle_questions": bool(form.shuffle_questions.data),
        "one_per_page": bool(form.one_per_page.data),
        "feedback_mode": form.feedback_mode.data,
        "time_limit_seconds": form.time_limit_minutes.data * 60
        if form.time_limit_minutes.data
        else None,
        "max_attempts": form.max_attempts.data,
        "grading_method": form.grading_method.data,
        "pass_mark": float(form.pass_mark.data) if form.pass_mark.data is not None else None,
        "opens_at": utc(form.opens_at.data),
        "closes_at": utc(form.closes_at.data),
        "leaderboard": form.leaderboard.data,
        "published": bool(form.published.data),
    }


def today() -> date:
    """Today's date (UTC)."""
    return datetime.now(UTC).date()
