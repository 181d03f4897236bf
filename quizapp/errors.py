"""Error pages: styled HTML for people, JSON for the API; never a stack trace."""

from flask import Flask, flash, jsonify, make_response, redirect, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DataError
from werkzeug.exceptions import BadRequest, HTTPException, InternalServerError, TooManyRequests
from werkzeug.wrappers import Response

from quizapp.extensions import db

MESSAGES = {
    400: ("Bad request", "The request could not be understood."),
    403: ("Not allowed", "Your account does not have access to this page."),
    404: ("Page not found", "There is no page at this address."),
    405: ("Method not allowed", "This page cannot be used that way."),
    413: ("Too large", "What you sent is larger than this site accepts."),
    429: ("Too many requests", "Please wait a moment and try again."),
    500: ("Something went wrong", "The error is logged. Nothing you saved before was lost."),
}


def _wants_json() -> bool:
    """API callers get JSON errors; browsers get pages."""
    return request.path.startswith("/api/") or (request.accept_mimetypes.best == "application/json")


def render_error(code: int, detail: str | None = None) -> tuple[str | Response, int]:
    """An error page or JSON body for this status code."""
    title, message = MESSAGES.get(code, (f"Error {code}", "The request failed."))
    if _wants_json():
        return jsonify(error=title, message=detail or message, status=code), code
    return render_template(
        "errors/error.html", code=code, title=title, message=detail or message
    ), code


def handle_http_error(error: HTTPException) -> Response:
    """Show an HTTP error with its styled page; a 400 says what was wrong if abort() did; a
    429 says when to try again (Retry-After)."""
    reason = error.description if isinstance(error, BadRequest) else None
    body, code = render_error(
        error.code or 500, reason if reason != BadRequest.description else None
    )
    response = make_response(body, code)
    if isinstance(error, TooManyRequests) and error.retry_after is not None:
        response.headers["Retry-After"] = str(error.retry_after)
    return response


def handle_csrf_error(error: CSRFError) -> tuple[str | Response, int] | Response:
    """An expired or missing form token: send the user back to the form with a message."""
    if _wants_json() or request.method != "POST":
        return render_error(400, error.description)
    flash("This form had expired or was not sent from this site. Please try again.", "error")
    return redirect(request.full_path if request.query_string else request.path, code=303)


def handle_server_error(error: InternalServerError) -> tuple[str | Response, int]:
    """Roll back the failed transaction, then show the 500 page."""
    db.session.rollback()
    return render_error(500)


def handle_unstorable(error: DataError) -> tuple[str | Response, int]:
    """The database refused a value (say, a NUL character): roll back and say so."""
    db.session.rollback()
    return render_error(400, "The request held characters that cannot be stored.")


def init_app(app: Flask) -> None:
    """Register the error handlers."""
    app.register_error_handler(DataError, handle_unstorable)
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(InternalServerError, handle_server_error)
    app.register_error_handler(HTTPException, handle_http_error)
