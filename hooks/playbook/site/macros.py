"""Macros for hand-written docs/ pages (mkdocs-macros), documented in docs/reference/macros.md.

Every macro returns either plain words with all punctuation as character
references (``inert``), or a block of HTML whose content text is inert: the
output is spliced into Markdown, so a title like ``[x](javascript:...)`` must
not become a link wherever the macro is placed. Macros read the handbook the
hook validated for this build; they never read files themselves.
"""

from __future__ import annotations

import functools
import re
from datetime import timedelta

from mkdocs.exceptions import PluginError

from .. import dates, urls
from .. import model as m
from . import banner, staff, widgets
from .html import inert, rel, spaced
from .sandbox import MAX_OUTPUT
from .state import current

_TEXT_NODE = re.compile(r"(?<=>)[^<]+(?=<)")
_MARKDOWN_PUNCT = re.compile(r"[!-\"$%'-/:<-@\[-`{-~]")  # ASCII punctuation except & # ;


_KEPT_BLOCK = re.compile(r"<!--pb-block (\d+)-->")
_ID = re.compile(r'<[a-z][a-z0-9]*\s[^>]*?(?<=\s)id="([^"]*)"')  # our widgets quote every attribute


def _block(html: str) -> str:
    """A widget's HTML, kept out of Markdown's way: a placeholder comment on a line of its own (the blank
    lines keep Markdown from wrapping it in a paragraph), swapped for the HTML after Markdown and before
    the page is sanitised (``restore_blocks``). Python-Markdown's raw-HTML parser spent a second on the
    dashboard of a busy week; the HTML is ours, built from escaped text, so Markdown had nothing to do."""
    blocks = current().macro_blocks
    blocks.append(f'<div class="pb-macro">\n{spaced(html)}\n</div>')
    return f"\n\n<!--pb-block {len(blocks) - 1}-->\n\n"


def restore_blocks(html: str, page) -> str:
    """A docs/ page's HTML with its macros' blocks in place of their placeholders (``_block``); their ids
    join the page's anchors. A page whose blocks would make it longer than the sandbox lets a template
    write (a macro called in a loop) is refused, as the sandbox refuses such a template."""
    if "<!--pb-block " not in html:
        return html
    blocks = current().macro_blocks
    size, anchors = len(html), set()

    def block(found: re.Match) -> str:
        nonlocal size
        index = int(found.group(1))
        if index >= len(blocks):  # written by hand, not by a macro: left as the comment it is
            return found.group()
        size += len(blocks[index])
        if size > MAX_OUTPUT:
            raise PluginError(f"docs/{page.file.src_uri}: its macros would make the page more than "
                              f"{MAX_OUTPUT:,} characters (see docs/reference/macros.md)")
        anchors.update(_ID.findall(blocks[index]))
        return blocks[index]

    html = _KEPT_BLOCK.sub(block, html)
    page.present_anchor_ids = set(page.present_anchor_ids or ()) | anchors  # as MkDocs finds them in raw HTML
    return html


