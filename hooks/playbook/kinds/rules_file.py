"""``policies/rules.yml``: the approval matrix, lead times, response targets, terms and rule severities."""

from __future__ import annotations

import re

from .. import model as m
from ..schema import Cursor, Key, Reader, Shape
from ..suggest import did_you_mean

STEP = Shape(
    "approval step",
    Key("any", "texts", description="any one of these roles approves", ident=True, one_or_list=True),
    Key("all", "texts", description="each of these roles approves", ident=True, one_or_list=True),
)
APPROVAL_MATRIX = Shape(
    "approval matrix",
    Key("default", "entries", description="steps every post needs", shape=STEP),
    Key("channels", "map", description="channel id: extra steps", values="entries", shape=STEP),
    Key("flags", "map", description="flag: extra steps", values="entries", shape=STEP),
    Key("terms", "map", description="review term found in the copy: extra steps", values="entries", shape=STEP),
    Key("campaigns", "map", description="campaign id: extra steps", values="entries", shape=STEP),
    Key("templates", "entries", description="steps for response wording", shape=STEP),
    Key("policies", "entries", description="steps for policy chapters", shape=STEP),
)
FORBIDDEN_TERM = Shape(
    "forbidden term",
    Key("term", "text", True),
    Key("hint", "text", description="what to write instead", default=""),
    Key("forms", "texts", description="other words to catch besides the regular endings (policy-terms.md)"),
)
VERIFY_APPROVALS = Shape(
    "verify_approvals",
    Key("mode", "text", True, "off, author (added in the approver's commit) or signed (and signed by them)",
        default="off", choices=m.VERIFY_MODES),
    Key("since", "text", description="a date, or a commit id: approvals added before it count as recorded"),
)
HOLDS = Shape(
    "holds",
    Key("roles", "texts", True, "roles whose holders may start and end holds (playbook hold start|end); "
        "without a holds: section, social-lead", ident=True, one_or_list=True),
)
RULES = Shape(
    "rules",
    Key("approvals", "mapping", description="who must approve", shape=APPROVAL_MATRIX),
    Key("lead_times", "map", description="role: how long before publish_at its approval is due",
        values="duration"),
    Key("separation_of_duties", "flag", description="an author may not approve their own post", default=True),
    Key("response_targets", "map", description="category: default respond_within", values="duration"),
    Key("categories", "texts", description="response categories beyond the built-in ones", ident=True),
    Key("flags", "texts", description="post flags beyond the built-in ones", ident=True),
    Key("departments", "texts", description="where customer insights are routed (replaces the default list)",
        ident=True),
    Key("forbidden_terms", "entries", description="terms the copy may not use: text or {term, forms, hint}",
        shape=FORBIDDEN_TERM, text_entries=True),
    Key("rules", "map", description="rule id: error, warning, off, or {severity, option: value}"),
    Key("verify_approvals", "mapping", description="check approvals against git history and signatures",
        shape=VERIFY_APPROVALS),
    Key("holds", "mapping", description="who may start and end crisis holds in calendar/quiet.yml", shape=HOLDS),
)


def _steps(c: Cursor, value, keys: tuple, reason: tuple[str, str]) -> list[m.ApprovalStep]:
    if not isinstance(value, list):
        c.report(keys, "schema.type", "approval steps must be a list like [{any: [social-lead]}]")
        return []
    steps = []
    for index, step in enumerate(value):
        here = keys + (index,)
        if not isinstance(step, dict) or len(step) != 1 or next(iter(step)) not in STEP.keys:
            c.report(here, "schema.value", "each approval step is {any: [roles]} or {all: [roles]}")
            continue
        mode = next(iter(step))
        roles = c.at(here, step, STEP).texts(mode)
        if roles:
            steps.append(m.ApprovalStep(mode, roles, (reason,)))
    return steps


def read_rules(r: Reader, data: dict) -> m.Rules:
    c = r.at(RULES, data).check()
    rules = m.Rules(source=r.source)
    approvals = c.section("approvals") or r.at(APPROVAL_MATRIX, {}, ("approvals",))
    for key in ("default", "templates", "policies"):
        if approvals.data.get(key) is not None:
            setattr(rules, key, _steps(c, approvals.data[key], ("approvals", key), (key, "")))
    for key, label in (("channels", "channel"), ("flags", "flag"), ("terms", "term"), ("campaigns", "campaign")):
        target = getattr(rules, key)
        for name, steps in approvals.mapping(key).items():
            target[name] = _steps(c, steps, ("approvals", key, name), (label, name))
    for role, value in c.values("lead_times").items():
        if value is not None:
            rules.lead_times[role] = value
    rules.separation_of_duties = c.flag("separation_of_duties")
    rules.verify = _verify_approvals(c)
    holds = c.section("holds")
    if holds is not None:
        rules.hold_roles = holds.texts("roles")
    rules.categories += [name for name in c.texts("categories") if name not in rules.categories]
    rules.flag_names += [name for name in c.texts("flags") if name not in rules.flag_names]
    for category, value in c.values("response_targets").items():
        if category not in rules.categories:
            c.report(("response_targets", category), "schema.value", f"unknown category '{category}'",
                     did_you_mean(category, rules.categories) or "declare it under categories:", at_key=True)
        elif value is not None:
            rules.response_targets[category] = value
    if "departments" in c.data:
        rules.departments = c.texts("departments")
    _forbidden_terms(c, rules)
    for rule_id, spec in c.mapping("rules").items():
        keys = ("rules", rule_id)
        entry = rules.configured[rule_id] = m.RuleConfig(
            severity_keys=keys + ("severity",) if isinstance(spec, dict) else keys)
        if isinstance(spec, str):
            spec = {"severity": spec}
        if not isinstance(spec, dict):
            c.report(keys, "schema.type", f"'{rule_id}' must be error, warning, off or a mapping")
            continue
        entry.severity = c.at(keys, spec, RULE_SETTING).text("severity")
        entry.options = {k: v for k, v in spec.items() if k != "severity"}
    return rules


def _verify_approvals(c: Cursor) -> m.VerifyApprovals:
    out = m.VerifyApprovals()
    section = c.section("verify_approvals")
    if section is None:
        return out
    out.mode = section.text("mode")
    since = section.text("since")
    if since and re.fullmatch(r"[0-9a-f]{7,40}", since.strip()):
        out.since_commit = since.strip()
    elif since:
        out.since_date = section.reader.date(section.data, section.keys, "since")
    return out


# Options beside severity are declared by each rule (rules/base.py) and checked there.
RULE_SETTING = Shape("rule setting", Key("severity", "text", choices=("error", "warning", "off")))


def _forbidden_terms(c: Cursor, rules: m.Rules) -> None:
    """Each term is text or {term, forms, hint}: a list of mixed entries, so read item by item."""
    terms = c.data.get("forbidden_terms")
    if terms is not None and not isinstance(terms, list):
        c.report(("forbidden_terms",), "schema.type", "'forbidden_terms' must be a list")
    for index, item in enumerate(terms if isinstance(terms, list) else []):
        keys = ("forbidden_terms", index)
        if isinstance(item, str) and item.strip():
            rules.forbidden_terms.append(m.ForbiddenTerm(item.strip()))
        elif isinstance(item, dict):
            entry = c.at(keys, item, FORBIDDEN_TERM).check()
            term = entry.text("term")
            if term:
                rules.forbidden_terms.append(m.ForbiddenTerm(term, entry.text("hint"), entry.texts("forms")))
        else:
            c.report(keys, "schema.type", "a forbidden term is text or {term, forms, hint}")
