"""Finishing an attempt: close it exactly once, grade every answer, rank it on the boards."""

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from quizapp.core.grading import grade
from quizapp.core.selection import counted_score
from quizapp.core.vocabulary import Vocabulary
from quizapp.drafts import promote_drafts
from quizapp.extensions import db
from quizapp.leaderboard.standings import record_finished_attempt
from quizapp.models import Attempt, FeedbackMode, Quiz
from quizapp.quiz.service.questions import answers_of, gradable, questions_of
from quizapp.versions import as_answered


class FinishedBy(Vocabulary):
    """Who closed an attempt: its student, or its deadline."""

    STUDENT = "student", "Finished", "The student finished the attempt."
    TIMEOUT = "timeout", "Time ran out", "The deadline closed the attempt with what was saved."


def finish_attempt(attempt: Attempt, now: datetime, by: FinishedBy = FinishedBy.STUDENT) -> bool:
    """Close the attempt and grade every answer, exactly once; False if it was already closed.

    The boards are updated in the same transaction. Two finishes of one student's attempts
    racing for the same overall entry collide on its unique key: the loser retries once.
    """
    for retry in (False, True):
        try:
            return _finish_once(attempt, now, by)
        except IntegrityError:
            db.session.rollback()
            if retry:
                raise
    return False  # pragma: no cover - the loop always returns or raises


def _finish_once(attempt: Attempt, now: datetime, by: FinishedBy) -> bool:
    """One try at closing, grading and ranking the attempt, ending in the one commit."""
    closed = db.session.execute(
        update(Attempt)
        .where(Attempt.id == attempt.id, Attempt.finished_at.is_(None))
        .values(finished_at=min(now, attempt.deadline) if attempt.deadline else now, finished_by=by)
    )
    if closed.rowcount != 1:
        db.session.rollback()
        db.session.refresh(attempt)
        return False
    questions = {q.id: q for q in questions_of(attempt)}
    answers = answers_of(attempt)
    if attempt.feedback_mode == FeedbackMode.IMMEDIATE.value:
        # A choice not yet checked counts, as what was on screen counts at time-up.
        versions = {qid: q.version for qid, q in questions.items()}
        promote_drafts(attempt, set(answers), versions, now)
        answers = answers_of(attempt)
    total = 0.0
    for answer in answers.values():
        question = questions.get(answer.question_id)
        if question is None:
            answer.score = 0.0
        else:
            answered = as_answered(question, answer.question_version)
            answer.score = grade(gradable(answered), answer.response)
        total += answer.score
    attempt.score = total
    db.session.flush()
    record_finished_attempt(attempt, attempt.quiz, attempt.user)
    db.session.commit()
    db.session.refresh(attempt)
    return True


def counted_percent(quiz: Quiz, attempts: Sequence[Attempt]) -> float | None:
    """The student's counted score for the quiz, by its grading method."""
    percents = [a.percent or 0.0 for a in attempts if a.finished]
    return counted_score(percents, quiz.grading_method)
