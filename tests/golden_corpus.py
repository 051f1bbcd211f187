"""Shared helpers for the golden corpus: a valid base handbook plus one overlay per case.

A case is a folder under tests/golden/cases/ holding files that replace or add
to tests/golden/base/, an optional ``deleted`` list of base paths to remove,
and ``expected``: one ``path:line:col rule.id`` line per problem, in order.
"""

from __future__ import annotations

import shutil
from datetime import datetime, timezone
from pathlib import Path

from paths import GOLDEN

BASE = GOLDEN / "base"
CASES = GOLDEN / "cases"
NOW = datetime(2027, 3, 1, tzinfo=timezone.utc)
SPECIAL = {"expected", "deleted", "README"}


def case_names() -> list[str]:
    return sorted(p.name for p in CASES.iterdir() if p.is_dir())


def build_case(name: str | None, target: Path) -> Path:
    """Copy the base handbook to ``target`` and apply the case's overlay."""
    shutil.copytree(BASE, target)
    if name is None:
        return target
    case = CASES / name
    deleted = case / "deleted"
    if deleted.exists():
        for line in deleted.read_text().split():
            (target / line).unlink()
    for path in sorted(case.rglob("*")):
        relative = path.relative_to(case)
        if path.is_file() and relative.as_posix() not in SPECIAL:
            (target / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target / relative)
    return target


def expected_lines(name: str) -> list[str]:
    text = (CASES / name / "expected").read_text()
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def problem_lines(problems) -> list[str]:
    return [f"{p.path}:{p.line}:{p.column} {p.rule}" for p in problems]
