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
import subprocess
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from .. import model as m

GIT_TIMEOUT = 120  # seconds; a repository whose log takes longer is treated as "no history"
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


def _git_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update({"LC_ALL": "C", "GIT_OPTIONAL_LOCKS": "0", "GIT_TERMINAL_PROMPT": "0", "GIT_PAGER": "cat"})
    return env


def read_history(root: Path | str) -> History:
    """Every file's commit count and first/last commit time under ``root`` (empty outside git)."""
    command = ["git", "-c", "core.quotepath=off", "-c", "log.showSignature=false", "log", "--no-renames",
               "--no-color", f"--format={_MARK}%ct", "--name-only", "--relative", "--", "."]
    try:
        done = subprocess.run(command, cwd=str(root), capture_output=True, env=_git_env(),
                              timeout=GIT_TIMEOUT, check=False, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.SubprocessError):
        return History({}, None)
    if done.returncode != 0:
        return History({}, None)
    return parse_log(done.stdout.decode("utf-8", "replace"))


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


def content_dtstamp(handbook: m.Handbook) -> datetime:
    """A DTSTAMP that depends on the content alone: the latest recorded approval, else 1980-01-01 UTC
    (the epoch reproducible builds use when nothing better is known)."""
    stamps = [a.at for item in handbook.approvable_items() for a in item.approvals]
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
