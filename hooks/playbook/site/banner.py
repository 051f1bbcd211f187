"""While a hold is in force at build time: the announcement bar on every page, and the home page's lead.

mkdocs-material prints a page's ``announce`` block in its announcement bar.
``overrides/main.html`` fills that block with ``playbook_announce(page)``,
which the hook puts into the theme's Jinja environment (``install``); the
hook adds the overrides folder to the theme's template folders, after a
team's own ``custom_dir`` (docs/reference/site.md). With no hold in force the
block is empty and the theme prints no bar. "Now" is the build's (the last
commit's time, or SOURCE_DATE_EPOCH), so the same commit gives the same bytes.

Reasons come from calendar/quiet.yml and are hostile: everything is escaped.
"""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup

from .. import model as m
from .. import urls
from ..rota import reachable_first
from .context import Context
from .html import e, icon, rel
from .widgets import moment_html, name_to_call, window_end

OVERRIDES = Path(__file__).parent / "overrides"
HOLD_ANCHOR = "hold-in-force"  # the home page's lead section, which the bar links to


def _where(ctx: Context, window: m.QuietWindow) -> str:
    return "all channels" if window.channels is None else ctx.channel_list(window.channels)


def _ask(ctx: Context, window: m.QuietWindow) -> str:
    """Who to ask, each a tap-to-call link: who started it, then whoever else may end holds, those on shift or
    on call now first (rota.yml)."""
    people = [ctx.handbook.team.people[window.started_by]] if window.started_by in ctx.handbook.team.people else []
    people += [p for p in ctx.handbook.hold_keepers() if p.id != window.started_by]
    asked = reachable_first(people, ctx.on_duty(), window.started_by)
    return ", ".join(name_to_call(person, duty) for person, duty in asked) or "the social team"


def announcement(ctx: Context, from_url: str) -> str:
    """The bar's HTML for a page at ``from_url`` ('' for the home page), or '' when no hold is in force."""
    items = []
    for window in ctx.handbook.holds_at(ctx.now):
        held = len(ctx.handbook.held_by(window))
        items.append(
            f'<p class="pb-hold-bar">{icon("held")}<strong>Hold in force</strong> on {_where(ctx, window)} '
            f'since {moment_html(ctx, window.start)}, {window_end(ctx, window)}. '
            f'<span class="pb-hold-reason">{e(window.reason)}</span> '
            f'Ask: {_ask(ctx, window)}. '
            f'<a class="pb-hold-link" href="{e(rel(from_url, "") + "#" + HOLD_ANCHOR)}">'
            f'{held} post{"s" * (held != 1)} held</a></p>')
    return "".join(items)


def lead(ctx: Context, from_url: str) -> str:
    """The home page's first section while a hold is in force: reason, channels, time, the posts it holds."""
    blocks = []
    for window in ctx.handbook.holds_at(ctx.now):
        posts = ctx.handbook.held_by(window)
        rows = "".join(
            f'<li>{moment_html(ctx, p.publish_at)} · <a href="{e(rel(from_url, urls.post_page(p)))}">'
            f'{e(p.title)}</a> {ctx.icons(p.channels)} '
            f'{"evergreen: can move" if p.evergreen else "time-sensitive: cancel, or move and re-approve"}</li>'
            for p in posts)
        started = f" Started by {e(ctx.person(window.started_by))}." if window.started_by else ""
        blocks.append(
            f'<div class="admonition danger pb-hold-lead"><p class="admonition-title">Hold in force: '
            f'{e(window.id)}</p><p>{e(window.reason)}</p>'
            f'<p>On {_where(ctx, window)}, since {moment_html(ctx, window.start)}, {window_end(ctx, window)}.'
            f'{started} Ask: {_ask(ctx, window)}.</p>'
            + (f'<p>It holds:</p><ul class="pb-list">{rows}</ul>' if rows else "<p>It holds no scheduled post.</p>")
            + "</div>")
    if not blocks:
        return ""
    return f'<h2 id="{HOLD_ANCHOR}">Hold in force</h2>' + "".join(blocks)


def install(env, ctx_of) -> None:
    """Give the theme's templates ``playbook_announce(page)``; ``ctx_of()`` is the build's Context."""

    def playbook_announce(page=None) -> Markup:
        url = getattr(page, "url", "") or ""
        return Markup(announcement(ctx_of(), url))

    env.globals["playbook_announce"] = playbook_announce
