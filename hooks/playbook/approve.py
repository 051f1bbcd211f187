"""``playbook approve``: record an approval in a post, response template or policy chapter.

The approval ``{by, role, at, digest}`` is appended to the file's
``approvals:`` list and nothing else changes: comments, key order, quoting,
indentation, line ends and the body stay byte for byte. ruamel.yaml's round
trip reader locates the list and tells its style (block or flow, item
indentation); the new entry is then inserted as text in that style rather
than re-dumping the whole front matter, which would re-indent lists and
re-wrap long lines. The result is read back and must equal the old data
plus exactly the new approval, or nothing is written.
"""

from __future__ import annotations

import io
import os
import re
import sys
import tempfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import click

from . import approvals as ap
from . import model as m
from .load import load_handbook
from .problems import ProblemList
from .schema import did_you_mean
from .source import Source, parse_yaml
from .timeparse import TimeError, parse_datetime

_FENCE = re.compile(r"---[ \t]*\r?\n?\Z")
_DASH = re.compile(r"( *)-( +)")


class ApproveError(Exception):
    """The approval cannot be recorded; ``code`` is the exit code (2: usage, 1: the file has problems)."""

    def __init__(self, message: str, code: int = 2):
        super().__init__(message)
        self.code = code


@dataclass
class Recorded:
    handbook: m.Handbook
    item: object
    approval: m.Approval
    remaining: list[ap.PendingApproval]


def find_item(handbook: m.Handbook, relative: str):
    for item in [*handbook.posts, *handbook.templates.values(), *handbook.chapters.values()]:
        if item.source is not None and item.source.path == relative:
            return item
    return None


def choose_role(handbook: m.Handbook, item, person: m.Person) -> str:
    """The role in which ``person`` meets a pending step (the first in matrix order)."""
    pending = ap.pending_approvals(handbook, item)
    for step in pending:
        for role in step.roles:
            if role in person.roles:
                return role
    needed = sorted({role for step in ap.required_steps(handbook, item) for role in step.roles})
    if not needed:
        raise ApproveError(f"{item.source.path} needs no approvals under policies/rules.yml; "
                           "give --role to record one anyway")
    held = [role for role in needed if role in person.roles]
    if held:
        raise ApproveError(f"every step {person.id} could meet is already approved ({', '.join(held)}); "
                           "give --role to record another approval anyway")
    still = sorted({role for step in pending for role in step.roles})
    others = sorted({p.id for step in pending for p in step.holders})
    raise ApproveError(f"{person.id} holds none of the roles still needed for {item.source.path}: "
                       f"{', '.join(still) or 'none'}; roles held: {', '.join(person.roles) or 'none'}"
                       + (f"; ask {', '.join(others)}" if others else ""))


def approve(root: Path, path: Path, by: str, role: str | None = None, at: str | datetime | None = None) -> Recorded:
    """Check the request against the handbook, then append the approval to the file.

    ``at`` (default: now) may be ISO text; a local time is read in the
    approver's zone (team.yml), else the settings' zone.
    """
    root = root.resolve()
    absolute = (path if path.is_absolute() else Path.cwd() / path).resolve()
    try:
        relative = absolute.relative_to(root).as_posix()
    except ValueError:
        raise ApproveError(f"{path} is outside the handbook {root}") from None
    if not absolute.is_file():
        raise ApproveError(f"{relative}: no such file")
    handbook = load_handbook(root)
    item = find_item(handbook, relative)
    if item is None:
        own = [p for p in handbook.problems if p.path == relative]
        if own:
            first = own[0]
            raise ApproveError(f"{relative} cannot be read: {first.line}:{first.column} {first.message} "
                               f"[{first.rule}]; fix it, then approve", code=1)
        raise ApproveError(f"{relative} is not a post, response template or policy chapter")
    person = handbook.team.people.get(by)
    if person is None:
        hint = did_you_mean(by, handbook.team.people)
        raise ApproveError(f"unknown person '{by}'" + (f": {hint}" if hint else " (see policies/team.yml)"))
    if ap.author_of(item) == by and handbook.rules.separation_of_duties:
        what = "author" if isinstance(item, m.Post) else "owner"
        others = sorted({p.id for s in ap.pending_approvals(handbook, item) for p in s.holders})
        raise ApproveError(f"{by} is the {what} of {relative} and may not approve it (separation of duties)"
                           + (f"; ask {', '.join(others)}" if others else ""))
    if role is None:
        role = choose_role(handbook, item, person)
    elif role not in person.roles:
        holders = [p.id for p in handbook.team.holders(role)] if role in handbook.team.roles else []
        known = "" if role in handbook.team.roles else f" (no role '{role}' in policies/team.yml)"
        raise ApproveError(f"{by} does not hold the role '{role}'{known}; roles held: "
                           f"{', '.join(person.roles) or 'none'}" + (f"; held by {', '.join(holders)}" if holders else ""))
    zone = person.timezone or handbook.settings.timezone
    if isinstance(at, str):
        at = parse_at(at, zone)
    when = (at or datetime.now(timezone.utc)).astimezone(zone).replace(microsecond=0)
    approval = m.Approval(by, role, when, ap.content_digest(handbook, item), len(item.approvals))
    append_approval(absolute, approval)
    item.approvals.append(approval)
    return Recorded(handbook, item, approval, ap.pending_approvals(handbook, item))


