"""The social media policy: one page per chapter, protocols with their team and when they are activated."""

from __future__ import annotations

from .. import dates, urls
from .. import model as m
from .approve_block import acknowledge_block
from .context import Context
from .html import badge, e, facts, table
from .page import Doc, Page
from .sanitize import render_markdown
from .widgets import approval_lines, reach, review_badge

AUDIENCE = {"everyone": ("Everyone", "success"), "practitioners": ("Practitioners", "info")}


def audience_badge(c: m.PolicyChapter) -> str:
    label, kind = AUDIENCE.get(c.audience, (c.audience, "muted"))
    return badge(f"for {label.lower()}", kind)


def _person_cell(ctx: Context, pid: str) -> str:
    person = ctx.handbook.team.people.get(pid)
    if person is None:
        return e(pid)
    roles = ", ".join(ctx.role(r) for r in person.roles)
    ways = reach(person)
    return f'{e(person.name)} <span class="pb-muted">({e(roles)}){" · " + ways if ways else ""}</span>'


SEATS = {"lead": ("Lead", "decides and speaks while it is active"),
         "backup": ("Backup", "leads when the lead cannot be reached")}


def team_table(ctx: Context, team: m.ProtocolTeam) -> str:
    """The protocol's seats with who holds them, their roles and how to reach them (internal pages only)."""
    rows = []
    for seat, pid, _ in team.seated():
        label, what = SEATS.get(seat, ("Member", ""))
        cell = f"<strong>{label}</strong>" + (f'<br><span class="pb-muted">{e(what)}</span>' if what else "")
        needed = " or ".join(ctx.role(r) for r in team.needs(seat))
        asked = f'<br><span class="pb-muted">the seat needs {e(needed)}</span>' if needed else ""
        person = ctx.handbook.team.people.get(pid)
        if person is None:
            rows.append([cell, e(pid), asked, ""])
            continue
        rows.append([cell, e(person.name), e(", ".join(ctx.role(r) for r in person.roles)) + asked,
                     reach(person) or '<span class="pb-late">no phone or contact</span>'])
    out = table(["Seat", "Person", "Roles", "How to reach"], rows)
    if team.roles.get("members"):
        out += (f'<p>Among the members the team needs: {e(", ".join(ctx.role(r) for r in team.roles["members"]))}.'
                "</p>")
    return out


def chapter_page(ctx: Context, c: m.PolicyChapter, public: bool = False) -> Page:
    """``public``: for the public edition, without the owner's contact details, the team, review state or approvals."""
    doc = Doc(urls.chapter_page(c.id).rstrip("/") + ".md", c.title)
    fact_list = [("Version", e(c.version)), ("Effective", e(dates.short_date(c.effective)))]
    if not public:
        kind = badge("protocol", "warning") if c.kind == "protocol" else ""
        doc.add(f'<p class="pb-meta">{audience_badge(c)} {kind} {review_badge(ctx, c.review_by)}</p>')
        fact_list[1:1] = [("Owner", _person_cell(ctx, c.owner))]
        fact_list.append(("Review by", e(dates.short_date(c.review_by)) if c.review_by else "no review date"))
    doc.add(facts(fact_list))
    reserved = {"team", "activation", "approvals", "acknowledgements"}
    if c.kind == "protocol" and not public:
        doc.h(2, "activation", "When it is activated")
        doc.add("<ul>" + "".join(f"<li>{e(a)}</li>" for a in c.activation) + "</ul>" if c.activation else
                '<p class="pb-empty">No activation criteria written.</p>')
        doc.h(2, "team", "Team")
        doc.add(team_table(ctx, c.team) if c.team is not None else '<p class="pb-empty">No team named yet.</p>')
    rendered = render_markdown(c.body, reserved | doc.anchors)
    doc.add(f'<div class="pb-chapter">{rendered.html}</div>')
    for token in rendered.toc:
        doc.toc_entry(token["level"], token["id"], token["name"], token["children"])
        doc.anchors.add(token["id"])
    if not public and (c.approvals or ctx.handbook.rules.policies):
        doc.h(2, "approvals", "Approvals")
        doc.add(approval_lines(ctx, c))
    if not public and (c.acknowledge or c.acknowledgements):
        doc.h(2, "acknowledgements", "Who has read it")
        doc.add(acknowledgements(ctx, c))
    return doc.page()


