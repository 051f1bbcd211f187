"""The monitoring rota as time: who watches which channel when, and what is left uncovered.

Everything is computed as spans of instants (UTC) from the weekly wall-clock
times in rota.yml, day by day in each span's own zone, so daylight saving is
handled where it happens. Shared by the rota rules, the Rota page and the
rota feeds.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from . import model as m

UTC = timezone.utc
Span = tuple[datetime, datetime]


def union(spans: Iterable[Span]) -> list[Span]:
    """Overlapping or touching spans merged, sorted."""
    out: list[Span] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            if end > out[-1][1]:
                out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def subtract(spans: list[Span], remove: list[Span]) -> list[Span]:
    """``spans`` minus ``remove`` (both as returned by ``union``)."""
    out: list[Span] = []
    for start, end in spans:
        cursor = start
        for r_start, r_end in remove:
            if r_end <= cursor or r_start >= end:
                continue
            if r_start > cursor:
                out.append((cursor, r_start))
            cursor = max(cursor, r_end)
            if cursor >= end:
                break
        if cursor < end:
            out.append((cursor, end))
    return out


def clip(spans: Iterable[Span], start: datetime, end: datetime) -> list[Span]:
    return [(max(a, start), min(b, end)) for a, b in spans if b > start and a < end]


@dataclass(frozen=True)
class Occurrence:
    """One shift (or on-call span) on one day."""

    shift: m.Shift
    start: datetime
    end: datetime

    @property
    def person(self) -> str:
        return self.shift.person

    def watches(self, channel: str) -> bool:
        return self.shift.channels is None or channel in self.shift.channels


def _weekly_spans(when: m.Weekly, start: datetime, end: datetime, first_day: date | None = None,
                  last_day: date | None = None):
    """Occurrences of ``when`` that overlap ``start`` to ``end``, starting from ``first_day`` to ``last_day`` if given
    (a cover shift's days: the days outside them are never computed)."""
    first = start.astimezone(when.zone).date() - timedelta(days=1)  # an overnight span from the day before
    last = end.astimezone(when.zone).date()
    if first_day is not None:
        first = max(first, first_day)
    if last_day is not None:
        last = min(last, last_day)
    for day, a, b in when.occurrences(first, last):
        # in UTC: aware datetimes sharing a zone compare by wall clock, which misorders DST days
        a, b = a.astimezone(UTC), b.astimezone(UTC)
        if b > start and a < end:
            yield day, a, b


class RotaTimes:
    """The rota's occurrences between ``start`` and ``end``, with the questions the rules and pages ask."""

    def __init__(self, handbook: m.Handbook, start: datetime, end: datetime):
        self.handbook, self.start, self.end = handbook, start.astimezone(UTC), end.astimezone(UTC)
        rota = handbook.rota or m.Rota()
        self.rota = rota
        self.occurrences: list[Occurrence] = []
        away: dict[str, list[m.Away]] = {}
        for entry in rota.away:
            away.setdefault(entry.person, []).append(entry)
        for shift in rota.shifts:
            days_off = away.get(shift.person, ())
            for day, a, b in _weekly_spans(shift.when, start, end, shift.first_day, shift.last_day):
                if not any(entry.covers(day) for entry in days_off):
                    self.occurrences.append(Occurrence(shift, a, b))
        self.occurrences.sort(key=lambda o: (o.start, o.end, o.person))
        self._merged: dict[tuple, list[Span]] | None = None

    def spans_of(self, when: m.Weekly) -> list[Span]:
        return [(a, b) for _, a, b in _weekly_spans(when, self.start, self.end)]

    def coverage_of(self, channel: str) -> list[m.Coverage]:
        return [c for c in self.rota.coverage if c.channel is None or c.channel == channel]

    def required(self, channel: str) -> list[Span]:
        """When ``channel`` must be watched, per the coverage windows that apply to it."""
        spans = [span for c in self.coverage_of(channel) for span in self.spans_of(c.when)]
        return clip(union(spans), self.start, self.end)

    def watched(self, channel: str, *, role: str | None = None, on_call: bool = False) -> list[Span]:
        """When someone watches ``channel`` (holding ``role`` if given; on-call spans count if asked)."""
        team = self.handbook.team
        spans = []
        for (shift_on_call, person_id, channels), merged in self._watchers().items():
            if (shift_on_call and not on_call) or (channels is not None and channel not in channels):
                continue
            if role is not None and role != m.EVERYONE:
                person = team.people.get(person_id)
                if person is None or role not in person.roles:
                    continue
            spans.extend(merged)
        return clip(union(spans), self.start, self.end)

    def _watchers(self) -> dict[tuple, list[Span]]:
        """(on call, person, channels or None) -> the union of those occurrences, made once: ``watched`` is
        asked per channel and role, and a rota of thousands of shifts has few such groups."""
        if self._merged is None:
            groups: dict[tuple, list[Span]] = {}
            for o in self.occurrences:
                channels = None if o.shift.channels is None else tuple(o.shift.channels)
                groups.setdefault((o.shift.on_call, o.person, channels), []).append((o.start, o.end))
            self._merged = {key: union(spans) for key, spans in groups.items()}
        return self._merged

    def gaps(self, channel: str) -> list[Span]:
        """When ``channel`` must be watched and nobody is on shift on it."""
        return subtract(self.required(channel), self.watched(channel))

    def on_at(self, when: datetime) -> list[Occurrence]:
        return [o for o in self.occurrences if o.start <= when < o.end]


ON_SHIFT, ON_CALL = "on shift", "on call"


def on_duty(handbook: m.Handbook, when: datetime) -> dict[str, str]:
    """Person id -> ON_SHIFT or ON_CALL at ``when`` (a shift wins over on-call); nobody without a rota."""
    if handbook.rota is None:
        return {}
    out: dict[str, str] = {}
    for o in RotaTimes(handbook, when, when + timedelta(minutes=1)).on_at(when.astimezone(UTC)):
        out[o.person] = ON_SHIFT if not o.shift.on_call or out.get(o.person) == ON_SHIFT else ON_CALL
    return out


def reachable_first(people: list[m.Person], duty: dict[str, str], first: str = "") -> list[tuple[m.Person, str]]:
    """``people`` as someone in a hurry should try them, each with their ``duty`` (``on_duty``; '' when off):
    ``first`` (say, who started a hold), then who is on shift, then on call, then the rest, in team order."""
    rank = {ON_SHIFT: 1, ON_CALL: 2}
    ordered = sorted(people, key=lambda p: (p.id != first, rank.get(duty.get(p.id, ""), 3)))
    return [(p, duty.get(p.id, "")) for p in ordered]
