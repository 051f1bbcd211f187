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

# -- protocols (kind: protocol): who is activated, the roles each seat needs, when ----------------
# The team's keys are not required here: protocol.team and protocol.backup (rules/protocol.py) report what a
# protocol lacks with hints about protocols, and rules.yml can relax them while one is being drafted.
PROTOCOL_TEAM = Shape(
    "protocol team",
    Key("lead", "text", description="person id: decides and speaks while it is active"),
    Key("members", "texts", description="person ids"),
    Key("backup", "text", description="person id: leads when the lead cannot be reached"),
)
PROTOCOL_ROLES = Shape(
    "protocol roles",
    Key("lead", "texts", description="role ids: the lead holds one of them", one_or_list=True, ident=True),
    Key("backup", "texts", description="role ids: the backup holds one of them (default: the lead's)",
        one_or_list=True, ident=True),
    Key("members", "texts", description="role ids: each is held by at least one member", one_or_list=True,
        ident=True),
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
    Key("team", "mapping", description="who is activated: {lead, members, backup}", shape=PROTOCOL_TEAM),
    Key("roles", "mapping", description="the roles each seat's people must hold", shape=PROTOCOL_ROLES),
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
        spec, roles = c.section("team"), c.section("roles")
        if spec is not None:
            seat_roles = {seat: named for seat in m.PROTOCOL_SEATS if roles and (named := roles.texts(seat))}
            team = m.ProtocolTeam(spec.text("lead") or "", spec.texts("members"), spec.text("backup"), seat_roles)
    effective = c.date("effective")
    chapter = m.PolicyChapter(id=ident, title=c.text("title") or ident, effective=effective, body=r.source.body,
                              kind=kind, team=team, approvals=read_approvals(c, settings.timezone),
                              acknowledgements=read_acknowledgements(c, settings.timezone),
                              source=r.source, **c.rest())
    check_markdown_depth(r, "chapter")
    return chapter if effective else None
