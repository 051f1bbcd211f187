"""Protocols beyond the golden cases: a missing team, seats held twice, roles per seat, contacts, the rota."""

import pytest
from golden_corpus import NOW, build_case

from playbook.validate import validate

TEAM = """roles:
  social-lead: {name: Social lead}
  editor: {name: Editor}
  legal: {name: Legal}
  care-lead: {name: Customer care lead}
people:
  - {id: ana-lead, name: Ana Lead, roles: [social-lead], phone: "+1 555 0100"}
  - {id: ben-writer, name: Ben Writer, roles: [editor, social-lead], phone: "+1 555 0101"}
  - {id: lena-legal, name: Lena Legal, roles: [legal, care-lead], contact: "@lena in the team chat"}
  - {id: cleo-care, name: Cleo Care, roles: [care-lead], phone: "+1 555 0103"}
"""
READY = "team: {lead: ana-lead, members: [lena-legal, cleo-care], backup: ben-writer}\nactivation: [A recall.]\n"


@pytest.fixture
def root(tmp_path):
    hb = build_case(None, tmp_path / "hb")
    (hb / "policies/team.yml").write_text(TEAM)
    return hb


def protocol(root, front: str, name="crisis"):
    (root / f"policies/{name}.md").write_text("---\ntitle: Crisis protocol\naudience: practitioners\nowner: ana-lead\n"
                                              f'version: "1.0"\neffective: 2026-01-01\nkind: protocol\n{front}---\n'
                                              "Call the lead.\n")


def found(root, prefix=""):
    return [(p.line, p.column, p.rule, p.message) for p in validate(root, NOW).problems if p.rule.startswith(prefix)]


def rules(root):
    return [(line, column, rule) for line, column, rule, _ in found(root)]


def test_a_ready_protocol_passes(root):
    protocol(root, READY + "roles: {lead: [social-lead], members: [legal, care-lead]}\n")
    assert found(root) == []


def test_a_protocol_without_a_team_is_one_problem_not_six(root):
    protocol(root, "activation: [A recall.]\n")
    (root / "calendar/rota.yml").write_text('coverage:\n  all: {days: mon-sun, from: "09:00", to: "17:00"}\n'
                                            'shifts:\n  - {person: ben-writer, days: mon-sun, from: "09:00", '
                                            'to: "17:00"}\n')
    [(line, column, rule, message)] = found(root)
    assert (line, column, rule, message) == (7, 1, "protocol.team", "protocol 'crisis' names no team")


def test_a_team_without_lead_or_members(root):
    protocol(root, "team: {backup: ben-writer}\nactivation: [A recall.]\n")
    assert [(r, m) for _, _, r, m in found(root)] == [
        ("protocol.team", "the protocol's team has no lead"), ("protocol.team", "the protocol's team has no members")]


def test_a_seat_written_with_the_wrong_type_is_reported_once(root):
    protocol(root, "team: {lead: ana-lead, members: lena-legal, backup: [ben-writer]}\nactivation: [A recall.]\n")
    assert [r for _, _, r in rules(root)] == ["schema.type", "schema.type"]


def test_lead_equal_to_backup_and_backup_among_members(root):
    protocol(root, "team: {lead: ana-lead, members: [lena-legal], backup: ana-lead}\nactivation: [A recall.]\n")
    protocol(root, "team: {lead: ana-lead, members: [lena-legal, ben-writer], backup: ben-writer}\n"
                   "activation: [A recall.]\n", name="live")
    problems = validate(root, NOW).problems
    assert [(p.path, p.line, p.column, p.rule) for p in problems] == [
        ("policies/crisis.md", 8, 55, "protocol.backup"), ("policies/live.md", 8, 67, "protocol.backup")]
    assert "the backup is the lead (Ana Lead)" in problems[0].message
    assert "also a member" in problems[1].message


def test_an_unknown_person_is_ref_person_with_did_you_mean_and_nothing_else(root):
    protocol(root, READY.replace("backup: ben-writer", "backup: ben-writr") + "roles: {lead: [social-lead]}\n")
    [problem] = validate(root, NOW).problems
    assert (problem.rule, problem.line, problem.column) == ("ref.person", 8, 66)
    assert "ben-writer" in problem.hint  # did you mean, not a second problem about roles or contacts


