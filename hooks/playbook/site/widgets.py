"""Fragments shared by several pages and by the macros: status badges, post lines, approvals, holds."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from .. import approvals as ap
from .. import dates, urls
from .. import model as m
from .approve_block import approve_block
from .context import Context
from .html import badge, e, icon, rel, table


def status(post: m.Post, now: datetime | None = None) -> str:
    """Status badge, plus a 'held' marker when a hold window holds a post whose status says otherwise, and,
    given the build's ``now``, a 'time passed' marker on a post still waiting to go out after its time."""
    html = f'<span class="pb-status pb-st-{post.status}">{e(post.status.label)}</span>'
    if post.held_by_window:
        html += (f' <span class="pb-status pb-st-held" title="{e(post.hold.reason)}">'
                 f'{icon("held")}held</span>')
    elif now is not None and post.status.needs_approvals and not post.is_held and post.publish_at < now:
        html += (' <span class="pb-status pb-st-missed" title="Its time has passed and it is not marked '
                 'published: publish it, mark it published, or move it.">time passed</span>')
    return html


def marks(post: m.Post) -> str:
    """CSS classes for a post line: status colour, held, cancelled."""
    classes = f"pb-st-{post.status}"
    if post.is_held:
        classes += " pb-held"
    if post.status is m.PostStatus.CANCELLED:
        classes += " pb-cancelled"
    return classes


def post_line(ctx: Context, from_url: str, post: m.Post, *, with_day: bool = False, anchor: bool = False,
              campaign: bool = True) -> str:
    """One post in an agenda: time, channel icons, title linked to its card, campaign, status."""
    when = ctx.local(post.publish_at)
    label = dates.moment(when, year=False) if with_day else f"{dates.clock(when)}"
    ident = f' id="{post.anchor}"' if anchor else ""
    extra = ""
    if campaign:
        extra = (f'<a class="pb-muted" href="{e(rel(from_url, urls.campaign_page(post.campaign)))}">'
                 f'{e(ctx.handbook.campaign_title(post.campaign))}</a> · ')
    return (f'<li class="pb-item {marks(post)}"{ident}><time datetime="{dates.iso(when)}">{e(label)}</time> '
            f'<span class="pb-chs">{ctx.icons(post.channels)}</span>'
            f'<span class="pb-what"><a class="pb-title" href="{e(rel(from_url, urls.post_page(post)))}">'
            f'{e(post.title)}</a> <span class="pb-sub">{extra}{status(post, ctx.now)}</span></span></li>')


def agenda(ctx: Context, from_url: str, posts: list[m.Post], *, anchors: bool = False,
           heading_level: int = 0, doc=None) -> str:
    """Posts grouped by local day. With ``doc`` and ``heading_level`` each day is a heading in the page's toc."""
    out, current, items = [], None, []

    def flush():
        if current is not None:
            label = dates.day(current)
            if doc is not None and heading_level:
                ident = urls.day_anchor(current)
                doc.anchors.add(ident)
                doc.toc_entry(heading_level, ident, e(label))
                out.append(f'<h{heading_level} id="{ident}" class="pb-day">{e(label)}</h{heading_level}>')
            else:
                out.append(f'<p class="pb-day"><strong>{e(label)}</strong> '
                           f'<span class="pb-muted">{e(dates.relative_days(current, ctx.today))}</span></p>')
            out.append('<ul class="pb-agenda">' + "".join(items) + "</ul>")

    for post in posts:
        d = ctx.local(post.publish_at).date()
        if d != current:
            flush()
            current, items = d, []
        items.append(post_line(ctx, from_url, post, anchor=anchors))
    flush()
    return "\n".join(out)


