"""``calendar/settings.yml``: default zone, site address, feed window."""

from __future__ import annotations

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

from .. import model as m
from ..schema import Key, Reader, Shape
from ..timeparse import MAX_DURATION
from .common import read_signing_keys

_HOST = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*"
_DOMAIN = re.compile(_HOST)
_SITE_URL = re.compile(rf"https?://{_HOST}(?::[0-9]{{1,5}})?(?:/[A-Za-z0-9._~!$&()*+,;=:@%-]*)*/")
UTC = ZoneInfo("UTC")

SETTINGS = Shape(
    "settings",
    Key("site_name", "text", default="Social handbook"),
    Key("timezone", "zone", True, "default zone for local times"),
    Key("site_url", "text", description="https:// address of the published handbook, ending in /",
        default="https://handbook.example.com/"),
    Key("domain", "text", description="host name used in calendar event UIDs (default: site_url's)"),
    Key("feed_past_days", "number", description="how far back feeds keep events", default=90,
        maximum=MAX_DURATION.days),
    Key("feed_refresh", "duration", description="how often calendar apps should poll",
        default=timedelta(hours=6)),
    Key("platform_keys", "texts", description="SSH keys a hosting platform signs web-editor commits with",
        one_or_list=True),
)


def read_settings(r: Reader, data: dict) -> m.Settings:
    c = r.at(SETTINGS, data).check(required=bool(r.source.ok and data))
    settings = m.Settings(timezone=c.zone("timezone") or UTC, source=r.source, written=frozenset(data))
    settings.site_name = c.text("site_name")
    settings.site_url = c.text("site_url")
    if not settings.site_url.endswith("/"):
        settings.site_url += "/"
    if not settings.site_url.startswith(("https://", "http://")):
        c.report(("site_url",), "schema.value", "'site_url' must start with https://")
        settings.site_url = "https://handbook.example.com/"
    elif not _SITE_URL.fullmatch(settings.site_url):
        # the theme writes site_url into HTML and script unescaped: only plain URL characters
        c.report(("site_url",), "schema.value", "'site_url' must be a plain address like "
                 "https://handbook.example.com/ (no spaces, quotes, <, >, \\, query or fragment)")
        settings.site_url = "https://handbook.example.com/"
    settings.domain = c.text("domain", default=settings.site_url.split("/")[2].split(":")[0])
    if not _DOMAIN.fullmatch(settings.domain):
        c.report(("domain",), "schema.value", f"'domain' is not a host name: '{settings.domain}'",
                 "write a host name like handbook.example.com")
        settings.domain = "handbook.example.com"
    settings.feed_past_days = c.number("feed_past_days")
    settings.feed_refresh = c.duration("feed_refresh") or SETTINGS.keys["feed_refresh"].default
    settings.platform_keys = read_signing_keys(c, "platform_keys")
    return settings
