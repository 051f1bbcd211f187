"""rota.gap, rota.role, rota.time: the monitoring rota in calendar/rota.yml keeps the promises the handbook makes.

They run only when calendar/rota.yml exists, over the weeks after "now"
(the option ``within``, default four weeks). rota.gap and rota.role are
errors like every rule in the specification; rota.time is a warning, because
the rota still reads such a time sensibly (the moment after the jump).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from .. import model as m
from ..dates import DAYS, compact_duration
from ..rota import RotaTimes, Span, subtract
from .base import Option, RuleRun, rule

WITHIN = Option("within", "duration", timedelta(days=28),
                "how far ahead of now the rota is checked (at most 366d)")
LONGEST = timedelta(days=366)  # a hostile rules.yml must not make the check walk centuries of shifts


def coming_times(run: RuleRun) -> RotaTimes | None:
    if run.handbook.rota is None:
        return None
    return run.analysis.rota_times(run.now, run.now + min(run.options["within"], LONGEST))


def grouped_spans(spans: list[Span], zone: ZoneInfo) -> list[tuple[str, list[datetime]]]:
    """Spans with the same weekday and local times, as ('Sat 20:00 to 22:00', [their starts])."""
    groups: dict[str, list[datetime]] = {}
    for start, end in spans:
        a, b = start.astimezone(zone), end.astimezone(zone)
        until = f"{b:%H:%M}" if b.date() == a.date() else f"{DAYS[b.weekday()]} {b:%H:%M}"
        if (b - a) >= timedelta(days=7):
            until = f"{DAYS[b.weekday()]} {b:%Y-%m-%d %H:%M}"
        groups.setdefault(f"{DAYS[a.weekday()]} {{date}}{a:%H:%M} to {until}", []).append(a)
    return list(groups.items())


def when_text(pattern: str, starts: list[datetime], zone: ZoneInfo) -> str:
    """'Thu 2026-12-24 08:00 to 22:00 (America/New_York)' or '... every week from ... (3 times)'."""
    if len(starts) == 1:
        return pattern.format(date=f"{starts[0]:%Y-%m-%d} ") + f" ({zone.key})"
    return (pattern.format(date="") + f" ({zone.key}), {len(starts)} times from {starts[0]:%Y-%m-%d} "
            f"to {starts[-1]:%Y-%m-%d}")


def _away_during(handbook: m.Handbook, channel: str, starts: list[datetime]) -> list[str]:
    """'Dev Raman (holiday)' for each person away on one of those days who usually watches ``channel``."""
    rota, out = handbook.rota, []
    for away in rota.away:
        person = handbook.team.people.get(away.person)
        zone = person.timezone if person is not None and person.timezone else handbook.settings.timezone
        days = [start.astimezone(zone).date() for start in starts]
        would_watch = any(s.person == away.person and not s.on_call and (s.channels is None or channel in s.channels)
                          and any(away.covers(d) and d.weekday() in s.when.days and s.runs_on(d) for d in days)
                          for s in rota.shifts)
        if would_watch:
            out.append(handbook.person_name(away.person) + (f" ({away.reason})" if away.reason else ""))
    return sorted(set(out))


@rule("rota.gap", options=[WITHIN])
def gap(run: RuleRun) -> None:
    """A channel has nobody on shift during a window `coverage:` in calendar/rota.yml requires.

    Coverage says when each channel must be watched (`all` applies to every
    channel; a channel's own entry adds to it). Shifts are wall-clock times
    in each person's zone from policies/team.yml; a shift on a day its
    person is `away` does not count, and on-call spans do not count as
    watching. The window is named in the coverage's zone; a window that
    repeats every week is reported once with how often it happens.

    **Passes**

    ```yaml
    coverage:
      all: {days: mon-fri, from: "09:00", to: "17:00", timezone: America/New_York}
    shifts:
      - {person: ana, channels: all, days: mon-fri, from: "09:00", to: "17:00"}
    ```

    **Fails** (nobody from 17:00 to 18:00)

    ```yaml
    coverage:
      all: {days: mon-fri, from: "09:00", to: "18:00", timezone: America/New_York}
    shifts:
      - {person: ana, channels: all, days: mon-fri, from: "09:00", to: "17:00"}
    ```
    """
    times = coming_times(run)
    if times is None:
        return
    rota, handbook = times.rota, run.handbook
    found: dict[tuple[int, str], tuple[list[datetime], list[str], set[str]]] = {}
    for channel in sorted(handbook.channels, key=handbook.channel_name):
        for start, end in times.gaps(channel):
            entry = next(c for c in times.coverage_of(channel)
                         if any(a <= start < b for a, b in times.spans_of(c.when)))
            for pattern, starts in grouped_spans([(start, end)], entry.when.zone):
                key = (rota.coverage.index(entry), pattern)
                group = found.setdefault(key, ([], [], set()))
                group[0].extend(starts)
                if handbook.channel_name(channel) not in group[1]:
                    group[1].append(handbook.channel_name(channel))
                group[2].update(_away_during(handbook, channel, starts))
    for (index, pattern), (starts, names, away) in found.items():
        entry = rota.coverage[index]
        starts = sorted(set(starts))
        note = f"; away: {', '.join(sorted(away))}" if away else ""
        run.report(rota.source, rota.source.key_pos(*entry.keys),
                   f"nobody watches {', '.join(names)} on {when_text(pattern, starts, entry.when.zone)}, which coverage "
                   f"'{entry.label}' requires{note}",
                   "add a shift covering that time in calendar/rota.yml (channels: all, or these channels), "
                   "or narrow the coverage window")


@rule("rota.role", options=[
    WITHIN,
    Option("around_the_clock", "duration", timedelta(minutes=15),
           "a template that must be answered within this needs someone who may send it at every hour, "
           "on shift or on call"),
])
def role(run: RuleRun) -> None:
    """While a reply template applies, nobody on shift or on call holds the role allowed to send it.

    A template applies on its channels while their coverage window runs; a
    template whose `respond_within` is at most `around_the_clock` (15m: a
    crisis statement) applies at every hour, so it needs a shift or an
    `on_call:` span in calendar/rota.yml by someone holding its
    `who_may_send` role around the clock. Windows where nobody at all is on
    shift are `rota.gap`'s, not reported twice. Reported on the template's
    `who_may_send`.

    **Passes** (`who_may_send: comms-director`, `respond_within: 15m`)

    ```yaml
    on_call:
      - {person: renee, days: mon-sun, from: "00:00", to: "24:00"}   # renee holds comms-director
    ```

    **Fails**

    ```yaml
    on_call:
      - {person: renee, days: mon-fri, from: "00:00", to: "24:00"}   # nobody at the weekend
    ```
    """
    times = coming_times(run)
    if times is None:
        return
    handbook, zone = run.handbook, run.handbook.settings.timezone
    limit = run.options["around_the_clock"]
    for template in handbook.templates.values():
        around = template.respond_within <= limit
        missing_by_channel: dict[str, list[Span]] = {}
        for channel in template.channels:
            if channel not in handbook.channels:
                continue
            required = [(times.start, times.end)] if around else times.required(channel)
            covered = times.watched(channel, role=template.who_may_send, on_call=True)
            missing = subtract(subtract(required, covered), times.gaps(channel))
            if missing:
                missing_by_channel[channel] = missing
        found: dict[str, tuple[list[datetime], list[str]]] = {}
        for channel, spans in missing_by_channel.items():
            for pattern, starts in grouped_spans(spans, zone):
                known = found.setdefault(pattern, (starts, []))
                known[1].append(handbook.channel_name(channel))
        for pattern, (starts, names) in found.items():
            why = (f"it must be answered within {compact_duration(template.respond_within)}, so at every hour"
                   if around else "while its channels are watched")
            run.report(template.source, template.source.value_pos("who_may_send"),
                       f"nobody who may send '{template.id}' ({handbook.role_name(template.who_may_send)}) is on "
                       f"shift or on call for {', '.join(names)} on {when_text(pattern, starts, zone)}; {why}",
                       f"add a shift or an on_call: span for someone with the role {template.who_may_send} "
                       "in calendar/rota.yml, or give the role to someone on shift")


@rule("rota.time", severity="warning", options=[WITHIN])
def skipped_time(run: RuleRun) -> None:
    """A rota time falls in a daylight-saving gap on a day in the coming weeks.

    On the day the clocks spring forward a wall-clock time such as 02:30 does
    not exist; the rota then reads it as the moment after the jump (03:30),
    so the shift is shorter or starts late that day. Named on the `from` or
    `to` it concerns, once per entry.

    **Passes** (America/New_York)

    ```yaml
    - {person: ana, days: mon-sun, from: "00:00", to: "08:00"}
    ```

    **Fails** (on Sun 2027-03-14 there is no 02:30 in New York)

    ```yaml
    - {person: ana, days: mon-sun, from: "02:30", to: "10:00"}
    ```
    """
    times = coming_times(run)
    if times is None:
        return
    rota = times.rota
    entries = [(c.keys, c.when) for c in rota.coverage]
    entries += [(("on_call" if s.on_call else "shifts", s.when.index), s.when) for s in rota.shifts]
    first = times.start.date() - timedelta(days=1)
    last = times.end.date() + timedelta(days=1)
    changes: dict[str, list] = {}  # zone -> the days its offset changes (the only days a time can be skipped)
    for keys, when in entries:
        zone = when.zone
        if zone.key not in changes:
            days = [first + timedelta(days=n) for n in range((last - first).days + 2)]
            offsets = [datetime(d.year, d.month, d.day, tzinfo=zone).utcoffset() for d in days]
            changes[zone.key] = [d for d, a, b in zip(days, offsets, offsets[1:], strict=False) if a != b]
        reported = set()
        for day, _, _ in (o for change in changes[zone.key]
                          for o in when.occurrences(change - timedelta(days=1), change)):
            ends_on = day if when.end is not None and when.end > when.start else day + timedelta(days=1)
            for key, clock, on in (("from", when.start, day), ("to", when.end, ends_on)):
                if clock is None or key in reported or m.wall_time_exists(on, clock, when.zone):
                    continue
                reported.add(key)
                run.report(rota.source, rota.source.value_pos(*keys, key),
                           f"{clock:%H:%M} does not exist in {when.zone.key} on {DAYS[on.weekday()]} "
                           f"{on:%Y-%m-%d} (the clocks spring forward); that day it is read as the time after "
                           "the jump", "start or end the span outside the night hours when clocks change")
