"""Item analysis of a quiz's finished attempts: load the rows, call the core (statistics).

Read only: nothing here writes. The learner reports and their review are service.py.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, distinct, func

from quizapp.core import statistics
from quizapp.core.kinds import Gradable, kind_of
from quizapp.core.statistics import AttemptRecord, ItemResponse, ItemStats, QuizStats, Which
from quizapp.core.status import Status
from quizapp.extensions import db
from quizapp.models import Answer, Attempt, Question, Quiz
from quizapp.versions import as_answered

STATUS_VALUES = {status.value for status in Status}


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
    # Per question: the answers counted that are the key's (options in the key, typed answers
    # that earn full marks), and the key in words as the question reads now.
    right: dict[str, set[str]]
    keys: dict[str, str]


def analyse(quiz: Quiz, which: Which) -> QuizAnalysis:
    """Item analysis of a quiz's finished attempts, counting the ones `which` picks."""
    records, questions, mix_ups, right = _records(quiz)
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
        right=right,
        keys={qid: _key_text(question) for qid, question in questions.items()},
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


def _records(
    quiz: Quiz,
) -> tuple[list[AttemptRecord], dict[str, Question], MixUps, dict[str, set[str]]]:
    """The quiz's finished attempts as the core sees them, their questions, (true status,
    chosen status) of each answer to a question whose options are statuses, by (attempt id,
    question id), and the answers counted that are the key's, by question id."""
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
    right: dict[str, set[str]] = defaultdict(set)
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
            groups = answer_groups(shown, answer)
            right[qid].update(text for text, is_key in groups if is_key)
            texts = tuple(text for text, _ in groups)
            responses.append(ItemResponse(qid, answer.score, seconds.get(qid), texts))
            chosen = kind_of(shown.type).chosen_status(answer.response)
            if chosen is not None and shown.status in STATUS_VALUES:
                mix_ups[(attempt.id, qid)] = (Status(shown.status), chosen)
        records.append(_record(attempt, responses))
    return records, questions, mix_ups, right


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


def answer_groups(question: Question, answer: Answer) -> tuple[tuple[str, bool], ...]:
    """An answer as item analysis counts it: the options chosen, or the typed answer
    normalised, each with whether it is the key's (see Kind.answer_groups)."""
    return kind_of(question.type).answer_groups(_gradable(question), answer.response)


def _key_text(question: Question) -> str:
    """The question's key in words."""
    return kind_of(question.type).right_answer_text(_gradable(question))


def _gradable(question: Question) -> Gradable:
    """What the kinds grade: the type, the options and the key."""
    return Gradable(question.type, question.options or [], question.answer)


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
