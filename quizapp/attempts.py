"""Attempts: start, save answers, finish and grade; one commit per function, no request objects.

The server is the clock and the only grader. Every function takes `now`, so tests can move time.
"""

import random
import secrets
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from sqlalchemy import Executable, bindparam, update
from sqlalchemy.exc import IntegrityError

from quizapp.core.grading import Gradable, grade
from quizapp.core.kinds import kind_of
from quizapp.core.selection import Candidate, counted_score, draw, exam_side, matches
from quizapp.drafts import promote_drafts
from quizapp.extensions import db, insert_for
from quizapp.leaderboard.standings import record_finished_attempt
from quizapp.models import (
    Answer,
    Assignment,
    Attempt,
    FeedbackMode,
    Question,
    QuestionState,
    Quiz,
)
from quizapp.versions import as_answered


class AttemptRefused(Exception):
    """The action is not allowed now; the message says why, in words for the student."""


ALREADY_ANSWERED = "You have already answered this question; its feedback is shown."
# When time runs out the page sends what is on screen, once; it may arrive a little after the
# deadline. That one send is accepted this long after it (Moodle's "grace period") and closes
# the attempt, dated at the deadline. Every other save is refused from the deadline on.
GRACE = timedelta(seconds=15)
NO_GRACE = timedelta(0)


def gradable(question: Question) -> Gradable:
    """The grading view of a stored question."""
    return Gradable(question.type, question.options, question.answer)


def published_candidates() -> list[Candidate]:
    """Every published question, as the draw sees it."""
    rows = db.session.execute(
        db.select(
            Question.id,
            Question.type,
            Question.status,
            Question.template,
            Question.tags,
            Question.facts,
            Question.prompt,
            Question.options,
            Question.answer,
        ).where(Question.state == QuestionState.PUBLISHED.value)
    )
    return [Candidate.from_content(*r) for r in rows]


def available_questions(quiz: Quiz) -> list[str]:
    """The ids an attempt of this quiz could use: its fixed list, or every match of its filter,
    less what exam pools keep from every other quiz."""
    candidates = published_candidates()
    return [c.id for c in _available(quiz, candidates, _kept_from(quiz, candidates))]


def is_practice(quiz: Quiz) -> bool:
    """True for a quiz a student can loop to see questions come up: immediate feedback or
    unlimited attempts."""
    return quiz.feedback_mode == FeedbackMode.IMMEDIATE.value or quiz.max_attempts is None


def _pool(quiz: Quiz, candidates: Sequence[Candidate]) -> list[Candidate]:
    """The published candidates the quiz's own settings allow, in its fixed order if any.

    A random exam-pool draw takes only the exam side of its matches, so that an exam drawing
    from the whole bank still leaves practice quizzes half of it.
    """
    if quiz.draw_count:
        pool = [c for c in candidates if matches(c, quiz.draw_filter or {})]
        return [c for c in pool if exam_side(c.id)] if quiz.exam_pool else pool
    by_id = {c.id: c for c in candidates}
    return [by_id[qid] for qid in quiz.question_ids if qid in by_id]


def _available(
    quiz: Quiz, candidates: Sequence[Candidate], kept: Collection[str] = ()
) -> list[Candidate]:
    """The candidates the quiz can use: its pool less the questions kept from it."""
    return [c for c in _pool(quiz, candidates) if c.id not in kept]


def _kept_from(quiz: Quiz, candidates: Sequence[Candidate]) -> set[str]:
    """The questions kept from this quiz: for any quiz that is not an exam pool itself, every
    question an exam-pool quiz can draw (one query); for an exam pool, none.

    Not only practice quizzes: a quiz with feedback at the end and a hundred attempts is a
    practice quiz by another name (found by an attack on the first version of this rule)."""
    if quiz.exam_pool:
        return set()
    exams = db.session.execute(
        db.select(Quiz).where(Quiz.exam_pool.is_(True), Quiz.id != (quiz.id or 0))
    ).scalars()
    return {c.id for exam in exams for c in _pool(exam, candidates)}


