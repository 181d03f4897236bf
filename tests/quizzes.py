"""Data builders for quiz tests: the generated bank loaded once, quizzes made to measure."""

from functools import cache
from typing import Any

from flask import Flask

from quizapp import bank
from quizapp.core.content import read_fact_base
from quizapp.core.generate import generate
from quizapp.core.kinds import KINDS, Gradable, Kind, kind_of
from quizapp.core.questions import QType
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
    return [q.id for q in core_bank() if q.type is QType.TRUE_FALSE and q.answer is True][:count]


def _kind_and_key(question: Question) -> tuple[Kind, Gradable]:
    """A stored question's kind, and the question as its kind reads it."""
    return kind_of(question.type), Gradable(question.type, question.options or [], question.answer)


def json_answer(question: Question, right: bool = True) -> Any:
    """The JSON response that answers a stored question rightly, or wrongly (but validly)."""
    kind, key = _kind_and_key(question)
    return kind.right_response(key) if right else kind.wrong_response(key)


def right_form(question: Question) -> dict[str, list[str]]:
    """Form values that answer a stored question correctly."""
    kind, key = _kind_and_key(question)
    return kind.form_values(key, kind.right_response(key))


def wrong_form(question: Question) -> dict[str, list[str]]:
    """Form values that answer a stored question wrongly (but validly)."""
    kind, key = _kind_and_key(question)
    return kind.form_values(key, kind.wrong_response(key))


def make_quiz(app: Flask, slug: str = "test-quiz", **settings: Any) -> int:
    """A quiz with fixed questions (one of each scored type the generator makes, unless given),
    unshuffled by default."""
    if "question_ids" not in settings:  # computed only when needed (a test's toy kind has none)
        settings["question_ids"] = [
            ids[0] for t, kind in KINDS.items() if kind.scored and (ids := first_of_type(t.value))
        ]
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
