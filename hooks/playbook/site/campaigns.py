"""Campaigns: an index with a timeline of the campaign windows, and one page per campaign."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, timedelta
from functools import partial

from .. import dates, urls
from .. import model as m
from .cards import card, search_text
from .context import Context
from .html import badge, e, facts, table
from .page import Doc, Page
from .sanitize import render_markdown
from .widgets import marks, windows_list

_TAG = re.compile(r"<[^>]*>")
CAMPAIGN_STATUS = {m.CampaignStatus.PLANNED: "info", m.CampaignStatus.ACTIVE: "success", m.CampaignStatus.DONE: "muted",
                   m.CampaignStatus.CANCELLED: "danger"}
NAV_LIMIT = 12  # more campaigns than this: their pages stay out of the navigation (linked from the index)


def campaign_badge(c: m.Campaign) -> str:
    return badge(c.status, CAMPAIGN_STATUS.get(c.status, "muted"))


def _pct(value: float) -> str:
    return f"{max(0.0, min(100.0, value)):.3f}".rstrip("0").rstrip(".") + "%"


def timeline(ctx: Context, doc: Doc, campaigns: list[m.Campaign]) -> str:
    """Campaign windows as bars on a shared month scale (HTML and CSS, readable at phone width)."""
    if not campaigns:
        return ""
    first = min(c.starts_date for c in campaigns).replace(day=1)
    last = max(c.ends_date for c in campaigns)
    end = (last.replace(day=28) + timedelta(days=4)).replace(day=1)  # first day of the following month
    span = (end - first).days

    def x(d: date) -> float:
        return (d - first).days / span * 100

    months, d = [], first
    while d < end:
        months.append(d)
        d = (d.replace(day=28) + timedelta(days=4)).replace(day=1)
    step = max(1, -(-len(months) // 12))  # at most about 12 labels
    ticks = "".join(
        f'<span class="pb-tl-tick" style="left:{_pct(x(mo))}">'
        f'{e(dates.MONTHS[mo.month - 1][:3] + (" " + str(mo.year) if mo.month == 1 or i == 0 else ""))}</span>'
        for i, mo in enumerate(months) if i % step == 0)
    today = ""
    if first <= ctx.today < end:
        today = f'<span class="pb-tl-today" style="left:{_pct(x(ctx.today))}" title="today"></span>'
    rows = []
    for c in campaigns:
        left, right = x(c.starts_date), x(c.ends_date + timedelta(days=1))
        rows.append(
            f'<li class="pb-tl-row"><a class="pb-tl-label" href="{doc.href(urls.campaign_page(c.id))}">'
            f'{e(c.title)}</a> <span class="pb-muted">{e(dates.window(c.starts_date, c.ends_date))}</span>'
            f'<span class="pb-tl-track"><span class="pb-tl-bar pb-tl-{c.status}" '
            f'style="left:{_pct(left)};width:{_pct(right - left)}" title="{e(c.title)}"></span></span></li>')
    return (f'<figure class="pb-timeline" data-search-exclude><div class="pb-tl-scale">{ticks}</div>'
            f'<div class="pb-tl-body">{today}<ul>{"".join(rows)}</ul></div>'
            f'<figcaption>Campaign windows from {e(dates.month(first))} to {e(dates.month(last))}; '
            f'the red line is today.</figcaption></figure>')


def index_page(ctx: Context, posts_by_campaign: dict[str, list[m.Post]]) -> Page:
    campaigns = sorted(ctx.handbook.campaigns.values(), key=lambda c: (c.starts, c.id))
    doc = Doc("campaigns/index.md", "Campaigns")
    doc.add('<p>Every planned campaign with its window. A campaign page has the brief, the schedule and a '
            'preview card for each post.</p>')
    doc.h(2, "timeline", "Timeline")
    doc.add(timeline(ctx, doc, campaigns) or '<p class="pb-empty">No campaigns yet.</p>')
    doc.h(2, "all-campaigns", "All campaigns")
    rows = []
    for c in campaigns:
        posts = posts_by_campaign.get(c.id, [])
        counts = Counter(p.status for p in posts)
        summary = ", ".join(f"{n} {s.label.lower()}" for s, n in sorted(counts.items()))
        rows.append([doc.a(urls.campaign_page(c.id), c.title), campaign_badge(c),
                     e(dates.window(c.starts_date, c.ends_date)), e(ctx.person(c.owner)), ctx.icons(c.channels),
                     f"{len(posts)}" + (f' <span class="pb-muted">({e(summary)})</span>' if summary else "")])
    doc.add(table(["Campaign", "Status", "Window", "Owner", "Channels", "Posts"], rows))
    return doc.page()


def campaign_page(ctx: Context, c: m.Campaign, posts: list[m.Post], in_nav: bool) -> Page:
    doc = Doc(f"campaigns/{c.id}.md", c.title)
    doc.add(f'<p class="pb-meta">{campaign_badge(c)} · {e(dates.window(c.starts_date, c.ends_date))} '
            f'<span class="pb-muted">({e(c.timezone.key)})</span> · owner {e(ctx.person(c.owner))} · '
            f'{len(posts)} post{"s" * (len(posts) != 1)}</p>')
    fact_list = [("Channels", ctx.channel_list(c.channels))]
    if c.goals:
        fact_list.append(("Goals", "<ul>" + "".join(f"<li>{e(g)}</li>" for g in c.goals) + "</ul>"))
    if c.tags:
        fact_list.append(("Tags", " ".join(f'<span class="pb-tag">#{e(t)}</span>' for t in c.tags)))
    doc.add(facts(fact_list))
    windows = [w for w in ctx.handbook.quiet if w.overlaps(c.starts, c.ends)]
    if windows:
        doc.add('<div class="admonition info"><p class="admonition-title">Quiet periods and holds in this '
                'window</p>' + windows_list(ctx, windows) + "</div>")
    reserved = {"brief", "schedule", "posts"} | {p.anchor for p in posts}
    doc.h(2, "brief", "Brief")
    brief = render_markdown(c.body, reserved, top=3) if c.body.strip() else None
    if brief and brief.html.strip():
        doc.add(f'<div class="pb-brief">{brief.html}</div>')
        for token in brief.toc:
            doc.toc_entry(token["level"], token["id"], token["name"], token["children"])
            doc.anchors.add(token["id"])
    else:
        doc.add('<p class="pb-empty">No brief written yet.</p>')
    doc.h(2, "schedule", "Schedule")
    rows = []
    local_moments = [dates.moment(ctx.local(p.publish_at)) for p in posts]  # the schedule, the cards, search
    for p, moment in zip(posts, local_moments, strict=True):
        view = ctx.approvals(p)
        if view.pending:
            missing = len(view.pending)
            approvals = f'<span class="pb-late">{missing} missing</span>' if p.status.goes_out else "–"
        else:
            approvals = '<span class="pb-ok">complete</span>'
        rows.append([
            f'<time datetime="{dates.iso(p.publish_at)}">{e(moment)}</time>',
            ctx.icons(p.channels),
            f'<a class="{marks(p)}" href="#{p.anchor}">{e(p.title)}</a>',
            f'<span class="pb-status pb-st-{p.status}">{e(p.status.label)}</span>'
            + (' <span class="pb-status pb-st-held">held</span>' if p.held_by_window else ""),
            approvals,
        ])
    doc.add(table(["When", "Channels", "Post", "Status", "Approvals"], rows) or
            '<p class="pb-empty">No posts yet.</p>')
    doc.h(2, "posts", "Posts")
    doc.add(*(card(ctx, doc, p, moment) for p, moment in zip(posts, local_moments, strict=True)))
    about = [e(dates.window(c.starts_date, c.ends_date)), e(ctx.person(c.owner)),
             e(", ".join(ctx.channel_name(cid) for cid in c.channels))] + [e(g) for g in c.goals + c.tags]
    entries = [("", e(c.title), " · ".join(about))]
    if brief and brief.html.strip():
        entries.append(("brief", "Brief", _TAG.sub(" ", brief.html)))
    entries += [(p.anchor, e(p.title), search_text(ctx, p, moment))
                for p, moment in zip(posts, local_moments, strict=True)]
    return doc.page(in_nav=in_nav, search_entries=entries)


def pages(ctx: Context) -> list[Page]:
    by_campaign: dict[str, list[m.Post]] = {cid: [] for cid in ctx.handbook.campaigns}
    for post in ctx.handbook.posts:
        by_campaign.setdefault(post.campaign, []).append(post)
    in_nav = len(ctx.handbook.campaigns) <= NAV_LIMIT
    out = [index_page(ctx, by_campaign)]
    for c in sorted(ctx.handbook.campaigns.values(), key=lambda c: (c.starts, c.id)):
        out.append(Page(f"campaigns/{c.id}.md", c.title, in_nav=in_nav, search_entries=[],
                        deferred=partial(campaign_page, ctx, c, by_campaign.get(c.id, []), in_nav)))
    return out
