"""Learner reports and item analysis: load rows, call the core, write with exactly one commit.

No request, flash or abort here: a refusal is a ReportRefused whose message is for people.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, case, distinct, func, update
from sqlalchemy.orm import selectinload
from sqlalchemy.sql import Select

from quizapp import audit
from quizapp.core import statistics
from quizapp.core.kinds import Gradable, kind_of
from quizapp.core.statistics import AttemptRecord, ItemResponse, ItemStats, QuizStats, Which
from quizapp.core.status import Status
from quizapp.extensions import db
from quizapp.models import (
    Answer,
    Attempt,
    Question,
    QuestionComment,
    QuestionReport,
    QuestionState,
    Quiz,
    ReportOutcome,
    ReportReason,
    User,
)
from quizapp.versions import as_answered
from quizapp.workflow import may_move, record_move

QUEUE_STATES = ("all", "open", "resolved")
STATUS_VALUES = {status.value for status in Status}


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


def quizzes_with_attempts() -> list[Any]:
    """Every quiz with its numbers of finished attempts and of students who finished one."""
    finished = and_(Attempt.quiz_id == Quiz.id, Attempt.finished_at.is_not(None))
    return list(
        db.session.execute(
            db.select(
                Quiz,
                func.count(Attempt.id).label("attempts"),
                func.count(distinct(Attempt.user_id)).label("students"),
            )
            .outerjoin(Attempt, finished)
            .group_by(Quiz.id)
            .order_by(Quiz.builtin.desc(), Quiz.id)
        )
    )


@dataclass(frozen=True)
class QuizAnalysis:
    """What the analysis page and its downloads show for one choice of attempts."""

    finished: int
    records: list[AttemptRecord]
    stats: QuizStats
    items: list[ItemStats]
    alpha_note: str | None
    confusion: dict[Status, dict[Status, int]] | None
    questions: dict[str, Question]


def analyse(quiz: Quiz, which: Which) -> QuizAnalysis:
    """Item analysis of a quiz's finished attempts, counting the ones `which` picks."""
    records, questions, mix_ups = _records(quiz)
    counted = statistics.choose_attempts(records, which)
    stats = statistics.quiz_statistics(counted)
    asks_status = any(kind_of(q.type).asks_status for q in questions.values())
    return QuizAnalysis(
        finished=len(records),
        records=counted,
        stats=stats,
        items=statistics.item_statistics(counted),
        alpha_note=None if stats.alpha is not None else alpha_note(counted),
        confusion=_confusion(counted, mix_ups) if asks_status else None,
        questions=questions,
    )


def alpha_note(records: Sequence[AttemptRecord]) -> str:
    """Why Cronbach's alpha is not defined for these attempts, in words."""
    if len(records) < 2:
        return "it needs at least two attempts"
    if len({frozenset(r.question_id for r in record.responses) for record in records}) != 1:
        return "the attempts did not all get the same questions (the quiz draws them)"
    if len(records[0].responses) < 2:
        return "it needs at least two questions"
    return "every attempt has the same total, so there is no spread to compare with"


MixUps = dict[tuple[int, str], tuple[Status, Status]]


def _records(quiz: Quiz) -> tuple[list[AttemptRecord], dict[str, Question], MixUps]:
    """The quiz's finished attempts as the core sees them, their questions, and (true status,
    chosen status) of each answer to a question whose options are statuses, by (attempt id,
    question id)."""
    finished = (Attempt.quiz_id == quiz.id, Attempt.finished_at.is_not(None))
    attempts = list(
        db.session.execute(
            db.select(Attempt).where(*finished, Attempt.max_score > 0).order_by(Attempt.id)
        ).scalars()
    )
    answers: dict[int, dict[str, Answer]] = defaultdict(dict)
    for answer in db.session.execute(db.select(Answer).join(Attempt).where(*finished)).scalars():
        answers[answer.attempt_id][answer.question_id] = answer
    ids = {qid for attempt in attempts for qid in attempt.question_ids}
    questions = {
        q.id: q
        for q in db.session.execute(db.select(Question).where(Question.id.in_(ids))).scalars()
    }
    versions: dict[tuple[str, int], Question] = {}
    mix_ups: MixUps = {}
    records = []
    for attempt in attempts:
        responses = []
        seconds = _seconds_per_question(attempt, answers[attempt.id])
        for qid in attempt.question_ids:
            answer, question = answers[attempt.id].get(qid), questions.get(qid)
            if answer is None or question is None:
                responses.append(ItemResponse(qid, None if answer is None else answer.score))
                continue
            shown = _version(question, answer.question_version, versions)
            responses.append(
                ItemResponse(qid, answer.score, seconds.get(qid), chosen_texts(shown, answer))
            )
            chosen = kind_of(shown.type).chosen_status(answer.response)
            if chosen is not None and shown.status in STATUS_VALUES:
                mix_ups[(attempt.id, qid)] = (Status(shown.status), chosen)
        records.append(_record(attempt, responses))
    return records, questions, mix_ups


def _seconds_per_question(attempt: Attempt, answers: dict[str, Answer]) -> dict[str, float]:
    """Time on each answered question, estimated from the saves: from the previous saved
    answer (or the start of the attempt) to this answer's last save."""
    seconds: dict[str, float] = {}
    previous = attempt.started_at
    for answer in sorted(answers.values(), key=lambda a: a.saved_at):
        seconds[answer.question_id] = max(0.0, (answer.saved_at - previous).total_seconds())
        previous = answer.saved_at
    return seconds


def _record(attempt: Attempt, responses: list[ItemResponse]) -> AttemptRecord:
    """One finished attempt as the core sees it; its time is from start to finish."""
    return AttemptRecord(
        attempt_id=attempt.id,
        student_id=attempt.user_id,
        number=attempt.number,
        finished_at=attempt.finished_at,
        score=attempt.score or 0.0,
        max_score=attempt.max_score,
        seconds=(attempt.finished_at - attempt.started_at).total_seconds(),
        responses=tuple(responses),
    )


def _version(question: Question, version: int, seen: dict[tuple[str, int], Question]) -> Question:
    """The question as it was at a version, each version loaded once."""
    key = (question.id, version)
    if key not in seen:
        seen[key] = as_answered(question, version)
    return seen[key]


def chosen_texts(question: Question, answer: Answer) -> tuple[str, ...]:
    """The options an answer chose, in words: none for questions without options."""
    key = Gradable(question.type, question.options or [], question.answer)
    return kind_of(question.type).chosen_texts(key, answer.response)


def _confusion(
    records: Sequence[AttemptRecord], mix_ups: MixUps
) -> dict[Status, dict[Status, int]]:
    """True status against chosen status over the status answers of the counted attempts."""
    pairs = [
        mix_ups[(record.attempt_id, response.question_id)]
        for record in records
        for response in record.responses
        if (record.attempt_id, response.question_id) in mix_ups
    ]
    return statistics.confusion_matrix(pairs, list(Status))
