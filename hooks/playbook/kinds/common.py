"""Shapes and readers shared by several kinds: approval entries, Markdown nesting depth."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from .. import model as m
from ..schema import Cursor, Key, Reader, Shape
from ..source import MAX_MARKDOWN_DEPTH, markdown_too_deep

APPROVAL = Shape(
    "approval",
    Key("by", "text", True, "person id of the approver"),
    Key("role", "text", True, "the role approved as"),
    Key("at", "datetime", True, "when, with an offset"),
    Key("digest", "text", True, "digest of the copy, channels, media and publish_at approved"),
)
APPROVALS = Key("approvals", "entries", description="written by `playbook approve`", shape=APPROVAL)


def read_approvals(c: Cursor, zone: ZoneInfo) -> list[m.Approval]:
    out = []
    for index, entry in c.entries("approvals", required=False):
        item = entry.data
        for key in APPROVAL.required:
            if item.get(key) is None:
                by = item.get("by") if isinstance(item.get("by"), str) else "PERSON"
                entry.report((key,) if key in item else (), "schema.missing",
                             f"approval entry has no '{key}'",
                             f"approvals are written by `playbook approve`, not by hand: remove this entry and "
                             f"run playbook approve {c.reader.path} --by {by}", at_key=key not in item)
        by = entry.text("by")
        role = entry.text("role")
        at = entry.datetime("at", zone)
        digest = entry.text("digest")
        if by and role and at and digest:
            out.append(m.Approval(by, role, at, digest, index))
    return out


def check_markdown_depth(r: Reader, what: str) -> None:
    """Briefs and chapters are converted by python-markdown, which recurses once per nesting level."""
    found = markdown_too_deep(r.source.body, r.source.body_line)
    if found is not None:
        pos, depth = found
        r.problems.add(r.path, pos, "schema.value",
                       f"the {what} nests quotes, lists or indentation {depth} levels deep "
                       f"(limit {MAX_MARKDOWN_DEPTH})", "flatten the nesting")
