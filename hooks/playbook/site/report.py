"""The report: what needs attention. Warnings, pending approvals, held posts and what could move."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from .. import approvals as ap
from .. import dates, urls
from .. import model as m
from .approve_block import approve_block, verification_summary
from .context import Context
from .html import e, table
from .page import Doc, Page
from .widgets import moment_html, reviews_due, status


def _problem_table(problems) -> str:
    """The problem in words first; where it is and the rule id are detail for whoever edits the file."""
    rows = [[e(p.message) + (f'<br><span class="pb-muted">How to fix: {e(p.hint)}</span>' if p.hint else ""),
             f'<code class="pb-detail">{e(p.location)}</code>', f'<code class="pb-detail">{e(p.rule)}</code>']
            for p in problems]
    return table(["Problem", "File", "Rule"], rows)


@dataclass
class Task:
    """One approval one person can give: the unit the report lists (and a copy block can be added to)."""

    person: m.Person
    item: object  # Post | ResponseTemplate | PolicyChapter
    pending: ap.PendingApproval
    roles: list[str]  # the roles of the step this person holds
    due: datetime | None

    @property
    def others(self) -> list[m.Person]:
        """Who else could give this approval instead (an "any" step)."""
        return [p for p in self.pending.holders if p.id != self.person.id] if self.pending.step.mode == "any" else []


def tasks_by_person(ctx: Context, items: list) -> list[tuple[m.Person, list[Task]]]:
    """Every pending approval of ``items`` as a task for each person who can give it; people whose first task
    is due soonest first, each person's tasks soonest first (undated wording approvals last)."""
    tasks: dict[str, list[Task]] = {}
    for item in items:
        for pending in ctx.approvals(item).pending:
            due = pending.due or (item.publish_at if isinstance(item, m.Post) else None)
            for person in pending.holders:
                roles = [r for r in pending.roles if r in person.roles or r == m.EVERYONE]
                tasks.setdefault(person.id, []).append(Task(person, item, pending, roles, due))
    grouped = [(ts[0].person, sorted(ts, key=_task_order)) for ts in tasks.values()]
    return sorted(grouped, key=lambda g: (_task_order(g[1][0]), g[0].name.casefold()))


_NEVER = datetime.max.replace(tzinfo=timezone.utc)
_KIND_ORDER = {m.Post: 0, m.ResponseTemplate: 1, m.PolicyChapter: 2}


def _task_order(task: Task) -> tuple:
    """Soonest due first; wording approvals (no date) after posts; then by title."""
    return task.due or _NEVER, _KIND_ORDER.get(type(task.item), 3), task.item.title.casefold()


def _item_target(item) -> str:
    if isinstance(item, m.Post):
        return urls.post_page(item)
    if isinstance(item, m.ResponseTemplate):
        return f"{urls.responses_page(item.category)}#{item.id}"
    return urls.chapter_page(item.id)


# Tasks due within this many days (or overdue, or undated) are listed with why, the command and the entry to
# paste; later ones are counted per campaign, linking to its schedule, whose cards have the same box. A team
# that plans a year ahead has thousands of pending approvals: one line each still made this page 18 MB.
DETAIL_DAYS = 30


def task_html(ctx: Context, doc: Doc, task: Task, detailed: bool = True) -> str:
    """'Approve <post> as Legal by Sat 28 Nov 2026, 12:00 EST', then (``detailed``) why, who else could,
    the file, the command and the entry to paste."""
    item = task.item
    kind = {m.Post: "", m.ResponseTemplate: "the reply template ", m.PolicyChapter: "the policy chapter "}
    roles = " and ".join(ctx.role(r) for r in task.roles)
    when = ""
    if task.due is not None:
        late = task.due < ctx.now
        when = (f' {"was due" if late else "by"} <time datetime="{dates.iso(task.due)}">'
                f'{e(dates.moment(ctx.local(task.due)))}</time>'
                + (' <span class="pb-late">overdue</span>' if late else
                   f' <span class="pb-muted">({e(dates.relative_days(ctx.local(task.due).date(), ctx.today))})</span>'))
    icons = f" {ctx.icons(item.channels)}" if isinstance(item, m.Post) else ""
    what = (f'<span class="pb-todo-what">Approve {kind.get(type(item), "")}'
            f'{doc.a(_item_target(item), item.title)}{icons} as <strong>{e(roles)}</strong>{when}</span>')
    if not detailed:
        return f'<li class="pb-todo pb-todo-later">{what}</li>'
    why = ap.step_reason_in_words(ctx.handbook, task.pending.step)
    others = (f" {e(', '.join(p.name for p in task.others))} can give it instead." if task.others else "")
    if task.pending.step.mode == "all" and len(task.pending.roles) > 1:  # the others are needed as well
        others = f" Needs {e(ap.roles_text(task.pending, ctx.role))}; this is your part."
    path = item.source.path if item.source is not None else ""
    role = f" --role {task.roles[0]}" if len(task.roles) == 1 and len(task.person.roles) > 1 else ""
    detail = (f'<span class="pb-detail">Why: {e(why)}.{others} Record it with '
              f'<code>playbook approve {e(path)} --by {e(task.person.id)}{e(role)}</code></span>')
    return f'<li class="pb-todo">{what}{detail}{approve_block(ctx, item, task.pending, [task.person])}</li>'


