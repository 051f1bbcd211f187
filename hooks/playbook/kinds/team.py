"""``policies/team.yml``: people and the role catalogue."""

from __future__ import annotations

import re

from .. import model as m
from ..schema import ID, Key, Reader, Shape
from .common import read_signing_keys

ROLE = Shape(
    "role",
    Key("name", "text", True),
    Key("description", "text", default=""),
)
PERSON = Shape(
    "person",
    Key("id", "text", True, ident=True),
    Key("name", "text", True),
    Key("email", "text", default=""),
    Key("roles", "texts", description="role ids", ident=True),
    Key("timezone", "zone"),
    Key("emails", "texts", description="more addresses their commits carry", one_or_list=True),
    Key("signing_keys", "texts", description="SSH public keys they sign commits with, one line each",
        one_or_list=True),
    Key("phone", "text", description='a number to call when a protocol is activated, e.g. "+1 555 0100"'),
    Key("contact", "text", description="another fast way to reach them, e.g. a chat handle"),
)
# What a dialler accepts: an optional +, then digits with spaces, dots, dashes or brackets between them;
# 5 to 15 digits (E.164 allows at most 15). The site links it as tel: with the digits only.
PHONE = re.compile(r"\+?[0-9]([0-9 .()-]*[0-9])?")
TEAM = Shape(
    "team",
    Key("people", "entries", True, shape=PERSON),
    Key("roles", "map", True, "role id: {name, description} (or just its name)", shape=ROLE),
)


def read_team(r: Reader, data: dict) -> m.Team:
    c = r.at(TEAM, data).check(required=bool(r.source.ok and data))
    team = m.Team(source=r.source)
    for role_id, spec in c.mapping("roles").items():
        keys = ("roles", role_id)
        if not ID.match(role_id):
            c.report(keys, "schema.value", f"role id '{role_id}' is not a valid id", at_key=True)
            continue
        spec = spec if isinstance(spec, dict) else {"name": spec} if isinstance(spec, str) else None
        if spec is None:
            c.report(keys, "schema.type", f"role '{role_id}' must be a mapping with a name")
            continue
        role = c.at(keys, spec, ROLE).check()
        team.roles[role_id] = m.Role(role_id, role.text("name") or role_id, role.text("description"))
    for index, person in c.entries("people"):
        pid = person.text("id")
        if not pid:
            continue
        if pid in team.people:
            person.report(("id",), "ref.duplicate-id", f"person '{pid}' is listed twice",
                          "give each person a unique id")
            continue
        team.people[pid] = m.Person(pid, person.text("name") or pid, person.text("email"), person.texts("roles"),
                                    person.zone("timezone"), index, person.texts("emails"),
                                    read_signing_keys(person, "signing_keys"), read_phone(person),
                                    (person.text("contact") or "").strip())
    return team


def read_phone(person) -> str:
    written = person.data.get("phone")
    if isinstance(written, (int, float)) and not isinstance(written, bool):
        # YAML read it as a number: a leading 0 or + is already gone, and calling it would ring someone else
        person.report(("phone",), "schema.type", "'phone' must be text, not a number",
                      'put the number in quotes exactly as you dial it, e.g. phone: "+1 555 0100"')
        return ""
    phone = (person.text("phone") or "").strip()
    digits = sum(ch.isdigit() for ch in phone)
    if phone and not (PHONE.fullmatch(phone) and 5 <= digits <= 15):
        person.report(("phone",), "schema.value", f"'{phone}' is not a phone number",
                      'write the number with its country code, digits and spaces only, e.g. "+1 555 0100"; '
                      "put anything else under contact:")
        return ""
    return phone
