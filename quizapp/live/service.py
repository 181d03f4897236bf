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

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from quizapp.auth.service import public_name_taken
from quizapp.core.grading import ResponseError, grade, read_response
from quizapp.core.kinds import KINDS
from quizapp.core.livescore import points_for
from quizapp.core.text import name_key
from quizapp.extensions import db, insert_for
from quizapp.live.models import LiveAnswer, LivePlayer, LiveSession, Phase
from quizapp.models import BoardPrivacy, Question, Quiz, User
from quizapp.quiz.service import choose_questions, gradable

# Questions a room answers with big buttons, and whose answers a bar chart can show.
LIVE_TYPES = tuple(t.value for t, kind in KINDS.items() if kind.live)
MAX_QUESTIONS = 50
CODE_DIGITS = 6
NICKNAME_MIN, NICKNAME_MAX = 2, 20
# An answer sent as the timer ends reaches the server a moment later: accepted this long after.
GRACE = timedelta(seconds=2)


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
            f"{quiz.title} has no multiple-choice, true/false or classify question to ask live."
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


def find_by_code(code: str) -> LiveSession | None:
    """The running session with this code (spaces and dashes ignored), if any."""
    digits = "".join(ch for ch in code if ch.isdigit())
    if len(digits) != CODE_DIGITS:
        return None
    return db.session.execute(
        db.select(LiveSession).where(LiveSession.code == digits)
    ).scalar_one_or_none()


def player_of_user(session: LiveSession, user_id: int) -> LivePlayer | None:
    """The account's player in the session, if it joined."""
    return db.session.execute(
        db.select(LivePlayer).where(
            LivePlayer.session_id == session.id, LivePlayer.user_id == user_id
        )
    ).scalar_one_or_none()


def player_of_token(session: LiveSession, token: str | None) -> LivePlayer | None:
    """The guest whose cookie holds this token, if it belongs to this session."""
    if not token:
        return None
    player = db.session.execute(
        db.select(LivePlayer).where(LivePlayer.token_hash == hash_token(token))
    ).scalar_one_or_none()
    return player if player is not None and player.session_id == session.id else None


def _check_open(session: LiveSession) -> None:
    """Refuse a new player in an ended or locked session."""
    if session.phase == Phase.ENDED.value:
        raise LiveRefused("That session has ended.")
    if session.locked:
        raise LiveRefused("The host has locked this session: no one new can join.")


def _refuse_removed(player: LivePlayer) -> LivePlayer:
    """A player the host removed stays out."""
    if player.removed:
        raise LiveRefused("The host removed you from this session.")
    return player


def join_as_user(session: LiveSession, user: User, now: datetime) -> LivePlayer:
    """Put the account in the session under its board name (its pseudonym, when chosen), or
    give back its player: rejoining keeps the score and works in a locked room.

    A student hidden from boards plays as "Student" and a number.
    """
    found = player_of_user(session, user.id)
    if found is not None:
        return _refuse_removed(found)
    _check_open(session)
    hidden = user.board_privacy == BoardPrivacy.HIDDEN
    for attempt in range(5):
        name = f"Student {secrets.randbelow(900) + 100}" if hidden or attempt else user.board_name
        player = LivePlayer(
            session_id=session.id, user_id=user.id, name=name, name_key=name_key(name)[:255]
        )
        player.joined_at = now
        db.session.add(player)
        try:
            db.session.commit()
            return player
        except IntegrityError:
            db.session.rollback()
            found = player_of_user(session, user.id)  # a double click joined already
            if found is not None:
                return _refuse_removed(found)
    raise LiveRefused("Joining failed; please try again.")


def check_nickname(session: LiveSession, nickname: str) -> str:
    """The nickname, trimmed, or LiveRefused saying what to change.

    Its length is bounded, it needs a letter or digit, it cannot be a registered account's
    public name (no guest plays as a student of the school) and is unique in the session as a
    reader tells names apart (quizapp.core.text.name_key).
    """
    name = " ".join(nickname.split())
    if not NICKNAME_MIN <= len(name) <= NICKNAME_MAX:
        raise LiveRefused(f"A nickname has {NICKNAME_MIN} to {NICKNAME_MAX} characters.")
    if not any(ch.isalnum() for ch in name):
        raise LiveRefused("A nickname needs at least one letter or digit.")
    if public_name_taken(name):
        raise LiveRefused("That is the name of an account here. Choose another nickname.")
    taken = db.session.execute(
        db.select(LivePlayer.id).where(
            LivePlayer.session_id == session.id, LivePlayer.name_key == name_key(name)[:255]
        )
    ).first()
    if taken:
        raise LiveRefused("Someone in this session has that nickname. Choose another.")
    return name


def join_as_guest(session: LiveSession, nickname: str, now: datetime) -> tuple[LivePlayer, str]:
    """A guest player with a checked nickname and the token its cookie keeps to rejoin."""
    _check_open(session)
    name = check_nickname(session, nickname)
    token = secrets.token_urlsafe(32)
    player = LivePlayer(
        session_id=session.id,
        name=name,
        name_key=name_key(name)[:255],
        token_hash=hash_token(token),
        joined_at=now,
    )
    db.session.add(player)
    try:
        db.session.commit()
    except IntegrityError:  # the same nickname, a moment earlier
        db.session.rollback()
        raise LiveRefused("Someone in this session has that nickname. Choose another.") from None
    return player, token


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


def next_phase(session: LiveSession, wanted: str) -> dict[str, Any]:
    """The columns that move the session to the wanted phase, or LiveRefused if it cannot."""
    phase, last = session.phase, session.position >= session.count - 1
    if wanted == Phase.QUESTION.value and phase in ("lobby", "reveal", "board") and not last:
        return {"phase": wanted, "position": session.position + 1}
    if wanted == Phase.REVEAL.value and phase == Phase.QUESTION.value:
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
    values = next_phase(session, wanted)
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
    refused rather than given to the next one.
    """
    if player.removed:
        raise LiveRefused("The host removed you from this session.")
    if position != session.position or session.phase != Phase.QUESTION.value:
        raise LiveRefused("Answers to that question are closed: it has been revealed.")
    if session.deadline is not None and now >= session.deadline + GRACE:
        raise LiveRefused("Time is up for that question: your answer was not sent in time.")
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
    insert = insert_for(db.engine.dialect.name)(LiveAnswer).values(**row)
    changed = {k: v for k, v in row.items() if k not in ("session_id", "player_id", "position")}
    db.session.execute(
        insert.on_conflict_do_update(index_elements=["player_id", "position"], set_=changed)
    )
    db.session.commit()
    return LiveAnswer(**row)


__all__ = ["ResponseError", "LiveRefused"]
