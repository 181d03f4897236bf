"""Live sessions: host, join, move on, answer; one commit per function, no request objects.

Every function that depends on time takes `now`, so tests move the clock instead of sleeping.
Each change players must see goes through a conditional UPDATE on the session's version: two
clicks of the host's button (two tabs, two app servers) move the session on once.
"""

import hashlib
import random
import secrets
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import JSON, cast, literal, or_, select, update
from sqlalchemy.exc import IntegrityError

from quizapp.core.grading import ResponseError, grade, read_response
from quizapp.core.kinds import KINDS
from quizapp.core.livescore import points_for
from quizapp.extensions import db, insert_for
from quizapp.live.models import GRACE, LiveAnswer, LivePlayer, LiveSession, Phase
from quizapp.models import Question, Quiz
from quizapp.quiz.service import choose_questions, gradable

# Questions a room answers on phones, and whose answers a reveal can count: the scored ones.
LIVE_TYPES = tuple(t.value for t, kind in KINDS.items() if kind.live)
MAX_QUESTIONS = 50
CODE_DIGITS = 6
NICKNAME_MIN, NICKNAME_MAX = 2, 20


class LiveRefused(Exception):
    """The action is not allowed; the message says why, in words for the person."""


def hash_token(token: str) -> str:
    """The stored form of a guest's cookie token."""
    return hashlib.sha256(token.encode()).hexdigest()


def live_questions(quiz: Quiz, seed: int) -> list[str]:
    """The quiz's questions a live session can ask, in the order the quiz gives them."""
    chosen = choose_questions(quiz, random.Random(seed))
    rows = db.session.execute(db.select(Question.id, Question.type).where(Question.id.in_(chosen)))
    kinds = {qid: kind for qid, kind in rows}
    return [qid for qid in chosen if kinds.get(qid) in LIVE_TYPES][:MAX_QUESTIONS]


def create_session(
    quiz: Quiz,
    host_id: int,
    now: datetime,
    classroom_id: int | None = None,
    timer_seconds: int | None = None,
    speed_bonus: bool = False,
) -> LiveSession:
    """A new session of the quiz's choice questions, in its lobby, with a free six-digit code.

    An exam pool's questions stay secret (a reveal shows the key to the room): refused.
    """
    if quiz.exam_pool:
        raise LiveRefused(
            f"{quiz.title} is an exam pool: its questions stay secret. Host a practice quiz."
        )
    seed = secrets.randbelow(2**31)
    question_ids = live_questions(quiz, seed)
    if not question_ids:
        raise LiveRefused(
            f"{quiz.title} has no scored question to ask live (essays and descriptions are not)."
        )
    for _ in range(10):  # a taken code (one in thousands while few sessions run): draw again
        session = LiveSession(
            code=f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}",
            host_id=host_id,
            quiz_id=quiz.id,
            classroom_id=classroom_id,
            question_ids=question_ids,
            seed=seed,
            timer_seconds=timer_seconds,
            speed_bonus=speed_bonus,
            created_at=now,
        )
        db.session.add(session)
        try:
            db.session.commit()
        except IntegrityError:
            db.session.rollback()
            continue
        return session
    raise LiveRefused("No join code is free just now. Try again in a minute.")


def remove_player(session: LiveSession, player_id: int) -> None:
    """Take a player out of the session: their page says so, they cannot rejoin."""
    db.session.execute(
        update(LivePlayer)
        .where(LivePlayer.id == player_id, LivePlayer.session_id == session.id)
        .values(removed=True)
    )
    db.session.execute(
        update(LiveSession)
        .where(LiveSession.id == session.id)
        .values(version=LiveSession.version + 1)
    )
    db.session.commit()


def set_locked(session: LiveSession, locked: bool) -> None:
    """Lock the room (no one new joins; players in it may rejoin) or open it again."""
    session.locked = locked
    db.session.commit()


def next_phase(session: LiveSession, wanted: str, now: datetime) -> dict[str, Any]:
    """The columns that move the session to the wanted phase, or LiveRefused if it cannot.

    A question whose timer revealed it is at its reveal: the host goes on from there (and a
    click of "Reveal" as the timer ends only stores what every screen shows already).
    """
    phase, last = session.phase_at(now), session.position >= session.count - 1
    if wanted == Phase.QUESTION.value and phase in ("lobby", "reveal", "board") and not last:
        return {"phase": wanted, "position": session.position + 1}
    if wanted == Phase.REVEAL.value and session.phase == Phase.QUESTION.value:
        return {"phase": wanted}
    if wanted == Phase.BOARD.value and phase == Phase.REVEAL.value:
        return {"phase": wanted}
    if wanted == Phase.ENDED.value and phase != Phase.ENDED.value:
        return {"phase": wanted}
    raise LiveRefused("The session cannot go there from where it is.")


