"""The quiz area's service: start, save, finish and grade attempts, with plain values in and
one commit per function; no request objects, forms or flashes.

The server is the clock and the only grader. Every function that depends on time takes `now`,
so tests move the clock instead of sleeping. Each function's docstring says which race it
guards against. Callers import the package (`from quizapp.quiz import service`).
"""

from quizapp.quiz.service.deadlines import (
    GRACE,
    NO_GRACE,
    close_if_expired,
    deadline_for,
    retime_assignment_attempts,
    retime_open_attempts,
)
from quizapp.quiz.service.draw import (
    available_questions,
    choose_questions,
    is_practice,
    published_candidates,
)
from quizapp.quiz.service.finish import FinishedBy, counted_percent, finish_attempt
from quizapp.quiz.service.questions import (
    answers_of,
    as_answered_all,
    gradable,
    question_at,
    questions_of,
)
from quizapp.quiz.service.refusals import (
    AlreadyAnswered,
    AttemptFinished,
    AttemptRefused,
    NotInAttempt,
    TimeIsUp,
)
from quizapp.quiz.service.save import SavedAnswer, remember_page, save_answers, save_one_answer
from quizapp.quiz.service.start import attempts_of, check_can_start, start_attempt

__all__ = [
    "GRACE",
    "NO_GRACE",
    "AlreadyAnswered",
    "AttemptFinished",
    "AttemptRefused",
    "FinishedBy",
    "NotInAttempt",
    "SavedAnswer",
    "TimeIsUp",
    "answers_of",
    "as_answered_all",
    "attempts_of",
    "available_questions",
    "check_can_start",
    "choose_questions",
    "close_if_expired",
    "counted_percent",
    "deadline_for",
    "finish_attempt",
    "gradable",
    "is_practice",
    "published_candidates",
    "question_at",
    "questions_of",
    "remember_page",
    "retime_assignment_attempts",
    "retime_open_attempts",
    "save_answers",
    "save_one_answer",
    "start_attempt",
]
