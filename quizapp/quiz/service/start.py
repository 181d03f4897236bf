"""Starting an attempt, or resuming the open one, exactly once however often it is asked."""

import random
import secrets
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.exc import IntegrityError

from quizapp.core.kinds import kind_of
from quizapp.dates import when_text
from quizapp.extensions import db
from quizapp.models import Assignment, Attempt, Quiz
from quizapp.quiz.service.deadlines import close_if_expired, deadline_for
from quizapp.quiz.service.draw import choose_questions, published_candidates
from quizapp.quiz.service.refusals import AttemptRefused


def attempts_of(quiz: Quiz, user_id: int) -> list[Attempt]:
    """A student's attempts at a quiz, oldest first."""
    return list(
        db.session.execute(
            db.select(Attempt)
            .where(Attempt.quiz_id == quiz.id, Attempt.user_id == user_id)
            .order_by(Attempt.number)
        ).scalars()
    )


def check_can_start(
    quiz: Quiz,
    attempts: Sequence[Attempt],
    now: datetime,
    assignment: Assignment | None = None,
) -> None:
    """Raise AttemptRefused when the quiz (or the class assignment it is started through) is
    closed or no attempts remain."""
    if not quiz.published:
        raise AttemptRefused("This quiz is not published.")
    if quiz.opens_at and now < quiz.opens_at:
        raise AttemptRefused(f"This quiz opens on {when_text(quiz.opens_at)}.")
    if quiz.closes_at and now >= quiz.closes_at:
        raise AttemptRefused("This quiz is closed.")
    if assignment and assignment.opens_at and now < assignment.opens_at:
        raise AttemptRefused(
            f"Your class can start this quiz from {when_text(assignment.opens_at)}."
        )
    if assignment and assignment.closes_at and now >= assignment.closes_at:
        raise AttemptRefused("This quiz is closed for your class.")
    if quiz.max_attempts is not None and len(attempts) >= quiz.max_attempts:
        raise AttemptRefused(f"You have used all {quiz.max_attempts} attempt(s) this quiz allows.")


def start_attempt(
    quiz: Quiz, user_id: int, now: datetime, assignment: Assignment | None = None
) -> Attempt:
    """Resume the student's open attempt, or start a new one with its own seed and draw
    (assignment: the class assignment it is started through, whose window bounds it too).

    Starts racing (a double click, two tabs) collide on the attempt's unique number: the
    loser tries once more, and so resumes the winner's attempt. The attempt's `created` says
    which of the two happened.
    """
    for retry in (False, True):
        try:
            return _start_once(quiz, user_id, now, assignment)
        except IntegrityError:
            db.session.rollback()
            if retry:
                raise
    raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises


def _start_once(
    quiz: Quiz, user_id: int, now: datetime, assignment: Assignment | None = None
) -> Attempt:
    """One try at resuming or starting, decided on one read of the student's attempts.

    The new number follows the attempts that read saw. Reading them again to count would let
    a start that saw none open number its attempt after one committed in between: two open.
    """
    attempts = attempts_of(quiz, user_id)
    for attempt in attempts:
        if not attempt.finished and not close_if_expired(attempt, now):
            if assignment is not None and attempt.assignment_id != assignment.id:
                # Resuming it would look like the class's attempt and never count for the class.
                raise AttemptRefused(
                    "You have an attempt at this quiz open that was not started from this "
                    "class. Finish it first (see My attempts), then start again here."
                )
            attempt.created = False
            return attempt
    check_can_start(quiz, attempts, now, assignment)
    seed = secrets.randbits(31)
    candidates = published_candidates()
    chosen = choose_questions(quiz, random.Random(seed), candidates=candidates)
    types = {c.id: c.type for c in candidates}
    if not chosen:
        raise AttemptRefused("This quiz has no questions yet. Please tell your instructor.")
    attempt = Attempt(
        quiz_id=quiz.id,
        user_id=user_id,
        number=len(attempts) + 1,
        seed=seed,
        question_ids=chosen,
        feedback_mode=quiz.feedback_mode,
        started_at=now,
        deadline=deadline_for(quiz, now, assignment),
        assignment_id=assignment.id if assignment else None,
        max_score=float(sum(1 for qid in chosen if kind_of(types[qid]).scored)),
    )
    db.session.add(attempt)
    db.session.commit()
    attempt.created = True
    return attempt
