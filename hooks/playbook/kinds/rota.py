"""``calendar/rota.yml``: coverage windows, shifts, on-call spans and time away.

Times of day are wall-clock times: coverage in its own ``timezone`` (default the settings'
zone), shifts and on-call spans in the person's zone from policies/team.yml, so "09:00" stays
09:00 for them across daylight saving.
"""

from __future__ import annotations

import re
from datetime import time
from zoneinfo import ZoneInfo

from .. import model as m
from ..schema import Cursor, Key, Reader, Shape
from ..suggest import did_you_mean

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
ALL = "all"  # every channel
_CLOCK = re.compile(r"([01][0-9]|2[0-3]):([0-5][0-9])\Z")
_DAYS_HINT = "write days like mon-fri, mon-sun, sat-sun or mon,wed,fri"


def parse_days(text: str) -> frozenset[int] | None:
    """'mon-fri' -> {0..4}; 'fri-mon' wraps; 'mon,wed' and 'sat' work too. None when unreadable."""
    days: set[int] = set()
    for part in text.lower().replace(" ", "").split(","):
        first, dash, last = part.partition("-")
        if first not in DAY_NAMES or (dash and last not in DAY_NAMES):
            return None
        start, end = DAY_NAMES.index(first), DAY_NAMES.index(last or first)
        span = (end - start) % 7
        days.update((start + step) % 7 for step in range(span + 1))
    return frozenset(days)


def parse_clock(text: str, *, end: bool = False) -> time | None | bool:
    """'09:30' -> time(9, 30); '24:00' (only as an end) -> None; False when unreadable."""
    if end and text == "24:00":
        return None
    match = _CLOCK.match(text)
    return time(int(match.group(1)), int(match.group(2))) if match else False


COVERAGE = Shape(
    "coverage window",
    Key("days", "text", True, "week days: mon-fri, mon-sun, sat-sun or mon,wed,fri"),
    Key("from", "text", True, 'a wall-clock time, "HH:MM"'),
    Key("to", "text", True, '"HH:MM"; at or before from: the next day; "24:00": midnight'),
    Key("timezone", "zone", description="zone of the times (default: settings)"),
)
SHIFT = Shape(
    "shift",
    Key("person", "text", True, "person id; the times are in their zone from team.yml"),
    Key("channels", "texts", description="channel ids, or all (the default)", ident=True, one_or_list=True),
    Key("days", "text", True, "week days, as in coverage"),
    Key("from", "text", True, '"HH:MM" in the person\'s zone'),
    Key("to", "text", True, '"HH:MM"; at or before from: the next day; "24:00": midnight'),
    Key("first_day", "date", description="a cover shift: only from this day"),
    Key("last_day", "date", description="... to this day (inclusive)"),
)
AWAY = Shape(
    "time away",
    Key("person", "text", True),
    Key("from", "date", True, "first day away"),
    Key("to", "date", True, "last day away (inclusive)"),
    Key("reason", "text", default=""),
)
ROTA = Shape(
    "rota",
    Key("coverage", "map", description='channel id or all: a window or a list of windows', shape=COVERAGE),
    Key("shifts", "entries", description="who watches which channels when", shape=SHIFT),
    Key("on_call", "entries", description="reachable to send, not watching (same keys as a shift)", shape=SHIFT),
    Key("away", "entries", description="days off; their shifts do not count", shape=AWAY),
)


