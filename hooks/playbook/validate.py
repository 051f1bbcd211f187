"""Load a handbook and run every rule: the one entry point for the CLI, the site and the feeds."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from . import model as m
from .load import collector_paused, load_handbook
from .problems import Findings, Problem
from .rules import run_rules


@dataclass
class Result(Findings):
    handbook: m.Handbook
    problems: list[Problem]


def reference_now(now: datetime | None = None) -> datetime:
    """--now, else SOURCE_DATE_EPOCH, else the clock: what 'now' means for time rules."""
    if now is not None:
        return now
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    return datetime.now(timezone.utc)


def build_now(root: Path | str) -> datetime:
    """'Now' for a site build: SOURCE_DATE_EPOCH, else the last commit's time, else the clock.

    A build is then a function of the commit: the same commit publishes the
    same bytes, and the example handbook does not grow warnings as the
    calendar moves on. `playbook validate` keeps comparing with the clock.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch.isdigit():
        try:
            done = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%ct"], capture_output=True,
                                  text=True, timeout=30, check=False)
            epoch = done.stdout.strip()
        except (OSError, subprocess.SubprocessError):
            epoch = ""
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    return datetime.now(timezone.utc)


def validate(root: Path | str, now: datetime | None = None) -> Result:
    with collector_paused():
        handbook = load_handbook(root)
        problems = run_rules(handbook, reference_now(now))
    return Result(handbook, problems)