def approval_lines(ctx: Context, item) -> str:
    """Every recorded approval (who, role, when, whether it counts) and every missing step."""
    view = ctx.approvals(item)
    rows = []
    for line in view.lines:
        a = line.approval
        kind = {"valid": "ok", "stale": "stale"}.get(line.state, "stale")
        when = (f', <time datetime="{dates.iso(a.at)}">{e(dates.moment(ctx.local(a.at)))}</time>' if a.at
                else ", time not recorded")
        rows.append(
            f'<li class="pb-appr pb-appr-{line.state}">{icon(kind)}<strong>{e(ctx.person(a.by))}</strong> '
            f'as {e(ctx.role(a.role))}{when} <span class="pb-muted">({e(line.note)})</span></li>')
    for pending in view.pending:
        roles = ap.roles_text(pending, ctx.role)
        due = ""
        if pending.due is not None:
            late = " pb-late" if pending.due < ctx.now else ""
            due = (f' <span class="pb-due{late}">due <time datetime="{dates.iso(pending.due)}">'
                   f'{e(dates.moment(ctx.local(pending.due)))}</time></span>')
        who = ", ".join(p.name for p in pending.holders) or "nobody holds this role"
        why = ap.step_reason_in_words(ctx.handbook, pending.step)
        rows.append(f'<li class="pb-appr pb-appr-missing">{icon("missing")}<strong>Missing:</strong> '
                    f'{e(roles)}{due} <span class="pb-muted">({e(why)}; can approve: '
                    f'{e(who)})</span>{approve_block(ctx, item, pending)}</li>')
    if not rows:
        return '<p class="pb-muted">No approval needed.</p>'
    return '<ul class="pb-approvals">' + "".join(rows) + "</ul>"


def pending_table(ctx: Context, from_url: str, posts: list[m.Post]) -> str:
    """Pending approvals of the given posts, soonest due first."""
    rows = []
    for post in posts:
        for pending in ctx.approvals(post).pending:
            rows.append((pending.due or post.publish_at, post, pending))
    rows.sort(key=lambda r: (r[0], r[1].id))
    body = []
    for due, post, pending in rows:
        late = ' class="pb-late"' if due < ctx.now else ""
        body.append([
            f'<time datetime="{dates.iso(due)}"{late}>{e(dates.moment(ctx.local(due)))}</time>',
            f'<a href="{e(rel(from_url, urls.post_page(post)))}">{e(post.title)}</a> {ctx.icons(post.channels)}',
            e(ap.roles_text(pending, ctx.role)) + approve_block(ctx, post, pending),
            e(", ".join(p.name for p in pending.holders) or "nobody"),
        ])
    return table(["Due", "Post", "Needs", "Who can approve"], body)


def windows_list(ctx: Context, windows: list[m.QuietWindow]) -> str:
    """Holds and quiet periods, those in force first, then by start; each 'since <start>, until <end>'."""
    items = []
    for w in m.in_force_first(windows, ctx.now):
        active = w.active_at(ctx.now)
        kind = "Hold" if w.kind == "hold" else "Quiet period"
        chans = "all channels" if w.channels is None else ctx.channel_list(w.channels)
        state = badge("now", "danger") if active else badge(dates.relative_days(ctx.local(w.start).date(),
                                                                               ctx.today), "info")
        items.append(
            f'<li class="pb-window pb-window-{w.kind}">{icon("held" if w.kind == "hold" else "quiet")}'
            f'<strong>{kind}</strong> {state} {"since" if active else "from"} {moment_html(ctx, w.start)}, '
            f'{window_end(ctx, w)} on {chans}<br>{e(w.reason)}</li>')
    return '<ul class="pb-windows">' + "".join(items) + "</ul>" if items else ""


def window_end(ctx: Context, w: m.QuietWindow) -> str:
    """'until <the exclusive end>' as dates.until writes it, the end a <time>; 'until lifted' for an open hold."""
    if w.end is None:
        return e(dates.UNTIL_LIFTED)
    return "until " + moment_html(ctx, w.end)