def _asked_groups(ctx: Context, c: m.PolicyChapter) -> str:
    """'Everyone in the team' or 'Everyone who holds Community or Customer care'."""
    if set(c.acknowledge) & {m.PRACTITIONERS, m.EVERYONE}:
        return "Everyone in the team"
    return "Everyone who holds " + " or ".join(ctx.role(g) for g in c.acknowledge)


def acknowledgements(ctx: Context, c: m.PolicyChapter) -> str:
    """Who is asked to read the chapter, which version each has acknowledged and when, and how to acknowledge."""
    readings = c.readings(ctx.handbook.team)
    on_rota = ctx.handbook.on_rota
    team = c.team_ids
    if not c.acknowledge:
        intro = "This chapter no longer asks anyone to acknowledge it; earlier acknowledgements stay in its file."
    else:
        done = sum(r.current for r in readings)
        intro = (f"{e(_asked_groups(ctx, c))} reads each version and acknowledges it. "
                 f"<strong>{done} of {len(readings)}</strong> have acknowledged version {e(c.version)}; people on "
                 f"the monitoring rota{' or on its team' if team else ''} who have not are warned.")
        if team:
            ready = sum(r.current for r in readings if r.person.id in team)
            intro += f" Of its team, <strong>{ready} of {len(team)}</strong> have read this version."
    rows = []
    for r in readings:
        ack = r.acknowledgement
        if r.current:
            version = f"{e(ack.version)} {badge('current', 'success')}"
        elif ack is not None:
            version = f"{e(ack.version)} {badge('older version', 'warning')}"
        else:
            version = '<span class="pb-late">not yet</span>'
        if r.disputed is not None and not r.current:
            version += ' <span class="pb-muted">(an entry in their name is not verified)</span>'
        when = (f'<time datetime="{dates.iso(ack.at)}">{e(dates.moment(ctx.local(ack.at)))}</time>'
                if ack is not None and ack.at is not None else "–")
        rota = (f' {badge("on the team", "info")}' if r.person.id in team else "") + \
            (f' {badge("on the rota", "info")}' if r.person.id in on_rota else "")
        rows.append([e(r.person.name) + rota, e(", ".join(ctx.role(role) for role in r.person.roles)), version, when])
    table_html = table(["Person", "Role", "Version acknowledged", "When"], rows) if rows else ""
    still = [r.person for r in readings if not r.current]
    return (f'<div class="pb-acknowledgements"><p class="pb-muted">{intro}</p>{table_html}'
            f"{acknowledge_block(ctx, c, still)}</div>")


def index_page(ctx: Context) -> Page:
    doc = Doc("policy/index.md", "Policy")
    doc.add("<p>The social media policy and the protocols the team follows when something happens. Chapters "
            "marked <em>for everyone</em> apply to every employee; the others to the people who run the "
            "accounts.</p>")
    chapters = [c for c in ctx.handbook.chapters.values() if c.kind != "protocol"]
    protocols = [c for c in ctx.handbook.chapters.values() if c.kind == "protocol"]
    for ident, title, items in (("chapters", "Chapters", chapters), ("protocols", "Protocols", protocols)):
        if not items:
            continue
        doc.h(2, ident, title)
        rows = [[doc.a(urls.chapter_page(c.id), c.title), audience_badge(c), e(c.version), e(ctx.person(c.owner)),
                 e(dates.short_date(c.effective)),
                 (e(dates.short_date(c.review_by)) if c.review_by else "–") + " "
                 + review_badge(ctx, c.review_by, dated=False)]
                for c in items]
        doc.add(table(["Chapter", "Audience", "Version", "Owner", "Effective", "Review by"], rows))
    if not chapters and not protocols:
        doc.add('<p class="pb-empty">No policy chapters yet.</p>')
    return doc.page()


def pages(ctx: Context) -> list[Page]:
    return [index_page(ctx)] + [chapter_page(ctx, c) for c in ctx.handbook.chapters.values()]
