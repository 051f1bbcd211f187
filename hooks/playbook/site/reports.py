"""Monthly report pages ``reports/<yyyy-mm>/`` and their index: what a social lead shows on the first Monday.

Sections: schedule health, results per campaign and channel against the
previous months, top posts, competitors, the Social Action Index and the
customer insights of the month. Figures come from ``results.py``; charts
from ``charts.py``. docs/reference/metrics.md documents every figure.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from .. import approvals as ap
from .. import dates, urls
from .. import model as m
from .. import results as rs
from . import charts
from .context import Context
from .html import e, table
from .insights import insight_card
from .page import Doc, Page

SHOWN = ("impressions", "reach", "engagements", "clicks", "shares", "comments", "saves", "video_views")
TOP_POSTS = 5
TREND = 12


def report_path(month: date) -> str:
    return f"reports/{month:%Y-%m}/index.md"


def _label(month: date) -> str:
    return f"{dates.MONTHS[month.month - 1][:3]} {month.year}"


def report_months(ctx: Context, results: rs.Results) -> list[date]:
    """Months with results or insights, and months whose posts have gone out (not the future)."""
    months = set(results.months) | {rs.month_of(i.day) for i in ctx.handbook.insights}
    months |= {rs.month_of(ctx.local(p.publish_at).date()) for p in ctx.handbook.posts
               if p.publish_at <= ctx.now and p.status.goes_out}
    return sorted(months)


def pages(ctx: Context) -> list[Page]:
    results = rs.collect(ctx.handbook)
    months = report_months(ctx, results)
    out = [index_page(ctx, results, months)]
    by_month: dict[date, list[m.Post]] = {}  # grouped once: per report month, a pass over every post added up
    for post in ctx.handbook.posts:
        by_month.setdefault(rs.month_of(ctx.local(post.publish_at).date()), []).append(post)
    out += [month_page(ctx, results, month, by_month.get(month, [])) for month in months]
    return out


def index_page(ctx: Context, results: rs.Results, months: list[date]) -> Page:
    doc = Doc("reports/index.md", "Reports")
    doc.add("<p>One report a month: schedule health, results per campaign and channel, competitors, the Social "
            "Action Index and what customers told us. Results come from the exports in "
            "<code>content/metrics/</code>.</p>")
    if not months:
        doc.add('<p class="pb-empty">No months to report yet.</p>')
        return doc.page()
    base = rs.baseline(results)
    rows = []
    for month in reversed(months):
        figures = results.get(month)
        index = rs.action_index(figures, base, ctx.handbook.settings.index_weights)[0] if figures and base else None
        total = figures.total if figures else {}
        rows.append([doc.a(report_path(month), dates.month(month)), charts.number(total.get("impressions")),
                     charts.number(total.get("engagements")), charts.number(rs.engagement_rate(total), True),
                     charts.number(index)])
    doc.add(table(["Month", "Impressions", "Engagements", "Engagement rate", "Social Action Index"], rows))
    if base:
        last = months[-1]
        doc.add(_index_chart(ctx, results, last, "reports-index-trend"))
    return doc.page()


def _delta(now: float | None, before: float | None) -> str:
    if now is None or not before:
        return ""
    change = (now - before) / before
    cls = "pb-up" if change >= 0 else "pb-down"
    return f' <span class="{cls}">{"+" if change >= 0 else "−"}{abs(change) * 100:.0f}%</span>'


def month_page(ctx: Context, results: rs.Results, month: date, posts: list[m.Post]) -> Page:
    """The month's report; ``posts``: those published (or planned) in the month, handbook time zone."""
    doc = Doc(report_path(month), f"Report {dates.month(month)}")
    figures = results.get(month) or rs.Month(month)
    before = results.get(rs.previous_month(month)) or rs.Month(rs.previous_month(month))
    total = figures.total
    doc.add(f'<p class="pb-meta">{e(dates.month(month))}, against {e(dates.month(before.month))}. '
            f'<a href="{doc.href("reports/index.md")}">All reports</a></p>')
    summary = [("impressions", total.get("impressions"), before.total.get("impressions")),
               ("engagements", total.get("engagements"), before.total.get("engagements")),
               ("followers", figures.followers_total, before.followers_total)]
    doc.add('<ul class="pb-summary">' + "".join(
        f"<li><strong>{charts.number(now)}</strong> {e(label)}{_delta(now, then)}</li>"
        for label, now, then in summary) + f"<li><strong>{charts.number(rs.engagement_rate(total), True)}</strong>"
        " engagement rate</li></ul>")
    _schedule(ctx, doc, month, posts)
    _results(ctx, doc, results, figures, before)
    _top_posts(ctx, doc, results, figures)
    _competitors(ctx, doc, figures, posts)
    _index(ctx, doc, results, month)
    _insights(ctx, doc, month)
    return doc.page(in_nav=False)


