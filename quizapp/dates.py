"""Dates on pages and in forms: stored in UTC, shown and typed in the viewer's time zone."""

from datetime import datetime

from flask import Flask
from flask_login import current_user
from markupsafe import Markup, escape

from quizapp.core.zones import DEFAULT_ZONE, ZoneRefused, form_value, local_text, zone


def viewer_zone() -> str:
    """The zone the person viewing reads dates in: their chosen one, else UTC."""
    name = getattr(current_user, "time_zone", None) or DEFAULT_ZONE
    try:
        zone(name)
    except ZoneRefused:  # a zone this server's data no longer has: UTC, never a 500
        return DEFAULT_ZONE
    return name


def when(moment: datetime | None, style: str = "datetime") -> Markup:
    """A <time> element: the moment in the viewer's zone with the zone named, UTC inside."""
    if moment is None:
        return Markup("")
    text = local_text(moment, viewer_zone(), style)
    return Markup(f'<time datetime="{escape(moment.isoformat())}">{escape(text)}</time>')


def when_text(moment: datetime | None, style: str = "datetime") -> str:
    """The same words as plain text (for flash messages and attributes)."""
    return local_text(moment, viewer_zone(), style) if moment else ""


def input_value(moment: datetime | None) -> str:
    """A stored moment as a datetime-local input shows it, in the viewer's zone."""
    local = form_value(moment, viewer_zone())
    return local.strftime("%Y-%m-%dT%H:%M") if local else ""


def init_app(app: Flask) -> None:
    """The one filter every template uses for a date: {{ quiz.opens_at | when }}."""
    app.jinja_env.filters["when"] = when
    app.jinja_env.filters["when_text"] = when_text
    app.jinja_env.filters["input_value"] = input_value
    app.jinja_env.globals["viewer_zone"] = viewer_zone