class _RotaReader:
    def __init__(self, r: Reader, team: m.Team, channels: dict[str, m.Channel], settings: m.Settings):
        self.r, self.team, self.channels, self.settings = r, team, channels, settings

    def person(self, c: Cursor) -> str | None:
        """The entry's person id; ref.person when team.yml does not know them."""
        person = c.text("person")
        if person and person not in self.team.people:
            c.report(("person",), "ref.person", f"unknown person '{person}'",
                     did_you_mean(person, self.team.people) or "add them to policies/team.yml")
        return person

    def check_channel(self, c: Cursor, where: tuple, channel: str, *, at_key: bool = False) -> None:
        if channel not in self.channels:
            c.report(where, "ref.channel", f"unknown channel '{channel}'",
                     did_you_mean(channel, self.channels) or "declare it in calendar/channels.yml or use all",
                     at_key=at_key)

    def weekly(self, c: Cursor, zone: ZoneInfo, index: int) -> m.Weekly | None:
        written = c.data.get("days")
        if isinstance(written, list):  # days: [mon, wed] reads like mon,wed
            written = ",".join(str(d) for d in written)
            c.data = {**c.data, "days": written}
        text = c.text("days")
        days = parse_days(text) if text else None
        if text and days is None:
            c.report(("days",), "schema.value", f"'{text}' is not a set of week days", _DAYS_HINT)
        start = self.clock(c, "from")
        end = self.clock(c, "to", end=True)
        if days is None or start is False or end is False or start is None:
            return None
        if end == start:
            c.report(("to",), "schema.value", "the span is empty: 'to' equals 'from'",
                     'for around the clock write from: "00:00", to: "24:00"')
            return None
        return m.Weekly(days, start, end, zone, index)

    @staticmethod
    def clock(c: Cursor, key: str, *, end: bool = False):
        value = c.text(key)
        if value is None:
            return False
        parsed = parse_clock(value, end=end)
        if parsed is False:
            c.report((key,), "schema.value", f"'{value}' is not a time of day",
                     'write it as "HH:MM" in quotes, e.g. "09:00"' + (' or "24:00"' if end else ""))
        return parsed

    def person_zone(self, person: str | None) -> ZoneInfo:
        found = self.team.people.get(person or "")
        return found.timezone if found is not None and found.timezone else self.settings.timezone

    def coverage(self, c: Cursor) -> list[m.Coverage]:
        out = []
        for channel, value in c.mapping("coverage").items():
            if channel != ALL:
                self.check_channel(c, ("coverage", channel), str(channel), at_key=True)
            entries = list(enumerate(value)) if isinstance(value, list) else [(None, value)]
            for index, item in entries:
                where = ("coverage", channel) + (() if index is None else (index,))
                if not isinstance(item, dict):
                    c.report(where, "schema.type", f"coverage of '{channel}' must be a mapping or a list of them",
                             'write {days: mon-sun, from: "08:00", to: "22:00"}')
                    continue
                window = c.at(where, item, COVERAGE).check()
                zone = window.zone("timezone") or self.settings.timezone
                when = self.weekly(window, zone, index or 0)
                if when is not None:
                    out.append(m.Coverage(None if channel == ALL else str(channel), when, window.keys))
        return out

    def shifts(self, c: Cursor, key: str) -> list[m.Shift]:
        out = []
        for index, shift in c.entries(key, required=True):
            person = self.person(shift)
            channels = None if shift.data.get("channels", ALL) == ALL else shift.texts("channels")
            written = shift.data.get("channels")
            for number, channel in enumerate(channels or []):
                self.check_channel(shift, ("channels", number) if isinstance(written, list) else ("channels",),
                                   channel)
            when = self.weekly(shift, self.person_zone(person), index)
            first, last = shift.date("first_day"), shift.date("last_day")
            if first and last and last < first:
                shift.report(("last_day",), "schema.value", "the last day is before the first day")
                continue
            if person and when is not None:
                out.append(m.Shift(person, channels, when, on_call=key == "on_call", first_day=first, last_day=last))
        return out

    def away(self, c: Cursor) -> list[m.Away]:
        out = []
        for index, away in c.entries("away"):
            person, first, last = self.person(away), away.date("from"), away.date("to")
            if person and first and last:
                if last < first:
                    away.report(("to",), "schema.value", "the time away ends before it starts")
                    continue
                out.append(m.Away(person, first, last, away.text("reason"), index))
        return out


def read_rota(r: Reader, data: dict, team: m.Team, channels: dict[str, m.Channel], settings: m.Settings) -> m.Rota:
    """The rota, reporting schema.* and (team and channels being read already) ref.person and ref.channel."""
    c = r.at(ROTA, data).check()
    reader = _RotaReader(r, team, channels, settings)
    return m.Rota(coverage=reader.coverage(c), shifts=reader.shifts(c, "shifts") + reader.shifts(c, "on_call"),
                  away=reader.away(c), source=r.source)
