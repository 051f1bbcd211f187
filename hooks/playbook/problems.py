"""Problems: what a check reports, sortable by position."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import NamedTuple


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class Pos(NamedTuple):
    """A 1-based line and column in a file (a tuple: created for every YAML node)."""

    line: int = 1
    column: int = 1


@dataclass(frozen=True)
class Problem:
    path: str  # relative to the repository root, with forward slashes
    line: int
    column: int
    rule: str
    message: str
    severity: Severity = Severity.ERROR
    hint: str | None = None

    @property
    def location(self) -> str:
        """``path:line:column``, as editors and CI annotations link it."""
        return f"{self.path}:{self.line}:{self.column}"

    @property
    def sort_key(self) -> tuple:
        return (self.path, self.line, self.column, self.rule, self.message)

    def as_dict(self) -> dict:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "severity": self.severity.value,
            "rule": self.rule,
            "message": self.message,
            "hint": self.hint,
        }


class Findings:
    """Errors and warnings of an object's ``problems``, in their order (a validation result, a page context)."""

    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]


@dataclass
class ProblemList:
    """Collects problems from every stage; one bad file never hides another."""

    items: list[Problem] = field(default_factory=list)

    def add(
        self,
        path: str,
        pos: Pos,
        rule: str,
        message: str,
        hint: str | None = None,
        severity: Severity = Severity.ERROR,
    ) -> None:
        self.items.append(Problem(path, pos.line, pos.column, rule, message, severity, hint))

    def extend(self, problems) -> None:
        self.items.extend(problems)

    def sorted(self) -> list[Problem]:
        unique = {(p.sort_key, p.severity, p.hint): p for p in self.items}
        return sorted(unique.values(), key=lambda p: p.sort_key)

    def __len__(self) -> int:
        return len(self.items)
