"""The Rota page: who is on now, this week's grid per channel with gaps marked, the next four weeks.

Times are shown in the handbook's zone (settings.yml), each shift also in
its person's own zone when that differs, as they wrote it in rota.yml.
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import datetime, timedelta, timezone

from .. import dates, urls
from ..rota import Occurrence, RotaTimes
from .context import Context
from .html import badge, e, table
from .page import Doc, Page
from .widgets import name_to_call

WEEKS = 4
UTC = timezone.utc


def _span(ctx: Context, o: Occurrence) -> str:
    a, b = ctx.local(o.start), ctx.local(o.end)
    if dates.clock(a) == "00:00" and a.date() != b.date() and dates.clock(b) == "00:00":
        return "all day"
    text = f"{dates.clock(a)}–{dates.clock(b)}"
    zone = o.shift.when.zone
    if zone.key != ctx.zone.key:
        la, lb = o.start.astimezone(zone), o.end.astimezone(zone)
        text += f" ({dates.clock(la)}–{dates.clock(lb)} {zone.key})"
    return text


def _who(ctx: Context, o: Occurrence) -> str:
    channels = "all channels" if o.shift.channels is None else ", ".join(ctx.channel_name(c) for c in o.shift.channels)
    kind = " " + badge("on call", "info") if o.shift.on_call else ""
    person = ctx.handbook.team.people.get(o.person)
    name = name_to_call(person) if person else e(o.person)
    return f"{name}{kind} <span class=\"pb-muted\">{e(channels)}</span>"


def _cells(spans, starts: list[datetime], ends: list[datetime]):
    """For each (start, end, item), the indexes of the hour cells it overlaps (cells are sorted)."""
    for start, end, item in spans:
        index = bisect_right(ends, start)
        while index < len(starts) and starts[index] < end:
            yield index, item
            index += 1


def _grid(ctx: Context, times: RotaTimes, channel: str, first: datetime) -> str:
    """Days down, hours across; each cell counts who watches the channel then, or marks a gap.

    Every occurrence and span is placed in the cells it overlaps (bisect), so the grid costs
    O(occurrences + cells), not their product, however long rota.yml is.
    """
    days = [(first + timedelta(days=offset)).date() for offset in range(7)]
    starts = [datetime(d.year, d.month, d.day, hour, tzinfo=ctx.zone).astimezone(UTC) for d in days
              for hour in range(24)]
    ends = [start + timedelta(hours=1) for start in starts]
    on: list[set[str]] = [set() for _ in starts]
    watching = [(o.start, o.end, ctx.person(o.person)) for o in times.occurrences
                if not o.shift.on_call and o.watches(channel)]
    for index, name in _cells(watching, starts, ends):
        on[index].add(name)
    needed = {i for i, _ in _cells([(a, b, None) for a, b in times.required(channel)], starts, ends)}
    gap = {i for i, _ in _cells([(a, b, None) for a, b in times.gaps(channel)], starts, ends)}
    rows = []
    for row, day in enumerate(days):
        cells = [f"<th>{e(dates.day(day, year=False))}</th>"]
        for index in range(row * 24, row * 24 + 24):
            names = sorted(on[index])
            title = ", ".join(names) or ("nobody: a gap" if index in needed else "not required")
            css = "pb-rota-gap" if index in gap else "pb-rota-on" if names else "pb-rota-off"
            mark = "!" if index in gap else str(len(names)) if names else ""
            cells.append(f'<td class="{css}" title="{e(title)}">{e(mark)}</td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    head = "<tr><th></th>" + "".join(f"<th>{h:02d}</th>" for h in range(24)) + "</tr>"
    body = "\n".join(rows)
    return (f'<div class="pb-rota-grid"><table class="pb-rota-table">\n<thead>{head}</thead>\n'
            f"<tbody>\n{body}\n</tbody>\n</table></div>")


def page(ctx: Context) -> Page | None:
    handbook = ctx.handbook
    if handbook.rota is None:
        return None
    doc = Doc("rota.md", "Rota")
    today = datetime.combine(ctx.today, datetime.min.time(), ctx.zone)
    times = RotaTimes(handbook, today, today + timedelta(weeks=WEEKS))
    doc.add(f"<p>Who watches which channel, from calendar/rota.yml. Times are {e(ctx.zone.key)}; a shift "
            "is also shown in its person's own zone when that differs. Subscribe to "
            f'<a href="{doc.href(urls.feed_file("rota"))}">every shift</a> or to one person\'s shifts '
            "below.</p>")
    doc.h(2, "now", "On now")
    on = times.on_at(ctx.now)
    doc.add(f'<p class="pb-muted">At {e(dates.moment(ctx.local_now))}, when this handbook was built.</p>')
    doc.add(table(["Who", "Shift"], [[_who(ctx, o), e(_span(ctx, o))] for o in on]) or
            '<p class="pb-empty">Nobody is on shift or on call right now.</p>')
    uncovered = [c for c in sorted(handbook.channels) if any(a <= ctx.now < b for a, b in times.gaps(c))]
    if uncovered:
        doc.add('<p class="pb-rota-alert">' + badge("gap", "danger") + " Nobody watches "
                + e(", ".join(ctx.channel_name(c) for c in uncovered)) + " right now.</p>")

    doc.h(2, "this-week", "This week")
    doc.add('<p class="pb-muted">Each cell is an hour: the number of people watching, '
            '<strong>!</strong> where coverage is required and nobody watches. Hover a cell for names.</p>')
    for channel in sorted(handbook.channels, key=ctx.channel_name):
        doc.h(3, f"week-{channel}", ctx.channel_name(channel))
        doc.add(_grid(ctx, times, channel, today))

    doc.h(2, "next-weeks", f"Next {WEEKS} weeks")
    shifts_on: dict = {}
    for o in times.occurrences:
        shifts_on.setdefault(ctx.local(o.start).date(), []).append(o)
    gaps_on: dict = {}
    for channel in handbook.channels:
        for a, b in times.gaps(channel):
            gaps_on.setdefault(ctx.local(a).date(), set()).add(
                f"{ctx.channel_name(channel)} {dates.clock(ctx.local(a))}–{dates.clock(ctx.local(b))}")
    for week in range(WEEKS):
        start = today + timedelta(weeks=week)
        doc.h(3, f"week-of-{start:%Y-%m-%d}", f"Week of {dates.day(start.date())}")
        rows = []
        for offset in range(7):
            day = (start + timedelta(days=offset)).date()
            shifts = shifts_on.get(day, [])
            gaps = sorted(gaps_on.get(day, ()))
            lines = "<br>".join(f"{_who(ctx, o)} {e(_span(ctx, o))}" for o in shifts) or \
                '<span class="pb-empty">nobody</span>'
            gap_cell = ("<br>".join(badge("gap", "danger") + " " + e(g) for g in gaps)) or "–"
            rows.append([e(dates.day(day)), lines, gap_cell])
        doc.add(table(["Day", "On shift", "Gaps"], rows))

    rota = handbook.rota
    if rota.away:
        doc.h(2, "away", "Away")
        doc.add(table(["Who", "From", "To", "Why"], [
            [e(ctx.person(a.person)), e(dates.short_date(a.first)), e(dates.short_date(a.last)), e(a.reason)]
            for a in rota.away]))
    doc.h(2, "feeds", "Shift calendars")
    rows = [[doc.a(urls.feed_file("rota"), "Every shift"), "everyone on the rota"]]
    rows += [[doc.a(urls.feed_file("rota", pid), ctx.person(pid)), "their own shifts and on-call spans"]
             for pid in rota.people if pid in handbook.team.people]
    doc.add(table(["Feed", "Holds"], rows))
    return doc.page()
