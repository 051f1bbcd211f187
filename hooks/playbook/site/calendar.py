"""The calendar: an overview (legend, months, the next two weeks) and a month grid per month with posts."""

from __future__ import annotations

import calendar as pycal
from collections import Counter
from datetime import date, datetime, time, timedelta
from functools import partial

from .. import dates, urls
from .. import model as m
from .context import Context
from .html import e, icon
from .page import Doc, Page
from .widgets import agenda, current_windows, marks, windows_list

UPCOMING_DAYS = 14
MAX_EMPTY_RUN = 24  # empty months in a row that still get a page


def _month_key(ctx: Context, post: m.Post) -> date:
    return ctx.local(post.publish_at).date().replace(day=1)


def legend(ctx: Context) -> str:
    channels = "".join(f'<li>{ctx.icon(c.id)} {e(c.name)}</li>' for c in ctx.handbook.channels.values())
    statuses = "".join(f'<li><span class="pb-status pb-st-{s}">{e(s.label)}</span></li>' for s in m.PostStatus)
    return (
        '<div class="pb-legend" data-search-exclude>'
        f'<div><p class="pb-label">Channels</p><ul>{channels}</ul></div>'
        f'<div><p class="pb-label">Status</p><ul>{statuses}</ul></div>'
        '<div><p class="pb-label">Marks</p><ul>'
        f'<li><span class="pb-item pb-held pb-sample">{icon("held")}held</span> in a hold window or status held: '
        'will not go out until released</li>'
        '<li><span class="pb-item pb-cancelled pb-sample"><span class="pb-title">struck through</span></span> '
        'cancelled</li>'
        f'<li>{icon("evergreen")} evergreen: can move; everything else is time-sensitive</li>'
        '</ul></div></div>')


def _month_after(month: date) -> date:
    return (month + timedelta(days=31)).replace(day=1)


def calendar_months(days: list[date]) -> list[date]:
    """Every month from the first to the last of ``days``: a month without posts still has a page.

    A gap longer than MAX_EMPTY_RUN months (a post dated 2099 by mistake) is not filled, so a typo
    cannot make the build write thousands of empty pages.
    """
    out: list[date] = []
    for month in sorted({d.replace(day=1) for d in days}):
        if out and (month.year - out[-1].year) * 12 + month.month - out[-1].month <= MAX_EMPTY_RUN + 1:
            while _month_after(out[-1]) < month:
                out.append(_month_after(out[-1]))
        out.append(month)
    return out


def windows_on(ctx: Context, day: date, windows: list[m.QuietWindow]) -> list[m.QuietWindow]:
    """Windows that cover any part of ``day`` (handbook time zone)."""
    start = datetime.combine(day, time(), ctx.zone)
    end = datetime.combine(day + timedelta(days=1), time(), ctx.zone)
    return [w for w in windows if w.overlaps(start, end)]


def window_label(ctx: Context, w: m.QuietWindow) -> str:
    """A grid-cell mark for a hold or quiet period; the reason is the tooltip and the list under the grid."""
    kind = "Hold" if w.kind == "hold" else "Quiet"
    where = "all channels" if w.channels is None else ", ".join(ctx.channel_name(c) for c in w.channels)
    return (f'<span class="pb-daymark pb-daymark-{w.kind}" title="{e(w.reason)}">'
            f'{icon("held" if w.kind == "hold" else "quiet")}{kind}: {e(where)}</span>')


def month_grid(ctx: Context, doc: Doc, month: date, posts: list[m.Post],
               windows: list[m.QuietWindow] = ()) -> str:
    """A Monday-first grid; every entry links to the post's card on its campaign page; holds and quiet
    periods mark the days they cover."""
    by_day: dict[int, list[str]] = {}
    for post in posts:
        when = ctx.local(post.publish_at)
        ever = icon("evergreen", "evergreen") if post.evergreen else ""
        held = icon("held", "held") if post.is_held else ""
        by_day.setdefault(when.day, []).append(
            f'<li class="pb-entry {marks(post)}"><a href="{doc.href(urls.post_page(post))}" '
            f'title="{e(post.status.label)}">{ctx.icons(post.channels)}'
            f'<time datetime="{dates.iso(when)}">{dates.clock(when)}</time> '
            f'<span class="pb-title">{e(post.title)}</span>{held}{ever}</a></li>')
    weeks = []
    for week in pycal.Calendar(firstweekday=0).monthdayscalendar(month.year, month.month):
        cells = []
        for n in week:
            if n == 0:
                cells.append('<td class="pb-pad"></td>')
                continue
            d = month.replace(day=n)
            entries = by_day.get(n)
            covering = windows_on(ctx, d, windows)
            classes = ["pb-day-cell"] + (["pb-today"] if d == ctx.today else []) + \
                ([] if entries or covering else ["pb-none"]) + [f"pb-in-{w.kind}" for w in covering[:1]]
            body = "".join(window_label(ctx, w) for w in covering)
            body += f'<ul>{"".join(entries)}</ul>' if entries else ""
            label = (f'<span class="pb-n">{n}</span><span class="pb-wd">{e(dates.day(d, year=False))}</span>')
            number = (f'<a class="pb-daynum" href="#{urls.day_anchor(d)}" aria-label="{e(dates.day(d))}">{label}</a>'
                      if entries else f'<span class="pb-daynum">{label}</span>')
            cells.append(f'<td class="{" ".join(classes)}">{number}{body}</td>')
        weeks.append("<tr>" + "".join(cells) + "</tr>")
    head = "".join(f'<th scope="col">{d}</th>' for d in dates.DAYS)
    return (f'<table class="pb-grid" data-search-exclude><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(weeks)}</tbody></table>')