def parse_at(value: str, zone) -> datetime:
    try:
        return parse_datetime(value, zone)
    except TimeError as error:
        raise ApproveError(f"--at: {error}; {error.hint}") from None


# -- editing the file ------------------------------------------------------------


def _entry_fields(approval: m.Approval) -> list[tuple[str, str]]:
    # Ids, an ISO time with offset and "sha256:<hex>" are plain YAML 1.2 scalars in block and flow style.
    return [("by", approval.by), ("role", approval.role), ("at", approval.at.isoformat()),
            ("digest", approval.digest)]


def _flow_entry(approval: m.Approval) -> str:
    return "{" + ", ".join(f"{k}: {v}" for k, v in _entry_fields(approval)) + "}"


def _block_entry(approval: m.Approval, dash_indent: int, spacing: int, newline: str) -> str:
    inner = " " * (dash_indent + 1 + spacing)
    fields = _entry_fields(approval)
    lines = [" " * dash_indent + "-" + " " * spacing + f"{fields[0][0]}: {fields[0][1]}"]
    lines += [f"{inner}{key}: {value}" for key, value in fields[1:]]
    return newline.join(lines) + newline


def _block_style(lines: list[str]) -> tuple[int, int]:
    """Indentation of list items under a key elsewhere in the front matter (media:), else two spaces."""
    for line in lines:
        match = _DASH.match(line)
        if match and line[match.end():match.end() + 1] not in ("", "\n", "\r"):
            return len(match.group(1)), len(match.group(2))
    return 2, 1


