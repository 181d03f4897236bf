"""What a client holds to prove who it is: API tokens and login sessions.

Only a SHA-256 of each secret is stored, so a database leak reveals none. A token works until
it expires or is revoked; a login session until its browser logs out or the password changes.
One commit per function.
"""

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete

from quizapp import audit
from quizapp.core.text import without_controls
from quizapp.extensions import db
from quizapp.models import ApiToken, LoginSession, User

TOKEN_DAYS = 30  # the default lifetime of an API token (setting API_TOKEN_DAYS)


def secret_hash(secret: str) -> str:
    """The stored form of a token or session key: its SHA-256."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def issue_token(
    user: User, name: str, now: datetime, lifetime: timedelta = timedelta(days=TOKEN_DAYS)
) -> str:
    """Create a token for the user, valid for lifetime from now, and return it."""
    token = secrets.token_urlsafe(32)
    db.session.add(
        ApiToken(
            user_id=user.id,
            token_hash=secret_hash(token),
            name=without_controls(name)[:60],
            created_at=now,
            expires_at=now + lifetime,
        )
    )
    db.session.commit()
    return token


def tokens_of(user_id: int, now: datetime) -> list[ApiToken]:
    """The account's tokens that still work, newest first."""
    return list(
        db.session.execute(
            db.select(ApiToken)
            .where(ApiToken.user_id == user_id, ApiToken.expires_at > now)
            .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
        ).scalars()
    )


def revoke_token(user_id: int, token_id: int) -> bool:
    """Revoke one of the account's tokens; False if it has no such token."""
    gone = db.session.execute(
        delete(ApiToken).where(ApiToken.id == token_id, ApiToken.user_id == user_id)
    ).rowcount
    db.session.commit()
    return bool(gone)


def revoke_all_tokens(user: User, actor: User | None) -> int:
    """Revoke every token of the account (an admin's action, audited); return how many."""
    gone = forget_tokens(user.id)
    audit.record(actor, "tokens.revoked", f"user:{user.username}", f"{gone} revoked")
    db.session.commit()
    return gone


def forget_tokens(user_id: int) -> int:
    """Delete the account's tokens, expired ones too, in the caller's transaction."""
    return int(db.session.execute(delete(ApiToken).where(ApiToken.user_id == user_id)).rowcount)


def forget_login_sessions(user_id: int) -> None:
    """Delete the account's login sessions, in the caller's transaction."""
    db.session.execute(delete(LoginSession).where(LoginSession.user_id == user_id))


def start_login_session(user_id: int, now: datetime) -> str:
    """Record a new login session for the account and return its key, for the cookie."""
    key = secrets.token_urlsafe(32)
    db.session.add(LoginSession(user_id=user_id, key_hash=secret_hash(key), created_at=now))
    db.session.commit()
    return key


def end_login_session(key: str) -> None:
    """End the login session with this key: a copy of its cookie opens nothing any more."""
    db.session.execute(delete(LoginSession).where(LoginSession.key_hash == secret_hash(key)))
    db.session.commit()
