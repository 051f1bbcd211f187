"""A handbook whose schedule crosses daylight-saving changes in several zones, for the feed tests.

Posts sit just before and after the spring and autumn changes of New York,
Berlin and Sydney (the US and EU change on different weekends, Sydney in the
opposite season), in the repeated hour of an autumn change (written with an
explicit offset, both occurrences), and in zones with unusual rules: Lord
Howe (30-minute summer time), Dublin (tzdata's negative DST), Kolkata (no
DST, +05:30), Sao Paulo (DST abolished in 2019) and UTC. Approval lead times
of three days put deadlines on the other side of a change from their posts.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

NOW = datetime(2027, 1, 1, tzinfo=timezone.utc)

SETTINGS = """\
site_name: DST test handbook
timezone: America/New_York
site_url: https://dst.test/
domain: dst.test
feed_past_days: 30
feed_refresh: 2h
"""

CHANNELS = """\
channels:
  x:
    name: X
    max_chars: 280
    media: optional
  instagram:
    name: Instagram
    max_chars: 2200
    media: optional
"""

TEAM = """\
roles:
  social-lead: {name: Social lead}
  editor: {name: Editor}
  legal: {name: Legal}
people:
  - id: sam-lead
    name: Sam Lead
    roles: [social-lead]
  - id: eve-editor
    name: Eve Editor
    roles: [editor]
  - id: lou-legal
    name: Lou Legal
    roles: [legal]
"""

RULES = """\
approvals:
  default: [{any: [social-lead]}]
  flags:
    pricing: [{all: [legal, social-lead]}]
lead_times:
  social-lead: 1d
  legal: 3d
"""

QUIET = """\
windows:
  - start: 2027-11-07 02:30
    end: 2027-11-07 04:00
    channels: all
    kind: hold
    reason: Hold while the election results come in
"""

# campaign id -> (zone, status)
CAMPAIGNS = {
    "east": ("America/New_York", "active"),
    "europe": ("Europe/Berlin", "planned"),
    "south": ("Australia/Sydney", "done"),
    "mixed": ("UTC", "cancelled"),
}

# (campaign, slug, publish_at, status, channel, extra front matter)
POSTS = [
    ("east", "old-news", "2026-06-01 09:00", "published", "x", ""),  # outside the 30-day window
    ("east", "pre-spring", "2027-03-13 09:00", "draft", "x", ""),
    ("east", "spring-early", "2027-03-14 01:30", "in-review", "x", ""),
    ("east", "spring-late", "2027-03-14 03:30", "draft", "instagram", "flags: [pricing]\n"),
    ("east", "post-spring", "2027-03-15 09:00", "published", "x", ""),
    ("east", "us-only-summer", "2027-03-20 12:00", "approved", "[x, instagram]", ""),
    ("east", "fall-first", "2027-11-07T01:30-04:00", "approved", "x", ""),
    ("east", "fall-second", "2027-11-07T01:30-05:00", "cancelled", "x", ""),
    ("east", "fall-after", "2027-11-07 03:00", "approved", "instagram", "flags: [pricing]\n"),
    ("east", "fall-held", "2027-11-08 09:00", "held", "x", ""),
    ("europe", "eu-spring-early", "2027-03-28 01:30", "draft", "x", ""),
    ("europe", "eu-spring-late", "2027-03-28 03:30", "in-review", "instagram", "flags: [pricing]\n"),
    ("europe", "eu-winter-week", "2027-03-20 12:00", "approved", "x", ""),
    ("europe", "eu-fall-first", "2027-10-31T02:30+02:00", "approved", "x", ""),
    ("europe", "eu-fall-second", "2027-10-31T02:30+01:00", "approved", "instagram", ""),
    ("europe", "eu-fall-after", "2027-10-31 03:30", "published", "x", ""),
    ("europe", "eu-only-winter", "2027-11-02 12:00", "draft", "x", "flags: [pricing]\n"),
    ("south", "syd-autumn-early", "2027-04-04 01:30", "approved", "x", ""),
    ("south", "syd-autumn-second", "2027-04-04T02:30+10:00", "approved", "x", ""),
    ("south", "syd-autumn-late", "2027-04-04 03:30", "approved", "x", ""),
    ("south", "syd-spring-early", "2027-10-03 01:30", "draft", "instagram", "flags: [pricing]\n"),
    ("south", "syd-spring-late", "2027-10-03 03:30", "draft", "instagram", ""),
    ("mixed", "lord-howe-before", "2027-04-04 01:00", "draft", "x", "timezone: Australia/Lord_Howe\n"),
    ("mixed", "lord-howe-after", "2027-04-04 02:30", "draft", "x", "timezone: Australia/Lord_Howe\n"),
    ("mixed", "lord-howe-spring", "2027-10-03 02:45", "draft", "x", "timezone: Australia/Lord_Howe\n"),
    ("mixed", "kolkata", "2027-06-01 10:00", "approved", "x", "timezone: Asia/Kolkata\n"),
    ("mixed", "dublin-spring", "2027-03-28 02:30", "approved", "x", "timezone: Europe/Dublin\n"),
    ("mixed", "dublin-fall", "2027-10-31 02:30", "approved", "x", "timezone: Europe/Dublin\n"),
    ("mixed", "dublin-winter", "2027-01-15 09:00", "approved", "x", "timezone: Europe/Dublin\n"),
    ("mixed", "sao-paulo", "2027-01-20 10:00", "approved", "x", "timezone: America/Sao_Paulo\n"),
    ("mixed", "utc", "2027-06-01 10:00", "approved", "x", ""),
]


def write_dst_handbook(root: Path) -> Path:
    """Write the DST-crossing handbook under ``root`` and return it."""
    files = {
        "calendar/settings.yml": SETTINGS,
        "calendar/channels.yml": CHANNELS,
        "calendar/quiet.yml": QUIET,
        "policies/team.yml": TEAM,
        "policies/rules.yml": RULES,
    }
    for cid, (zone, status) in CAMPAIGNS.items():
        files[f"calendar/campaigns/{cid}.md"] = (
            f"---\ntitle: Campaign {cid}\nowner: sam-lead\nstarts: 2026-05-01\nends: 2027-12-31\n"
            f"status: {status}\nchannels: [x, instagram]\ntimezone: {zone}\n---\nBrief.\n")
    for cid, slug, when, status, channel, extra in POSTS:
        files[f"content/posts/{cid}/{slug}.md"] = (
            f"---\ntitle: {slug.replace('-', ' ').capitalize()}\nchannel: {channel}\npublish_at: {when}\n"
            f"author: eve-editor\nstatus: {status}\n{extra}---\nCopy of {slug}, with a comma; a semicolon.\n")
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root