def advance(session: LiveSession, wanted: str, seen_version: int, now: datetime) -> None:
    """Move the session on (to the next question, the reveal, the board or the end).

    Only from the version the host's page showed: a second click, or a second tab, finds the
    version moved and is refused (LiveRefused) instead of skipping a question. An ended
    session gives its code back.
    """
    values = next_phase(session, wanted, now)
    if values["phase"] == Phase.QUESTION.value:
        values["question_started_at"] = now
        timer = session.timer_seconds
        values["deadline"] = now + timedelta(seconds=timer) if timer else None
    if values["phase"] == Phase.ENDED.value:
        values.update(ended_at=now, code=None)
    moved = db.session.execute(
        update(LiveSession)
        .where(LiveSession.id == session.id, LiveSession.version == seen_version)
        .values(version=LiveSession.version + 1, **values)
        .execution_options(synchronize_session=False)
    )
    if moved.rowcount != 1:  # type: ignore[attr-defined]
        db.session.rollback()
        raise LiveRefused("The session had moved on already; this is where it is now.")
    db.session.commit()


def submit_answer(
    session: LiveSession,
    player: LivePlayer,
    position: int,
    values: dict[str, list[str]],
    now: datetime,
) -> LiveAnswer:
    """Save the player's answer to the current question, graded; ResponseError or LiveRefused
    say why not.

    Until the reveal or the timer's end (GRACE after it) an answer may change: the row of
    (player, question) is written over, so a double tap or a retry counts once. The
    question's position comes from the page, so an answer meant for an earlier question is
    refused rather than given to the next one. Whether the question is still open is decided
    by the write itself (_guarded_upsert), never read first and saved after: an answer
    arriving as the host reveals, or as the timer ends, is either stored before the reveal or
    refused.
    """
    if player.removed:
        raise LiveRefused("The host removed you from this session.")
    if position != session.position or session.phase_at(now) != Phase.QUESTION.value:
        raise _closed(session, position, now)
    question = db.session.get(Question, session.question_ids[position])
    if question is None:
        raise LiveRefused("That question is no longer in the bank; wait for the next one.")
    response = read_response(gradable(question), values)
    score = grade(gradable(question), response)
    started = session.question_started_at or now
    elapsed = max(0, int((now - started).total_seconds() * 1000))
    points = points_for(score, elapsed, session.timer_seconds, session.speed_bonus)
    row = {
        "session_id": session.id,
        "player_id": player.id,
        "position": position,
        "question_id": question.id,
        "response": response,
        "score": score,
        "points": points,
        "elapsed_ms": elapsed,
        "answered_at": now,
    }
    if not _guarded_upsert(row, now):
        db.session.rollback()
        db.session.refresh(session)  # what the host (or the clock) did meanwhile
        raise _closed(session, position, now)
    db.session.commit()
    return LiveAnswer(**row)


def _guarded_upsert(row: dict[str, Any], now: datetime) -> bool:
    """Write the answer only if its question is still open, in one statement: an INSERT whose
    rows come from the session's row WHERE the phase, the position and the deadline allow it,
    upserting on (player, position). False when the session had closed the question.

    On PostgreSQL the read takes a share lock on the session's row, so a host's reveal either
    commits first (and the answer finds the question closed) or waits for the answer.
    """
    dialect = db.engine.dialect.name
    columns = list(row)
    # PostgreSQL reads an untyped parameter in a SELECT list as text, which a JSON column does
    # not take; SQLite has no JSON type to cast to (CAST AS JSON would make it a number).
    response = literal(row["response"], JSON)
    fields = [
        (cast(response, JSON) if dialect == "postgresql" else response)
        if name == "response"
        else literal(value, LiveAnswer.__table__.c[name].type)
        for name, value in row.items()
    ]
    source = (
        select(*fields)
        .where(
            LiveSession.id == row["session_id"],
            LiveSession.phase == Phase.QUESTION.value,
            LiveSession.position == row["position"],
            or_(LiveSession.deadline.is_(None), LiveSession.deadline > now - GRACE),
        )
        .with_for_update(read=True)
    )
    insert = insert_for(dialect)(LiveAnswer).from_select(columns, source)
    kept = ("session_id", "player_id", "position")
    upsert = insert.on_conflict_do_update(
        index_elements=["player_id", "position"],
        set_={name: insert.excluded[name] for name in columns if name not in kept},
    ).returning(LiveAnswer.id)
    return db.session.execute(upsert).first() is not None


def _closed(session: LiveSession, position: int, now: datetime) -> LiveRefused:
    """Why an answer to the question at position is not taken, in words for the player."""
    if position == session.position and session.timed_out(now):
        return LiveRefused("Time is up for that question: your answer was not sent in time.")
    return LiveRefused("Answers to that question are closed: it has been revealed.")


__all__ = ["ResponseError", "LiveRefused"]