def later_html(ctx: Context, doc: Doc, tasks: list[Task]) -> str:
    """Tasks due after DETAIL_DAYS (posts: only they have a due date), one line per campaign and roles, soonest
    first: 'Spring launch: 42 posts to approve as Legal, due 3 Mar – 28 Mar 2027' linking to the campaign's
    schedule; a campaign with one such task gets the task's own line, linking to the post's card."""
    by_campaign: dict[tuple[str, tuple[str, ...]], list[Task]] = {}
    for task in tasks:
        by_campaign.setdefault((task.item.campaign, tuple(task.roles)), []).append(task)
    lines = []
    for (campaign, roles), group in by_campaign.items():
        if len(group) == 1:
            lines.append(task_html(ctx, doc, group[0], detailed=False))
            continue
        first, last = ctx.local(group[0].due).date(), ctx.local(group[-1].due).date()  # tasks are soonest first
        title = ctx.handbook.campaign_title(campaign)
        lines.append(f'<li class="pb-todo pb-todo-later"><span class="pb-todo-what">'
                     f'{doc.a(urls.campaign_page(campaign) + "#schedule", title)}: {len(group)} posts to approve as '
                     f'<strong>{e(" and ".join(ctx.role(r) for r in roles))}</strong>, due '
                     f'{e(dates.window(first, last))}</span></li>')
    return "".join(lines)


def todo_section(ctx: Context, doc: Doc, items: list) -> None:
    """Pending approvals in the approvers' words: one list per person, soonest deadline first."""
    groups = tasks_by_person(ctx, items)
    if not groups:
        doc.add('<p class="pb-empty">Nobody has an approval to give: every upcoming post, reply template and '
                'policy chapter has the approvals it needs.</p>')
        return
    later = ctx.now + timedelta(days=DETAIL_DAYS)
    if any(t.due is not None and t.due >= later for _, tasks in groups for t in tasks):
        doc.add(f'<p class="pb-muted">Approvals due in the next {DETAIL_DAYS} days show why, the command and the '
                "entry to paste; later ones are counted per campaign, with a link to its schedule, where each "
                "post's card has the same.</p>")
    for person, tasks in groups:
        first = next((t.due for t in tasks if t.due is not None), None)
        lead = (f" · first by {e(dates.moment(ctx.local(first)))}" if first is not None else "")
        roles = ", ".join(ctx.role(r) for r in person.roles)
        doc.h(3, f"todo-{person.id}", person.name,
              after=f' <span class="pb-muted pb-todo-count">{e(roles)} · {len(tasks)} to approve{lead}</span>',
              toc=True)
        soon, ahead = [], []
        for task in tasks:
            (soon if task.due is None or task.due < later else ahead).append(task)
        if soon:
            doc.add('<ul class="pb-todos">' + "".join(task_html(ctx, doc, t) for t in soon) + "</ul>")
        if ahead:
            doc.add(f'<p class="pb-label pb-todo-ahead">Due in more than {DETAIL_DAYS} days</p>'
                    f'<ul class="pb-todos">{later_html(ctx, doc, ahead)}</ul>')


