"""Load a handbook and run every rule: the one entry point for the CLI, the site and the feeds."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from . import model as m
from .approvals import ApprovalAnalysis
from .gitrun import run_git
from .load import collector_paused, load_handbook
from .problems import Findings, Problem
from .rules import registry, run_rules
from .source import ParseCache
from .verify import verify_approvals


@dataclass
class Result(Findings):
    handbook: m.Handbook
    problems: list[Problem]
    approvals: ApprovalAnalysis  # each item's digest, steps and pending approvals, for the site and the feeds


def check_loaded(handbook: m.Handbook, now: datetime | None = None,
                 changed: frozenset[str] = frozenset()) -> list[Problem]:
    """The rules' problems on a handbook already loaded, without reading git (what ``playbook diff`` asks of
    the side it compares: which conflicts a change causes, blamed on the ``changed`` paths)."""
    return run_rules(handbook, reference_now(now), ApprovalAnalysis(handbook), changed)


def rule_ids() -> frozenset[str]:
    """Every rule id a problem can carry."""
    return frozenset(registry())


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
        epoch = (run_git(root, ["log", "-1", "--format=%ct"]) or "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    return datetime.now(timezone.utc)


def changed_paths(root: Path | str, base: str | None = None) -> frozenset[str]:
    """Files the change under review adds or edits: uncommitted and untracked ones, plus those since ``base``.

    Outside a git repository nothing counts as changed. Paths are relative to the handbook root.
    """
    commands = [["diff", "--name-only", "--relative", "HEAD"],
                ["ls-files", "--others", "--exclude-standard"]]
    if base:
        commands.append(["diff", "--name-only", "--relative", f"{base}...HEAD"])
    found: set[str] = set()
    for command in commands:
        output = run_git(root, command)
        if output is None:
            if base and command[-1].endswith("...HEAD"):
                raise ValueError(f"git cannot compare with {base}: is it fetched (git fetch origin {base})?")
            return frozenset()
        found.update(line for line in output.splitlines() if line)
    return frozenset(found)


def validate(root: Path | str, now: datetime | None = None, verify_from: str | None = None,
             cache: ParseCache | None = None, changed: frozenset[str] = frozenset()) -> Result:
    """Load, check approvals against git history (``verify_from``: a pull request's base), run every rule;
    ``cache`` keeps file parses between calls (the preview's rebuilds); ``changed`` (``changed_paths``)
    decides which of two conflicting posts carries the problem."""
    with collector_paused():
        handbook = load_handbook(root, cache)
        approvals = ApprovalAnalysis(handbook)  # digests only depend on content: verification shares them
        verify_approvals(handbook, verify_from, approvals.digest)
        problems = run_rules(handbook, reference_now(now), approvals, changed)
    return Result(handbook, problems, approvals)
