"""The rule framework: a registry of rules, their options, and the per-run context they report into.

A rule is a function decorated with ``@rule(...)``; its docstring is the
documentation published on the handbook's rule reference page, so it must
hold a passing and a failing example. Loader-level ids (yaml.*, file.*,
schema.*, ref.*, time.nonexistent, time.ambiguous) are declared with
``declare(...)``: the loader reports them, the registry documents them and
lets rules.yml change their severity.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from .. import approvals as ap
from .. import model as m
from ..dates import compact_duration
from ..problems import Pos, Problem, Severity, listing
from ..rota import RotaTimes
from ..source import Source
from ..timeparse import TimeError, parse_duration

SEVERITIES = ("error", "warning")


@dataclass(frozen=True)
class Option:
    """One option a rule accepts in rules.yml: ``rules: {<id>: {severity: ..., <name>: <value>}}``."""

    name: str
    kind: str  # "duration", "bool" or "statuses" (a list of post statuses)
    default: object
    description: str

    def parse(self, value) -> object:
        """The option's value, or ValueError with a message for the rules.yml problem."""
        if self.kind == "duration":
            if not isinstance(value, str):
                raise TypeError("a duration like 15m, 2h or 14d")
            try:
                return parse_duration(value)
            except TimeError as error:
                raise ValueError(f"{error} ({error.hint})") from None
        if self.kind == "bool":
            if not isinstance(value, bool):
                raise TypeError("true or false")
            return value
        if self.kind == "statuses":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise TypeError(f"a list of post statuses, e.g. [{', '.join(self.default)}]")
            unknown = [v for v in value if v not in m.POST_STATUSES]
            if unknown:
                raise ValueError(f"unknown status '{unknown[0]}'; statuses: {', '.join(m.POST_STATUSES)}")
            return tuple(value)
        raise AssertionError(f"unknown option kind {self.kind}")  # pragma: no cover - registry bug

    def shown_default(self) -> str:
        if isinstance(self.default, timedelta):
            return compact_duration(self.default)
        if isinstance(self.default, bool):
            return "true" if self.default else "false"
        if isinstance(self.default, tuple):
            return f"[{', '.join(self.default)}]"
        return str(self.default)


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str  # default severity
    doc: str  # Markdown: summary line, explanation, passing and failing example
    module: str
    options: tuple[Option, ...] = ()
    check: Callable[[RuleRun], None] | None = None  # None: reported by the loader
    fixed: bool = False  # severity cannot be changed in rules.yml
    elapsed: bool = False  # its findings become true only as time passes: they never block publishing

    @property
    def summary(self) -> str:
        return self.doc.split("\n", 1)[0].strip()

    @property
    def family(self) -> str:
        return self.id.split(".", 1)[0]

    def option(self, name: str) -> Option | None:
        return next((o for o in self.options if o.name == name), None)


REGISTRY: dict[str, Rule] = {}


def _register(entry: Rule) -> None:
    if entry.id in REGISTRY:
        raise ValueError(f"rule {entry.id} registered twice")
    if entry.severity not in SEVERITIES:
        raise ValueError(f"rule {entry.id}: default severity must be one of {SEVERITIES}")
    REGISTRY[entry.id] = entry


def rule(rule_id: str, *, severity: str = "error", options: Iterable[Option] = (), elapsed: bool = False):
    """Register the decorated function as the check for ``rule_id``; its docstring documents it.

    ``elapsed``: the rule compares with "now" and fires only because time passed (time.missed,
    review.overdue), never because of an edit; its problems are shown but do not block publishing.
    """

    def decorate(check: Callable[[RuleRun], None]):
        _register(Rule(rule_id, severity, inspect.cleandoc(check.__doc__ or ""), check.__module__,
                       tuple(options), check, elapsed=elapsed))
        return check

    return decorate


def declare(rule_id: str, doc: str, *, module: str, severity: str = "error", fixed: bool = False) -> None:
    """Register a rule the loader reports (no check function here)."""
    _register(Rule(rule_id, severity, inspect.cleandoc(doc), module, (), None, fixed))


# -- the context a rule runs in ----------------------------------------------


class Analysis:
    """What several rules need per run: the posts that go out, their known channels, and (shared with
    the site and the feeds through ``validate``'s result) each item's approval analysis."""

    def __init__(self, handbook: m.Handbook, approvals: ap.ApprovalAnalysis | None = None,
                 changed: frozenset[str] = frozenset()):
        self.handbook = handbook
        self.approvals = approvals if approvals is not None else ap.ApprovalAnalysis(handbook)
        self.changed = changed  # paths the change under review adds or edits (see blame_rank)
        # Computed once, read by several rules: which posts go out and on which known channels.
        self.active = [p for p in handbook.posts if p.status.goes_out]
        self.scheduled = [p for p in self.active if not p.is_held]
        channels = handbook.channels
        self._channels = {id(p): [channels[c] for c in p.channels if c in channels] for p in self.active}
        self.digest = self.approvals.digest
        self.valid = self.approvals.valid
        self.steps = self.approvals.steps
        self.pending = self.approvals.pending
        self._rota: dict[tuple, RotaTimes] = {}

    def rota_times(self, start: datetime, end: datetime) -> RotaTimes:
        """The rota's occurrences from ``start`` to ``end``, built once per window for the three rota rules."""
        key = (start, end)
        if key not in self._rota:
            self._rota[key] = RotaTimes(self.handbook, start, end)
        return self._rota[key]

    def channels(self, post: m.Post) -> list[m.Channel]:
        """The post's channels that channels.yml declares (unknown ones are ref.channel)."""
        return self._channels[id(post)]

    def blame_rank(self, post: m.Post) -> int:
        """Which of two conflicting posts carries the problem: the lower rank.

        0: the change under review adds or edits it; 1: it lacks valid approvals; 2: it is approved and
        unchanged, so moving it would void approvals nobody asked to redo.
        """
        if post.source.path in self.changed:
            return 0
        return 2 if self.valid(post) and not self.pending(post) else 1


@dataclass
class RuleRun:
    """What one rule sees: the handbook, the reference time, its options, and where to report."""

    handbook: m.Handbook
    now: datetime
    rule: Rule
    options: dict
    analysis: Analysis
    found: list[Problem] = field(default_factory=list)

    def report(self, source: Source | None, pos: Pos, message: str, hint: str | None = None,
               severity: str | None = None, related: tuple[str, ...] = (), elapsed: bool | None = None) -> None:
        """``elapsed`` overrides the rule's own for one finding (a rule that is only partly about time)."""
        path = source.path if source is not None else ""
        level = Severity(severity or self.rule.severity)
        self.found.append(Problem(path, pos.line, pos.column, self.rule.id, message, level, hint,
                                  elapsed=self.rule.elapsed if elapsed is None else elapsed, related=related))

    @property
    def local_now(self) -> datetime:
        """Now in the settings' zone: what "today" means for review dates and chapters in force."""
        return self.now.astimezone(self.handbook.settings.timezone)


# -- small helpers shared by rule modules -----------------------------------


def body_pos(source: Source, offset: int) -> Pos:
    """The file position of character ``offset`` of the body (the text after the front matter)."""
    before = source.body[:offset]
    newline = before.rfind("\n")
    return Pos(source.body_line + before.count("\n"), offset - newline)


def people_list(people) -> str:
    people = list(people)
    return listing((p.id for p in people), total=len(people)) or "nobody"

