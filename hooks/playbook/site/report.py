"""The report: what needs attention. Warnings, pending approvals, held posts and what could move."""

from __future__ import annotations

from collections import Counter

from .. import approvals as ap
from .. import dates, urls
from .. import model as m
from .context import Context
from .html import e, table
from .page import Doc, Page
from .widgets import moment_html, pending_table, reviews_due, status


def _problem_table(problems) -> str:
    rows = [[f"<code>{e(p.location)}</code>", f"<code>{e(p.rule)}</code>",
             e(p.message) + (f'<br><span class="pb-muted">hint: {e(p.hint)}</span>' if p.hint else "")]
            for p in problems]
    return table(["Where", "Rule", "Problem"], rows)


def page(ctx: Context) -> Page:
    doc = Doc("report.md", "Report")
    hb = ctx.handbook
    upcoming = [p for p in hb.posts if p.publish_at >= ctx.now and p.status.needs_approvals]
    pending_posts = [p for p in upcoming if ctx.approvals(p).pending]
    held = ctx.held_ahead()
    movable = [p for p in held if p.evergreen]
    warnings = ctx.warnings
    reviews = reviews_due(ctx, 30)
    doc.add(f'<p class="pb-meta">As of {e(dates.moment(ctx.local_now))}. The build stops on errors, so everything '
            'here is a warning or a to-do.</p>')
    summary = [("errors", len(ctx.errors), "#errors")] if ctx.errors else []
    summary += [("warnings", len(warnings), "#warnings"), ("posts waiting for approval", len(pending_posts),
                                                          "#pending-approvals"),
               ("held posts", len(held), "#held-posts"), ("evergreen posts that could move", len(movable),
                                                          "#could-move"),
               ("reviews due in 30 days", len(reviews), "#reviews")]
    doc.add('<ul class="pb-summary">' + "".join(
        f'<li><a href="{target}"><strong>{n}</strong> {e(label)}</a></li>' for label, n, target in summary)
        + "</ul>")

    if ctx.errors:  # in the `mkdocs serve` preview, or ones only time passing caused (an expired template)
        doc.h(2, "errors", "Errors")
        if all(p.elapsed for p in ctx.errors):
            doc.add('<div class="admonition warning"><p class="admonition-title">Time ran out</p><p>'
                    'These became errors because a date passed, not because of an edit, so the handbook is '
                    'still published. Fix them soon.</p></div>')
        else:
            doc.add('<div class="admonition danger"><p class="admonition-title">Preview only</p><p>'
                    'This handbook has errors, so <code>make build</code> will not publish it. Fix them '
                    'first.</p></div>')
        doc.add(_problem_table(ctx.errors))

    doc.h(2, "warnings", "Warnings")
    if warnings:
        by_rule = Counter(p.rule for p in warnings)
        doc.add('<p class="pb-muted">' + e(", ".join(f"{n} × {r}" for r, n in sorted(by_rule.items()))) + "</p>")
        doc.add(_problem_table(warnings))
    else:
        doc.add('<p class="pb-empty">No warnings.</p>')

    doc.h(2, "pending-approvals", "Pending approvals")
    doc.add(pending_table(ctx, doc.url, pending_posts) or '<p class="pb-empty">Every upcoming post has the '
                                                               'approvals it needs.</p>')
    others = [i for i in hb.approvable_items() if not isinstance(i, m.Post) and ctx.approvals(i).pending]
    if others:
        doc.h(3, "wording-approvals", "Reply templates and policy chapters")
        rows = []
        for item in others:
            target = (f"{urls.responses_page(item.category)}#{item.id}" if isinstance(item, m.ResponseTemplate)
                      else urls.chapter_page(item.id))
            needs = "; ".join(ap.roles_text(p, ctx.role) for p in ctx.approvals(item).pending)
            rows.append([doc.a(target, item.title), e(needs)])
        doc.add(table(["Item", "Needs"], rows))

    doc.h(2, "held-posts", "Held posts")
    rows = []
    for p in held:
        why = e(p.hold.reason) if p.hold is not None else "status is held"
        rows.append([moment_html(ctx, p.publish_at), f'<a href="{doc.href(urls.post_page(p))}">{e(p.title)}</a> '
                     f'{ctx.icons(p.channels)}', status(p), "evergreen" if p.evergreen else "time-sensitive", why])
    doc.add(table(["When", "Post", "Status", "Kind", "Why"], rows) or '<p class="pb-empty">Nothing is held.</p>')

    doc.h(2, "could-move", "Evergreen posts that could move")
    rows = []
    for p in movable:
        after = moment_html(ctx, p.hold.end) if p.hold is not None else "once released"
        rows.append([moment_html(ctx, p.publish_at), f'<a href="{doc.href(urls.post_page(p))}">{e(p.title)}</a>',
                     ctx.icons(p.channels), after])
    doc.add(table(["Scheduled", "Post", "Channels", "Could go out from"], rows) or
            '<p class="pb-empty">No held evergreen posts.</p>')

    doc.h(2, "reviews", "Reviews due")
    rows = [[e(dates.short_date(d)) + (' <span class="pb-late">overdue</span>' if d < ctx.today else ""), e(kind),
             doc.a(target, item.title), e(ctx.person(item.owner) if isinstance(item, m.PolicyChapter) else "–")]
            for d, kind, target, item in reviews]
    doc.add(table(["Review by", "Kind", "Item", "Owner"], rows) or
            '<p class="pb-empty">No reviews due in the next 30 days.</p>')
    return doc.page(search=False)