def to_read(ctx: Context) -> dict[str, list[tuple[m.PolicyChapter, m.Reading]]]:
    """Open acknowledgements per person id, in team.yml order; each person's chapters in navigation order."""
    hb = ctx.handbook
    found: dict[str, list[tuple[m.PolicyChapter, m.Reading]]] = {}
    for chapter in hb.chapters.values():
        if chapter.acknowledge and chapter.version:
            for reading in chapter.readings(hb.team):
                if not reading.current:
                    found.setdefault(reading.person.id, []).append((chapter, reading))
    return {pid: found[pid] for pid in hb.team.people if pid in found}


def to_read_table(ctx: Context, doc: Doc, reading: dict[str, list[tuple[m.PolicyChapter, m.Reading]]]) -> str:
    on_rota = ctx.handbook.on_rota
    rows = []
    for pid, chapters in reading.items():
        person = ctx.handbook.team.people[pid]
        who = e(person.name) + (' <span class="pb-muted">(on the rota)</span>' if pid in on_rota else "")
        for chapter, r in chapters:
            ack = r.acknowledgement
            state = (f"read {e(ack.version)}, current is {e(chapter.version)}" if ack is not None else
                     f'<span class="pb-late">not yet</span> (version {e(chapter.version)})')
            rows.append([who, doc.a(urls.chapter_page(chapter.id) + "#acknowledgements", chapter.title), state,
                         f"<code>playbook acknowledge {e(chapter.source.path)} --by {e(pid)} --commit</code>"])
    return table(["Person", "Chapter", "Acknowledged", "Record it with"], rows)


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
    # (count, one, many, target): "1 reviews due" reads as a bug to someone who opens the page once a year
    summary = [(len(ctx.errors), "error", "errors", "#errors")] if ctx.errors else []
    people = len({p.id for item in pending_posts for pa in ctx.approvals(item).pending for p in pa.holders})
    reading = to_read(ctx)
    summary += [(len(pending_posts), "post waiting for approval", "posts waiting for approval", "#pending-approvals"),
                (people, "person with approvals to give", "people with approvals to give", "#pending-approvals"),
                (len(warnings), "warning", "warnings", "#warnings"),
                (len(held), "held post", "held posts", "#held-posts"),
                (len(movable), "evergreen post that could move", "evergreen posts that could move", "#could-move"),
                (len(reviews), "review due in 30 days", "reviews due in 30 days", "#reviews")]
    asking = any(c.acknowledge for c in hb.chapters.values())  # the line would be noise where none asks
    if asking:
        summary.insert(2, (len(reading), "person with a policy chapter to read", "people with policy chapters to read",
                           "#to-read"))
    doc.add('<ul class="pb-summary">' + "".join(
        f'<li><a href="{target}"><strong>{n}</strong> {e(one if n == 1 else many)}</a></li>'
        for n, one, many, target in summary)
        + "</ul>")

    doc.h(2, "pending-approvals", "Approvals to give")
    doc.add('<p class="pb-muted">Who must approve what, and by when. Each line says what to check and the '
            'command that records the approval; the approval is bound to the text, so approve the final '
            'wording.</p>')
    doc.add(verification_summary(ctx))
    others = [i for i in hb.approvable_items() if not isinstance(i, m.Post) and ctx.approvals(i).pending]
    todo_section(ctx, doc, pending_posts + others)

    if asking:
        doc.h(2, "to-read", "Policy chapters to read")
        doc.add('<p class="pb-muted">Chapters that ask these people to acknowledge their current version. People '
                "on the monitoring rota are warned (policy.unacknowledged) until they have.</p>")
        doc.add(to_read_table(ctx, doc, reading) or
                '<p class="pb-empty">Everyone asked has acknowledged the current version of every chapter.</p>')

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

    doc.h(2, "held-posts", "Held posts")
    rows = []
    for p in held:
        why = "<br>".join(f"<strong>{e(w.id)}</strong>: {e(w.reason)}" for w in p.holds) or "status is held"
        rows.append([moment_html(ctx, p.publish_at), f'<a href="{doc.href(urls.post_page(p))}">{e(p.title)}</a> '
                     f'{ctx.icons(p.channels)}', status(p), "evergreen" if p.evergreen else "time-sensitive", why])
    doc.add(table(["When", "Post", "Status", "Kind", "Why"], rows) or '<p class="pb-empty">Nothing is held.</p>')

    doc.h(2, "could-move", "Evergreen posts that could move")
    rows = []
    for p in movable:
        after = moment_html(ctx, p.hold.end) if p.hold is not None and p.hold.end is not None else "once released"
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