def _is_content(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _closing_bracket(lines: list[str], line: int, column: int) -> tuple[int, int]:
    """Position of the ']' closing the flow sequence that opens at (line, column)."""
    depth = 0
    quote = None
    for index in range(line, len(lines)):
        text = lines[index]
        start = column if index == line else 0
        position = start
        while position < len(text):
            char = text[position]
            if quote:
                if char == "\\" and quote == '"':
                    position += 1
                elif char == quote:
                    if quote == "'" and text[position + 1:position + 2] == "'":
                        position += 1
                    else:
                        quote = None
            elif char in "'\"":
                quote = char
            elif char == "#" and (position == 0 or text[position - 1] in " \t"):
                break  # a comment runs to the end of the line
            elif char in "[{":
                depth += 1
            elif char in "]}":
                depth -= 1
                if depth == 0:
                    return index, position
            position += 1
    raise ApproveError("could not find the end of the approvals list")  # the reader accepted it, so unreachable


def insert_approval(front: list[str], approval: m.Approval, newline: str) -> list[str]:
    """The front-matter lines (with line ends) with ``approval`` appended to ``approvals:``."""
    from ruamel.yaml import YAML  # noqa: PLC0415 - only this command needs it; keeps `playbook --help` fast
    from ruamel.yaml.comments import CommentedMap, CommentedSeq  # noqa: PLC0415
    from ruamel.yaml.error import YAMLError  # noqa: PLC0415

    reader = YAML(typ="rt")
    try:
        data = reader.load(io.StringIO("".join(front)))
    except YAMLError as error:
        raise ApproveError(f"the front matter cannot be read: {error}", code=1) from None
    if data is None:
        data = CommentedMap()
    if not isinstance(data, CommentedMap):
        raise ApproveError("the front matter is not a mapping", code=1)
    lines = list(front)
    if "approvals" not in data:
        dash, spacing = _block_style(lines)
        if lines and not lines[-1].endswith(("\n", "\r")):
            lines[-1] += newline
        return lines + [f"approvals:{newline}", _block_entry(approval, dash, spacing, newline)]
    value = data["approvals"]
    key_line = data.lc.key("approvals")[0]
    if value is None:  # `approvals:` with nothing after it
        dash, spacing = _block_style(lines)
        return lines[: key_line + 1] + [_block_entry(approval, dash, spacing, newline)] + lines[key_line + 1:]
    if not isinstance(value, CommentedSeq):
        raise ApproveError("'approvals' is not a list", code=1)
    line, column = data.lc.value("approvals")
    if lines[line][column:column + 1] == "[":  # a flow list; ruamel leaves the style unset on an empty one
        end_line, end_column = _closing_bracket(lines, line, column)
        text = lines[end_line]
        # after the last item, keeping any space before the ']' where it was: "[a, b ]" -> "[a, b, c ]"
        at = len(text[:end_column].rstrip()) if text[:end_column].strip() else end_column
        separator = ", " if len(value) else ""
        lines[end_line] = text[:at] + separator + _flow_entry(approval) + text[at:]
        return lines
    # A block list: the new item goes after the last line of the last item, before any trailing comments.
    last_item_line = value.lc.item(len(value) - 1)[0] if len(value) else key_line
    later_keys = [data.lc.key(k)[0] for k in data if data.lc.key(k)[0] > key_line]
    stop = min(later_keys) if later_keys else len(lines)
    insert_at = last_item_line + 1
    for index in range(last_item_line + 1, stop):
        if _is_content(lines[index]):
            insert_at = index + 1
    match = _DASH.match(lines[value.lc.item(len(value) - 1)[0]]) if len(value) else None
    dash, spacing = (len(match.group(1)), len(match.group(2))) if match else _block_style(lines)
    last = value[-1] if len(value) else None
    if isinstance(last, CommentedMap) and last.fa.flow_style():  # items written as {by: ..., role: ...}
        entry = " " * dash + "-" + " " * spacing + _flow_entry(approval) + newline
    else:
        entry = _block_entry(approval, dash, spacing, newline)
    if insert_at > 0 and not lines[insert_at - 1].endswith(("\n", "\r")):
        lines[insert_at - 1] += newline
    return lines[:insert_at] + [entry] + lines[insert_at:]


def _plain(front: str, path: str):
    """The front matter as plain data, read by the handbook's own loader."""
    source = Source(path)
    problems = ProblemList()
    if not parse_yaml(front, 0, source, problems):
        return None
    return source.data or {}


def _lf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def append_approval(path: Path, approval: m.Approval) -> None:
    raw = path.read_bytes()
    bom = raw.startswith(b"\xef\xbb\xbf")
    text = raw[3:].decode("utf-8") if bom else raw.decode("utf-8")
    newline = "\r\n" if "\r\n" in text else "\r" if "\r" in text else "\n"  # keep the file's line ends
    lines = text.splitlines(keepends=True)
    first = 0
    while first < len(lines) and not lines[first].strip():
        first += 1
    if first == len(lines) or not _FENCE.match(lines[first]):
        raise ApproveError(f"{path.name} does not start with a front-matter block", code=1)
    end = next((i for i in range(first + 1, len(lines)) if _FENCE.match(lines[i]) or lines[i].rstrip() == "..."),
               None)
    if end is None:
        raise ApproveError(f"{path.name}: the front-matter block is not closed", code=1)
    front = lines[first + 1:end]
    new_front = insert_approval(front, approval, newline)
    before = _plain(_lf("".join(front)), path.name)
    after = _plain(_lf("".join(new_front)), path.name)
    expected = dict(before or {})
    expected["approvals"] = list(expected.get("approvals") or []) + [dict(_entry_fields(approval))]
    if after != expected:
        raise ApproveError(f"could not add the approval to {path.name} without changing other keys; add this "
                           f"entry under approvals: by hand: {_flow_entry(approval)}")
    result = "".join(lines[: first + 1] + new_front + lines[end:])
    data = (b"\xef\xbb\xbf" if bom else b"") + result.encode("utf-8")
    _write_atomically(path, data)


def _write_atomically(path: Path, data: bytes) -> None:
    """Replace the file in one step, keeping its permissions: a crash never leaves half a file."""
    mode = path.stat().st_mode
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temporary, mode & 0o7777)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


