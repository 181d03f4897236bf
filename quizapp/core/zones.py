"""Time zones: dates are stored in UTC and shown, or read from a form, in a person's zone.

Zones are IANA names ("Asia/Shanghai") as Python's zoneinfo knows them; UTC is the zone of
anyone who has not chosen one.
"""

from datetime import UTC, datetime, timedelta, tzinfo
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

DEFAULT_ZONE = "UTC"
STYLES = {"datetime": "%-d %b %Y, %H:%M", "date": "%-d %b %Y", "time": "%H:%M"}


class ZoneRefused(ValueError):
    """A zone name or a local time that cannot be used; the message says why, in words."""


@cache
def zone_names() -> tuple[str, ...]:
    """Every IANA zone name this machine knows, sorted, UTC first."""
    names = available_timezones() - {"UTC", "localtime", "Factory"}
    return (DEFAULT_ZONE, *sorted(n for n in names if "/" in n and not n.startswith("Etc/")))


def zone(name: str | None) -> tzinfo:
    """The zone of a stored name; UTC for none (never chosen)."""
    if not name or name == DEFAULT_ZONE:
        return UTC
    return checked_zone(name)


@cache
def checked_zone(name: str) -> ZoneInfo:
    """The zone named, or ZoneRefused when it is not an IANA zone name."""
    if name not in zone_names():
        raise ZoneRefused(f"“{name[:60]}” is not a time zone name such as Asia/Shanghai or UTC.")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as missing:  # listed but its file is unreadable
        raise ZoneRefused(f"The time zone {name} is not available on this server.") from missing


def local_text(moment: datetime, name: str | None, style: str = "datetime") -> str:
    """A UTC moment as the person of zone `name` reads it, with the zone named:
    "3 Jan 2026, 22:00 Asia/Shanghai"."""
    local = moment.astimezone(zone(name))
    return f"{local.strftime(STYLES[style])} {name or DEFAULT_ZONE}"


def to_utc(local: datetime, name: str | None) -> datetime:
    """A naive date and time typed in zone `name`, as an aware UTC moment.

    A time the clocks skip (02:30 on the morning summer time starts in New York) is refused
    with a message; a time the clocks pass twice (01:30 when summer time ends) is the first
    of the two, as most calendars take it.
    """
    where = zone(name)
    aware = local.replace(tzinfo=where, fold=0)
    back = aware.astimezone(UTC).astimezone(where)
    if back.replace(tzinfo=None) != local.replace(tzinfo=None, fold=0):
        raise ZoneRefused(
            f"{local:%H:%M} on {local:%-d %B %Y} does not exist in {name}: the clocks skip it "
            "(summer time starts). Choose a later time."
        )
    return aware.astimezone(UTC)


def form_value(moment: datetime | None, name: str | None) -> datetime | None:
    """A stored UTC moment as the naive local time a datetime-local input shows."""
    if moment is None:
        return None
    return moment.astimezone(zone(name)).replace(tzinfo=None)


def offset_text(name: str | None, at: datetime) -> str:
    """The zone's offset from UTC at a moment: "UTC+08:00"."""
    delta = at.astimezone(zone(name)).utcoffset() or timedelta(0)
    minutes = int(delta.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
