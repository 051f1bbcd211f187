"""Revision numbers and times for feed events, read from git history in one invocation.

A calendar client replaces its copy of an event when SEQUENCE rises (and
some, like Outlook and Apple Calendar, look at LAST-MODIFIED too). Both come
from the history of the file the event is built from:

* SEQUENCE: the number of commits that changed the file, minus one (the
  first version is 0), so every committed edit raises it;
* LAST-MODIFIED: the committer time of the last of those commits;
* CREATED: the committer time of the first.

One ``git log --name-only`` over the whole handbook answers this for every
file at once (10,000 posts: one process, not 10,000). Outside a git checkout,
for a file that was never committed, or if git is missing or fails, an event
gets SEQUENCE 0 and no CREATED, and LAST-MODIFIED falls back to DTSTAMP.

A shallow clone (CI's default checkout of one commit) sees one commit only:
every SEQUENCE is 0. Publish from a full clone (``fetch-depth: 0``).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from .. import model as m
from ..gitrun import run_git
from ..problems import ProblemList
from ..source import Source, parse_yaml

_MARK = "\x1e"  # record separator before each commit's time: cannot occur in a path git prints


@dataclass(frozen=True)
class FileHistory:
    commits: int
    first: int  # committer time of the first commit that changed the file (Unix seconds)
    last: int  # of the latest

    @property
    def sequence(self) -> int:
        return max(self.commits - 1, 0)

    @property
    def created(self) -> datetime:
        return datetime.fromtimestamp(self.first, tz=timezone.utc)

    @property
    def modified(self) -> datetime:
        return datetime.fromtimestamp(self.last, tz=timezone.utc)


@dataclass
class History:
    files: dict[str, FileHistory]  # path relative to the handbook root -> its history
    last_commit: datetime | None  # the latest commit that changed anything under the root

    def of(self, path: str | None) -> FileHistory | None:
        return self.files.get(path) if path else None


def read_history(root: Path | str) -> History:
    """Every file's commit count and first/last commit time under ``root`` (empty outside git)."""
    output = run_git(root, ["-c", "core.quotepath=off", "-c", "log.showSignature=false", "log", "--no-renames",
                            "--no-color", f"--format={_MARK}%ct", "--name-only", "--relative", "--", "."])
    return History({}, None) if output is None else parse_log(output)


def parse_log(output: str) -> History:
    """Parse ``git log --format=<RS>%ct --name-only`` output (newest commit first)."""
    counts: dict[str, int] = {}
    first: dict[str, int] = {}
    last: dict[str, int] = {}
    latest = None
    for record in output.split(_MARK)[1:]:
        head, _, names = record.partition("\n")
        try:
            when = int(head.strip())
        except ValueError:
            continue
        if latest is None:
            latest = when
        for name in names.split("\n"):
            if not name:
                continue
            counts[name] = counts.get(name, 0) + 1
            last.setdefault(name, when)  # newest first: the first time seen is the last change
            first[name] = when
    files = {name: FileHistory(counts[name], first[name], last[name]) for name in counts}
    return History(files, datetime.fromtimestamp(latest, tz=timezone.utc) if latest is not None else None)


CAMPAIGN_FILE = re.compile(r"calendar/campaigns/([^/]+)\.md\Z")
CHANNELS_FILE = "calendar/channels.yml"
MAX_CHANNEL_VERSIONS = 200  # versions of channels.yml read back at most (one `git show` each)
MAX_CHANNELS_BYTES = 1_000_000


def removed_campaigns(root: Path | str, history: History, current: set[str]) -> dict[str, datetime]:
    """Campaigns whose brief was deleted: id -> time of the commit that deleted it.

    ``git log --name-only`` lists a deleted file in the commit that deleted
    it, so a brief's last commit is its deletion once the file is gone.
    """
    removed = {}
    for path, found in history.files.items():
        match = CAMPAIGN_FILE.match(path)
        if match and match.group(1) not in current and not (Path(root) / path).exists():
            removed[match.group(1)] = found.modified
    return removed


def removed_channels(root: Path | str, current: set[str], since: datetime, now: datetime) -> dict[str, datetime]:
    """Channels taken out of calendar/channels.yml at or after ``since``: id -> when.

    Reads the versions of channels.yml committed since then (and the one
    before, to compare with); a channel missing from the working copy but in
    the last commit was removed ``now``. Empty outside git or when git fails.
    """
    log = run_git(root, ["log", "--no-color", "--format=%H %ct", f"-{MAX_CHANNEL_VERSIONS}", "--", CHANNELS_FILE])
    if log is None:
        return {}
    versions: list[tuple[datetime, set[str]]] = []  # newest first
    for line in log.splitlines():
        commit, _, stamp = line.partition(" ")
        when = datetime.fromtimestamp(int(stamp), tz=timezone.utc) if stamp.isdigit() else None
        if when is None:
            continue
        shown = run_git(root, ["show", f"{commit}:./{CHANNELS_FILE}"])
        versions.append((when, _channel_ids(shown)))
        if when < since:
            break  # the version in force when the window opened: nothing older matters
    removed: dict[str, datetime] = {}
    newer_ids, newer_time = current, now
    for when, ids in versions:
        for cid in ids - newer_ids:
            if cid not in current and newer_time >= since:
                removed.setdefault(cid, newer_time)
        newer_ids, newer_time = ids, when
    return removed


def _channel_ids(text: str | None) -> set[str]:
    """The channel ids of one old version of channels.yml, read as carefully as the current one."""
    if not text or len(text) > MAX_CHANNELS_BYTES:
        return set()
    source = Source(CHANNELS_FILE)
    if not parse_yaml(text, 0, source, ProblemList()) or not isinstance(source.data, dict):
        return set()
    channels = source.data.get("channels")
    return {cid for cid in channels if isinstance(cid, str)} if isinstance(channels, dict) else set()


def content_dtstamp(handbook: m.Handbook) -> datetime:
    """A DTSTAMP that depends on the content alone: the latest recorded approval, else 1980-01-01 UTC
    (the epoch reproducible builds use when nothing better is known)."""
    stamps = [a.at for item in handbook.approvable_items() for a in item.approvals if a.at]
    if stamps:
        return max(stamps).astimezone(timezone.utc).replace(microsecond=0)
    return datetime(1980, 1, 1, tzinfo=timezone.utc)


def source_date_epoch() -> datetime | None:
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if value.isdigit():
        try:
            return datetime.fromtimestamp(int(value), tz=timezone.utc)
        except (OverflowError, OSError, ValueError):
            return None
    return None


def feed_dtstamp(handbook: m.Handbook, history: History | None = None) -> datetime:
    """DTSTAMP for every feed: SOURCE_DATE_EPOCH, else the last commit's time, else the content."""
    stamp = source_date_epoch()
    if stamp is not None:
        return stamp
    if history is None:
        history = read_history(handbook.root)
    if history.last_commit is not None:
        return history.last_commit
    return content_dtstamp(handbook)
