"""Learner reports: load rows, call the core, write with exactly one commit (item analysis
is item_analysis.py).

No request, flash or abort here: a refusal is a ReportRefused whose message is for people.
"""

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import case, update
from sqlalchemy.orm import selectinload
from sqlalchemy.sql import Select

from quizapp import audit
from quizapp.extensions import db
from quizapp.models import (
    Attempt,
    Question,
    QuestionComment,
    QuestionReport,
    QuestionState,
    ReportOutcome,
    ReportReason,
    User,
)
from quizapp.workflow import may_move, record_move

QUEUE_STATES = ("all", "open", "resolved")


class ReportRefused(Exception):
    """The report cannot be made or resolved now; the message says why, in words for people."""


def flag_question(
    attempt: Attempt, question_id: str, user_id: int, reason: str, comment: str, now: datetime
) -> QuestionReport:
    """Record a student's flag on a question of their finished attempt, in one commit.

    The same student's second open report on the same question is refused, so a double click
    does not fill the queue twice.
    """
    if reason not in {r.value for r in ReportReason}:
        raise ReportRefused("Choose one of the reasons offered.")
    if not attempt.finished or question_id not in attempt.question_ids:
        raise ReportRefused("Only a question of a finished attempt can be reported.")
    already = db.session.execute(
        db.select(QuestionReport.id).where(
            QuestionReport.question_id == question_id,
            QuestionReport.user_id == user_id,
            QuestionReport.resolved_at.is_(None),
        )
    ).first()
    if already:
        raise ReportRefused(
            "You have already reported this question; an instructor will look at it."
        )
    report = QuestionReport(
        question_id=question_id,
        user_id=user_id,
        attempt_id=attempt.id,
        reason=reason,
        comment=comment,
        created_at=now,
    )
    db.session.add(report)
    db.session.commit()
    return report


def offers_review(question: Question) -> bool:
    """True when resolving a report on this question may send it back to review: it is there
    already, or the workflow allows the move (a retired question may only go back to draft)."""
    return question.state == QuestionState.REVIEW.value or may_move(question, QuestionState.REVIEW)


def resolve_report(
    report: QuestionReport,
    resolver_id: int,
    note: str,
    now: datetime,
    outcome: str = ReportOutcome.REVIEW.value,
) -> ReportOutcome:
    """Close a report with a note, in one commit: dismissed (the question untouched), or with
    its question sent back to review, as the workflow allows, with the note as a comment.

    The close is a conditional update, so two instructors pressing at once resolve it once.
    """
    if not note.strip():
        raise ReportRefused("Write a resolution note.")
    try:
        chosen = ReportOutcome(outcome)
    except ValueError:
        raise ReportRefused("Choose to dismiss the report or to send the question back.") from None
    question = db.session.get_one(Question, report.question_id)
    to_review = chosen is ReportOutcome.REVIEW and question.state != QuestionState.REVIEW.value
    if to_review and not offers_review(question):
        state = QuestionState(question.state).label.casefold()
        raise ReportRefused(
            f"The question is {state}, so it cannot go back to review; "
            "dismiss the report with a note instead. The report is still open."
        )
    closed = db.session.execute(
        update(QuestionReport)
        .where(QuestionReport.id == report.id, QuestionReport.resolved_at.is_(None))
        .values(resolved_at=now, resolver_id=resolver_id, resolution=note, outcome=chosen.value)
    )
    if closed.rowcount != 1:
        db.session.rollback()
        raise ReportRefused("This report was already resolved; nothing was changed.")
    body = f"Learner report resolved: {note}"
    if to_review:
        record_move(question, QuestionState.REVIEW, resolver_id, body, now)
    elif chosen is ReportOutcome.REVIEW:  # already in review: the note joins its history
        db.session.add(
            QuestionComment(
                question_id=question.id, author_id=resolver_id, body=body, created_at=now
            )
        )
    action = "report.resolved" if chosen is ReportOutcome.REVIEW else "report.dismissed"
    audit.record(resolver_id, action, question.id, note)
    db.session.commit()
    db.session.refresh(report)
    return chosen


def queue_query(state: str) -> Select[tuple[QuestionReport]]:
    """Reports in queue order, open before resolved and newest first, filtered by state."""
    query = db.select(QuestionReport).options(
        selectinload(QuestionReport.user), selectinload(QuestionReport.question)
    )
    if state == "open":
        query = query.where(QuestionReport.resolved_at.is_(None))
    elif state == "resolved":
        query = query.where(QuestionReport.resolved_at.is_not(None))
    return query.order_by(
        case((QuestionReport.resolved_at.is_(None), 0), else_=1),
        QuestionReport.created_at.desc(),
        QuestionReport.id.desc(),
    )


def names_of(user_ids: Iterable[int]) -> dict[int, str]:
    """Display names by account id."""
    ids = set(user_ids)
    if not ids:
        return {}
    rows = db.session.execute(db.select(User.id, User.display_name).where(User.id.in_(ids)))
    return {row.id: row.display_name for row in rows}
