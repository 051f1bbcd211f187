"""Where things live in the published site: one place, shared by pages and feeds."""

from __future__ import annotations

from datetime import date

from . import model as m


def campaign_page(campaign_id: str) -> str:
    return f"campaigns/{campaign_id}/"


def month_page(day: date) -> str:
    return f"calendar/{day.year:04d}-{day.month:02d}/"


def day_anchor(day: date) -> str:
    """The id of a day's heading on a month or campaign page, which the month grid links to."""
    return f"day-{day.isoformat()}"


def chapter_page(chapter_id: str) -> str:
    return f"policy/{chapter_id}/"


def responses_page(category: str) -> str:
    return f"responses/{category}/"


def rota_page() -> str:
    return "rota/"


def feed_file(kind: str, ident: str | None = None) -> str:
    """kind: all, deadlines, campaign, channel or rota (``ident``: a person)."""
    return f"feeds/{kind}.ics" if ident is None else f"feeds/{kind}-{ident}.ics"


def post_page(post: m.Post) -> str:
    """A post has no page of its own: its card is an anchor on its campaign page."""
    return f"{campaign_page(post.campaign)}#{post.anchor}"


def post_url(settings: m.Settings, post: m.Post) -> str:
    return f"{settings.site_url}{post_page(post)}"
