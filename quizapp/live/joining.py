"""Joining a live session: finding it by code, a signed-in student or a guest with a nickname
coming in (or back), each call ending in one commit. The session's own moves are service.py."""

import secrets
from datetime import datetime

from sqlalchemy.exc import IntegrityError

from quizapp.auth.service import public_name_taken
from quizapp.core.text import name_key
from quizapp.extensions import db
from quizapp.live.models import LivePlayer, LiveSession, Phase
from quizapp.live.service import CODE_DIGITS, NICKNAME_MAX, NICKNAME_MIN, LiveRefused, hash_token
from quizapp.models import BoardPrivacy, User


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
