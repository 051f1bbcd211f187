"""The response playbook: reply templates grouped by category, each ready to copy."""

from __future__ import annotations

import re

from .. import dates, urls
from .. import model as m
from .context import Context
from .html import admonition, badge, e, facts, table
from .page import Doc, Page
from .widgets import approval_lines, people_list, review_badge

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_-]*)\}")
CATEGORY_BLURB = {
    "question": "Someone asks how something works, where their order is, what fits.",
    "complaint": "Something went wrong for a customer. Acknowledge, own it, move to a private channel.",
    "praise": "Someone says something kind. Thank them like a person.",
    "crisis": "Safety, recalls, incidents. Only the crisis team sends these.",
    "outage": "The shop, app or checkout is down.",
}


def category_title(category: str) -> str:
    return category.replace("-", " ").capitalize()


def body_html(text: str) -> str:
    """The reply text, escaped, with each {placeholder} highlighted (the copy button copies plain text)."""
    out, position = [], 0
    for match in _PLACEHOLDER.finditer(text):
        out.append(e(text[position:match.start()]))
        out.append(f'<span class="pb-ph" title="replace before sending">{e(match.group())}</span>')
        position = match.end()
    out.append(e(text[position:]))
    return "".join(out)


def escalation(ctx: Context, doc: Doc, t: m.ResponseTemplate) -> str:
    if t.escalate_to is None:
        return "No escalation route."
    to = t.escalate_to.to
    chapter = ctx.handbook.chapters.get(to)
    if chapter is not None:
        target = doc.a(urls.chapter_page(to), chapter.title)
    else:
        holders = [p.name for p in ctx.handbook.team.holders(to)] if to in ctx.handbook.team.roles else []
        target = e(ctx.role(to)) + (f' <span class="pb-muted">({e(", ".join(holders))})</span>' if holders else "")
    when = f"<br>When: {e(t.escalate_to.when)}" if t.escalate_to.when else ""
    return f"To {target}{when}"


def who_may_send(ctx: Context, t: m.ResponseTemplate) -> str:
    if t.who_may_send == m.EVERYONE:
        return "Everyone on the front line"
    holders = [p.id for p in ctx.handbook.team.holders(t.who_may_send)]
    return f'{e(ctx.role(t.who_may_send))} <span class="pb-muted">({people_list(ctx, holders)})</span>'


def template_card(ctx: Context, doc: Doc, t: m.ResponseTemplate) -> str:
    doc.h(2, t.id, t.title, after=" " + review_badge(ctx, t.review_by))
    expired = t.review_by is not None and t.review_by < ctx.today
    fact_list = [
        ("Respond within", f"<strong>{e(dates.duration(t.respond_within))}</strong>"),
        ("Who may send", who_may_send(ctx, t)),
        ("Escalate", escalation(ctx, doc, t)),
        ("Channels", ctx.channel_list(t.channels)),
        ("Review by", e(dates.short_date(t.review_by)) if t.review_by else "no review date"),
    ]
    if t.placeholders:
        fact_list.append(("Fill in", " ".join(f'<span class="pb-ph">{{{e(p)}}}</span>' for p in t.placeholders)))
    notes = ""
    if expired:
        notes = admonition("danger", "Expired: do not send",
                           f"<p>This template was due for review on {e(dates.short_date(t.review_by))}. "
                           "Ask the owner of the response playbook for a current wording.</p>")
    tags = " ".join(f'<span class="pb-tag">#{e(tag)}</span>' for tag in t.tags)
    return (f'<article class="pb-template{" pb-expired" if expired else ""}">{notes}'
            + facts(fact_list) +
            f'<pre class="pb-reply"><code>{body_html(t.body.strip())}</code></pre>'
            f'<details class="pb-details"><summary>Approvals of this wording</summary>'
            f'{approval_lines(ctx, t)}</details>{f"<p>{tags}</p>" if tags else ""}</article>')


def category_page(ctx: Context, category: str, templates: list[m.ResponseTemplate]) -> Page:
    doc = Doc(urls.responses_page(category).rstrip("/") + ".md", category_title(category))
    target = ctx.handbook.rules.response_targets.get(category)
    intro = CATEGORY_BLURB.get(category, "")
    doc.add(f'<p>{e(intro)}' + (f' Default target: respond within <strong>{e(dates.duration(target))}</strong>.'
                                if target else "") + "</p>")
    doc.add('<p class="pb-muted">Replace every highlighted placeholder before sending. The copy button copies '
            'the text exactly as written.</p>')
    for t in templates:
        doc.add(template_card(ctx, doc, t))
    return doc.page()


def index_page(ctx: Context, grouped: dict[str, list[m.ResponseTemplate]]) -> Page:
    doc = Doc("responses/index.md", "Response playbook")
    doc.add("<p>Pre-approved replies for the always-on side: answer within the target, send only what you may "
            "send, escalate when the template says so.</p>")
    doc.h(2, "targets", "Response targets")
    rows = []
    for category, templates in grouped.items():
        target = ctx.handbook.rules.response_targets.get(category)
        name = doc.a(urls.responses_page(category), category_title(category)) if templates else \
            e(category_title(category))
        rows.append([name,
                     e(dates.duration(target)) if target else "–", str(len(templates))])
    doc.add(table(["Category", "Respond within", "Templates"], rows))
    for category, templates in grouped.items():
        doc.h(2, f"category-{category}", category_title(category))
        items = []
        for t in templates:
            expired = badge("expired", "danger") if t.review_by and t.review_by < ctx.today else ""
            items.append(f'<li>{doc.a(urls.responses_page(category) + "#" + t.id, t.title)} {expired}'
                         f'<span class="pb-muted"> · within {e(dates.duration(t.respond_within))} · '
                         f'{ctx.icons(t.channels)}</span></li>')
        doc.add(f'<ul class="pb-list">{"".join(items)}</ul>' if items else
                '<p class="pb-empty">No templates in this category yet.</p>')
    return doc.page()


def pages(ctx: Context) -> list[Page]:
    grouped: dict[str, list[m.ResponseTemplate]] = {c: [] for c in ctx.handbook.rules.categories}
    for t in sorted(ctx.handbook.templates.values(), key=lambda t: (t.title.casefold(), t.id)):
        grouped.setdefault(t.category, []).append(t)
    out = [index_page(ctx, grouped)]
    out += [category_page(ctx, c, ts) for c, ts in grouped.items() if ts]
    return out