def define_env(env) -> None:
    """Called by mkdocs-macros once per build, after the hook has validated the handbook."""

    def ctx():
        return current().ctx

    def here() -> str:
        page = getattr(env, "page", None)
        return page.url if page is not None else ""

    def macro(fn):
        return env.macro(_remembered(fn, here))

    @macro
    def respond_within(category: str) -> str:
        """How fast a category of message must be answered, e.g. '1 hour'."""
        targets = ctx().handbook.rules.response_targets
        if category not in targets:
            raise ValueError(f"respond_within: no response target for category {category!r} in policies/rules.yml "
                             f"(known: {', '.join(sorted(targets)) or 'none'})")
        return inert(dates.duration(targets[category]))

    @macro
    def upcoming_posts(days: int = 7) -> str:
        """What goes out from today for ``days`` days, grouped by day."""
        c = ctx()
        posts = c.upcoming(int(days))
        if not posts:
            return _block(f'<p class="pb-empty">Nothing scheduled in the next {int(days)} days.</p>')
        return _block(_inert_agenda(c, here(), posts))

    @macro
    def approvals_due(days: int = 7) -> str:
        """Pending approvals of upcoming posts that fall due within ``days`` days (or are overdue)."""
        c = ctx()
        horizon = c.now + timedelta(days=int(days))
        posts = [p for p in c.handbook.posts if p.publish_at >= c.now and c.needs_approval(p)
                 and any((a.due or p.publish_at) <= horizon for a in c.approvals(p).pending)]
        if not posts:
            return _block(f'<p class="pb-empty">No approvals due in the next {int(days)} days.</p>')
        return _block(_inert_html(widgets.pending_table(c, here(), posts)))

    @macro
    def active_holds(days: int = 14) -> str:
        """Holds and quiet periods active now or starting within ``days`` days, and the posts they hold."""
        c = ctx()
        windows = widgets.current_windows(c, int(days))
        held = c.held_ahead()
        parts = []
        if windows:
            parts.append(widgets.windows_list(c, windows))
        if held:
            target = rel(here(), "report/#held-posts")
            parts.append(f'<p>{len(held)} post{"s" * (len(held) != 1)} held: '
                         f'<a href="{target}">see the report</a>.</p>')
        if not parts:
            return _block('<p class="pb-empty">No holds or quiet periods now or in the next '
                          f'{int(days)} days.</p>')
        return _block(_inert_html("\n".join(parts)))

    @macro
    def hold_in_force() -> str:
        """While a hold is in force: its reason, channels and times, who to ask, and the posts it holds
        (links to them); nothing at all otherwise. The home page leads with it."""
        html = banner.lead(ctx(), here())
        return _block(_inert_html(html)) if html else ""

    @macro
    def reviews_due(days: int = 30) -> str:
        """Reply templates and policy chapters whose review date falls within ``days`` days, or has passed."""
        c = ctx()
        items = widgets.reviews_due(c, int(days))
        if not items:
            return _block(f'<p class="pb-empty">No reviews due in the next {int(days)} days.</p>')
        rows = []
        for d, kind, target, item in items:
            late = ' <span class="pb-late">overdue</span>' if d < c.today else ""
            rows.append(f'<li><time datetime="{dates.iso(d)}">{inert(dates.short_date(d))}</time>{late} · '
                        f'{inert(kind)}: <a href="{rel(here(), target)}">{inert(item.title)}</a></li>')
        return _block('<ul class="pb-list">' + "".join(rows) + "</ul>")

    @macro
    def policy_chapters(audience: str | None = None) -> str:
        """The policy chapters (not protocols), optionally only those for ``audience`` (everyone, practitioners)."""
        if audience is not None and audience not in m.AUDIENCES:
            raise ValueError(f"policy_chapters: audience is one of {', '.join(m.AUDIENCES)}, not {audience!r}")
        return _block(_inert_html(staff.policy_chapters(ctx(), here(), audience)))

    @macro
    def answer_guide() -> str:
        """The response playbook by situation: how fast, who may answer, where the approved wording is."""
        return _block(_inert_html(staff.answer_guide(ctx(), here())))

    @macro
    def who_to_tell() -> str:
        """Who to tell about what: escalation routes of the reply templates, protocols and chapter owners."""
        return _block(_inert_html(staff.who_to_tell(ctx(), here())))

    @macro
    def team(role: str | None = None) -> str:
        """The people of policies/team.yml (optionally only those holding ``role``)."""
        c = ctx()
        if role is not None and role != m.EVERYONE and role not in c.handbook.team.roles:
            raise ValueError(f"team: no role {role!r} in policies/team.yml")
        return _block(_inert_html(widgets.team_table(c, role)))

    @macro
    def person(person_id: str) -> str:
        """A person's name."""
        people = ctx().handbook.team.people
        if person_id not in people:
            raise ValueError(f"person: no person {person_id!r} in policies/team.yml")
        return inert(people[person_id].name)

    @macro
    def channel(channel_id: str) -> str:
        """A channel's icon and name."""
        c = ctx()
        if channel_id not in c.handbook.channels:
            raise ValueError(f"channel: no channel {channel_id!r} in calendar/channels.yml")
        return f'<span class="pb-named">{c.icon(channel_id)}&nbsp;{inert(c.channel_name(channel_id))}</span>'

    @macro
    def feed_url(kind: str = "all", ident: str | None = None) -> str:
        """The https address of a calendar feed: kind all, deadlines, campaign or channel."""
        if kind not in ("all", "deadlines", "campaign", "channel"):
            raise ValueError("feed_url: kind is all, deadlines, campaign or channel")
        return inert(ctx().handbook.settings.site_url + urls.feed_file(kind, ident))

    @macro
    def handbook_name() -> str:
        """The handbook's name from calendar/settings.yml."""
        return inert(ctx().handbook.settings.site_name)

    @macro
    def today() -> str:
        """Today's date in the handbook's time zone (the build's reference time)."""
        return inert(dates.day(ctx().today))


def _remembered(fn, here):
    """``fn`` answering a call it has answered before in this build, on the same page, from memory.

    `mkdocs build` renders every docs/ page's macros twice (once before the site folder is cleaned, so a
    failing macro stops the build early; again while writing, see hook.prerender), and a macro's answer
    depends only on the build's handbook, the page and the arguments. A call with arguments that cannot
    be remembered (a list, say) is simply answered again.
    """
    @functools.wraps(fn)
    def remembered(*args, **kwargs):
        key = (fn.__name__, here(), args, tuple(sorted(kwargs.items())))
        try:
            answers = current().macro_answers
            if key in answers:
                return answers[key]
        except TypeError:  # unhashable arguments
            return fn(*args, **kwargs)
        answers[key] = answer = fn(*args, **kwargs)
        return answer
    return remembered


def _inert_html(html: str) -> str:
    """Make the text nodes of widget HTML inert for Markdown (tags and attributes are ours and kept).

    Widget text is already HTML-escaped, so '&', '#' and ';' (character references) stay as they are.
    """
    return _TEXT_NODE.sub(lambda node: _MARKDOWN_PUNCT.sub(lambda c: f"&#{ord(c.group())};", node.group()), html)


def _inert_agenda(c, from_url: str, posts: list) -> str:
    return _inert_html(widgets.agenda(c, from_url, posts))
