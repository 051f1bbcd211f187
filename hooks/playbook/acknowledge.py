"""Recording that someone has read a policy chapter: ``{by, version, at}`` appended to ``acknowledgements:``.

Who is asked comes from the chapter's ``acknowledge:`` (``practitioners``:
everyone in policies/team.yml; a role id: its holders). The entry binds the
acknowledgement to the chapter's current ``version``; when the version
changes, everybody asked reads it again. The file is edited by yamledit.py
like an approval, and verified against git like one (verify.py). The
``playbook acknowledge`` command (cli.py) only prints the result.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from . import model as m
from .approve import find_person, open_item, parse_at
from .errors import PlaybookError
from .formatters import one_line
from .yamledit import append_to_list


class AcknowledgeError(PlaybookError):
    """The acknowledgement cannot be recorded (exit 2: the request is refused, 1: the file has problems)."""


@dataclass
class Acknowledged:
    handbook: m.Handbook
    chapter: m.PolicyChapter
    acknowledgement: m.Acknowledgement
    written: bool  # False: the person had already acknowledged this version, nothing was written


def asked_text(handbook: m.Handbook, chapter: m.PolicyChapter) -> str:
    """Who a chapter asks, in words: 'Legal: lena-legal' or 'practitioners (everyone in policies/team.yml): ...'."""
    groups = ["practitioners (everyone in policies/team.yml)" if group in (m.PRACTITIONERS, m.EVERYONE)
              else handbook.role_name(group) for group in chapter.acknowledge]
    people = ", ".join(p.id for p in chapter.asked(handbook.team)) or "nobody holds these roles"
    return f"{' and '.join(groups)}: {people}"


def acknowledge(root: Path, path: Path, by: str, at: str | datetime | None = None) -> Acknowledged:
    """Check the request against the chapter, then append the acknowledgement of its current version.

    ``at`` (default: now) may be ISO text; a local time is read in the
    reader's zone (team.yml), else the settings' zone.
    """
    handbook, chapter, absolute, relative = open_item(root, path, AcknowledgeError)
    if not isinstance(chapter, m.PolicyChapter):
        raise AcknowledgeError(f"{relative} is not a policy chapter; only chapters (policies/*.md) are acknowledged")
    person = find_person(handbook, by, AcknowledgeError)
    own = [p for p in handbook.problems if p.path == relative and p.rule.startswith("schema.")]
    if own:  # e.g. acknowledge: written as a number reads as asking nobody: say what is wrong instead
        raise AcknowledgeError(f"{one_line(own[0])}; fix the chapter's front matter first", code=1)
    if not chapter.acknowledge:
        raise AcknowledgeError(f"{relative} asks nobody to acknowledge it (it has no acknowledge: in its front "
                               f"matter); its owner adds e.g. acknowledge: [{m.PRACTITIONERS}]")
    if person not in chapter.asked(handbook.team):
        raise AcknowledgeError(f"{relative} does not ask {by} to acknowledge it; it asks "
                               f"{asked_text(handbook, chapter)}")
    if not chapter.version:
        raise AcknowledgeError(f"{relative} has no version to acknowledge; its owner writes version: first", code=1)
    previous = chapter.acknowledged(by)
    if previous is not None and previous.version == chapter.version:
        return Acknowledged(handbook, chapter, previous, written=False)
    zone = person.timezone or handbook.settings.timezone
    if isinstance(at, str):
        at = parse_at(at, zone)
    when = (at or datetime.now(timezone.utc)).astimezone(zone).replace(microsecond=0)
    record = m.Acknowledgement(by, chapter.version, when, len(chapter.acknowledgements))
    append_to_list(absolute, "acknowledgements", acknowledgement_fields(record), "the acknowledgement")
    chapter.acknowledgements.append(record)
    return Acknowledged(handbook, chapter, record, written=True)


def acknowledgement_fields(record: m.Acknowledgement) -> list[tuple[str, str]]:
    """The entry as written: the version quoted (``1.10`` unquoted would read as a number), ``at`` when known."""
    fields = [("by", record.by), ("version", json.dumps(record.version, ensure_ascii=False))]
    return fields + ([("at", record.at.isoformat())] if record.at is not None else [])


def commit_message(chapter: m.PolicyChapter, record: m.Acknowledgement) -> str:
    return (f"Acknowledge {chapter.source.path} version {record.version}\n\n"
            f"Acknowledged-by: {record.by}\nVersion: {record.version}\n")
