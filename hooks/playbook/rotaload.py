"""calendar/rota.yml -> ``model.Rota``: coverage windows, shifts, on-call spans and time away.

Kept apart from ``load.py`` so the file's shape is read in one place. Times
of day are wall-clock times: coverage in its own ``timezone`` (default the
settings' zone), shifts and on-call spans in the person's zone from
policies/team.yml, so "09:00" stays 09:00 for them across daylight saving.
References to people and channels are checked in ``references.py``.
"""

from __future__ import annotations

import re
from datetime import time
from zoneinfo import ZoneInfo

from . import model as m
from .problems import ProblemList
from .schema import Reader
from .source import Source
from .suggest import did_you_mean

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
ALL = "all"  # every channel
_CLOCK = re.compile(r"([01][0-9]|2[0-3]):([0-5][0-9])\Z")
_DAYS_HINT = "write days like mon-fri, mon-sun, sat-sun or mon,wed,fri"
_WEEKLY_KEYS = ("days", "from", "to")


def parse_days(text: str) -> frozenset[int] | None:
    """'mon-fri' -> {0..4}; 'fri-mon' wraps; 'mon,wed' and 'sat' work too. None when unreadable."""
    days: set[int] = set()
    for part in text.lower().replace(" ", "").split(","):
        first, _, last = part.partition("-")
        if first not in DAY_NAMES or (last and last not in DAY_NAMES):
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


class _RotaReader:
    def __init__(self, source: Source, problems: ProblemList, team: m.Team, settings: m.Settings):
        self.source, self.team, self.settings = source, team, settings
        self.r = Reader(source, problems)

    def weekly(self, item: dict, keys: tuple, zone: ZoneInfo, index: int) -> m.Weekly | None:
        r = self.r
        days_value = item.get("days")
        if isinstance(days_value, list):
            days_value = ",".join(str(d) for d in days_value)
        days = parse_days(days_value) if isinstance(days_value, str) else None
        if "days" in item and days is None:
            r.report(keys + ("days",), "schema.value", f"'{item.get('days')}' is not a set of week days", _DAYS_HINT)
        start = self.clock(item, keys, "from")
        end = self.clock(item, keys, "to", end=True)
        if days is None or start is False or end is False or start is None:
            return None
        if end == start:
            r.report(keys + ("to",), "schema.value", "the span is empty: 'to' equals 'from'",
                     'for around the clock write from: "00:00", to: "24:00"')
            return None
        return m.Weekly(days, start, end, zone, index)

    def clock(self, item: dict, keys: tuple, key: str, *, end: bool = False):
        value = self.r.text(item, keys, key)
        if value is None:
            return False
        parsed = parse_clock(value, end=end)
        if parsed is False:
            self.r.report(keys + (key,), "schema.value", f"'{value}' is not a time of day",
                          'write it as "HH:MM" in quotes, e.g. "09:00"' + (' or "24:00"' if end else ""))
        return parsed

    def person_zone(self, person: str | None) -> ZoneInfo:
        found = self.team.people.get(person or "")
        return found.timezone if found is not None and found.timezone else self.settings.timezone

    def coverage(self, data: dict) -> list[m.Coverage]:
        r, out = self.r, []
        spec = r.mapping(data, (), "coverage") or {}
        for channel, value in spec.items():
            entries = [(i, v) for i, v in enumerate(value)] if isinstance(value, list) else [(None, value)]
            for index, item in entries:
                keys = ("coverage", channel) + (() if index is None else (index,))
                if not isinstance(item, dict):
                    r.report(keys, "schema.type", f"coverage of '{channel}' must be a mapping or a list of them",
                             'write {days: mon-sun, from: "08:00", to: "22:00"}')
                    continue
                r.keys(item, keys, _WEEKLY_KEYS + ("timezone",), _WEEKLY_KEYS)
                zone = r.zone(item, keys, "timezone") or self.settings.timezone
                when = self.weekly(item, keys, zone, index or 0)
                if when is not None:
                    out.append(m.Coverage(None if channel == ALL else str(channel), when, keys))
        return out

    def shifts(self, data: dict, key: str) -> list[m.Shift]:
        r, out = self.r, []
        for index, item in r.mapping_list(data, (), key):
            keys = (key, index)
            r.keys(item, keys, ("person", "channels", "first_day", "last_day") + _WEEKLY_KEYS,
                   ("person",) + _WEEKLY_KEYS)
            person = r.text(item, keys, "person")
            channels = None if item.get("channels", ALL) == ALL else r.text_list(item, keys, "channels",
                                                                              scalar_ok=True, ident=True)
            when = self.weekly(item, keys, self.person_zone(person), index)
            first, last = r.date(item, keys, "first_day"), r.date(item, keys, "last_day")
            if first and last and last < first:
                r.report(keys + ("last_day",), "schema.value", "the last day is before the first day")
                continue
            if person and when is not None:
                out.append(m.Shift(person, channels, when, on_call=key == "on_call", first_day=first, last_day=last))
        return out

    def away(self, data: dict) -> list[m.Away]:
        r, out = self.r, []
        for index, item in r.mapping_list(data, (), "away"):
            keys = ("away", index)
            r.keys(item, keys, ("person", "from", "to", "reason"), ("person", "from", "to"))
            person, first, last = r.text(item, keys, "person"), r.date(item, keys, "from"), r.date(item, keys, "to")
            if person and first and last:
                if last < first:
                    r.report(keys + ("to",), "schema.value", "the time away ends before it starts")
                    continue
                out.append(m.Away(person, first, last, r.text(item, keys, "reason", default=""), index))
        return out


def read_rota(source: Source, data: dict, problems: ProblemList, team: m.Team, settings: m.Settings) -> m.Rota:
    reader = _RotaReader(source, problems, team, settings)
    reader.r.keys(data, (), ("coverage", "shifts", "on_call", "away"))
    return m.Rota(coverage=reader.coverage(data), shifts=reader.shifts(data, "shifts") + reader.shifts(data, "on_call"),
                  away=reader.away(data), source=source)


def check_rota_references(rota: m.Rota, handbook: m.Handbook, problems: ProblemList) -> None:
    """ref.person and ref.channel for every id rota.yml names."""
    src = rota.source
    people, channels = handbook.team.people, handbook.channels

    def missing(keys, rule, what, value, choices, hint):
        problems.add(src.path, src.value_pos(*keys), rule, f"unknown {what} '{value}'",
                     did_you_mean(value, choices) or hint)

    for coverage in rota.coverage:
        if coverage.channel is not None and coverage.channel not in channels:
            problems.add(src.path, src.key_pos("coverage", coverage.channel), "ref.channel",
                         f"unknown channel '{coverage.channel}'",
                         did_you_mean(coverage.channel, channels) or "declare it in calendar/channels.yml or use all")
    for shift in rota.shifts:
        key = "on_call" if shift.on_call else "shifts"
        keys = (key, shift.when.index)
        if shift.person not in people:
            missing(keys + ("person",), "ref.person", "person", shift.person, people,
                    "add them to policies/team.yml or use an existing person id")
        written = src.data[key][shift.when.index].get("channels")
        for index, cid in enumerate(shift.channels or []):
            if cid not in channels:
                missing(keys + (("channels", index) if isinstance(written, list) else ("channels",)),
                        "ref.channel", "channel", cid, channels, "declare it in calendar/channels.yml")
    for away in rota.away:
        if away.person not in people:
            missing(("away", away.index, "person"), "ref.person", "person", away.person, people,
                    "add them to policies/team.yml or use an existing person id")
