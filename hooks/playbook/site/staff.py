"""What every employee needs from the home page: the policy, how to answer someone, who to tell about what.

Each function returns escaped HTML for one macro (site/macros.py); everything is read from the policy's own
files: chapters and protocols (policies/*.md), the people and roles (policies/team.yml), the reply
templates' categories, targets, who may send them and their escalation routes (content/responses/).
"""

from __future__ import annotations

from .. import dates, urls
from .. import model as m
from .context import Context
from .html import e, rel, table
from .responses import CATEGORY_BLURB, category_title
from .widgets import reach


def contact(ctx: Context, person_id: str, note: str = "") -> str:
    """A person's name, what they are to this row, and how to reach them (email and phone as links)."""
    person = ctx.handbook.team.people.get(person_id)
    if person is None:
        return e(person_id)
    extra = f' <span class="pb-muted">({e(note)})</span>' if note else ""
    ways = reach(person)
    return f"{e(person.name)}{extra}" + (f" · {ways}" if ways else "")


def policy_chapters(ctx: Context, from_url: str, audience: str | None = None) -> str:
    chapters = [c for c in ctx.handbook.chapters.values()
                if c.kind != "protocol" and (audience is None or c.audience == audience)]
    if not chapters:
        return '<p class="pb-empty">No policy chapter is published yet.</p>'
    items = "".join(
        f'<li><a class="pb-title" href="{e(rel(from_url, urls.chapter_page(c.id)))}">{e(c.title)}</a> '
        f'<span class="pb-muted">version {e(c.version)}, in effect since {e(dates.short_date(c.effective))}; '
        f'questions to {e(ctx.person(c.owner))}</span></li>' for c in chapters)
    return f'<ul class="pb-list pb-chapters">{items}</ul>'


def answer_guide(ctx: Context, from_url: str) -> str:
    """The response playbook by situation: what kind of message, how fast, who may answer, where the words are."""
    hb = ctx.handbook
    by_category: dict[str, list[m.ResponseTemplate]] = {}
    for t in hb.templates.values():
        by_category.setdefault(t.category, []).append(t)
    rows = []
    for category in list(hb.rules.categories) + sorted(set(by_category) - set(hb.rules.categories)):
        templates = by_category.get(category, [])
        target = hb.rules.response_targets.get(category)
        senders = sorted({t.who_may_send for t in templates}, key=lambda r: (r != m.EVERYONE, r))
        who = ", ".join("anyone on the front line" if r == m.EVERYONE else ctx.role(r) for r in senders)
        words = (f'<a href="{e(rel(from_url, urls.responses_page(category)))}">{len(templates)} approved '
                 f'repl{"ies" if len(templates) != 1 else "y"}</a>') if templates else "no approved reply yet"
        situation = CATEGORY_BLURB.get(category, "")
        rows.append([f"<strong>{e(category_title(category))}</strong>"
                     + (f'<br><span class="pb-muted">{e(situation)}</span>' if situation else ""),
                     e(dates.duration(target)) if target else "–", e(who or "the social team"), words])
    return table(["Situation", "Answer within", "Who may answer", "Wording"], rows)


def who_to_tell(ctx: Context, from_url: str) -> str:
    """Escalation and routing: every team or role a reply template escalates to, with when, and every protocol
    with its lead; then who answers questions about each chapter for everyone."""
    hb = ctx.handbook
    whens: dict[str, list[str]] = {}
    for t in sorted(hb.templates.values(), key=lambda t: t.title.casefold()):
        if t.escalate_to is not None:
            found = whens.setdefault(t.escalate_to.to, [])
            if t.escalate_to.when and t.escalate_to.when not in found:
                found.append(t.escalate_to.when)
    for c in hb.chapters.values():
        if c.kind == "protocol":
            whens.setdefault(c.id, [])
    rows = []
    for target, conditions in whens.items():
        chapter = hb.chapters.get(target)
        if chapter is not None:
            name = f'<a href="{e(rel(from_url, urls.chapter_page(target)))}">{e(chapter.title)}</a>'
            about = [e(a) for a in chapter.activation[:3]]
            if len(chapter.activation) > 3:
                about.append(f'<a href="{e(rel(from_url, urls.chapter_page(target) + "#activation"))}">'
                             f'{len(chapter.activation) - 3} more reasons to activate it</a>')
            conditions = []  # a template's "when" for a protocol repeats its activation in other words
            people = []
            if chapter.team is not None:
                people = [contact(ctx, chapter.team.lead, "lead")]
                if chapter.team.backup:
                    people.append(contact(ctx, chapter.team.backup, "backup"))
        else:
            role = hb.team.roles.get(target)
            name = f"<strong>{e(ctx.role(target))}</strong>"
            about = [e(role.description)] if role is not None and role.description else []
            people = [contact(ctx, p.id) for p in hb.team.holders(target)]
        about += [e(w) for w in conditions]
        rows.append([name, "<ul>" + "".join(f"<li>{a}</li>" for a in about) + "</ul>" if about else "–",
                     "<br>".join(people) or "nobody holds this role yet"])
    for c in hb.chapters.values():
        if c.kind != "protocol" and c.audience == m.EVERYONE:
            rows.append([f'<a href="{e(rel(from_url, urls.chapter_page(c.id)))}">{e(c.title)}</a>',
                         "Questions about the policy, or something it does not cover",
                         contact(ctx, c.owner, "owner")])
    if not rows:
        return '<p class="pb-empty">No escalation routes are written yet.</p>'
    return f'<div class="pb-routing">{table(["Tell", "About", "How to reach"], rows)}</div>'
