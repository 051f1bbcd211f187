"""Subscribe: every calendar feed with webcal:// and https links, and how to add it in each calendar app."""

from __future__ import annotations

from .context import Context
from .html import e
from .page import Doc, Page

STEPS = [
    ("Google Calendar", "https", [
        "On a computer, open Google Calendar (the app on a phone cannot add subscriptions).",
        "Next to <strong>Other calendars</strong>, choose <strong>+</strong> then <strong>From URL</strong>.",
        "Paste the <strong>https</strong> link of the feed and choose <strong>Add calendar</strong>.",
        "Google refreshes subscribed calendars every few hours; changes here show up with that delay.",
    ]),
    ("Apple Calendar", "webcal", [
        "On iPhone or iPad, tap the <strong>webcal</strong> link and confirm <strong>Subscribe</strong>.",
        "On a Mac, open Calendar, choose <strong>File → New Calendar Subscription</strong>, paste the "
        "<strong>webcal</strong> link and choose <strong>Subscribe</strong>.",
        "Set <strong>Auto-refresh</strong> to every hour or every day.",
    ]),
    ("Outlook", "https", [
        "In Outlook on the web or the new Outlook, open the calendar and choose <strong>Add calendar</strong>.",
        "Choose <strong>Subscribe from web</strong>, paste the <strong>https</strong> link, give it a name "
        "and choose <strong>Import</strong>.",
        "In classic Outlook for Windows: <strong>Add Calendar → From Internet</strong>, paste the link.",
    ]),
]


def describe(ctx: Context, path: str) -> tuple[str, str]:
    """(name, what it holds) for a feed path like feeds/campaign-<id>.ics."""
    name = path.rsplit("/", 1)[-1].removesuffix(".ics")
    if name == "all":
        return "Everything", "Every scheduled post on every channel."
    if name == "deadlines":
        return "Approval deadlines", "When each pending approval is due, with a reminder."
    if name.startswith("campaign-"):
        c = ctx.handbook.campaigns.get(name[len("campaign-"):])
        if c is not None:
            return f"Campaign: {c.title}", "The posts of this campaign."
    if name == "rota":
        return "Rota", "Every monitoring shift and on-call span."
    if name.startswith("rota-") and name[len("rota-"):] in ctx.handbook.team.people:
        return f"Rota: {ctx.person(name[len('rota-'):])}", "This person's own shifts and on-call spans."
    if name.startswith("channel-"):
        cid = name[len("channel-"):]
        if cid in ctx.handbook.channels:
            return f"Channel: {ctx.channel_name(cid)}", "Every post on this channel."
    return name, ""


def feed_order(path: str) -> tuple:
    """all, deadlines, then campaigns, then channels (each by id)."""
    name = path.rsplit("/", 1)[-1]
    rank = {"all.ics": 0, "deadlines.ics": 1, "rota.ics": 4}.get(
        name, 2 if name.startswith("campaign-") else 5 if name.startswith("rota-") else 3)
    return (rank, name)


def page(ctx: Context, feed_paths: list[str]) -> Page:
    doc = Doc("subscribe.md", "Subscribe")
    site = ctx.handbook.settings.site_url
    doc.add("<p>Add the calendar to your own calendar app: posts appear at their publish time, held and "
            "cancelled ones are marked, and approval deadlines can remind you. Subscribe once; the app keeps "
            "it up to date.</p>")
    doc.h(2, "feeds", "Feeds")
    items = []
    for path in sorted(feed_paths, key=feed_order):
        name, what = describe(ctx, path)
        https = site + path
        webcal = "webcal://" + https.split("://", 1)[1]
        items.append(
            f'<li class="pb-feed"><strong>{e(name)}</strong> <span class="pb-muted">{e(what)}</span><br>'
            f'<a class="md-button md-button--primary pb-small" href="{e(webcal)}">Subscribe (webcal)</a> '
            f'<a class="md-button pb-small" href="{doc.href(path)}" download>Download .ics</a>'
            f'<code class="pb-url-copy">{e(https)}</code></li>')
    doc.add(f'<ul class="pb-feeds">{"".join(items)}</ul>')
    doc.h(2, "how", "How to subscribe")
    tabs = []
    for app, kind, steps in STEPS:
        tabs.append((app, f'<p>Use the <strong>{kind}</strong> link.</p><ol>' +
                     "".join(f"<li>{s}</li>" for s in steps) + "</ol>"))
    doc.add(doc.tabs.render(tabs))
    doc.add('<div class="admonition tip"><p class="admonition-title">Only the parts you need</p><p>Subscribe to '
            'one campaign or one channel instead of everything to keep your calendar quiet. The feeds hold '
            f'the last {ctx.handbook.settings.feed_past_days} days and everything ahead.</p></div>')
    return doc.page()
