"""Summaries for the result page and the quiz list: by status, confusions, attempts per quiz."""

from collections import defaultdict
from typing import Any

from quizapp.core.kinds import kind_of
from quizapp.core.selection import confusion_summary
from quizapp.core.status import Status
from quizapp.extensions import db
from quizapp.models import Answer, Attempt, Question


def summarise(questions: list[Question], answers: dict[str, Answer]) -> dict[str, Any]:
    """Right answers per status, and the status mix-ups of classification questions."""
    per_status: dict[str, list[float]] = defaultdict(list)
    confusions: list[tuple[Status, Status]] = []
    for question in questions:
        answer = answers.get(question.id)
        score = answer.score if answer and answer.score is not None else 0.0
        per_status[question.status].append(score)
        chosen = kind_of(question.type).chosen_status(answer.response) if answer else None
        if chosen is not None:
            confusions.append((Status(question.status), chosen))
    breakdown = [
        {
            "status": status.value,
            "label": status.label,
            "right": sum(1 for s in per_status[status.value] if s >= 1.0),
            "points": sum(per_status[status.value]),
            "total": len(per_status[status.value]),
        }
        for status in Status
        if per_status[status.value]
    ]
    return {"breakdown": breakdown, "confusions": confusion_summary(confusions)}


def attempts_by_quiz(user_id: int) -> dict[int, list[Attempt]]:
    """The student's attempts grouped by quiz, oldest first."""
    grouped: dict[int, list[Attempt]] = defaultdict(list)
    rows = db.session.execute(
        db.select(Attempt).where(Attempt.user_id == user_id).order_by(Attempt.number)
    ).scalars()
    for attempt in rows:
        grouped[attempt.quiz_id].append(attempt)
    return grouped
