"""An attempt's questions and answers as stored, and the grading view of a question."""

from collections.abc import Sequence

from quizapp.core.grading import Gradable
from quizapp.extensions import db
from quizapp.models import Answer, Attempt, Question
from quizapp.versions import as_answered


def gradable(question: Question) -> Gradable:
    """The grading view of a stored question."""
    return Gradable(question.type, question.options, question.answer)


def answers_of(attempt: Attempt) -> dict[str, Answer]:
    """The attempt's saved answers by question id."""
    rows = db.session.execute(db.select(Answer).where(Answer.attempt_id == attempt.id)).scalars()
    return {a.question_id: a for a in rows}


def questions_of(attempt: Attempt) -> list[Question]:
    """The attempt's questions, in the attempt's order."""
    rows = db.session.execute(
        db.select(Question).where(Question.id.in_(attempt.question_ids))
    ).scalars()
    by_id = {q.id: q for q in rows}
    return [by_id[qid] for qid in attempt.question_ids if qid in by_id]


def question_at(attempt: Attempt, number: int) -> Question | None:
    """The attempt's question number `number` (from 1), or None if there is no such number."""
    if not 1 <= number <= len(attempt.question_ids):
        return None
    return db.session.get(Question, attempt.question_ids[number - 1])


def as_answered_all(questions: Sequence[Question], answers: dict[str, Answer]) -> list[Question]:
    """Each question as the version its answer was given to (the current one if unanswered)."""
    return [
        as_answered(q, answers[q.id].question_version) if q.id in answers else q for q in questions
    ]
