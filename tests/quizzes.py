"""Data builders for quiz tests: the generated bank loaded once, quizzes made to measure."""

from functools import cache
from typing import Any

from flask import Flask

from quizapp import bank
from quizapp.core.content import read_fact_base
from quizapp.core.generate import generate
from quizapp.core.questions import Question as CoreQuestion
from quizapp.core.selection import exam_side
from quizapp.extensions import db
from quizapp.models import Attempt, Question, QuestionState, Quiz
from tests.core.test_facts import QUESTIONS


@cache
def core_bank() -> tuple[CoreQuestion, ...]:
    """The generated bank, computed once per test session (the core is pure)."""
    return tuple(generate(read_fact_base(QUESTIONS), seed=2025))


def load_bank(app: Flask, with_builtins: bool = True) -> None:
    """Put the generated bank (and the built-in quizzes) in the app's database."""
    with app.app_context():
        bank.sync_bank(list(core_bank()), QuestionState.PUBLISHED)
        if with_builtins:
            bank.sync_builtin_quizzes(bank.builtin_quiz_specs())


def first_of_type(kind: str, count: int = 1) -> list[str]:
    """The ids of the first questions of a type in the generated bank that practice quizzes
    may use: the built-in Full test is an exam pool and keeps the other half from them."""
    return [q.id for q in core_bank() if q.type.value == kind and not exam_side(q.id)][:count]


def true_statements(count: int) -> list[str]:
    """The ids of the first true/false questions whose answer is True."""
    return [q.id for q in core_bank() if q.type.value == "true_false" and q.answer is True][:count]


def make_quiz(app: Flask, slug: str = "test-quiz", **settings: Any) -> int:
    """A quiz with fixed questions (one of each type unless given), unshuffled by default."""
    settings.setdefault(
        "question_ids",
        [
            first_of_type(kind)[0]
            for kind in (
                "single",
                "multiple",
                "true_false",
                "classify",
                "numeric",
                "short",
                "matching",
                "ordering",
            )
        ],
    )
    settings.setdefault("shuffle_questions", False)
    with app.app_context():
        quiz = Quiz(slug=slug, title=settings.pop("title", "Test quiz"), **settings)
        db.session.add(quiz)
        db.session.commit()
        return quiz.id


def stored(app: Flask, question_id: str) -> Question:
    """A stored question, detached for reading."""
    with app.app_context():
        question = db.session.get(Question, question_id)
        db.session.expunge(question)
        return question


def question_of(app: Flask, attempt_id: int, number: int) -> Question:
    """The stored question behind number `number` of an attempt: what only the server knows."""
    with app.app_context():
        question_id = db.session.get(Attempt, attempt_id).question_ids[number - 1]
    return stored(app, question_id)
