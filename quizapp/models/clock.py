"""The clock the models default to: aware datetimes in UTC, behind a named callable."""

from datetime import UTC, datetime


def now_utc() -> datetime:
    """The current time, timezone-aware, in UTC."""
    return datetime.now(UTC)
