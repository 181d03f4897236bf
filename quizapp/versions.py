"""Question versions: every change of content is kept, and answers keep the version they answered.

A finished attempt is graded and reviewed against the version each answer was given to, so an
instructor's later edit never changes a past score.
"""

from datetime import date
from typing import Any

from quizapp.extensions import db
from quizapp.models import Question, QuestionVersion

# The columns that make a question's content (what students see and how it is scored).
CONTENT_FIELDS = (
    "type",
    "prompt",
    "options",
    "answer",
    "status",
    "conditional",
    "facts",
    "as_of",
    "article",
    "correction",
    "sources",
    "explanation",
    "tags",
    "extra",
    "template",
)


def content_of(question: Question) -> dict[str, Any]:
    """The question's content as JSON-ready data."""
    data = {name: getattr(question, name) for name in CONTENT_FIELDS}
    data["as_of"] = question.as_of.isoformat()
    return data


def record_version(question: Question, author_id: int | None, note: str) -> None:
    """Keep the question's current content as its current version (no commit)."""
    db.session.add(
        QuestionVersion(
            question_id=question.id,
            version=question.version,
            content=content_of(question),
            author_id=author_id,
            note=note[:200],
        )
    )


def change_content(
    question: Question, content: dict[str, Any], author_id: int | None, note: str
) -> bool:
    """Apply new content as a new version; False (and nothing written) if nothing changed.

    A `title` in the content is the question's name, not its content: a new one is kept
    without a new version (answers never depend on it)."""
    title = content.get("title")
    retitled = title is not None and title != question.title
    if retitled:
        question.title = title
    before = content_of(question)
    after = {**before, **{k: v for k, v in content.items() if k != "title"}}
    if isinstance(after["as_of"], date):
        after["as_of"] = after["as_of"].isoformat()
    if after == before:
        return retitled
    if not db.session.execute(
        db.select(QuestionVersion.id).where(
            QuestionVersion.question_id == question.id, QuestionVersion.version == question.version
        )
    ).first():
        record_version(question, None, "as it was before versions were kept")
    for name, value in after.items():
        setattr(question, name, date.fromisoformat(value) if name == "as_of" else value)
    question.version += 1
    record_version(question, author_id, note)
    return True


def as_answered(question: Question, version: int) -> Question:
    """The question as it was at a version: itself if current, else a detached copy."""
    if version == question.version:
        return question
    kept = db.session.execute(
        db.select(QuestionVersion.content).where(
            QuestionVersion.question_id == question.id, QuestionVersion.version == version
        )
    ).scalar_one_or_none()
    if kept is None:
        return question
    old = Question(id=question.id, version=version, state=question.state, origin=question.origin)
    for name, value in kept.items():
        setattr(old, name, date.fromisoformat(value) if name == "as_of" else value)
    return old