def test_roles_per_seat(root):
    # without roles: nothing is asked; the backup defaults to the lead's roles; members cover each role
    protocol(root, READY.replace("lead: ana-lead", "lead: cleo-care").replace("[lena-legal, cleo-care]",
                                                                            "[lena-legal, ana-lead]"))
    assert rules(root) == []
    protocol(root, READY + "roles: {lead: social-lead, members: [legal, editor]}\n")
    assert [m for _, _, _, m in found(root)] == ["no member of the team is Editor, which the protocol asks for"]
    protocol(root, READY + "roles: {lead: [social-lead], backup: [legal]}\n")
    [(line, column, rule, message)] = found(root)
    assert (line, column, rule) == (8, 66, "protocol.role")
    assert message == "the backup Ben Writer is not Legal, which the protocol asks of its backup"
    protocol(root, READY + "roles: {lead: [social-lead], members: [legall]}\n")
    assert rules(root) == [(10, 40, "ref.role")]  # an unknown role is a reference problem, not a role problem


def test_activation_must_say_something(root):
    protocol(root, READY.replace("activation: [A recall.]", 'activation: "  "'))
    assert found(root) == [(9, 13, "protocol.activation", "activation lists no situation")]
    protocol(root, READY.replace("activation: [A recall.]", "activation: []"))
    assert rules(root) == [(9, 13, "protocol.activation")]


def test_a_phone_or_a_contact_reaches_someone_an_email_does_not(root):
    team = TEAM.replace(', phone: "+1 555 0103"', ", email: cleo@handbook.test")
    (root / "policies/team.yml").write_text(team)
    protocol(root, READY)
    [(line, column, rule, message)] = found(root)
    assert (rule, message.split(" has")[0]) == ("protocol.contact", "Cleo Care (member)")


@pytest.mark.parametrize("phone, rule", [
    ('"+1 555 0100"', None), ('"+44 (20) 7946-0018"', None), ('"555.0100"', None),
    ("+15550100", "schema.type"),  # YAML reads it as a number: the + is gone
    ('"call Ana"', "schema.value"), ('"+1 555"', "schema.value"), ('"1234"', "schema.value"),
    ('"+1 555 0100 0100 0100 01"', "schema.value"),  # more digits than any number has
])
def test_phone_numbers(root, phone, rule):
    (root / "policies/team.yml").write_text(TEAM.replace('phone: "+1 555 0100"', f"phone: {phone}"))
    assert [r for _, _, r in rules(root)] == ([rule] if rule else [])


ROTA = """coverage:
  all: {days: mon-sun, from: "09:00", to: "17:00"}
shifts:
  - {person: cleo-care, channels: all, days: mon-sun, from: "09:00", to: "17:00"}
on_call:
  - {person: ana-lead, days: mon-sun, from: "08:00", to: "18:00"}
"""


def test_the_lead_or_the_backup_is_reachable_whenever_the_channels_are_watched(root):
    protocol(root, READY)
    rota = root / "calendar/rota.yml"
    rota.write_text(ROTA + "away:\n  - {person: cleo-care, from: 2027-03-01, to: 2027-03-31, reason: holiday}\n"
                           "  - {person: lena-legal, from: 2027-03-01, to: 2027-03-31}\n")
    assert found(root, "protocol") == []  # members away are normal: the protocol reaches them by phone
    rota.write_text(ROTA + "away:\n  - {person: ana-lead, from: 2027-03-06, to: 2027-03-06, reason: marathon}\n")
    [(line, column, rule, message)] = found(root, "protocol")
    assert (line, column, rule) == (8, 14, "protocol.rota")
    assert message == ("neither the lead Ana Lead nor the backup Ben Writer is on shift or on call on "
                       "Sat 2027-03-06 09:00 to 17:00 (Europe/Berlin), while the channels are watched; "
                       "away: Ana Lead (marathon)")
    rota.write_text(ROTA + "  - {person: ben-writer, days: sat, from: \"09:00\", to: \"17:00\"}\n"
                           "away:\n  - {person: ana-lead, from: 2027-03-06, to: 2027-03-06, reason: marathon}\n")
    assert found(root, "protocol") == []  # the backup covers the day the lead is away


def test_nobody_who_may_lead_is_on_the_rota_at_all(root):
    protocol(root, READY)
    (root / "calendar/rota.yml").write_text(ROTA.replace("ana-lead", "cleo-care"))
    [(_, _, rule, message)] = found(root, "protocol")
    assert message.startswith("neither the lead Ana Lead nor the backup Ben Writer is on the rota: ")


def test_without_a_rota_or_its_coverage_there_is_nothing_to_compare(root):
    protocol(root, READY)
    assert found(root) == []
    (root / "calendar/rota.yml").write_text('shifts:\n  - {person: cleo-care, days: mon, from: "09:00", to: "17:00"}\n')
    assert found(root) == []  # nothing is watched, so nobody has to be reachable while it is
