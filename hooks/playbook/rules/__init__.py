"""Rules: checks that run on the loaded model and yield problems.

The loader already reported yaml.*, file.*, schema.*, ref.* and time zone
problems; ``run_rules`` runs every rule module, then applies the severities
configured under ``rules:`` in policies/rules.yml (error, warning, off, or a
mapping with ``severity`` and the rule's options) and sorts everything.

Rule modules (each rule's docstring is its published documentation):

* ``loader``: ids the loader reports, declared for the reference and rules.yml
* ``approval``: approval.missing, approval.role, approval.self, approval.stale,
  time.lead, status.inconsistent
* ``verify``: approval.unverified (who added an approval, per the git history)
* ``schedule``: time.outside-campaign, time.quiet-period, time.channel-cap,
  time.channel-gap, time.missed
* ``content``: content.length, content.media, content.alt-text,
  content.hashtags, content.forbidden-term
* ``placeholder``: content.placeholder
* ``review``: review.overdue
* ``metrics``: metrics.format, metrics.number (reported while reading), metrics.channel,
  metrics.post, metrics.duplicate, metrics.early
* ``insights``: insight.department, insight.owner, insight.note
* ``rota``: rota.gap, rota.role, rota.time
* ``protocol``: protocol.team, protocol.backup, protocol.role, protocol.activation,
  protocol.contact, protocol.rota
* ``policy``: policy.unacknowledged (chapters the people on the rota must read)
* ``hold``: hold.role (who started or ended a hold may)

Importing a rule module registers its rules (``base.rule``), in the order
imported here, which is the order they run in.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime

from .. import model as m
from ..approvals import ApprovalAnalysis
from ..problems import Problem, ProblemList, Severity
from ..suggest import did_you_mean

# isort: off  (importing a rule module registers its rules, in this order)
from . import (  # noqa: F401
    approval,
    content,
    hold,
    insights,
    loader,
    metrics,
    placeholder,
    policy,
    protocol,
    review,
    rota,
    schedule,
    verify,
)
from .base import REGISTRY, Analysis, RuleRun

# isort: on

# Reference page order: how a reader meets problems, from unreadable files to content.
FAMILY_ORDER = ("yaml", "file", "schema", "ref", "time", "approval", "status", "content", "review", "rota",
                "hold", "protocol", "policy", "metrics", "insight")
FAMILY_TITLES = {
    "yaml": "Reading YAML", "file": "Reading files", "schema": "File formats", "ref": "References",
    "time": "Timing", "approval": "Approvals", "status": "Status", "content": "Content",
    "review": "Reviews", "rota": "Monitoring rota", "metrics": "Metrics", "insight": "Insights",
    "hold": "Holds", "protocol": "Protocols", "policy": "Policy chapters",
}


def registry() -> dict:
    """Every rule by id (``base.Rule``)."""
    return REGISTRY


def _configure(handbook: m.Handbook, rules: dict) -> tuple[dict[str, str], dict[str, dict], list[Problem]]:
    """Severities and parsed options per rule id, plus problems in the ``rules:`` section of rules.yml."""
    severities: dict[str, str] = {}
    options = {rule_id: {o.name: o.default for o in entry.options} for rule_id, entry in rules.items()}
    found = ProblemList()
    source = handbook.rules.source
    for rule_id, config in handbook.rules.configured.items():
        entry = rules.get(rule_id)
        if entry is None:
            found.add(source.path, source.key_pos("rules", rule_id), "schema.unknown", f"unknown rule '{rule_id}'",
                      did_you_mean(rule_id, rules) or "see the rule reference for every rule id")
            continue
        severity = config.severity
        if severity and entry.fixed and severity != "error":
            found.add(source.path, source.value_pos(*config.severity_keys), "schema.value",
                      f"{rule_id} is always an error: a file that cannot be read would silently drop out "
                      "of the handbook", f"remove '{rule_id}' from rules:")
        elif severity:
            severities[rule_id] = severity
        for name, value in config.options.items():
            option = entry.option(name)
            if option is None:
                known = [o.name for o in entry.options]
                hint = did_you_mean(name, known + ["severity"]) or (
                    f"options of {rule_id}: severity, {', '.join(known)}" if known
                    else f"{rule_id} takes only severity")
                found.add(source.path, source.key_pos("rules", rule_id, name), "schema.unknown",
                          f"unknown option '{name}' for {rule_id}", hint)
                continue
            try:
                options[rule_id][name] = option.parse(value)
            except TypeError as error:
                found.add(source.path, source.value_pos("rules", rule_id, name), "schema.type",
                          f"'{name}' of {rule_id} must be {error}", f"{option.name}: {option.description}")
            except ValueError as error:
                found.add(source.path, source.value_pos("rules", rule_id, name), "schema.value",
                          f"'{name}' of {rule_id}: {error}", f"{option.name}: {option.description}")
    return severities, options, found.items


def run_rules(handbook: m.Handbook, now: datetime, approvals: ApprovalAnalysis | None = None,
              changed: frozenset[str] = frozenset()) -> list[Problem]:
    """Every problem of the handbook: the loader's, then each rule's, with rules.yml severities applied.

    ``approvals`` lets the caller share the rules' analysis of each item's approvals (``validate`` does).
    ``changed``: the paths a change under review adds or edits; a conflict between two posts is reported
    on the changed one (``Analysis.blame_rank``).
    """
    rules = registry()
    severities, options, problems = _configure(handbook, rules)
    problems = list(handbook.problems) + problems
    analysis = Analysis(handbook, approvals, changed)
    for entry in rules.values():
        if entry.check is None or severities.get(entry.id) == "off":
            continue
        run = RuleRun(handbook, now, entry, options[entry.id], analysis)
        entry.check(run)
        problems.extend(run.found)
    out = ProblemList()
    for problem in problems:
        severity = severities.get(problem.rule)
        if severity == "off":
            continue
        if severity and severity != problem.severity.value:
            problem = dataclasses.replace(problem, severity=Severity(severity))
        out.items.append(problem)
    return out.sorted()


def reference_markdown() -> str:
    """The rule reference page (reference/rules.md in the handbook), generated from the rule modules."""
    rules = registry()
    ordered = sorted(rules.values(), key=lambda r: (FAMILY_ORDER.index(r.family) if r.family in FAMILY_ORDER
                                                    else len(FAMILY_ORDER), r.id))
    lines = [
        "# Rules",
        "",
        "Every problem `playbook validate` reports carries one of these rule ids, with the file, line and",
        "column it is about, a message and usually a hint. This page is generated from the rule modules in",
        "`hooks/playbook/rules/`, so it always matches the code.",
        "",
        "Change a rule's severity or options under `rules:` in `policies/rules.yml`:",
        "",
        "```yaml",
        "rules:",
        "  time.missed: warning                           # error, warning or off",
        "  content.hashtags: off",
        "  review.overdue: {severity: warning, warn_within: 14d}   # severity and options",
        "```",
        "",
        "An unknown rule id or option there is itself a problem (`schema.unknown`). The four ids marked",
        "*fixed* mean a file could not be read at all; they are always errors, because the file would",
        "otherwise drop out of the site and the feeds unnoticed.",
        "",
        "| rule | default | checks |",
        "|---|---|---|",
    ]
    for entry in ordered:
        default = entry.severity + (" (fixed)" if entry.fixed else "")
        lines.append(f"| `{entry.id}` | {default} | {_cell(entry.summary)} |")
    family = None
    for entry in ordered:
        if entry.family != family:
            family = entry.family
            lines += ["", f"## {FAMILY_TITLES.get(family, family)}"]
        lines += ["", f"### {entry.id}", ""]
        facts = f"Default severity: **{entry.severity}**"
        facts += " (fixed: cannot be changed)." if entry.fixed else "."
        if entry.check is None:
            facts += " Reported while files are read."
        lines += [facts, ""]
        lines += entry.doc.splitlines()
        if entry.options:
            lines += ["", "| option | default | meaning |", "|---|---|---|"]
            for option in entry.options:
                lines.append(f"| `{option.name}` | `{option.shown_default()}` | {_cell(option.description)} |")
    return "\n".join(lines).rstrip() + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")
