"""Recording an approval: check the request against the handbook, then append ``{by, role, at, digest}``.

The check (who may approve, in which role) uses the approval matrix in
approvals.py; the file is edited by yamledit.py, which changes nothing but the
new entry. The ``playbook approve`` command (cli.py) only prints the result.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from . import approvals as ap
from . import model as m
from .errors import PlaybookError
from .formatters import one_line
from .load import load_handbook
from .suggest import did_you_mean
from .timeparse import TimeError, parse_datetime
from .yamledit import append_to_list


class ApproveError(PlaybookError):
    """The approval cannot be recorded (exit 2: the request is refused, 1: the file has problems)."""


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


def open_item(root: Path, path: Path, error=ApproveError) -> tuple[m.Handbook, object, Path, str]:
    """Load the handbook and find the post, template or chapter at ``path``: (handbook, item, absolute path,
    path relative to the root); refuses (``error``) a path outside the handbook or a file it cannot read."""
    root = root.resolve()
    absolute = (path if path.is_absolute() else Path.cwd() / path).resolve()
    try:
        relative = absolute.relative_to(root).as_posix()
    except ValueError:
        raise error(f"{path} is outside the handbook {root}") from None
    if not absolute.is_file():
        raise error(f"{relative}: no such file")
    handbook = load_handbook(root)
    item = find_item(handbook, relative)
    if item is None:
        own = [p for p in handbook.problems if p.path == relative]
        if own:
            raise error(f"{one_line(own[0])}; the file cannot be read: fix it first", code=1)
        raise error(f"{relative} is not a post, response template or policy chapter")
    return handbook, item, absolute, relative


def find_person(handbook: m.Handbook, by: str, error=ApproveError) -> m.Person:
    person = handbook.team.people.get(by)
    if person is None:
        hint = did_you_mean(by, handbook.team.people)
        raise error(f"unknown person '{by}'" + (f": {hint}" if hint else " (see policies/team.yml)"))
    return person


def approve(root: Path, path: Path, by: str, role: str | None = None, at: str | datetime | None = None) -> Recorded:
    """Check the request against the handbook, then append the approval to the file.

    ``at`` (default: now) may be ISO text; a local time is read in the
    approver's zone (team.yml), else the settings' zone.
    """
    handbook, item, absolute, relative = open_item(root, path)
    person = find_person(handbook, by)
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
        held_by = f"; held by {', '.join(holders)}" if holders else ""
        raise ApproveError(f"{by} does not hold the role '{role}'{known}; roles held: "
                           f"{', '.join(person.roles) or 'none'}{held_by}")
    zone = person.timezone or handbook.settings.timezone
    if isinstance(at, str):
        at = parse_at(at, zone)
    when = (at or datetime.now(timezone.utc)).astimezone(zone).replace(microsecond=0)
    approval = m.Approval(by, role, when, ap.content_digest(handbook, item), len(item.approvals))
    append_to_list(absolute, "approvals", approval_fields(approval), "the approval")
    item.approvals.append(approval)
    return Recorded(handbook, item, approval, ap.pending_approvals(handbook, item))


def parse_at(value: str, zone) -> datetime:
    try:
        return parse_datetime(value, zone)
    except TimeError as error:
        raise ApproveError(f"--at: {error}; {error.hint}") from None


def approval_fields(approval: m.Approval) -> list[tuple[str, str]]:
    """The entry as written under ``approvals:``: ids, an ISO time with offset and "sha256:<hex>" need no quotes."""
    return [("by", approval.by), ("role", approval.role), ("at", approval.at.isoformat()),
            ("digest", approval.digest)]
