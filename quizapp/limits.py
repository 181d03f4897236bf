"""Abuse limits: how often one can try a password, register, save answers or ask for tokens.

Counts live in RATELIMIT_STORAGE_URI (REDIS_URL when set, so limits hold across app servers;
in-process memory otherwise). Each limit is a setting, so a school behind one address can
raise the per-address ones. A limited request gets the 429 page, or JSON under /api/, with
Retry-After.

Only the views that have a limit count anything: each is wrapped by `limit`, which hits the
storage (the `limits` library's, as Flask-Limiter used) once per limit. Flask-Limiter ran a
before- and an after-request hook on every request of the app, limited or not (about 0.2 ms
of every page, docs/PERFORMANCE.md).
"""

import math
import time
from collections.abc import Callable, Collection
from functools import cache, wraps
from typing import Any

from flask import Flask, current_app, g, request
from flask_login import current_user
from limits import RateLimitItem, parse_many
from limits.storage import MemoryStorage, Storage, storage_from_string
from limits.strategies import FixedWindowRateLimiter
from werkzeug.exceptions import TooManyRequests

from quizapp.core.text import canonical_username

EXTENSION = "abuse_limits"
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


class ProcessMemory(MemoryStorage):
    """The `limits` in-process storage, sweeping expired counts inline once a second.

    MemoryStorage starts a timer thread on each count once its previous one has run (10 ms
    later), to sweep expired keys: under a class's load that is a thread start per save, a
    third of a save's time in a worker (py-spy, docs/PERFORMANCE.md). A count's own expiry
    is checked when it is read either way (MemoryStorage.get), so the sweep only frees memory.
    Overrides the private hook of the pinned limits==5.8.0 (tests/test_limits.py checks it).
    """

    swept_at = 0.0

    def _MemoryStorage__schedule_expiry(self) -> None:
        """Sweep now if the last sweep is a second old."""
        now = time.monotonic()
        if now - self.swept_at >= 1.0:
            self.swept_at = now
            self._MemoryStorage__expire_events()  # type: ignore[attr-defined]


def storage_for(uri: str) -> Storage:
    """The storage a RATELIMIT_STORAGE_URI names (memory:// is ProcessMemory)."""
    return ProcessMemory() if uri.startswith("memory://") else storage_from_string(uri)


def init_app(app: Flask) -> None:
    """Count every limit in RATELIMIT_STORAGE_URI, in fixed windows (as Flask-Limiter did)."""
    storage = storage_for(app.config["RATELIMIT_STORAGE_URI"])
    app.extensions[EXTENSION] = FixedWindowRateLimiter(storage)


def reset() -> None:
    """Forget every count (tests; an operator after a false alarm)."""
    current_app.extensions[EXTENSION].storage.reset()


@cache
def _parsed(text: str) -> list[RateLimitItem]:
    """A setting ("10 per minute", or several joined by ";") as limits, parsed once."""
    return parse_many(text)


def _hit(name: str, scope: str, key: str) -> None:
    """Count this request against the setting `name` for key; a 429 once it is spent."""
    limiter: FixedWindowRateLimiter = current_app.extensions[EXTENSION]
    for item in _parsed(str(current_app.config[name])):
        if not limiter.hit(item, scope, key):
            reset_at = limiter.get_window_stats(item, scope, key).reset_time
            raise TooManyRequests(retry_after=max(1, math.ceil(reset_at - time.time())))


def remote_address() -> str:
    """The caller's address (the proxy's client address when BEHIND_PROXY=1)."""
    return request.remote_addr or "127.0.0.1"


def limit(
    name: str,
    scope: str,
    key: Callable[[], str] = remote_address,
    methods: Collection[str] = ("POST",),
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """A view's requests of these methods count against the setting `name`, per key."""

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def limited(*args: Any, **kwargs: Any) -> Any:
            if request.method in methods and current_app.config["RATELIMIT_ENABLED"]:
                _hit(name, scope, key())
            return view(*args, **kwargs)

        return limited

    return decorate


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
    return f"{remote_address()}|{canonical_username(name)}"


def account() -> str:
    """The account saving: its bearer token's or its session's (else the address).

    The API sets g.api_user_id from a bearer token before its views run, and decorated limits
    are checked as the view is called, so a class behind one address is limited per student.
    """
    user_id = g.get("api_user_id")
    if user_id is None and current_user.is_authenticated:
        user_id = current_user.id
    return f"user:{user_id}" if user_id is not None else remote_address()


login_limits = [
    limit("LIMIT_LOGIN_ACCOUNT", "login-account", key=account_and_address),
    limit("LIMIT_LOGIN_ADDRESS", "login-address"),
]
register_limit = limit("LIMIT_REGISTER", "register")
answer_limit = limit("LIMIT_ANSWERS", "answers", key=account, methods=("POST", "PUT"))
token_limits = [
    limit("LIMIT_TOKENS", "tokens", key=account_and_address),
    limit("LIMIT_TOKENS_ADDRESS", "tokens-address"),
]


def limited_login(view: Callable[..., object]) -> Callable[..., object]:
    """Both login limits on a view."""
    for each in reversed(login_limits):
        view = each(view)
    return view


def limited_tokens(view: Callable[..., object]) -> Callable[..., object]:
    """Both token limits on a view: per login name and address, and per address."""
    for each in reversed(token_limits):
        view = each(view)
    return view
