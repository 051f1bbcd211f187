"""Dates, times, durations and zones as written in front matter.

Parsed here rather than by YAML so that an invalid value (2023-02-29, 24:00,
+25:00, year 0) becomes a located problem, never an exception.

Dates lie between MIN_YEAR and MAX_YEAR and durations are at most
MAX_DURATION, so that every sum the rules and feeds compute (a lead time
before publish_at, the day after a campaign's end, an offset of +14:00, a
feed window) stays far inside Python's years 1 to 9999.
"""

from __future__ import annotations

import functools
import re
from datetime import date, datetime, timedelta, timezone
from importlib import resources
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .suggest import did_you_mean

_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})\Z")
_DATETIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?"
    r"[ ]?(Z|[+-]\d{2}:?\d{2})?\Z"
)
_DURATION = re.compile(r"(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?\Z")
MIN_YEAR, MAX_YEAR = 1900, 2999
MAX_DURATION = timedelta(days=3660)  # ten years
_DURATION_HINT = "write e.g. 15m, 1h, 2h30m, 1d or 1w"
_ZONE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_+\-]*(?:/[A-Za-z0-9_+\-]+)*\Z")


class TimeError(ValueError):
    """A value that is not a valid date, time, duration or zone; ``rule`` names the check."""

    def __init__(self, message: str, hint: str = "", rule: str = "schema.value"):
        super().__init__(message)
        self.hint = hint
        self.rule = rule


def parse_zone(name: str) -> ZoneInfo:
    if not isinstance(name, str) or not _ZONE_NAME.match(name) or ".." in name:
        raise TimeError(f"'{name}' is not an IANA time zone name", "use a name like Europe/Berlin")
    try:
        if name not in _zone_set():  # e.g. 'localtime': a file of the machine, not a zone of tzdata
            raise ZoneInfoNotFoundError(name)
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise TimeError(f"unknown time zone '{name}'", did_you_mean(name, _zone_names())
                        or "use an IANA name like America/New_York or Europe/London") from None


@functools.cache
def _zone_names() -> tuple[str, ...]:
    """The IANA names tzdata ships, sorted. zoneinfo's available_timezones() also lists files of the build
    machine (``localtime``: its own zone), which would make the same handbook mean different times elsewhere."""
    names = set(resources.files("tzdata").joinpath("zones").read_text(encoding="utf-8").split())
    return tuple(sorted(names - {"Factory"}))


@functools.cache
def _zone_set() -> frozenset[str]:
    return frozenset(_zone_names())


def _check_year(year: int, text) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise TimeError(f"'{text}' is outside the years {MIN_YEAR} to {MAX_YEAR} Playbook plans in",
                        f"write a date from {MIN_YEAR} to {MAX_YEAR}")


def parse_date(text) -> date:
    if isinstance(text, str):
        match = _DATE.match(text.strip())
        if match:
            _check_year(int(match.group(1)), text)
            try:
                return date(*map(int, match.groups()))
            except ValueError as error:
                raise TimeError(f"'{text}' is not a valid date: {error}", "write YYYY-MM-DD") from None
    raise TimeError(f"'{text}' is not a date", "write YYYY-MM-DD, e.g. 2026-08-03")


def _offset(text: str) -> timezone:
    if text == "Z":
        return timezone.utc
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:])
    if hours > 18 or minutes > 59:
        raise TimeError(f"'{text}' is not a valid UTC offset", "offsets run from -18:00 to +18:00")
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def parse_datetime(text, zone: ZoneInfo, *, date_ok: bool = False, end_of_day: bool = False) -> datetime:
    """Parse an offset or local wall-clock time; local times are read in ``zone``.

    With ``date_ok`` a bare date means the first instant of that day that
    exists (``start_of_day``), or with ``end_of_day`` the first instant of the
    following day (an exclusive end).
    """
    if isinstance(text, str):
        stripped = text.strip()
        if date_ok and _DATE.match(stripped):
            day = parse_date(stripped)
            if end_of_day:
                day += timedelta(days=1)
            return start_of_day(day, zone)
        match = _DATETIME.match(stripped)
        if match:
            y, mo, d, h, mi, s, off = match.groups()
            _check_year(int(y), text)
            try:
                naive = datetime(int(y), int(mo), int(d), int(h), int(mi), int(s or 0))
            except ValueError as error:
                raise TimeError(f"'{text}' is not a valid date and time: {error}",
                                "write YYYY-MM-DD HH:MM with hours 00-23") from None
            if off:
                return naive.replace(tzinfo=_offset(off))
            return localize(naive, zone, text)
    example = "2026-08-03 09:00 or 2026-08-03T09:00-04:00"
    raise TimeError(f"'{text}' is not a date and time", f"write {example}")


