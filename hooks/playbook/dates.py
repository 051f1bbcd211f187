"""Dates, times and durations as people read them: English, locale-independent, deterministic.

The one place that turns a date, an instant or a span into text, for pages
(``site/``), feeds (``feeds/``) and problem messages (``rules/``). Parsing
is ``timeparse.py``'s job.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")


def day(d: date, year: bool = True) -> str:
    """'Mon 3 Aug 2026' (or without the year)."""
    text = f"{DAYS[d.weekday()]} {d.day} {MONTHS[d.month - 1][:3]}"
    return f"{text} {d.year}" if year else text


def short_date(d: date) -> str:
    """'3 Aug 2026'."""
    return f"{d.day} {MONTHS[d.month - 1][:3]} {d.year}"


def month(d: date) -> str:
    """'August 2026'."""
    return f"{MONTHS[d.month - 1]} {d.year}"


def clock(when: datetime) -> str:
    """'09:30'."""
    return f"{when.hour:02d}:{when.minute:02d}"


def zone_abbr(when: datetime) -> str:
    name = when.tzname() or ""
    return name if name and name[0] not in "+-" else f"UTC{name}" if name else ""


def moment(when: datetime, year: bool = True) -> str:
    """'Mon 3 Aug 2026, 09:30 EDT'."""
    return f"{day(when.date(), year)}, {clock(when)} {zone_abbr(when)}".rstrip()


def moment_in(when: datetime, zone) -> str:
    """``moment`` of an instant as read in ``zone``: 'Fri 27 Nov 2026, 08:00 EST'."""
    return moment(when.astimezone(zone))


UNTIL_LIFTED = "until lifted"  # the end of an open-ended hold, wherever an end time would be written


def until(when: datetime | None, zone) -> str:
    """'until Fri 27 Nov 2026, 08:00 EST', or 'until lifted' for an open-ended hold."""
    return UNTIL_LIFTED if when is None else f"until {moment_in(when, zone)}"


def wall_clock(when: datetime, zone: ZoneInfo) -> str:
    """An instant as a problem message writes it, close to what front matter takes:
    'Mon 2027-04-12 09:30 (Europe/Berlin)'."""
    here = when.astimezone(zone)
    return f"{DAYS[here.weekday()]} {here:%Y-%m-%d %H:%M} ({zone.key})"


def iso(when: datetime | date) -> str:
    """ISO 8601, '2027-04-12' or '2027-04-12T09:30+02:00': for <time datetime=...>, page anchors, and
    feed text that shows a date as front matter writes it."""
    if isinstance(when, datetime):
        return when.isoformat(timespec="minutes")
    return when.isoformat()


def window(start: date, end: date) -> str:
    """'1 Apr – 30 Apr 2027' for an inclusive date range."""
    if start == end:
        return short_date(start)
    if start.year == end.year:
        return f"{start.day} {MONTHS[start.month - 1][:3]} – {short_date(end)}"
    return f"{short_date(start)} – {short_date(end)}"


def duration(span: timedelta) -> str:
    """'15 minutes', '1 hour', '2 hours 30 minutes', '1 day', '1 week 2 days'."""
    minutes = int(span.total_seconds() // 60)
    if minutes <= 0:
        return "immediately"
    parts = []
    for size, unit in ((7 * 24 * 60, "week"), (24 * 60, "day"), (60, "hour"), (1, "minute")):
        count, minutes = divmod(minutes, size)
        if count:
            parts.append(f"{count} {unit}{'s' * (count != 1)}")
    return " ".join(parts)


def compact_duration(span: timedelta) -> str:
    """'2h30m', '1d', '0m': a duration as rules.yml and front matter write it, so a hint can be copied."""
    minutes = int(span.total_seconds() // 60)
    parts = []
    for unit, size in (("d", 1440), ("h", 60), ("m", 1)):
        if minutes >= size:
            parts.append(f"{minutes // size}{unit}")
            minutes %= size
    return "".join(parts) or "0m"


def relative_days(target: date, today: date) -> str:
    """'today', 'tomorrow', 'in 5 days', 'yesterday', '3 days ago'."""
    delta = (target - today).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "tomorrow"
    if delta == -1:
        return "yesterday"
    return f"in {delta} days" if delta > 0 else f"{-delta} days ago"
