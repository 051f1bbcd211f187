"""Shapes and readers shared by several kinds: approval entries, Markdown nesting depth."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from .. import model as m
from ..schema import Cursor, Key, Reader, Shape
from ..source import MAX_MARKDOWN_DEPTH, markdown_too_deep
from ..sshkeys import key_problem

APPROVAL = Shape(
    "approval",
    Key("by", "text", True, "person id of the approver"),
    Key("role", "text", True, "the role approved as"),
    Key("at", "datetime", description="when, with an offset (default: when the commit that added it was made)"),
    Key("digest", "text", True, "digest of the copy, channels, media and publish_at approved"),
)
APPROVALS = Key("approvals", "entries", description="written by `playbook approve`", shape=APPROVAL)


def read_approvals(c: Cursor, zone: ZoneInfo) -> list[m.Approval]:
    out = []
    for index, entry in c.entries("approvals", required=False):
        item = entry.data
        for key in APPROVAL.allowed:
            if item.get(key) is None and (key in APPROVAL.required or key in item):  # at: optional, not empty
                by = item.get("by") if isinstance(item.get("by"), str) else "PERSON"
                entry.report((key,) if key in item else (), "schema.missing",
                             f"approval entry has no '{key}'",
                             f"approvals are written by `playbook approve`, not by hand: remove this entry and "
                             f"run playbook approve {c.reader.path} --by {by}", at_key=key not in item)
        by = entry.text("by")
        role = entry.text("role")
        at = entry.datetime("at", zone)
        digest = entry.text("digest")
        if by and role and (at or "at" not in item) and digest:
            out.append(m.Approval(by, role, at, digest, index))
    return out


def read_signing_keys(c: Cursor, name: str) -> list[str]:
    """SSH public keys, one line each (team.yml signing_keys, settings.yml platform_keys)."""
    c.texts(name)  # reports what is not text
    raw = c.data.get(name)
    out = []
    for index, line in enumerate(raw if isinstance(raw, list) else [raw] if isinstance(raw, str) else []):
        if not isinstance(line, str):
            continue
        problem = key_problem(line)
        if problem:
            c.report((name, index) if isinstance(raw, list) else (name,), "schema.value",
                     f"not an SSH public key: {problem}",
                     "copy the whole line of the .pub file (or from the platform's list of your keys), "
                     "e.g. ssh-ed25519 AAAAC3Nza... maya@laptop")
        else:
            out.append(line.strip())
    return out


def check_markdown_depth(r: Reader, what: str) -> None:
    """Briefs and chapters are converted by python-markdown, which recurses once per nesting level."""
    found = markdown_too_deep(r.source.body, r.source.body_line)
    if found is not None:
        pos, depth = found
        r.problems.add(r.path, pos, "schema.value",
                       f"the {what} nests quotes, lists or indentation {depth} levels deep "
                       f"(limit {MAX_MARKDOWN_DEPTH})", "flatten the nesting")
