"""Saving answers while an attempt is open, and where to resume it.

A save and a finish race on every class's last click: each save first takes the attempt's row
(see `_hold_open`), so a save is either graded by the finish or refused, never lost.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import Any, NoReturn

from sqlalchemy import Executable, bindparam, update

from quizapp.core.grading import Gradable, grade
from quizapp.extensions import db, insert_for
from quizapp.models import Answer, Attempt, FeedbackMode, Question
from quizapp.quiz.service.deadlines import NO_GRACE, close_if_expired
from quizapp.quiz.service.questions import gradable, question_at
from quizapp.quiz.service.refusals import (
    AlreadyAnswered,
    AttemptFinished,
    AttemptRefused,
    NotInAttempt,
    TimeIsUp,
)


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
    tabs saving the same question at once leave one row. Raises TimeIsUp, AttemptFinished or
    AlreadyAnswered (all AttemptRefused) with nothing saved.
    """
    if close_if_expired(attempt, now, grace):
        raise TimeIsUp
    for question, _ in responses:
        if question.id not in attempt.question_ids:
            raise AttemptRefused("That question is not part of this attempt.")
    immediate = attempt.feedback_mode == FeedbackMode.IMMEDIATE.value
    if attempt.finished or not _hold_open(attempt, position):
        raise AttemptFinished
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
            raise AlreadyAnswered
    else:
        db.session.execute(write, rows)
    db.session.commit()


# The columns the one-answer save writes, as the upsert's parameters.
_ANSWER_COLUMNS = ("attempt_id", "question_id", "question_version", "response", "score", "saved_at")


@dataclass(frozen=True)
class SavedAnswer:
    """What saving one answer stored: the answer as written (a copy outside the session), and
    in immediate mode the question it answered, to explain it (students only ever see the
    question's number, never its id)."""

    answer: Answer
    question: Question | None


def save_one_answer(
    user_id: int, attempt_id: int, number: int, read: Callable[[Gradable], Any], now: datetime
) -> SavedAnswer:
    """Save the answer to question `number` (from 1) of an open attempt of the user's: the API's
    hot path, a class's every click, in three statements (four with the request's token check)
    and no read of the attempt's other answers (docs/PERFORMANCE.md).

    The first statement takes the attempt's row only while it is the user's, open and within
    its time (the lock `_hold_open` takes, so a racing finish grades this save or refuses it),
    and reads the attempt's questions and mode from it. read(gradable) turns what was sent into
    a response, or raises. Raises NotInAttempt, what read raises, AttemptFinished or
    AlreadyAnswered, with nothing saved; which applies is worked out only when the first
    statement took nothing (`_refusal`), off the hot path.
    """
    held = db.session.execute(_hold_own(), {"attempt": attempt_id, "user": user_id}).one_or_none()
    if held is None or (held.deadline is not None and now >= held.deadline):
        db.session.rollback()
        _refusal(user_id, attempt_id, number, read, now)
    try:
        if not 1 <= number <= len(held.question_ids):
            raise NotInAttempt(number)
        question_id = held.question_ids[number - 1]
        immediate = held.feedback_mode == FeedbackMode.IMMEDIATE.value
        question, key, version = _question_to_grade(question_id, immediate)
        response = read(key)
        answer = Answer(
            attempt_id=attempt_id,
            question_id=question_id,
            question_version=version,
            response=response,
            score=grade(key, response) if immediate else None,
            saved_at=now,
        )
        row = {c: getattr(answer, c) for c in _ANSWER_COLUMNS}
        written = db.session.execute(
            _write_answers(db.session.get_bind().dialect.name, immediate), [row]
        )
        if immediate and not written.all():
            raise AlreadyAnswered
    except Exception:
        db.session.rollback()
        raise
    db.session.commit()
    return SavedAnswer(answer, question)


def _question_to_grade(question_id: str, immediate: bool) -> tuple[Question | None, Gradable, int]:
    """The question's grading view and version, in one statement; in immediate mode the whole
    question too (kept out of the session, so the commit does not expire what explaining the
    answer reads: no second trip to the database)."""
    if immediate:
        question = db.session.get(Question, question_id)
        if question is None:
            raise NotInAttempt(question_id)
        db.session.expunge(question)
        return question, gradable(question), question.version
    row = db.session.execute(_grading_view(), {"id": question_id}).one_or_none()
    if row is None:
        raise NotInAttempt(question_id)
    return None, Gradable(row.type, row.options, row.answer), row.version


def _refusal(
    user_id: int, attempt_id: int, number: int, read: Callable[[Gradable], Any], now: datetime
) -> NoReturn:
    """Raise why the attempt took no save, checking in the order the pages do: another's or
    no attempt (NotInAttempt); close it if its time ran out; no such question (NotInAttempt);
    a response that cannot be read (what read raises); else AttemptFinished."""
    attempt = db.session.get(Attempt, attempt_id)
    if attempt is None or attempt.user_id != user_id:
        raise NotInAttempt(attempt_id)
    close_if_expired(attempt, now)
    question = question_at(attempt, number)
    if question is None:
        raise NotInAttempt(number)
    read(gradable(question))
    raise AttemptFinished


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
