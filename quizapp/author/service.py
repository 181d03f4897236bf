"""Changing the question bank and quizzes; one commit per function, no request objects."""

import secrets
from datetime import UTC, date, datetime
from typing import Any

from quizapp import audit
from quizapp.core.text import slugify
from quizapp.extensions import db
from quizapp.models import (
    Origin,
    Question,
    QuestionComment,
    QuestionState,
    Quiz,
    User,
)
from quizapp.quiz.service import retime_open_attempts
from quizapp.versions import change_content
from quizapp.workflow import new_question


def create_question(
    content: dict[str, Any],
    author: User,
    origin: Origin = Origin.AUTHORED,
    question_id: str | None = None,
    state: str = "draft",
) -> Question:
    """Add a question as a draft (or the state given), with its first version."""
    question = new_question(
        question_id or f"authored-{slugify(content['prompt'])}-{secrets.token_hex(3)}",
        content,
        origin=origin,
        state=QuestionState(state),
        actor_id=author.id,
        note="created",
    )
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
    if "blueprint" in settings and (quiz.blueprint or {}).get("at_most"):
        # Nor its caps per tag, which the builder does not show either.
        settings = {**settings, "blueprint": {**settings["blueprint"]}}
        settings["blueprint"].setdefault("at_most", quiz.blueprint["at_most"])
    if quiz.id is not None and draws_differently(quiz, settings):
        quiz.edited = True
    for name, value in settings.items():
        setattr(quiz, name, value)
    if moved:
        retime_open_attempts(quiz)
    db.session.commit()
    return quiz


def draws_differently(quiz: Quiz, settings: dict[str, Any]) -> bool:
    """True when the settings change what the quiz draws (an empty filter list or blueprint
    part is none)."""

    def drawn(values: dict[str, Any]) -> tuple[Any, ...]:
        found = values.get("draw_filter") or {}
        return (
            values.get("question_ids") or [],
            values.get("draw_count"),
            {k: v for k, v in found.items() if v},
            {k: v for k, v in (values.get("blueprint") or {}).items() if v},
        )

    fields = ("question_ids", "draw_count", "draw_filter", "blueprint")
    current = {name: getattr(quiz, name) for name in fields}
    return drawn({**current, **settings}) != drawn(current)


def today() -> date:
    """Today's date (UTC)."""
    return datetime.now(UTC).date()
