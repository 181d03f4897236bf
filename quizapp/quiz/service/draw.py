"""Which questions an attempt gets: a quiz's fixed list or a draw, less what exam pools keep."""

import random
from collections.abc import Collection, Sequence

from quizapp.core.selection import Candidate, draw, exam_side, matches
from quizapp.extensions import db
from quizapp.models import FeedbackMode, Question, QuestionState, Quiz


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
