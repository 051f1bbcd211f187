"""Print problems as text, GitHub workflow commands or JSON; separate from the rules."""

from __future__ import annotations

import json
from collections import Counter

from .problems import Problem, Severity

_COLOURS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m"}
_RESET, _DIM = "\033[0m", "\033[2m"


def summary(problems: list[Problem]) -> str:
    counts = Counter(p.severity for p in problems)
    errors, warnings = counts[Severity.ERROR], counts[Severity.WARNING]
    if not problems:
        return "no problems found"
    counted = f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
    elapsed = sum(p.elapsed for p in problems)
    if elapsed:
        counted += f" ({elapsed} only because time passed: they never stop publishing)"
    return counted


def one_line(problem: Problem, severity: str = "") -> str:
    """``path:line:column: [severity: ]message [rule]``: a problem as editors and terminals link it."""
    shown = f"{severity}: " if severity else ""
    return f"{problem.location}: {shown}{problem.message} [{problem.rule}]"


def text(problems: list[Problem], colour: bool = False) -> str:
    lines = []
    for p in problems:
        severity = p.severity.value
        if colour:
            severity = f"{_COLOURS[p.severity]}{severity}{_RESET}"
        lines.append(one_line(p, severity))
        if p.hint:
            lines.append(f"    {_DIM}hint: {p.hint}{_RESET}" if colour else f"    hint: {p.hint}")
    lines.append(summary(problems))
    return "\n".join(lines) + "\n"


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github(problems: list[Problem]) -> str:
    lines = []
    for p in problems:
        message = p.message + (f" (hint: {p.hint})" if p.hint else "")
        lines.append(
            f"::{p.severity.value} file={_escape_property(p.path)},line={p.line},col={p.column},"
            f"title={_escape_property(p.rule)}::{_escape_data(message)}")
    lines.append(f"playbook: {summary(problems)}")
    return "\n".join(lines) + "\n"


def as_json(problems: list[Problem]) -> str:
    return json.dumps([p.as_dict() for p in problems], indent=2, ensure_ascii=False) + "\n"


FORMATTERS = {"text": text, "github": lambda problems, colour=False: github(problems),
              "json": lambda problems, colour=False: as_json(problems)}