def choose_questions(
    quiz: Quiz,
    rng: random.Random,
    shuffle: bool = True,
    candidates: Sequence[Candidate] | None = None,
) -> list[str]:
    """An attempt's questions: a draw spread across statuses, or the fixed list (shuffled
    when the quiz says so and shuffle is allowed). candidates: the published questions, when
    the caller has read them already."""
    if candidates is None:
        candidates = published_candidates()
    pool = _available(quiz, candidates, _kept_from(quiz, candidates))
    if quiz.draw_count:
        return draw(pool, quiz.draw_count, rng, quiz.blueprint or {})
    chosen = [c.id for c in pool]
    if shuffle and quiz.shuffle_questions:
        rng.shuffle(chosen)
    return chosen


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
        raise AttemptRefused(f"This quiz opens on {quiz.opens_at:%d %B %Y at %H:%M} UTC.")
    if quiz.closes_at and now >= quiz.closes_at:
        raise AttemptRefused("This quiz is closed.")
    if assignment and assignment.opens_at and now < assignment.opens_at:
        raise AttemptRefused(
            f"Your class can start this quiz from {assignment.opens_at:%d %B %Y at %H:%M} UTC."
        )
    if assignment and assignment.closes_at and now >= assignment.closes_at:
        raise AttemptRefused("This quiz is closed for your class.")
    if quiz.max_attempts is not None and len(attempts) >= quiz.max_attempts:
        raise AttemptRefused(f"You have used all {quiz.max_attempts} attempt(s) this quiz allows.")


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


def save_answers(
    attempt: Attempt,
    responses: Sequence[tuple[Question, Any]],
    now: datetime,
    position: int | None = None,
    grace: timedelta = NO_GRACE,
) -> None:
    """Save (or replace) responses while the attempt is open, in one commit; grace: how long
    past the deadline this save is still taken (GRACE for the page's send at time-up only).

    Immediate mode scores each answer at once and then keeps it: it cannot be changed. One
    statement writes them all (an insert that replaces, or in immediate mode keeps, an answer
    already there), so saving costs the same however many answers the attempt holds, and two
    tabs saving the same question at once leave one row.
    """
    if close_if_expired(attempt, now, grace):
        raise AttemptRefused("Time is up: this attempt was closed and graded with what was saved.")
    for question, _ in responses:
        if question.id not in attempt.question_ids:
            raise AttemptRefused("That question is not part of this attempt.")
    immediate = attempt.feedback_mode == FeedbackMode.IMMEDIATE.value
    if attempt.finished or not _hold_open(attempt, position):
        raise AttemptRefused("This attempt is finished: answers can no longer change.")
    rows = [
        {
            "attempt_id": attempt.id,
            "question_id": question.id,
            "question_version": question.version,
            "response": response,
            "score": grade(gradable(question), response) if immediate else None,
            "saved_at": now,
        }
        for question, response in responses
    ]
    if not rows:  # nothing to write (a page saved with every question blank)
        db.session.commit()
        return
    write = _write_answers(db.session.get_bind().dialect.name, immediate)
    if immediate:
        kept = db.session.execute(write, rows).all()  # rowcount is not portable here
        if len(kept) != len(rows):
            db.session.rollback()
            raise AttemptRefused(ALREADY_ANSWERED)
    else:
        db.session.execute(write, rows)
    db.session.commit()


class NotInAttempt(LookupError):
    """No such attempt of the caller's, or no such question in it: a 404, revealing nothing."""


@dataclass(frozen=True)
class SavedAnswer:
    """What saving one answer stored: the response as read, the attempt's feedback mode, and
    which question it answered (internal: students only ever see the question's number)."""

    response: Any
    immediate: bool
    question_id: str


def save_one_answer(
    user_id: int, attempt_id: int, number: int, read: Callable[[Gradable], Any], now: datetime
) -> SavedAnswer | None:
    """Save the answer to question `number` (from 1) of an open attempt of the user's: the API's
    hot path, a class's every click, in four statements and no ORM loading (docs/PERFORMANCE.md).

    The first statement takes the attempt's row only while it is the user's, open and within
    its time (the lock `_hold_open` takes), and reads the attempt's questions and mode from it.
    read(gradable) turns what was sent into a response or raises ResponseError. Raises
    NotInAttempt, ResponseError or AttemptRefused, with nothing saved. None means the attempt
    is not the user's open one: the caller goes the long way round (`save_answers`), which
    tells a finished attempt, one whose time just ran out and a stranger's apart.
    """
    held = db.session.execute(_hold_own(), {"attempt": attempt_id, "user": user_id}).one_or_none()
    if held is None or (held.deadline is not None and now >= held.deadline):
        db.session.rollback()
        return None
    try:
        if not 1 <= number <= len(held.question_ids):
            raise NotInAttempt(number)
        question_id = held.question_ids[number - 1]
        question = db.session.execute(_grading_view(), {"id": question_id}).one_or_none()
        if question is None:
            raise NotInAttempt(question_id)
        key = Gradable(question.type, question.options, question.answer)
        response = read(key)
        immediate = held.feedback_mode == FeedbackMode.IMMEDIATE.value
        row = {
            "attempt_id": attempt_id,
            "question_id": question_id,
            "question_version": question.version,
            "response": response,
            "score": grade(key, response) if immediate else None,
            "saved_at": now,
        }
        written = db.session.execute(
            _write_answers(db.session.get_bind().dialect.name, immediate), [row]
        )
        if immediate and not written.all():
            raise AttemptRefused(ALREADY_ANSWERED)
    except Exception:
        db.session.rollback()
        raise
    db.session.commit()
    return SavedAnswer(response, immediate, question_id)


