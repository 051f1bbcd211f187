"""Insights: ``content/insights/<yyyy-mm-dd>-<slug>.md``, what customers said that another department should hear.

The file name carries the day it was seen; the body quotes what was said
(Markdown, shown sanitised on the Insights page). Whether the department is
declared, and whether a routed or acted insight names its owner and note,
are rules (``rules/insights.py``).
"""

from __future__ import annotations

import re
from datetime import date

from .. import model as m
from ..problems import Pos
from ..schema import Key, Reader, Shape
from .common import check_markdown_depth

INSIGHT = Shape(
    "insight",
    Key("title", "text", True, "what customers asked for or complained about, in a few words"),
    Key("seen_on", "text", True, "channel id where it was seen", ident=True, default=""),
    Key("link", "text", description="address of the post or comment it was seen in", default=""),
    Key("department", "text", True, "who should hear it: a department from rules.yml", ident=True, default=""),
    Key("status", "text", True, "new, routed (handed to the department) or acted (they did something)",
        choices=m.INSIGHT_STATUSES, default="new"),
    Key("owner", "text", description="who in the department took it (required once routed)", default=""),
    Key("note", "text", description="what was done about it (required once acted)", default=""),
    Key("tags", "texts", one_or_list=True),
)
_DATED = re.compile(r"([0-9]{4}-[0-9]{2}-[0-9]{2})-[a-z0-9]")
_LINK = re.compile(r"https?://[^\s<>\"'`]+\Z")


def read_insight(r: Reader, ident: str) -> m.Insight | None:
    c = r.at(INSIGHT, r.source.data).check()
    day = _day(ident)
    if day is None:
        r.problems.add(r.path, Pos(), "schema.value", f"file name '{ident}.md' does not start with the day it was seen",
                       "name it <yyyy-mm-dd>-<slug>.md, e.g. 2027-04-14-green-colorway.md")
    link = c.text("link")
    if link and not _LINK.match(link):
        c.report(("link",), "schema.value", "the link must be a web address starting with https:// or http://",
                 "copy the address of the post or comment from the browser")
        link = ""
    check_markdown_depth(r, "quote")
    insight = m.Insight(id=ident, day=day, title=c.text("title") or ident, body=r.source.body, link=link,
                        source=r.source, **c.rest())
    return insight if day else None


def _day(ident: str) -> date | None:
    match = _DATED.match(ident)
    if not match:
        return None
    try:
        return date.fromisoformat(match.group(1))
    except ValueError:
        return None