def current_windows(ctx: Context, ahead_days: int = 14) -> list[m.QuietWindow]:
    """Windows active now or starting within ``ahead_days``."""
    horizon = ctx.now + timedelta(days=ahead_days)
    return [w for w in ctx.handbook.quiet if w.overlaps(ctx.now, horizon)]


def reviews_due(ctx: Context, days: int) -> list[tuple[date, str, str, object]]:
    """(review date, kind, target url, item) for templates and chapters due within ``days`` or overdue."""
    limit = ctx.today + timedelta(days=days)
    out = []
    for t in ctx.handbook.templates.values():
        if t.review_by and t.review_by <= limit:
            out.append((t.review_by, "Reply template", f"{urls.responses_page(t.category)}#{t.id}", t))
    for c in ctx.handbook.chapters.values():
        if c.review_by and c.review_by <= limit:
            kind = "Protocol" if c.kind == "protocol" else "Policy chapter"
            out.append((c.review_by, kind, urls.chapter_page(c.id), c))
    out.sort(key=lambda r: (r[0], r[3].id))
    return out


def review_badge(ctx: Context, review_by: date | None, soon_days: int = 30, dated: bool = True) -> str:
    """'review due 15 Dec 2026'; beside the date in a table (``dated=False``) just 'review due': the badge
    does not wrap, and the date twice pushed the policy table wider than the page."""
    if review_by is None:
        return ""
    when = f" {dates.short_date(review_by)}" if dated else ""
    if review_by < ctx.today:
        return badge(f"review overdue{' since' + when if dated else ''}", "danger")
    if review_by <= ctx.today + timedelta(days=soon_days):
        return badge(f"review due{when}", "warning")
    return ""


def people_list(ctx: Context, ids: list[str]) -> str:
    return ", ".join(e(ctx.person(p)) for p in ids) or "nobody"


def team_table(ctx: Context, role: str | None = None) -> str:
    rows = []
    for person in ctx.handbook.team.people.values():
        if role and role != m.EVERYONE and role not in person.roles:
            continue
        zone = person.timezone.key if person.timezone else ""
        rows.append([e(person.name), e(", ".join(ctx.role(r) for r in person.roles)), reach(person), e(zone)])
    return table(["Name", "Roles", "How to reach", "Time zone"], rows)


def email_ok(address: str) -> bool:
    local, at, domain = address.partition("@")
    return bool(at and local and "." in domain and not any(c in address for c in ' <>"\'\\:/?#'))


def dial(phone: str) -> str:
    """A tel: link's target: team.yml accepts digits, spaces, dots, dashes and brackets; a dialler wants the digits."""
    return "tel:" + ("+" if phone.startswith("+") else "") + "".join(c for c in phone if c.isdigit())


def name_to_call(person: m.Person, duty: str = "") -> str:
    """Their name, a tap-to-call link when team.yml has a phone (the contact as its tooltip), and their duty now."""
    title = f' title="{e(person.contact)}"' if person.contact else ""
    name = (f'<a class="pb-call" href="{dial(person.phone)}"{title}>{e(person.name)}</a>' if person.phone
            else f"<span{title}>{e(person.name)}</span>")
    return name + (f' <span class="pb-duty">({e(duty)} now)</span>' if duty else "")


def reach(person: m.Person) -> str:
    """How to reach someone: email and phone as links, then their other contact as text (internal pages only:
    the public edition never shows people)."""
    parts = []
    if email_ok(person.email):
        parts.append(f'<a href="mailto:{e(person.email)}">{e(person.email)}</a>')
    if person.phone:
        parts.append(f'<a href="{dial(person.phone)}">{e(person.phone)}</a>')
    if person.contact:
        parts.append(e(person.contact))
    return " · ".join(parts)


def moment_html(ctx: Context, when: datetime, year: bool = True) -> str:
    return f'<time datetime="{dates.iso(when)}">{e(dates.moment(ctx.local(when), year))}</time>'
