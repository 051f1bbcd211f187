"""Campaign briefs: ``calendar/campaigns/<id>.md``; the body is the brief (Markdown)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from .. import model as m
from ..schema import Key, Reader, Shape
from .common import check_markdown_depth

CAMPAIGN = Shape(
    "campaign",
    Key("title", "text", True),
    Key("owner", "text", True, "person id", default=""),
    Key("starts", "datetime", True, "first day, or date and time", date_ok=True),
    Key("ends", "datetime", True, "last day (included), or date and time", date_ok=True, end_of_day=True),
    Key("channels", "texts", True, "channel ids", ident=True),
    Key("status", "text", True, choices=m.CAMPAIGN_STATUSES, default="planned"),
    Key("timezone", "zone", description="zone of local times (default: settings)"),
    Key("goals", "texts", one_or_list=True),
    Key("tags", "texts", one_or_list=True),
)


def read_campaign(r: Reader, ident: str, default_zone: ZoneInfo) -> m.Campaign | None:
    c = r.at(CAMPAIGN, r.source.data).check()
    zone = c.zone("timezone") or default_zone
    starts = c.datetime("starts", zone)
    ends = c.datetime("ends", zone)
    campaign = m.Campaign(id=ident, title=c.text("title") or ident, starts=starts, ends=ends, timezone=zone,
                          body=r.source.body, source=r.source, **c.rest())
    if starts and ends and ends <= starts:
        c.report(("ends",), "schema.value", "the campaign ends before it starts")
    check_markdown_depth(r, "brief")
    return campaign if starts and ends else None
