"""One way to find each thing a page asks for by its address, or answer 404.

A page that names a quiz or an attempt in its URL finds it here, so the rule of who may see
what is written once: a student sees published quizzes and only their own attempts.
"""

from collections.abc import Sequence
from typing import Any

from flask import abort
from sqlalchemy import bindparam, select

from quizapp.extensions import db
from quizapp.models import Attempt, Quiz

# Built once: boards and quiz pages, the hottest pages, look quizzes up by slug.
_QUIZ_BY_SLUG = select(Quiz).where(Quiz.slug == bindparam("slug"))


def quiz_or_404(slug: str, *, unpublished: bool = False) -> Quiz:
    """The quiz with this slug, or 404; an unpublished one only when `unpublished` (the
    instructors' pages), so no student learns a draft quiz exists."""
    quiz = db.session.execute(_QUIZ_BY_SLUG, {"slug": slug}).scalar_one_or_none()
    if quiz is None or not (quiz.published or unpublished):
        abort(404)
    return quiz


def own_attempt_or_404(
    attempt_id: int, user_id: int, *, finished: bool = False, options: Sequence[Any] = ()
) -> Attempt:
    """The attempt with this id if it is the user's (and finished, when `finished`), or 404:
    another student's attempt is not found, never forbidden, so ids reveal nothing."""
    attempt = db.session.get(Attempt, attempt_id, options=list(options))
    if attempt is None or attempt.user_id != user_id or (finished and not attempt.finished):
        abort(404)
    return attempt