@cache
def _hold_own() -> Executable:
    """UPDATE an attempt's row if it is this user's and still open; RETURNING what saving needs."""
    attempt = Attempt.__table__
    return (
        update(attempt)
        .where(
            attempt.c.id == bindparam("attempt"),
            attempt.c.user_id == bindparam("user"),
            attempt.c.finished_at.is_(None),
        )
        .values(position=attempt.c.position)
        .returning(attempt.c.question_ids, attempt.c.feedback_mode, attempt.c.deadline)
    )


@cache
def _grading_view() -> Executable:
    """What grading needs of a question, and its version, by id."""
    question = Question.__table__
    return db.select(
        question.c.type, question.c.options, question.c.answer, question.c.version
    ).where(question.c.id == bindparam("id"))


@cache
def _write_answers(dialect: str, immediate: bool) -> Executable:
    """The one statement that writes answers, built once per database and feedback mode: an
    INSERT that keeps (immediate, returning what it wrote) or replaces an answer already there.
    """
    answer = Answer.__table__
    insert = insert_for(dialect)(answer)
    key = ["attempt_id", "question_id"]
    if immediate:
        return insert.on_conflict_do_nothing(index_elements=key).returning(answer.c.question_id)
    replace = {c: insert.excluded[c] for c in ("response", "question_version", "saved_at")}
    return insert.on_conflict_do_update(index_elements=key, set_=replace)


@cache
def _hold(with_position: bool) -> Executable:
    """UPDATE the attempt's row if it is still open (its position too, when given)."""
    attempt = Attempt.__table__
    position = bindparam("position") if with_position else attempt.c.position
    return (
        update(attempt)
        .where(attempt.c.id == bindparam("attempt"), attempt.c.finished_at.is_(None))
        .values(position=position)
    )


def _hold_open(attempt: Attempt, position: int | None = None) -> bool:
    """Lock the attempt's row while it is still open, for the rest of the transaction.

    A save checked against a stale read could land just after a racing finish had graded
    the attempt: stored, acknowledged, never counted. Holding the row first (a write lock on
    SQLite, a row lock on PostgreSQL, both taken by finishing too) means the finish either
    waits and grades the save, or wins and the save is refused. False if already finished.
    position: where to resume, written by the same statement.
    """
    held = db.session.execute(
        _hold(position is not None), {"attempt": attempt.id, "position": position}
    )
    if held.rowcount == 1:  # type: ignore[attr-defined]
        return True
    db.session.rollback()
    db.session.refresh(attempt)
    return False


def remember_page(attempt: Attempt, number: int) -> None:
    """Record the page (from 1) the student is on, so that resuming opens it; writes only when
    it changed. A finished attempt is left alone."""
    if attempt.position == number - 1 or attempt.finished:
        return
    db.session.execute(_hold(True), {"attempt": attempt.id, "position": number - 1})
    db.session.commit()


def as_answered_all(questions: Sequence[Question], answers: dict[str, Answer]) -> list[Question]:
    """Each question as the version its answer was given to (the current one if unanswered)."""
    return [
        as_answered(q, answers[q.id].question_version) if q.id in answers else q for q in questions
    ]


def close_if_expired(attempt: Attempt, now: datetime, grace: timedelta = NO_GRACE) -> bool:
    """Close and grade an open attempt whose time is up (grace: for the page's send at time-up,
    see GRACE); True if it is (now) closed by time."""
    if attempt.finished or attempt.deadline is None or now < attempt.deadline + grace:
        return False
    finish_attempt(attempt, now, by="timeout")
    return True


def finish_attempt(attempt: Attempt, now: datetime, by: str = "student") -> bool:
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


def _finish_once(attempt: Attempt, now: datetime, by: str) -> bool:
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
