"""Shapes and readers shared by several kinds: approval entries, Markdown nesting depth."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from .. import model as m
from ..schema import Cursor, Key, Reader, Shape
from ..source import MAX_MARKDOWN_DEPTH, markdown_too_deep
from ..sshkeys import is_pgp_block, key_problem, pgp_block_problem

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
        report_missing_fields(c, entry, APPROVAL, "approve")
        by = entry.text("by")
        role = entry.text("role")
        at = entry.datetime("at", zone)
        digest = entry.text("digest")
        if by and role and (at or "at" not in item) and digest:
            out.append(m.Approval(by, role, at, digest, index))
    return out


def report_missing_fields(c: Cursor, entry: Cursor, shape: Shape, command: str) -> None:
    """A record written by a command (``playbook approve``, ``playbook acknowledge``) lacks a required field,
    or has an empty optional one (``at:`` may be left out, not left empty)."""
    item = entry.data
    for key in shape.allowed:
        if item.get(key) is None and (key in shape.required or key in item):
            by = item.get("by") if isinstance(item.get("by"), str) else "PERSON"
            entry.report((key,) if key in item else (), "schema.missing", f"{shape.name} entry has no '{key}'",
                         f"{shape.name}s are written by `playbook {command}`, not by hand: remove this entry and "
                         f"run playbook {command} {c.reader.path} --by {by}", at_key=key not in item)


def read_signing_keys(c: Cursor, name: str, openpgp: bool = False) -> list[str]:
    """SSH public keys, one line each (team.yml signing_keys, settings.yml platform_keys); with ``openpgp``
    also ASCII-armored OpenPGP public key blocks (a platform's web editor may sign with gpg)."""
    c.texts(name)  # reports what is not text
    raw = c.data.get(name)
    out = []
    for index, line in enumerate(raw if isinstance(raw, list) else [raw] if isinstance(raw, str) else []):
        if not isinstance(line, str):
            continue
        if openpgp and is_pgp_block(line):
            problem, kind, key = pgp_block_problem(line), "an OpenPGP public key block", line.strip() + "\n"
            hint = ("paste the whole armored block, from -----BEGIN PGP PUBLIC KEY BLOCK----- to its END line, "
                    "as a literal block (platform_keys:, then - |, then the lines indented)")
        else:
            problem, kind, key = key_problem(line), "an SSH public key", line.strip()
            hint = ("copy the whole line of the .pub file (or from the platform's list of your keys), "
                    "e.g. ssh-ed25519 AAAAC3Nza... maya@laptop")
        if problem:
            c.report((name, index) if isinstance(raw, list) else (name,), "schema.value",
                     f"not {kind}: {problem}", hint)
        else:
            out.append(key)
    return out


def check_markdown_depth(r: Reader, what: str) -> None:
    """Briefs and chapters are converted by python-markdown, which recurses once per nesting level."""
    found = markdown_too_deep(r.source.body, r.source.body_line)
    if found is not None:
        pos, depth = found
        r.problems.add(r.path, pos, "schema.value",
                       f"the {what} nests quotes, lists or indentation {depth} levels deep "
                       f"(limit {MAX_MARKDOWN_DEPTH})", "flatten the nesting")