# -- schedule health ----------------------------------------------------------


def _approval_state(ctx: Context, post: m.Post) -> str:
    """on time, late (given after its role's deadline, as time.lead reports) or missing.

    An approval without a time (none written, none in the git history) counts as on time, as for time.lead."""
    view = ctx.approvals(post)
    if view.pending:
        return "missing"
    for line in view.lines:
        approval = line.approval
        if line.state == "valid" and approval.at is not None and \
                approval.at > ap.approval_deadline(ctx.handbook, post, approval.role):
            return "late"
    return "on time"


def _schedule(ctx: Context, doc: Doc, month: date, month_posts: list[m.Post]) -> None:
    doc.h(2, "schedule", "Schedule health")
    posts = [p for p in month_posts if p.status.goes_out]
    if not posts:
        doc.add('<p class="pb-empty">No posts this month.</p>')
        return
    weeks = sorted({ctx.local(p.publish_at).date() - timedelta(days=ctx.local(p.publish_at).weekday())
                    for p in posts})
    channels = sorted({c for p in posts for c in p.channels})
    per_week: Counter = Counter()
    per_day: Counter = Counter()
    for p in posts:
        local = ctx.local(p.publish_at).date()
        for c in p.channels:
            per_week[(c, local - timedelta(days=local.weekday()))] += 1
            per_day[(c, local)] += 1
    week_labels = [f"w/c {d.day} {dates.MONTHS[d.month - 1][:3]}" for d in weeks]
    doc.add(charts.bars("schedule-weekly", f"Posts per channel per week, {dates.month(month)}", week_labels,
                        {ctx.channel_name(c): [per_week[(c, w)] for w in weeks] for c in channels}, whole=True))
    rows = []
    for c in channels:
        channel = ctx.handbook.channels.get(c)
        cap = channel.max_per_day if channel else None
        busiest = max((n for (cid, _), n in per_day.items() if cid == c), default=0)
        rows.append([f"{ctx.icon(c)} {e(ctx.channel_name(c))}", str(sum(per_week[(c, w)] for w in weeks)),
                     str(busiest), str(cap) if cap else "no cap",
                     str(cap * 7) if cap else "–"])
    doc.add(table(["Channel", "Posts", "Busiest day", "Cap per day", "Cap per week"], rows))
    evergreen = sum(p.evergreen for p in posts)
    visual = sum(bool(p.media) for p in posts)
    states = Counter(_approval_state(ctx, p) for p in posts)
    doc.add(charts.bars("schedule-mix", f"Schedule mix, {dates.month(month)}",
                        ["Evergreen", "Time-sensitive", "With visuals", "Text only", "Approved on time",
                         "Approved late", "Approvals missing"],
                        {"Posts": [evergreen, len(posts) - evergreen, visual, len(posts) - visual,
                                   states["on time"], states["late"], states["missing"]]}, whole=True))
    doc.add(f"<p>{len(posts)} posts: {evergreen} evergreen, {len(posts) - evergreen} time-sensitive; "
            f"{visual} with visuals ({visual * 100 // len(posts)}%). Approvals: {states['on time']} on time, "
            f"{states['late']} late, {states['missing']} missing.</p>")
    month_end = (month + timedelta(days=32)).replace(day=1)
    holds = [w for w in ctx.handbook.quiet if w.kind == "hold" and ctx.local(w.start).date() < month_end
             and (w.end is None or ctx.local(w.end).date() >= month)]
    doc.h(3, "holds", "Holds")
    if not holds:
        doc.add('<p class="pb-empty">No holds this month.</p>')
        return
    rows = []
    for w in holds:
        held = ctx.handbook.held_by(w)
        moved = [p for p in held if p.evergreen]
        until = dates.UNTIL_LIFTED if w.end is None else dates.moment(ctx.local(w.end))
        rows.append([e(dates.moment(ctx.local(w.start))), e(until), e(w.reason),
                     ", ".join(doc.a(urls.post_page(p), p.title) for p in held) or "none",
                     str(len(moved))])
    doc.add(table(["From", "Until", "Why", "Posts held", "Evergreen (can move)"], rows))


