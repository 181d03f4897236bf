"""Abuse limits: how often one can try a password, register, save answers or ask for tokens.

Counts live in RATELIMIT_STORAGE_URI (REDIS_URL when set, so limits hold across app servers;
in-process memory otherwise). Each limit is a setting, so a school behind one address can
raise the per-address ones. A limited request gets the 429 page, or JSON under /api/.
"""

from collections.abc import Callable

from flask import current_app, g, request
from flask_limiter.util import get_remote_address
from flask_login import current_user

from quizapp.core.text import canonical_username
from quizapp.extensions import limiter

DEFAULTS = {
    "LIMIT_LOGIN_ACCOUNT": "10 per minute",  # one login name from one address
    "LIMIT_LOGIN_ADDRESS": "600 per minute",  # one address (a lecture hall behind NAT)
    "LIMIT_REGISTER": "60 per hour",
    "LIMIT_ANSWERS": "240 per minute",  # one account saving answers (autosave included)
    "LIMIT_TOKENS": "10 per minute",  # one login name from one address
    "LIMIT_TOKENS_ADDRESS": "60 per minute",  # one address, whatever the names
    # Live sessions: joins per address (a class behind one address joins at once; a code has
    # a million values), answers per player (a change of mind or two per question).
    "LIMIT_LIVE_JOIN": "300 per minute",
    "LIMIT_LIVE_ANSWERS": "60 per minute",
}


def setting(name: str) -> Callable[[], str]:
    """A limit read from the app's config when the request comes."""
    return lambda: str(current_app.config[name])


def account_and_address() -> str:
    """The login name tried, from this address: guessing one account's password is slow.

    The name is keyed in the canonical form login looks it up by, so padding it with spaces,
    control characters, capitals or look-alike letters reaches the same account and the
    same count.
    """
    name = request.form.get("username") or ""
    if not name and request.is_json:
        body = request.get_json(silent=True)
        sent = body.get("username") if isinstance(body, dict) else None
        name = sent if isinstance(sent, str) else ""
    return f"{get_remote_address()}|{canonical_username(name)}"


def account() -> str:
    """The account saving: its bearer token's or its session's (else the address).

    The API sets g.api_user_id from a bearer token before its views run, and decorated limits
    are checked as the view is called, so a class behind one address is limited per student.
    """
    user_id = g.get("api_user_id")
    if user_id is None and current_user.is_authenticated:
        user_id = current_user.id
    return f"user:{user_id}" if user_id is not None else get_remote_address()


login_limits = [
    limiter.limit(
        setting("LIMIT_LOGIN_ACCOUNT"),
        key_func=account_and_address,
        methods=["POST"],
        scope="login-account",
    ),
    limiter.limit(setting("LIMIT_LOGIN_ADDRESS"), methods=["POST"], scope="login-address"),
]
register_limit = limiter.limit(setting("LIMIT_REGISTER"), methods=["POST"], scope="register")
answer_limit = limiter.limit(
    setting("LIMIT_ANSWERS"), key_func=account, methods=["POST", "PUT"], scope="answers"
)
token_limits = [
    limiter.limit(
        setting("LIMIT_TOKENS"), key_func=account_and_address, methods=["POST"], scope="tokens"
    ),
    limiter.limit(setting("LIMIT_TOKENS_ADDRESS"), methods=["POST"], scope="tokens-address"),
]


def limited_login(view: Callable[..., object]) -> Callable[..., object]:
    """Both login limits on a view."""
    for limit in reversed(login_limits):
        view = limit(view)
    return view


def limited_tokens(view: Callable[..., object]) -> Callable[..., object]:
    """Both token limits on a view: per login name and address, and per address."""
    for limit in reversed(token_limits):
        view = limit(view)
    return view
