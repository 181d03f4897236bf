"""Response headers every page carries, and cookie settings for HTTPS deployments.

The Content-Security-Policy allows scripts, styles and images from this site only: no inline
script, no inline style, no framing. Question text is sanitised (quizapp.core.markup) as the
first line of defence; the policy is the second.
"""

import os
from typing import TYPE_CHECKING, Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


class SecurityHeaders:
    """WSGI middleware putting the security headers on every response the app sends.

    The header lines are built once, here, and appended as they are: an after_request hook
    set them through Werkzeug's Headers one by one, validating the same constant values on
    every request. A header a view set itself is kept.
    """

    LINES = list(HEADERS.items())
    NAMES = frozenset(name.lower() for name in HEADERS)

    def __init__(self, app: "WSGIApplication") -> None:
        self.app = app

    def __call__(self, environ: "WSGIEnvironment", start_response: "StartResponse") -> Any:
        """Call the app, adding the missing security headers as it starts its response."""

        def start(status: str, headers: list[tuple[str, str]], *exc_info: Any) -> Any:
            sent = {name.lower() for name, _ in headers} & self.NAMES
            headers.extend(line for line in self.LINES if line[0].lower() not in sent)
            return start_response(status, headers, *exc_info)

        return self.app(environ, start)


def init_app(app: Flask) -> None:
    """Headers on every response; Secure cookies and proxy headers when so configured.

    HTTPS=1 marks the session and remember-me cookies Secure (serve over HTTPS then);
    BEHIND_PROXY=1 trusts one proxy's X-Forwarded-For/-Proto/-Host (nginx in front).
    """
    app.wsgi_app = SecurityHeaders(app.wsgi_app)  # type: ignore[method-assign]
    if os.environ.get("HTTPS") == "1":
        app.config.update(
            SESSION_COOKIE_SECURE=True, REMEMBER_COOKIE_SECURE=True, PREFERRED_URL_SCHEME="https"
        )
    if os.environ.get("BEHIND_PROXY") == "1":
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)  # type: ignore[method-assign]
