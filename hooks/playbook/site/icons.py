"""Icons from mkdocs-material's bundled sets, drawn by CSS so that no request leaves the site.

A channel's ``icon`` in calendar/channels.yml names a bundled icon: a bare
name is a Material Design icon (``instagram``, ``music-note``); a path picks
another set (``fontawesome/brands/tiktok``, ``simple/bluesky``). Each icon
used is written once into the generated stylesheet as a ``data:`` URL mask,
so a month with hundreds of posts does not repeat the SVG hundreds of times.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from urllib.parse import quote

import material

ICON_ROOT = Path(material.__file__).parent / "templates" / ".icons"
_NAME = re.compile(r"[a-z0-9][a-z0-9-]*(?:/[a-z0-9][a-z0-9-]*){0,2}")
FALLBACK = "bullhorn"
# Icons for well-known channel ids when channels.yml names none.
DEFAULTS = {"x": "fontawesome/brands/x-twitter", "tiktok": "fontawesome/brands/tiktok",
            "threads": "fontawesome/brands/threads", "bluesky": "fontawesome/brands/bluesky"}

# UI icons used by the generated pages: CSS name -> bundled icon.
UI = {
    "held": "pause-circle", "cancelled": "cancel", "ok": "check-circle", "stale": "alert",
    "missing": "clock-alert-outline", "image": "image", "video": "video", "evergreen": "leaf",
    "calendar": "calendar-month", "clock": "clock-outline", "person": "account", "team": "account-group",
    "link": "link-variant", "feed": "calendar-sync", "quiet": "volume-off", "flag": "flag",
}


@cache
def svg(name: str) -> str | None:
    """The SVG source of a bundled icon, or None when the name is not one."""
    if not _NAME.fullmatch(name or ""):
        return None
    path = ICON_ROOT / (name if "/" in name else f"material/{name}")
    path = path.with_name(path.name + ".svg")
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return None


def channel_icon(channel_id: str, icon: str) -> str:
    """The bundled icon to draw for a channel: its own if bundled, else a default for its id, else a bullhorn."""
    for name in (icon, DEFAULTS.get(channel_id, ""), channel_id):
        if svg(name) is not None:
            return name
    return FALLBACK


def data_url(svg_text: str) -> str:
    return "data:image/svg+xml;charset=utf-8," + quote(svg_text, safe=" /=:;,")


def stylesheet(channel_icons: dict[str, str]) -> str:
    """CSS rules for channel icons (channel id -> icon name, all known to exist) and the UI icons."""
    rules = []
    for cid, name in sorted(channel_icons.items()):
        rules.append(f'.pb-ch-{cid}{{--pb-icon:url("{data_url(svg(name) or svg(FALLBACK))}")}}')
    for css, name in sorted(UI.items()):
        rules.append(f'.pb-i-{css}{{--pb-icon:url("{data_url(svg(name) or svg(FALLBACK))}")}}')
    return "\n".join(rules) + "\n"
