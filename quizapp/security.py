"""Response headers every page carries, and cookie settings for HTTPS deployments.

The Content-Security-Policy allows scripts, styles and images from this site only: no inline
script, no inline style, no framing. Question text is sanitised (quizapp.core.markup) as the
first line of defence; the policy is the second.
"""

import os

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.wrappers import Response

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


def add_security_headers(response: Response) -> Response:
    """Put the security headers on every response."""
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def init_app(app: Flask) -> None:
    """Headers on every response; Secure cookies and proxy headers when so configured.

    HTTPS=1 marks the session and remember-me cookies Secure (serve over HTTPS then);
    BEHIND_PROXY=1 trusts one proxy's X-Forwarded-For/-Proto/-Host (nginx in front).
    """
    app.after_request(add_security_headers)
    if os.environ.get("HTTPS") == "1":
        app.config.update(
            SESSION_COOKIE_SECURE=True, REMEMBER_COOKIE_SECURE=True, PREFERRED_URL_SCHEME="https"
        )
    if os.environ.get("BEHIND_PROXY") == "1":
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)  # type: ignore[method-assign]
