"""When an attempt must end, and closing it when that time has come."""

from datetime import datetime, timedelta

from quizapp.extensions import db
from quizapp.models import Assignment, Attempt, Quiz
from quizapp.quiz.service.finish import FinishedBy, finish_attempt

# When time runs out the page sends what is on screen, once; it may arrive a little after the
# deadline. That one send is accepted this long after it (Moodle's "grace period") and closes
# the attempt, dated at the deadline. Every other save is refused from the deadline on.
GRACE = timedelta(seconds=15)
NO_GRACE = timedelta(0)


def deadline_for(
    quiz: Quiz, started_at: datetime, assignment: Assignment | None = None
) -> datetime | None:
    """When an attempt started then must end: at its time limit, the quiz's close or the close
    of the class assignment it was started through, whichever comes first (None: none). Past
    it, saves are refused and the attempt is graded with what was saved, finishing at that
    moment, so a close is every attempt's deadline and not only the last moment to start one."""
    limit = quiz.time_limit_seconds
    ends = [
        started_at + timedelta(seconds=limit) if limit else None,
        quiz.closes_at,
        assignment.closes_at if assignment else None,
    ]
    return min((end for end in ends if end is not None), default=None)


def retime_open_attempts(quiz: Quiz) -> None:
    """Give the quiz's open attempts the deadline its current close and time limit set; the
    caller commits (an instructor moving the close moves it for attempts already open)."""
    rows = db.session.execute(
        db.select(Attempt, Assignment)
        .outerjoin(Assignment, Attempt.assignment_id == Assignment.id)
        .where(Attempt.quiz_id == quiz.id, Attempt.finished_at.is_(None))
    )
    for attempt, assignment in rows:
        attempt.deadline = deadline_for(quiz, attempt.started_at, assignment)


def retime_assignment_attempts(assignment: Assignment) -> None:
    """Give the open attempts started through the assignment the deadline its current window
    sets; the caller commits (moving a class's close moves it for attempts already open)."""
    rows = db.session.execute(
        db.select(Attempt).where(
            Attempt.assignment_id == assignment.id, Attempt.finished_at.is_(None)
        )
    ).scalars()
    for attempt in rows:
        attempt.deadline = deadline_for(assignment.quiz, attempt.started_at, assignment)


def close_if_expired(attempt: Attempt, now: datetime, grace: timedelta = NO_GRACE) -> bool:
    """Close and grade an open attempt whose time is up (grace: for the page's send at time-up,
    see GRACE); True if it is (now) closed by time."""
    if attempt.finished or attempt.deadline is None or now < attempt.deadline + grace:
        return False
    finish_attempt(attempt, now, by=FinishedBy.TIMEOUT)
    return True