# -- results ------------------------------------------------------------------


def _result_rows(doc: Doc, groups: dict[str, dict[str, int]], previous: dict[str, dict[str, int]], name) -> list:
    rows = []
    for key in sorted(groups):
        counts, then = groups[key], previous.get(key, {})
        rate, rate_then = rs.engagement_rate(counts), rs.engagement_rate(then)
        rows.append([name(key)] + [charts.number(counts.get(c)) + _delta(counts.get(c), then.get(c))
                                   for c in ("impressions", "reach", "engagements", "clicks", "shares")]
                    + [charts.number(rate, True) + _delta(rate, rate_then)])
    return rows


def _results(ctx: Context, doc: Doc, results: rs.Results, figures: rs.Month, before: rs.Month) -> None:
    doc.h(2, "results", "Results")
    if not figures.total:
        doc.add('<p class="pb-empty">No metrics for this month in content/metrics/.</p>')
        return
    head = ["", "Impressions", "Reach", "Engagements", "Clicks", "Shares", "Engagement rate"]
    doc.h(3, "by-campaign", "By campaign")
    doc.add(table(["Campaign"] + head[1:], _result_rows(
        doc, figures.by_campaign, before.by_campaign,
        lambda cid: doc.a(urls.campaign_page(cid), ctx.handbook.campaign_title(cid)))))
    doc.h(3, "by-channel", "By channel")
    doc.add(table(["Channel"] + head[1:], _result_rows(
        doc, figures.by_channel, before.by_channel, lambda c: f"{ctx.icon(c)} {e(ctx.channel_name(c))}")))
    window = results.window(figures.month, 6)
    channels = sorted({c for mo in window if results.get(mo) for c in results.get(mo).by_channel})
    doc.add(charts.lines("results-rate", "Engagement rate per channel, last six months", [_label(mo) for mo in window],
                         {ctx.channel_name(c): [rs.engagement_rate(results.get(mo).by_channel.get(c, {}))
                                                if results.get(mo) else None for mo in window]
                          for c in channels}, percent=True))
    doc.add(charts.bars("results-campaigns", "Engagements per campaign, this month and last",
                        [ctx.handbook.campaign_title(c) for c in sorted(figures.by_campaign)],
                        {_label(before.month): [before.by_campaign.get(c, {}).get("engagements")
                                                for c in sorted(figures.by_campaign)],
                         _label(figures.month): [figures.by_campaign[c].get("engagements")
                                                 for c in sorted(figures.by_campaign)]}))


def _top_posts(ctx: Context, doc: Doc, results: rs.Results, figures: rs.Month) -> None:
    doc.h(2, "top-posts", "Top posts")
    ranked = sorted(figures.by_post.items(), key=lambda item: (-item[1].get("engagements", 0), item[0]))[:TOP_POSTS]
    if not ranked:
        doc.add('<p class="pb-empty">No post results this month.</p>')
        return
    earlier = [results.get(mo) for mo in results.window(figures.month, 4)[:-1] if results.get(mo)]
    best_before = max((c.get("engagements", 0) for mo in earlier for c in mo.by_post.values()), default=None)
    if best_before:
        doc.add(f'<p class="pb-muted">The best post of the three months before had {charts.number(best_before)} '
                "engagements in its month.</p>")
    rows = []
    for post_id, counts in ranked:
        post = results.posts[post_id]
        copy = post.copy if len(post.copy) <= 160 else post.copy[:157] + "…"
        rows.append([f'<a href="{doc.href(urls.post_page(post))}">{e(post.title)}</a> {ctx.icons(post.channels)}'
                     f'<br><span class="pb-muted">{e(copy)}</span>',
                     charts.number(counts.get("impressions")), charts.number(counts.get("engagements")),
                     charts.number(rs.engagement_rate(counts), True)])
    doc.add(table(["Post and copy", "Impressions", "Engagements", "Engagement rate"], rows))


# -- competitors --------------------------------------------------------------


