"""Acknowledged warnings (``playbook validate --baseline FILE``), so that new ones stand out.

A baseline file lists, per file and rule, how many warnings the team has
seen and accepted. Warnings are matched by path and rule, not by message
or line: messages such as "passed 4d1h ago" change from run to run and
lines move when a file is edited. While a file has no more warnings of a
rule than acknowledged, they are hidden; once it has more, all of them are
shown again, because nothing says which one is new. Errors are never
acknowledged. docs/reference/cli.md explains the workflow.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .problems import Problem, Severity

VERSION = 1


class BaselineError(Exception):
    """The baseline file cannot be read; the message says which file and how to fix it."""


@dataclass
class Outcome:
    shown: list[Problem]
    hidden: int = 0  # acknowledged warnings left out
    gone: list[tuple[str, str]] = field(default_factory=list)  # acknowledged (path, rule) that no longer occur


def _key(problem: Problem) -> tuple[str, str]:
    return problem.path, problem.rule


def read(path: Path) -> Counter:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BaselineError(f"{path}: no such baseline file; create it with "
                            f"`playbook validate --baseline {path} --update-baseline`") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BaselineError(f"{path}: not a baseline file ({error}); write it again with --update-baseline") \
            from None
    entries = data.get("acknowledged") if isinstance(data, dict) and data.get("version") == VERSION else None
    if not isinstance(entries, list):
        raise BaselineError(f"{path}: not a version {VERSION} baseline file; write it again with --update-baseline")
    counts: Counter = Counter()
    for entry in entries:
        if not (isinstance(entry, dict) and isinstance(entry.get("path"), str) and isinstance(entry.get("rule"), str)
                and isinstance(entry.get("count"), int) and entry["count"] > 0):
            raise BaselineError(f"{path}: entry {entry!r} needs path, rule and a count above 0")
        counts[(entry["path"], entry["rule"])] += entry["count"]
    return counts


def apply(problems: list[Problem], acknowledged: Counter) -> Outcome:
    warnings = Counter(_key(p) for p in problems if p.severity is Severity.WARNING)
    covered = {key for key, n in warnings.items() if n <= acknowledged.get(key, 0)}
    shown = [p for p in problems if p.severity is not Severity.WARNING or _key(p) not in covered]
    gone = sorted(key for key in acknowledged if key not in warnings)
    return Outcome(shown, sum(warnings[key] for key in covered), gone)


def write(path: Path, problems: list[Problem]) -> int:
    """Acknowledge every current warning; written whole or not at all. Returns how many."""
    counts = Counter(_key(p) for p in problems if p.severity is Severity.WARNING)
    entries = [{"path": p, "rule": r, "count": n} for (p, r), n in sorted(counts.items())]
    text = json.dumps({"version": VERSION, "acknowledged": entries}, indent=2) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".baseline-", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return sum(counts.values())
