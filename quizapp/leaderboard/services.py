"""Changing boards: settings and privacy choices, one commit each."""

from datetime import datetime

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError

from quizapp.auth.service import NameTaken
from quizapp.extensions import db
from quizapp.leaderboard.standings import record_finished_attempt, set_board_privacy
from quizapp.models import Attempt, BoardPrivacy, Quiz, User


def set_board_settings(
    quiz: Quiz,
    visibility: str,
    freeze: str | None,
    now: datetime,
    freeze_at: datetime | None = None,
) -> None:
    """Set who sees a quiz's board; freeze it now or at a given time, or unfreeze it."""
    quiz.leaderboard = visibility
    if freeze == "now":
        quiz.leaderboard_frozen_at = now
    elif freeze == "at" and freeze_at is not None:
        quiz.leaderboard_frozen_at = freeze_at
    elif freeze == "unfreeze" and quiz.leaderboard_frozen_at is not None:
        quiz.leaderboard_frozen_at = None
        _catch_up(quiz)
    db.session.commit()


def _catch_up(quiz: Quiz) -> None:
    """Bring the board up to date with attempts that finished while it was frozen."""
    latest = (
        db.select(func.max(Attempt.id))
        .where(Attempt.quiz_id == quiz.id, Attempt.finished_at.is_not(None))
        .group_by(Attempt.user_id)
    )
    for attempt in db.session.execute(db.select(Attempt).where(Attempt.id.in_(latest))).scalars():
        record_finished_attempt(attempt, quiz, attempt.user)


def update_profile(
    user: User,
    display_name: str,
    privacy: str,
    pseudonym: str | None,
    time_zone: str | None = None,
) -> None:
    """Change how the student appears: display name, and named, pseudonym or hidden on boards;
    and the time zone pages show dates in (None keeps it; the form checked the name).

    NameTaken when another account took the name meanwhile (the unique keys decide).
    """
    user.display_name = display_name
    user.time_zone = time_zone or user.time_zone
    user.board_privacy = privacy
    user.pseudonym = pseudonym or None
    set_board_privacy(user, hidden=privacy == BoardPrivacy.HIDDEN)
    try:
        db.session.commit()
    except IntegrityError as exc:
        db.session.rollback()
        raise NameTaken(display_name) from exc
