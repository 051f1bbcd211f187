"""Problems: what a check reports, sortable by position."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from enum import StrEnum
from typing import NamedTuple

MAX_MESSAGE = 600  # characters of a message or hint: a problem stays one readable line
MAX_LISTED = 5  # names a message lists before it counts the rest
MAX_RELATED = 100  # other files a problem names as involved (`validate FILE` shows it for them too)


def listing(names, limit: int = MAX_LISTED, total: int | None = None) -> str:
    """Names joined by commas, at most ``limit`` of them and then how many more (``total``: how many
    there are in all, when ``names`` holds only the first few): a problem about one post of 3,000 on a
    day names a few, not all (all would make the report quadratic in size)."""
    if total is None:
        names = list(names)
        total = len(names)
    shown = ", ".join(itertools.islice(names, limit))
    return shown if total <= limit else f"{shown} and {total - limit:,} more"


def _bounded(text: str | None) -> str | None:
    if text is None or len(text) <= MAX_MESSAGE:
        return text
    return text[: MAX_MESSAGE - 1] + "…"


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
    # True when only the passing of time made this true (a post not marked published, a review date
    # reached): shown everywhere, but it never blocks publishing (see docs/guide/ci.md).
    elapsed: bool = False
    # Other files the problem is about (the posts a cap or gap conflict names): `playbook validate FILE`
    # shows it for them too.
    related: tuple[str, ...] = ()

    def involves(self, path: str) -> bool:
        """Whether the problem is in or about ``path`` (a file, or a folder ending without a slash)."""
        if path in ("", "."):
            return True
        folder = path.rstrip("/") + "/"
        return any(p == path or p.startswith(folder) for p in (self.path, *self.related))

    def __post_init__(self):
        # messages quote values from the files (a key, a term, a title): keep each problem one bounded line
        object.__setattr__(self, "message", _bounded(self.message))
        object.__setattr__(self, "hint", _bounded(self.hint))

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
            "elapsed": self.elapsed,
            "related": list(self.related),
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

    @property
    def blocking_errors(self) -> list[Problem]:
        """Errors that stop publishing: all but those only time passing made true (``Problem.elapsed``)."""
        return [p for p in self.errors if not p.elapsed]


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
        unique = {(p.sort_key, p.severity, p.hint, p.elapsed): p for p in self.items}
        return sorted(unique.values(), key=lambda p: p.sort_key)

    def __len__(self) -> int:
        return len(self.items)