def month_page(ctx: Context, month: date, posts: list[m.Post], prev: date | None, nxt: date | None) -> Page:
    doc = Doc(urls.month_page(month).rstrip("/") + ".md", dates.month(month))
    start = datetime.combine(month, time(), ctx.zone)
    end = datetime.combine(_month_after(month), time(), ctx.zone)
    windows = m.in_force_first((w for w in ctx.handbook.quiet if w.overlaps(start, end)), ctx.now)  # grid marks too
    counts = Counter(p.status for p in posts)
    window_held = sum(1 for p in posts if p.held_by_window)
    summary = ", ".join(f"{n} {s.label.lower()}" for s, n in sorted(counts.items()))
    nav = [doc.a(urls.month_page(prev), "← " + dates.month(prev)) if prev else "",
           doc.a("calendar/", "All months"),
           doc.a(urls.month_page(nxt), dates.month(nxt) + " →") if nxt else ""]
    doc.add(f'<nav class="pb-monthnav">{"".join(f"<span>{n}</span>" for n in nav)}</nav>')
    if posts:
        doc.add(f'<p class="pb-meta">{len(posts)} post{"s" * (len(posts) != 1)} ({e(summary)})'
                + (f"; {window_held} of them held by a hold window" if window_held else "")
                + f'. Times are {e(ctx.zone.key)}.</p>')
    else:
        doc.add(f'<p class="pb-empty">No posts are scheduled in {e(dates.month(month))}.</p>')
    if windows:
        doc.h(2, "holds", "Holds and quiet periods")
        doc.add(windows_list(ctx, windows))
    if posts or windows:
        doc.h(2, "grid", "Month")
        doc.add(month_grid(ctx, doc, month, posts, windows))
    if posts:
        doc.h(2, "agenda", "Agenda")
        doc.add(agenda(ctx, doc.url, posts, anchors=True, heading_level=3, doc=doc))
        doc.h(2, "legend", "Legend")
        doc.add(legend(ctx))
    for post in posts:
        doc.anchors.add(post.anchor)
    return doc.page(in_nav=False, search=False, hide=("navigation", "toc"))


def index_page(ctx: Context, months: list[date], by_month: dict[date, list[m.Post]]) -> Page:
    doc = Doc("calendar/index.md", "Calendar")
    doc.add(f'<p>Every scheduled post by month. Times are shown in {e(ctx.zone.key)}; a post\'s card on its '
            'campaign page also shows its own time zone.</p>')
    windows = current_windows(ctx)
    if windows:
        doc.h(2, "holds", "Holds and quiet periods")
        doc.add(windows_list(ctx, windows))
    doc.h(2, "next-two-weeks", "Next two weeks")
    upcoming = ctx.upcoming(UPCOMING_DAYS)
    doc.add(agenda(ctx, doc.url, upcoming) if upcoming else
            '<p class="pb-empty">Nothing scheduled in the next two weeks.</p>')
    doc.h(2, "months", "Months")
    if months:
        items = []
        for mo in months:
            posts = by_month.get(mo, [])
            held = sum(1 for p in posts if p.is_held)
            current = " pb-current" if mo == ctx.today.replace(day=1) else ""
            count = (f'{len(posts)} post{"s" * (len(posts) != 1)}{f", {held} held" if held else ""}' if posts
                     else "no posts")
            items.append(f'<li class="pb-month-card{current}"><a href="{doc.href(urls.month_page(mo))}">'
                         f'<strong>{e(dates.month(mo))}</strong></a> <span class="pb-muted">{count}</span></li>')
        doc.add(f'<ul class="pb-months">{"".join(items)}</ul>')
    else:
        doc.add('<p class="pb-empty">No posts scheduled yet.</p>')
    doc.h(2, "legend", "Legend")
    doc.add(legend(ctx))
    return doc.page()


def pages(ctx: Context) -> list[Page]:
    by_month: dict[date, list[m.Post]] = {}
    for post in ctx.handbook.posts:  # sorted by publish_at
        by_month.setdefault(_month_key(ctx, post), []).append(post)
    # Every month from the first to the last scheduled item, posts and holds alike, has a page.
    edges = list(by_month) + [ctx.local(w.start).date() for w in ctx.handbook.quiet] + \
        [ctx.local(w.end - timedelta(microseconds=1)).date() for w in ctx.handbook.quiet if w.end is not None]
    months = calendar_months(edges)
    out = [index_page(ctx, months, by_month)]
    for i, mo in enumerate(months):
        out.append(Page(urls.month_page(mo).rstrip("/") + ".md", dates.month(mo), in_nav=False, search=False,
                        deferred=partial(month_page, ctx, mo, by_month.get(mo, []), months[i - 1] if i else None,
                                         months[i + 1] if i + 1 < len(months) else None)))
    return out