def localize(naive: datetime, zone: ZoneInfo, written) -> datetime:
    """Attach ``zone``, refusing wall-clock times that do not exist or exist twice."""
    first = naive.replace(tzinfo=zone, fold=0)
    second = naive.replace(tzinfo=zone, fold=1)
    if first.utcoffset() != second.utcoffset():
        # zoneinfo resolves both gaps and folds silently; tell them apart by round trip.
        roundtrip = first.astimezone(timezone.utc).astimezone(zone).replace(tzinfo=None)
        if roundtrip != naive:
            raise TimeError(
                f"'{written}' does not exist in {zone.key} (clocks spring forward)",
                _gap_hint(naive, zone, roundtrip), rule="time.nonexistent")
        raise TimeError(
            f"'{written}' happens twice in {zone.key} (clocks fall back)",
            f"give an explicit offset, e.g. {first.isoformat(timespec='minutes')} or "
            f"{second.isoformat(timespec='minutes')}", rule="time.ambiguous")
    return first


def _exists(naive: datetime, zone: ZoneInfo) -> bool:
    aware = naive.replace(tzinfo=zone)
    return aware.astimezone(timezone.utc).astimezone(zone).replace(tzinfo=None) == naive


def _gap_hint(naive: datetime, zone: ZoneInfo, later: datetime) -> str:
    """Name the skipped wall-clock span and a time that exists: the one the clocks show at that moment."""
    start = naive
    for _ in range(48 * 60):  # walk back to the first skipped minute (gaps are an hour or two)
        before = start - timedelta(minutes=1)
        if _exists(before, zone):
            break
        start = before
    end = start
    for _ in range(48 * 60):
        end += timedelta(minutes=1)
        if _exists(end, zone):
            break
    span = (f"from {start:%H:%M} to {end:%H:%M} on {start:%Y-%m-%d}" if start.date() == end.date()
            else f"from {start:%Y-%m-%d %H:%M} to {end:%Y-%m-%d %H:%M}")
    return (f"the clocks jump {span}; write {later:%Y-%m-%d %H:%M} (the same moment), another time, "
            "or give an explicit offset")


# Durations are elapsed time. Python adds a timedelta to an aware datetime on its wall clock (and
# subtracts two datetimes of one zone the same way), which is an hour off across a clock change:
# these do the arithmetic in UTC and give the result back in the moment's own zone.

def instant_before(moment: datetime, span: timedelta) -> datetime:
    """The instant ``span`` of elapsed time before ``moment``, in ``moment``'s zone."""
    return (moment.astimezone(timezone.utc) - span).astimezone(moment.tzinfo)


def instant_after(moment: datetime, span: timedelta) -> datetime:
    """The instant ``span`` of elapsed time after ``moment``, in ``moment``'s zone."""
    return (moment.astimezone(timezone.utc) + span).astimezone(moment.tzinfo)


def elapsed(start: datetime, end: datetime) -> timedelta:
    """The time that passes from ``start`` to ``end``, whatever their zones."""
    return end.astimezone(timezone.utc) - start.astimezone(timezone.utc)


def start_of_day(day: date, zone: ZoneInfo) -> datetime:
    """The first instant of ``day`` in ``zone``: midnight, or where the clocks jump to if midnight is skipped.

    America/Santiago skips from 00:00 to 01:00 on 2027-09-05, so that day starts at 01:00.
    """
    midnight = datetime(day.year, day.month, day.day, tzinfo=zone)  # fold=0: the first of two midnights
    return midnight.astimezone(timezone.utc).astimezone(zone)


def parse_duration(text) -> timedelta:
    if isinstance(text, str):
        match = _DURATION.match(text.strip())
        if match and any(match.groups()):
            if any(len(x or "") > 7 for x in match.groups()):
                raise TimeError(f"'{text[:40]}' is longer than {MAX_DURATION.days} days", _DURATION_HINT)
            w, d, h, m = (int(x or 0) for x in match.groups())
            value = timedelta(weeks=w, days=d, hours=h, minutes=m)
            if value > MAX_DURATION:
                raise TimeError(f"'{text}' is longer than {MAX_DURATION.days} days", _DURATION_HINT)
            return value
    raise TimeError(f"'{text}' is not a duration", _DURATION_HINT)

