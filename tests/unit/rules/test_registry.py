"""The rule registry against the contract: every SPEC rule id is registered, documented and has a golden case."""

import re

import pytest
from golden_corpus import CASES, expected_lines

from playbook.rules import reference_markdown, registry

# The rule ids fixed by the specification (SPEC.md, "Rules").
SPEC_RULE_IDS = """
yaml.syntax yaml.duplicate-key file.encoding file.front-matter schema.missing schema.unknown schema.type
schema.value ref.campaign ref.person ref.role ref.channel ref.media ref.duplicate-id time.nonexistent
time.ambiguous time.outside-campaign time.quiet-period time.channel-cap time.channel-gap time.missed time.lead
approval.missing approval.self approval.role approval.stale approval.unverified status.inconsistent content.length
content.media
content.alt-text content.hashtags content.forbidden-term content.placeholder review.overdue
metrics.format metrics.number metrics.channel metrics.post metrics.duplicate metrics.early
insight.department insight.owner insight.note
rota.gap rota.role
policy.unacknowledged
protocol.team protocol.backup protocol.role protocol.activation protocol.contact protocol.rota
""".split()
# Ids beyond the specification's list, each documented like the others; all warnings by default.
EXTRA_RULE_IDS = ["rota.time", "hold.role"]

LOADER_IDS = [i for i in SPEC_RULE_IDS if i.split(".")[0] in ("yaml", "file", "schema", "ref")] + [
    "time.nonexistent", "time.ambiguous", "metrics.format", "metrics.number"]


def test_registry_is_exactly_the_spec():
    assert sorted(registry()) == sorted(SPEC_RULE_IDS + EXTRA_RULE_IDS)


@pytest.mark.parametrize("rule_id", SPEC_RULE_IDS + EXTRA_RULE_IDS)
def test_every_rule_has_a_golden_case_that_reports_it(rule_id):
    case = rule_id.replace(".", "-")
    assert (CASES / case / "expected").exists(), f"no golden case tests/golden/cases/{case}/"
    assert any(line.endswith(" " + rule_id) for line in expected_lines(case))


@pytest.mark.parametrize("rule_id", SPEC_RULE_IDS + EXTRA_RULE_IDS)
def test_every_rule_documents_a_passing_and_a_failing_example(rule_id):
    doc = registry()[rule_id].doc
    summary, _, rest = doc.partition("\n")
    assert summary.strip() and rest.strip()
    passes, fails = doc.find("**Passes**"), doc.find("**Fails**")
    assert 0 < passes < fails, f"{rule_id}: a **Passes** example, then a **Fails** example"


def test_defaults_follow_the_spec():
    rules = registry()
    warnings = {"time.missed", "policy.unacknowledged", *EXTRA_RULE_IDS}
    assert all(rules[i].severity == "warning" for i in warnings)
    assert all(r.severity == "error" for i, r in rules.items() if i not in warnings)
    assert {i for i, r in rules.items() if r.fixed} == {"yaml.syntax", "yaml.duplicate-key", "file.encoding",
                                                        "file.front-matter"}
    assert {i for i, r in rules.items() if r.check is None} == set(LOADER_IDS)


def test_option_defaults_are_valid_values_of_their_kind():
    for entry in registry().values():
        for option in entry.options:
            written = option.shown_default()
            value = [v.strip() for v in written.strip("[]").split(",")] if option.kind == "statuses" else (
                written == "true" if option.kind == "bool" else written)
            assert option.parse(value) == option.default, (entry.id, option.name)


def test_reference_page_lists_every_rule_with_its_examples_and_options():
    page = reference_markdown()
    headings = re.findall(r"^### (\S+)$", page, flags=re.M)
    every = SPEC_RULE_IDS + EXTRA_RULE_IDS
    assert sorted(headings) == sorted(every)
    for rule_id in every:
        assert f"| `{rule_id}` |" in page  # the summary table
    assert page.count("**Passes**") == len(every) == page.count("**Fails**")
    for entry in registry().values():
        for option in entry.options:
            assert f"| `{option.name}` | `{option.shown_default()}` |" in page
    assert page.count("```") % 2 == 0  # every code block is closed


def test_reference_page_is_generated_from_the_docstrings():
    from playbook.rules import content

    assert content.forbidden_term.__doc__.strip().splitlines()[0] in reference_markdown()
