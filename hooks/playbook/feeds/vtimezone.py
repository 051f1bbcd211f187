"""VTIMEZONE components that every calendar parser reads the same way.

icalendar's ``add_missing_timezones`` lists onsets as one multi-valued RDATE,
which Mozilla's ical.js (Thunderbird) misreads, and orders zones by set
iteration. Here a zone's UTC offset history is read from ``zoneinfo`` itself
(by probing, so any tzinfo works and no private API is used) and written the
way Outlook, Google and the tz distribution service write it:

* a yearly rule still in force ("second Sunday of March at 02:00" every
  year up to the end of the horizon) becomes one STANDARD or DAYLIGHT
  sub-component with an open-ended RRULE;
* every other transition the feed needs (a rule that has ended, a one-off
  change) becomes a sub-component of its own with only DTSTART: one onset
  per component, nothing for a parser to misread, and no RRULE UNTIL, which
  dateutil-based parsers (icalendar 4, khal) reject next to a local DTSTART.

Only what the feed's dates need is written: the onset in force at the
earliest event and every one up to a year after the latest. For today's
New York or Berlin that is one DAYLIGHT and one STANDARD rule, byte-identical
from one build to the next.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

from . import ical

UTC = timezone.utc
DAY = 86400
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
HISTORY_START_YEAR = 1970  # rules are searched back to here, so a rule's DTSTART is its real start
UTC_KEYS = frozenset({"UTC", "Etc/UTC", "Etc/UCT", "UCT", "Etc/Zulu", "Zulu", "Universal", "Etc/Universal",
                      "Etc/GMT", "GMT", "Etc/GMT0", "Etc/GMT+0", "Etc/GMT-0", "GMT0", "GMT+0", "GMT-0",
                      "Etc/Greenwich", "Greenwich"})


def is_utc(zone) -> bool:
    """Zones written as UTC (``...Z``) rather than with a TZID: UTC itself and its aliases, or a zone without a key."""
    key = getattr(zone, "key", None)
    return key is None or key in UTC_KEYS


@dataclass(frozen=True)
class State:
    offset: timedelta
    dst: timedelta
    name: str


@dataclass(frozen=True)
class Transition:
    at: int  # UTC seconds since the epoch of the first second of the new state
    before: State
    after: State

    @property
    def daylight(self) -> bool:
        # tzdata's negative DST (Europe/Dublin: winter is "dst -1h") is still summer time for clients.
        after, before = self.after.dst, self.before.dst
        return after > before or (after == before and after > timedelta(0))

    @property
    def onset(self) -> datetime:
        """The wall-clock time of the change, read in the offset before it (RFC 5545 3.6.5)."""
        return datetime(1970, 1, 1) + timedelta(seconds=self.at) + self.before.offset

    @property
    def key(self) -> tuple:
        return (self.daylight, self.before.offset, self.after.offset, self.after.name)


def _state(zone, at: int) -> State:
    moment = datetime.fromtimestamp(at, tz=UTC).astimezone(zone)
    return State(moment.utcoffset(), moment.dst() or timedelta(0), moment.tzname() or "")


@lru_cache(maxsize=256)
def transitions(zone: ZoneInfo, start_year: int, end_year: int) -> tuple[State, tuple[Transition, ...]]:
    """The state at 1 January ``start_year`` 00:00 UTC and every change until 1 January ``end_year``."""
    start = int(datetime(start_year, 1, 1, tzinfo=UTC).timestamp())
    end = int(datetime(end_year, 1, 1, tzinfo=UTC).timestamp())
    first = current = _state(zone, start)
    found = []
    at = start
    while at < end:
        step = min(DAY, end - at)
        nxt = _state(zone, at + step)
        if nxt != current:
            lo, hi = at, at + step  # state(lo) == current, state(hi) != current
            while hi - lo > 1:
                mid = (lo + hi) // 2
                if _state(zone, mid) == current:
                    lo = mid
                else:
                    hi = mid
            after = _state(zone, hi)
            found.append(Transition(hi, current, after))
            current = after
            at = hi
            continue
        at += step
    return first, tuple(found)


def _patterns(onset: datetime) -> frozenset:
    """The yearly BYDAY forms that produce this onset: nth weekday of the month, and/or last weekday."""
    weekday = WEEKDAYS[onset.weekday()]
    found = {f"{(onset.day - 1) // 7 + 1}{weekday}"}
    if onset.day + 7 > calendar.monthrange(onset.year, onset.month)[1]:
        found.add(f"-1{weekday}")
    return frozenset(found)


@dataclass
class Run:
    """Transitions of one kind that follow one yearly rule in consecutive years."""

    items: list[Transition]
    patterns: frozenset = field(default_factory=frozenset)

    def extends(self, t: Transition) -> frozenset:
        last = self.items[-1]
        a, b = last.onset, t.onset
        if t.key != last.key or b.year != a.year + 1 or b.month != a.month or b.time() != a.time():
            return frozenset()
        return self.patterns & _patterns(b)


def _runs(found: tuple[Transition, ...]) -> list[Run]:
    runs: list[Run] = []
    open_runs: dict[tuple, Run] = {}
    for t in found:
        run = open_runs.get(t.key)
        shared = run.extends(t) if run else frozenset()
        if shared:
            run.items.append(t)
            run.patterns = shared
        else:
            run = Run([t], _patterns(t.onset))
            runs.append(run)
            open_runs[t.key] = run
    return runs


def _onset(t: Transition, rule: str | None = None) -> list[str]:
    kind = "DAYLIGHT" if t.daylight else "STANDARD"
    out = [f"BEGIN:{kind}", f"DTSTART:{ical.local(t.onset)}"]
    if rule:
        out.append(rule)
    return out + [f"TZNAME:{ical.text(t.after.name, single_line=True)}",
                  f"TZOFFSETFROM:{ical.offset(t.before.offset)}",
                  f"TZOFFSETTO:{ical.offset(t.after.offset)}",
                  f"END:{kind}"]


def _rule(run: Run) -> str:
    # Prefer "last Sunday" over "fifth Sunday": both fit some years, only one fits every year.
    byday = sorted(run.patterns, key=lambda p: (not p.startswith("-"), p))[0]
    return f"RRULE:FREQ=YEARLY;BYMONTH={run.items[0].onset.month};BYDAY={byday}"


def vtimezone(zone: ZoneInfo, earliest: datetime, latest: datetime) -> list[str]:
    """Content lines of a VTIMEZONE for ``zone`` valid for every instant from ``earliest`` to ``latest``."""
    start_year = min(HISTORY_START_YEAR, earliest.astimezone(UTC).year - 1)
    horizon = max(latest.astimezone(UTC).year, earliest.astimezone(UTC).year) + 3
    initial, found = transitions(zone, start_year, horizon)
    # A year past the latest event, so that a zone with summer time always gets both of its rules.
    lo, hi = int(earliest.timestamp()), int(latest.timestamp()) + 366 * DAY
    before = [t for t in found if t.at <= lo]
    wanted = {id(t) for t in found if (before and t is before[-1]) or lo < t.at <= hi}
    out = ["BEGIN:VTIMEZONE", f"TZID:{ical.param(zone.key)}", f"X-LIC-LOCATION:{ical.text(zone.key)}"]
    if not before:
        # Nothing changed between the start of the history and the first event: state the offset in force.
        kind = "DAYLIGHT" if initial.dst > timedelta(0) else "STANDARD"
        out += [f"BEGIN:{kind}", f"DTSTART:{start_year:04d}0101T000000",
                f"TZNAME:{ical.text(initial.name, single_line=True)}",
                f"TZOFFSETFROM:{ical.offset(initial.offset)}", f"TZOFFSETTO:{ical.offset(initial.offset)}",
                f"END:{kind}"]
    horizon_year = horizon - 1
    chosen = []
    for run in _runs(found):
        if not any(id(t) in wanted for t in run.items):
            continue
        if len(run.items) > 1 and run.items[-1].onset.year >= horizon_year:
            # A rule still in force: one component with an open-ended RRULE, the same in every build.
            chosen.append((run.items[0].at, _onset(run.items[0], _rule(run))))
        else:
            # A rule that ended (or a one-off change): one component per onset the feed needs. No UNTIL:
            # dateutil-based parsers (icalendar 4, khal) reject a UTC UNTIL next to a local DTSTART.
            chosen += [(t.at, _onset(t)) for t in run.items if id(t) in wanted]
    for _, lines in sorted(chosen, key=lambda item: item[0]):
        out += lines
    out.append("END:VTIMEZONE")
    return out
