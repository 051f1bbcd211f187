"""Posts: ``content/posts/<campaign-id>/<slug>.md``; the body is the exact copy to publish."""

from __future__ import annotations

from .. import model as m
from ..problems import Pos
from ..schema import Key, Reader, Shape
from ..suggest import did_you_mean
from .common import APPROVALS, read_approvals

MEDIA_ITEM = Shape(
    "media item",
    Key("file", "text", True, "path under content/media/"),
    Key("alt", "text", description="what the image or video shows", default=""),
)
POST = Shape(
    "post",
    Key("title", "text", True, "shown in the calendar and on the campaign page"),
    Key("channel", "texts", True, "channel id or list; the copy is checked against each", ident=True,
        one_or_list=True, attr="channels"),
    Key("publish_at", "datetime", True, "when it goes out"),
    Key("author", "text", True, "person id", default=""),
    Key("status", "text", True, "where the post stands", choices=m.POST_STATUSES, default="draft"),
    Key("campaign", "text", description="campaign id; defaults to (and must match) the folder name"),
    Key("evergreen", "flag", description="may move when a hold displaces it (default: time-sensitive)"),
    Key("flags", "texts", description="rule flags that drive extra approvals", ident=True),
    Key("media", "entries", description="images and videos", shape=MEDIA_ITEM),
    APPROVALS,
    Key("timezone", "zone", description="zone of local times (default: the campaign's)"),
    Key("tags", "texts", one_or_list=True),
)


def read_post(r: Reader, slug: str, folder: str, campaigns: dict, settings: m.Settings,
              rules: m.Rules) -> m.Post | None:
    c = r.at(POST, r.source.data).check()
    campaign_id = c.text("campaign", default=folder)
    if campaign_id != folder:
        if campaign_id in campaigns:
            c.report(("campaign",), "ref.campaign",
                     f"post says campaign '{campaign_id}' but lives in the folder of '{folder}'",
                     f"move the file to content/posts/{campaign_id}/ or remove the 'campaign' key")
        else:
            c.report(("campaign",), "ref.campaign",
                     f"no campaign '{campaign_id}'; the post lives in the folder of '{folder}'",
                     f"remove the 'campaign' key: a post belongs to its folder's campaign ('{folder}')")
        campaign_id = folder
    campaign = campaigns.get(campaign_id)
    if campaign is None:
        pos = r.source.value_pos("campaign") if "campaign" in c.data else Pos(1, 1)
        r.problems.add(r.path, pos, "ref.campaign", f"no campaign '{campaign_id}'",
                       did_you_mean(campaign_id, campaigns) or
                       f"create calendar/campaigns/{campaign_id}.md or move the post")
    zone = c.zone("timezone") or (campaign.timezone if campaign else settings.timezone)
    publish_at = c.datetime("publish_at", zone)
    flags = c.texts("flags")
    for index, flag in enumerate(flags):
        if flag not in rules.flag_names:
            c.report(("flags", index), "schema.value", f"unknown flag '{flag}'",
                     did_you_mean(flag, rules.flag_names) or "declare it under flags: in policies/rules.yml")
    media = []
    for index, item in c.entries("media"):
        file = item.text("file")
        if file:
            media.append(m.MediaItem(file, item.text("alt"), index))
    post = m.Post(campaign=campaign_id, slug=slug, title=c.text("title") or slug, publish_at=publish_at,
                  timezone=zone, body=r.source.body, flags=flags, media=media,
                  approvals=read_approvals(c, zone), source=r.source, **c.rest())
    return post if publish_at else None