def _competitors(ctx: Context, doc: Doc, figures: rs.Month, month_posts: list[m.Post]) -> None:
    doc.h(2, "competitors", "Competitors")
    if not figures.competitors:
        doc.add('<p class="pb-empty">No competitor figures this month in content/metrics/competitors.csv.</p>')
        return
    names = sorted({name for name, _ in figures.competitors})
    channels = sorted({c for _, c in figures.competitors})
    ours = Counter(c for p in month_posts if p.status.goes_out for c in p.channels)
    us = "Us"
    for c in channels:
        doc.h(3, f"competitors-{c}", ctx.channel_name(c))
        own = figures.by_channel.get(c, {})
        columns = {us: {"followers": figures.followers.get(c), "posts": ours.get(c),
                        "engagements": own.get("engagements")}}
        for name in names:
            columns[name] = figures.competitors.get((name, c), {})
        rows = []
        for label, values in columns.items():
            posts, engagements = values.get("posts"), values.get("engagements")
            per_post = engagements / posts if posts and engagements is not None else None
            rows.append([e(label), charts.number(values.get("followers")), charts.number(posts),
                         charts.number(engagements), charts.number(per_post)])
        doc.add(table(["", "Followers", "Posts", "Engagements", "Engagements per post"], rows))
        doc.add(charts.bars(f"competitors-{c}-chart", f"{ctx.channel_name(c)}: engagements per post",
                            list(columns), {"Engagements per post": [
                                (v.get("engagements") / v["posts"]) if v.get("posts") and
                                v.get("engagements") is not None else None for v in columns.values()]}))


# -- Social Action Index ------------------------------------------------------


def _index_chart(ctx: Context, results: rs.Results, month: date, ident: str) -> str:
    base = rs.baseline(results)
    window = results.window(month, TREND)
    series: dict[str, list[float | None]] = {"Index": []}
    for part in m.INDEX_PARTS:
        series[part.capitalize()] = []
    for mo in window:
        figures = results.get(mo)
        index, parts = rs.action_index(figures, base, ctx.handbook.settings.index_weights) if figures else (None, {})
        series["Index"].append(round(index, 1) if index is not None else None)
        for part in m.INDEX_PARTS:
            value = parts.get(part)
            series[part.capitalize()].append(round(value, 1) if value is not None else None)
    return charts.lines(ident, f"Social Action Index, twelve months to {dates.month(month)} "
                        f"(100 = {dates.month(base.month)})", [_label(mo) for mo in window], series)


def _index(ctx: Context, doc: Doc, results: rs.Results, month: date) -> None:
    doc.h(2, "index", "Social Action Index")
    base, figures = rs.baseline(results), results.get(month)
    if base is None or figures is None:
        doc.add('<p class="pb-empty">No metrics for this month.</p>')
        return
    weights = ctx.handbook.settings.index_weights
    index, parts = rs.action_index(figures, base, weights)
    before = results.get(rs.previous_month(month))
    then, then_parts = rs.action_index(before, base, weights) if before else (None, {})
    doc.add(f'<p>100 is {e(dates.month(base.month))}, the first month with results. '
            '<a href="' + doc.href("reference/metrics.md") + '#social-action-index">How it is computed</a></p>')
    rows = [[e(part.capitalize()), e(", ".join(n.replace("_", " ") for n in rs.INDEX_COMPONENTS[part])),
             str(weights.get(part, 1)), charts.number(round(parts[part], 1) if parts[part] is not None else None)
             + _delta(parts[part], then_parts.get(part))] for part in m.INDEX_PARTS]
    rows.append(["<strong>Index</strong>", "weighted mean of the four", "",
                 f"<strong>{charts.number(round(index, 1) if index is not None else None)}</strong>"
                 + _delta(index, then)])
    doc.add(table(["Sub-index", "From", "Weight", "This month"], rows))
    doc.add(_index_chart(ctx, results, month, "index-trend"))


def _insights(ctx: Context, doc: Doc, month: date) -> None:
    doc.h(2, "insights", "What customers told us")
    mine = [i for i in ctx.handbook.insights if rs.month_of(i.day) == month]
    if not mine:
        doc.add('<p class="pb-empty">No insights logged this month.</p>')
        return
    by_status = Counter(i.status.label.lower() for i in mine)
    doc.add(f"<p>{len(mine)} insights: " + e(", ".join(f"{n} {s}" for s, n in sorted(by_status.items()))) +
            f'. <a href="{doc.href("insights/index.md")}">All insights</a></p>')
    doc.add(*(insight_card(ctx, doc, i, 3) for i in mine))
