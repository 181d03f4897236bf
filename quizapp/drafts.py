"""Drafts: what a student has chosen in an immediate-feedback quiz but not yet checked.

Checking an answer in immediate mode grades it and locks it, so the page cannot save a choice
as an answer the moment it is made. It saves it as a draft instead, shown again when the page is
opened (another tab, a resume) and graded as the answer if the attempt closes before the student
checks it, as Moodle grades a saved but unchecked response at submission. One commit per
function; the promotion runs inside the finish's own transaction.
"""

from collections.abc import Sequence
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import Executable, delete, select

from quizapp.extensions import db, insert_for
from quizapp.models import Answer, Attempt, DraftAnswer, Question


def drafts_of(attempt: Attempt) -> dict[str, Any]:
    """The attempt's unchecked choices, by question id."""
    rows = db.session.execute(
        select(DraftAnswer.question_id, DraftAnswer.response).where(
            DraftAnswer.attempt_id == attempt.id
        )
    )
    return {r.question_id: r.response for r in rows}


def keep_drafts(attempt: Attempt, drafts: Sequence[tuple[Question, Any]], now: datetime) -> int:
    """Keep (or replace) unchecked choices of an open attempt, in one commit; a question
    already checked keeps its answer and no draft. Returns how many were kept."""
    checked = set(
        db.session.execute(
            select(Answer.question_id).where(
                Answer.attempt_id == attempt.id,
                Answer.question_id.in_([q.id for q, _ in drafts]),
            )
        ).scalars()
    )
    rows = [
        {"attempt_id": attempt.id, "question_id": q.id, "response": r, "saved_at": now}
        for q, r in drafts
        if q.id not in checked
    ]
    if rows:
        db.session.execute(_upsert(db.session.get_bind().dialect.name), rows)
    db.session.commit()
    return len(rows)


@cache
def _upsert(dialect: str) -> Executable:
    """INSERT a draft, or replace the one already there."""
    table = DraftAnswer.__table__
    insert = insert_for(dialect)(table)
    return insert.on_conflict_do_update(
        index_elements=["attempt_id", "question_id"],
        set_={"response": insert.excluded.response, "saved_at": insert.excluded.saved_at},
    )


def promote_drafts(
    attempt: Attempt, answered: set[str], versions: dict[str, int], now: datetime
) -> None:
    """Turn the drafts of unanswered questions into answers, for the finish to grade; then drop
    every draft. No commit: the finish owns it."""
    for question_id, response in drafts_of(attempt).items():
        if question_id not in answered and question_id in versions:
            db.session.add(
                Answer(
                    attempt_id=attempt.id,
                    question_id=question_id,
                    question_version=versions[question_id],
                    response=response,
                    saved_at=now,
                )
            )
    db.session.execute(delete(DraftAnswer).where(DraftAnswer.attempt_id == attempt.id))
    db.session.flush()
