"""Policy chapters and protocols: ``policies/<id>.md``; the body is the chapter (Markdown)."""

from __future__ import annotations

from .. import model as m
from ..schema import Cursor, Key, Reader, Shape
from .common import APPROVALS, check_markdown_depth, read_approvals, report_missing_fields

# -- acknowledgements: who must read a chapter, and who has read which version --------------
ACKNOWLEDGEMENT = Shape(
    "acknowledgement",
    Key("by", "text", True, "person id of the reader"),
    Key("version", "text", True, 'the chapter version read, e.g. "1.4"'),
    Key("at", "datetime", description="when, with an offset (default: when the commit that added it was made)"),
)
ACKNOWLEDGE_KEYS = (
    Key("acknowledge", "texts", description=f"who must acknowledge each version: `{m.PRACTITIONERS}` (everyone "
        "in team.yml) and/or role ids", one_or_list=True, ident=True),
    Key("acknowledgements", "entries", description="written by `playbook acknowledge`", shape=ACKNOWLEDGEMENT),
)


def read_acknowledgements(c: Cursor, zone) -> list[m.Acknowledgement]:
    out = []
    for index, entry in c.entries("acknowledgements", required=False):
        report_missing_fields(c, entry, ACKNOWLEDGEMENT, "acknowledge")
        by, version, at = entry.text("by"), entry.text("version"), entry.datetime("at", zone)
        if by and version and (at or "at" not in entry.data):
            out.append(m.Acknowledgement(by, version, at, index))
    return out

PROTOCOL_TEAM = Shape(
    "protocol team",
    Key("lead", "text", True, "person id"),
    Key("members", "texts", description="person ids"),
    Key("backup", "text", description="person id"),
)
CHAPTER = Shape(
    "policy chapter",
    Key("title", "text", True),
    Key("audience", "text", True, choices=m.AUDIENCES, default="everyone"),
    Key("owner", "text", True, "person id", default=""),
    Key("version", "text", True, 'e.g. "2.1"', default=""),
    Key("effective", "date", True),
    Key("review_by", "date"),
    APPROVALS,
    Key("order", "number", description="position in the navigation", default=100),
    Key("kind", "text", description="a protocol also names its team", choices=("chapter", "protocol"),
        default="chapter"),
    *ACKNOWLEDGE_KEYS,
)
PROTOCOL = CHAPTER.extend(
    "protocol",
    Key("team", "mapping", True, "who is activated", shape=PROTOCOL_TEAM),
    Key("activation", "texts", description="when the team is activated", one_or_list=True),
)


def read_chapter(r: Reader, ident: str, settings: m.Settings) -> m.PolicyChapter | None:
    c = r.at(CHAPTER, r.source.data)
    kind = c.text("kind")
    if kind == "protocol":
        c.shape = PROTOCOL
    c.check()
    team = None
    if kind == "protocol":
        spec = c.section("team")
        lead = spec.text("lead") if spec else None
        if lead:
            team = m.ProtocolTeam(lead, spec.texts("members"), spec.text("backup"))
    effective = c.date("effective")
    chapter = m.PolicyChapter(id=ident, title=c.text("title") or ident, effective=effective, body=r.source.body,
                              kind=kind, team=team, approvals=read_approvals(c, settings.timezone),
                              acknowledgements=read_acknowledgements(c, settings.timezone),
                              source=r.source, **c.rest())
    check_markdown_depth(r, "chapter")
    return chapter if effective else None