# -- command line -------------------------------------------------------------------


def handbook_root(start: Path) -> Path:
    """The nearest folder upwards from ``start`` holding calendar/, content/ or policies/."""
    for folder in [start, *start.parents]:
        if any((folder / name).is_dir() for name in ("calendar", "content", "policies")):
            return folder
    return start


def describe_pending(pending: list[ap.PendingApproval]) -> list[str]:
    lines = []
    for step in pending:
        who = ", ".join(p.id for p in step.holders) or "nobody eligible"
        due = f", due {step.due.isoformat(timespec='minutes')}" if step.due else ""
        lines.append(f"  {' or '.join(step.roles)} ({ap.step_reason(step.step)}{due}): {who}")
    return lines


@click.command("approve")
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--by", "by", required=True, metavar="PERSON", help="Who approves: a person id from policies/team.yml.")
@click.option("--role", metavar="ROLE", help="The role approved in (default: the approver's role that meets a "
              "pending step).")
@click.option("--at", "at", metavar="ISO", help="When it was approved (default: now), e.g. 2026-08-01T09:30-04:00; "
              "a local time is read in the approver's zone.")
def approve_command(path: Path, by: str, role: str | None, at: str | None) -> None:
    """Record an approval of PATH (a post, response template or policy chapter).

    Appends {by, role, at, digest} to the file's approvals, changing nothing
    else in the file. The digest binds the approval to the content: editing
    the copy, channels, media or publish time later makes it stale. Refuses
    (exit 2) an unknown person, a role the person does not hold, and an
    author approving their own post; exit 1 if the file cannot be read.
    """
    absolute = path if path.is_absolute() else Path.cwd() / path
    root = handbook_root(absolute.resolve().parent)
    try:
        recorded = approve(root, absolute, by, role, at)
    except ApproveError as error:
        click.echo(f"playbook approve: {error}", err=True)
        sys.exit(error.code)
    item, approval = recorded.item, recorded.approval
    click.echo(f"recorded: {approval.by} approved {item.source.path} as {approval.role} at "
               f"{approval.at.isoformat()} ({approval.digest[:19]}…)")
    if isinstance(item, m.Post):
        deadline = item.publish_at - ap.lead_time(recorded.handbook, approval.role)
        if approval.at > deadline:
            click.echo(f"note: later than {approval.role}'s deadline {deadline.isoformat(timespec='minutes')}; "
                       "playbook validate will report time.lead")
    if approval.role not in {r for step in ap.required_steps(recorded.handbook, item) for r in step.roles}:
        click.echo(f"note: {item.source.path} does not need {approval.role} under policies/rules.yml; "
                   "the approval is recorded but meets no step")
    if recorded.remaining:
        click.echo("still needed:")
        click.echo("\n".join(describe_pending(recorded.remaining)))
    elif isinstance(item, m.Post) and item.status in ("draft", "in-review"):
        click.echo(f"every required approval is recorded; next: set status: approved in {item.source.path}")
    else:
        click.echo("every required approval is recorded")
