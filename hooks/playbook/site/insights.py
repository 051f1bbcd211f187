"""The Insights page: what customers said, by the department that should hear it, then by status."""

from __future__ import annotations

from .. import dates
from .. import model as m
from .context import Context
from .html import badge, e
from .page import Doc, Page
from .sanitize import render_markdown

PATH = "insights/index.md"
STATUS_BADGE = {m.InsightStatus.NEW: "warning", m.InsightStatus.ROUTED: "info", m.InsightStatus.ACTED: "success"}


def insight_card(ctx: Context, doc: Doc, insight: m.Insight, level: int) -> str:
    """One insight: title, when and where it was seen, the quote (sanitised Markdown), owner and note."""
    quote = render_markdown(insight.body, doc.anchors, top=level + 1).html if insight.body.strip() else ""
    seen = f"{e(dates.day(insight.day))} on {ctx.icon(insight.seen_on)} {e(ctx.channel_name(insight.seen_on))}"
    if insight.link:
        seen += f' · <a href="{e(insight.link)}" rel="nofollow noopener">where it was said</a>'
    facts = [seen, badge(insight.status.label, STATUS_BADGE[insight.status])]
    if insight.owner:
        facts.append(f"owner: {e(insight.owner)}")
    note = f'<p class="pb-note"><strong>Done:</strong> {e(insight.note)}</p>' if insight.note else ""
    doc.anchors.add(insight.id)
    return (f'<div class="pb-insight" id="{e(insight.id)}"><h{level}>{e(insight.title)}</h{level}>'
            f'<p class="pb-meta">{" · ".join(facts)}</p><div class="pb-quote">{quote}</div>{note}</div>')


def page(ctx: Context) -> Page:
    doc = Doc(PATH, "Insights")
    insights = ctx.handbook.insights
    doc.add("<p>What customers said on social that another department should hear. Each insight is a file in "
            "<code>content/insights/</code>; the social team routes it to a department, and the department "
            "records what it did.</p>")
    if not insights:
        doc.add('<p class="pb-empty">No insights yet.</p>')
        return doc.page()
    departments = list(ctx.handbook.rules.departments)
    departments += sorted({i.department for i in insights} - set(departments))  # unknown ones (errors in preview)
    counts = []
    for department in departments:
        mine = [i for i in insights if i.department == department]
        if mine:
            counts.append(f'<li><a href="#{e(department)}"><strong>{len(mine)}</strong> '
                          f'{e(department)}</a></li>')
    doc.add('<ul class="pb-summary">' + "".join(counts) + "</ul>")
    for department in departments:
        mine = [i for i in insights if i.department == department]
        if not mine:
            continue
        doc.h(2, department, department.replace("-", " ").capitalize())
        for status in m.InsightStatus:
            group = sorted((i for i in mine if i.status is status), key=lambda i: (i.day, i.id), reverse=True)
            if group:
                doc.h(3, f"{department}--{status}", f"{status.label} ({len(group)})")
                doc.add(*(insight_card(ctx, doc, i, 4) for i in group))
    return doc.page()
