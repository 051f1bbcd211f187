"""protocol.team, protocol.backup, protocol.role, protocol.activation, protocol.contact, protocol.rota:
a protocol chapter (``kind: protocol`` in policies/<id>.md) is ready before it is needed.

A protocol is agreed in advance so that nobody has to work out who does what
while something is going wrong. These rules check what can be checked before
that moment: the team is complete, someone can stand in for the lead, the
people hold the roles the protocol asks for, it says when it applies, each
person can be reached fast, and someone who may lead it is on the rota
whenever the channels are watched. A person id that is not in
policies/team.yml is `ref.person` (with a did-you-mean), as everywhere else;
these rules then leave that seat alone. All are errors: a protocol that fails
one of them fails the night it is needed.
"""

from __future__ import annotations

from .. import model as m
from ..rota import clip, subtract, union
from .base import RuleRun, rule
from .rota import WITHIN, coming_times, grouped_spans, when_text

TEAM_FILE = "policies/team.yml"  # where people, roles and contacts are written (kinds.KINDS["team"])


def _protocols(run: RuleRun) -> list[m.PolicyChapter]:
    return [c for c in run.handbook.chapters.values() if c.kind == "protocol" and c.source is not None]


def _seats(team: m.ProtocolTeam) -> list[tuple[str, str, tuple]]:
    """(seat, person id, where it is written) for everyone the team names: lead, backup, then members."""
    return [(seat, pid, ("team", seat) if index is None else ("team", "members", index))
            for seat, pid, index in team.seated()]


def _unwritten(value) -> bool:
    """Left out or left empty (a value of the wrong type is schema.type's, not reported twice)."""
    return value is None or value == "" or value == []


def _holds(person: m.Person, roles: list[str]) -> bool:
    return any(role == m.EVERYONE or role in person.roles for role in roles)


def _names(run: RuleRun, ids) -> str:
    return ", ".join(run.handbook.person_name(i) for i in ids) or "nobody yet"


@rule("protocol.team")
def team(run: RuleRun) -> None:
    """A protocol names no team, no lead or no members, or seats one person twice.

    `team:` says who is activated: the `lead` decides and speaks while the
    protocol is active, the `members` do the work, the `backup` leads when
    the lead cannot be reached (see `protocol.backup`). Each person holds one
    seat: a member listed twice, or the lead listed again among the members,
    makes the team look bigger than it is. Reported on the protocol's
    `kind: protocol` when there is no team, else on the key or entry
    concerned.

    **Passes**

    ```yaml
    kind: protocol
    team: {lead: renee, members: [maya, priya], backup: hana}
    ```

    **Fails** (the lead is also listed as a member)

    ```yaml
    kind: protocol
    team: {lead: renee, members: [renee, maya], backup: hana}
    ```
    """
    for chapter in _protocols(run):
        src, crew = chapter.source, chapter.team
        if crew is None:
            if src.data.get("team") is None:  # a team that is not a mapping is schema.type already
                run.report(src, src.key_pos("kind"), f"protocol '{chapter.id}' names no team",
                           "add team: with lead: (who decides), members: [who does the work] and backup: (who "
                           "leads when the lead cannot be reached), as person ids from policies/team.yml")
            continue
        written = src.data["team"]
        if _unwritten(written.get("lead")):
            run.report(src, src.key_pos("team"), "the protocol's team has no lead",
                       "add lead: under team: with the person id of whoever decides and speaks while it is active")
        if _unwritten(written.get("members")):
            run.report(src, src.value_pos("team", "members") if "members" in written else src.key_pos("team"),
                       "the protocol's team has no members",
                       "add members: [person ids] under team: for the people who do the work (social, legal, care)")
        seen: set[str] = set()
        for index, pid in enumerate(crew.members):
            where = src.value_pos("team", "members", index)
            name = run.handbook.person_name(pid)
            if pid == crew.lead:
                run.report(src, where, f"{name} is the lead and is also listed as a member",
                           "the lead holds one seat: remove them from members")
            elif pid in seen:
                run.report(src, where, f"{name} is listed twice among the members", "remove the second entry")
            seen.add(pid)


@rule("protocol.backup")
def backup(run: RuleRun) -> None:
    """A protocol has no backup, or its backup is the lead or one of the members.

    The backup leads when the lead cannot be reached within the protocol's
    own deadline (a crisis does not wait for someone on a plane). A backup
    who is the lead is no backup; a backup who is also a member leaves their
    own seat empty the moment they step in. Reported on `team:` when the
    backup is missing, else on `backup:`.

    **Passes**

    ```yaml
    team: {lead: renee, members: [maya, priya], backup: hana}
    ```

    **Fails** (nobody leads when Renée cannot be reached)

    ```yaml
    team: {lead: renee, members: [maya, priya]}
    ```
    """
    for chapter in _protocols(run):
        src, crew = chapter.source, chapter.team
        if crew is None:
            continue  # protocol.team
        lead = run.handbook.person_name(crew.lead) if crew.lead else "the lead"
        if _unwritten(src.data["team"].get("backup")):
            run.report(src, src.key_pos("team"), f"the protocol has no backup: when {lead} cannot be reached, "
                       "nobody may lead it",
                       "add backup: under team: with the person id of someone who can lead in their place "
                       "(not the lead, not a member)")
        elif crew.backup == crew.lead:
            run.report(src, src.value_pos("team", "backup"), f"the backup is the lead ({lead}): when they cannot "
                       "be reached, nobody may lead", "name someone else as backup")
        elif crew.backup in crew.members:
            run.report(src, src.value_pos("team", "backup"),
                       f"the backup {run.handbook.person_name(crew.backup)} is also a member: when they step in "
                       "for the lead, their own seat is empty",
                       "name a backup who is not a member, or take them out of members")


def _role_keys(src, seat: str, index: int) -> tuple:
    written = src.data.get("roles")
    return ("roles", seat, index) if isinstance(written, dict) and isinstance(written.get(seat), list) \
        else ("roles", seat)


@rule("protocol.role")
def role(run: RuleRun) -> None:
    """A person in a protocol does not hold a role the protocol names for their seat.

    `roles:` in the protocol says what each seat needs, as role ids from
    policies/team.yml: the `lead` holds one of the roles listed for the lead;
    the `backup` holds one of those listed for the backup (when `backup` is
    not listed, the lead's, because the backup leads in their place); and
    each role listed for `members` is held by at least one member, so the
    team has someone for each job (legal, customer care). A protocol without
    `roles:` asks for no roles and this rule leaves it alone. Unknown role
    ids are `ref.role`. Reported on the person's seat, or on the role no
    member holds.

    **Passes** (renee holds comms-director, priya legal)

    ```yaml
    team: {lead: renee, members: [maya, priya], backup: hana}
    roles: {lead: [comms-director], backup: [comms-director, social-lead], members: [legal]}
    ```

    **Fails** (maya, the lead, is a social lead, not the Communications director)

    ```yaml
    team: {lead: maya, members: [priya], backup: hana}
    roles: {lead: [comms-director]}
    ```
    """
    people, known = run.handbook.team.people, set(run.handbook.team.roles) | {m.EVERYONE}
    for chapter in _protocols(run):
        src, crew = chapter.source, chapter.team
        if crew is None or not crew.roles:
            continue
        for seat, pid, keys in _seats(crew):
            needed = [r for r in crew.needs(seat) if r in known]
            person = people.get(pid)
            if person is None or not needed or _holds(person, needed):
                continue
            holders = [p.id for p in people.values() if _holds(p, needed)]
            roles = " or ".join(run.handbook.role_name(r) for r in needed)
            run.report(src, src.value_pos(*keys), f"the {seat} {person.name} is not {roles}, which the protocol "
                       f"asks of its {seat}",
                       f"give {pid} {'the role ' + needed[0] if len(needed) == 1 else 'one of these roles'} in "
                       f"policies/team.yml, or name someone who holds it ({_names(run, holders)})",
                       related=(TEAM_FILE,))
        members = [people[p] for p in crew.members if p in people]
        for index, needed in enumerate(crew.roles.get("members", [])):
            if needed not in known or any(_holds(p, [needed]) for p in members):
                continue
            holders = [p.id for p in people.values() if _holds(p, [needed])]
            run.report(src, src.value_pos(*_role_keys(src, "members", index)),
                       f"no member of the team is {run.handbook.role_name(needed)}, which the protocol asks for",
                       f"add a member who holds {needed} ({_names(run, holders)}), or give the role to a member "
                       "in policies/team.yml", related=(TEAM_FILE,))


@rule("protocol.activation")
def activation(run: RuleRun) -> None:
    """A protocol does not say when it is activated.

    `activation:` lists the situations that activate the team, in words
    anyone on shift can recognise at 2 a.m.; without it nobody knows when to
    call the lead. An empty list, or an empty entry, says nothing either.
    Reported on `kind: protocol` when the key is missing, else on the empty
    list or entry.

    **Passes**

    ```yaml
    activation:
      - A product could injure someone.
      - A recall is being considered.
    ```

    **Fails**

    ```yaml
    activation: []
    ```
    """
    hint = "list the situations that activate it under activation:, e.g. - A product could injure someone."
    for chapter in _protocols(run):
        src = chapter.source
        written = src.data.get("activation")
        if written is None:
            run.report(src, src.key_pos("kind"), f"protocol '{chapter.id}' does not say when it is activated", hint)
        elif isinstance(written, (str, list)) and not any(isinstance(a, str) and a.strip()
                                                          for a in (written if isinstance(written, list) else [written])):
            run.report(src, src.value_pos("activation"), "activation lists no situation", hint)
        elif isinstance(written, list):
            for index, item in enumerate(written):
                if isinstance(item, str) and not item.strip():
                    run.report(src, src.value_pos("activation", index), "an empty activation entry",
                               "write the situation, or remove the entry")


@rule("protocol.contact")
def contact(run: RuleRun) -> None:
    """Someone in a protocol's team has no phone or other contact in policies/team.yml.

    When a protocol is activated the lead calls the team, out of hours too,
    so everyone it names needs a `phone:` or a `contact:` (another fast way
    to reach them, such as a chat handle) in policies/team.yml. An email
    address does not count: nobody reads email at 3 a.m. Reported on the
    person's first seat in the protocol.

    **Passes** (policies/team.yml)

    ```yaml
    - {id: owen, name: Owen Blake, roles: [brand], phone: "+44 20 7946 0018"}
    ```

    **Fails** (owen is a member of the crisis team)

    ```yaml
    - {id: owen, name: Owen Blake, roles: [brand], email: owen@stride.example}
    ```
    """
    people = run.handbook.team.people
    for chapter in _protocols(run):
        src, crew = chapter.source, chapter.team
        if crew is None:
            continue
        reported = set()
        for seat, pid, keys in _seats(crew):
            person = people.get(pid)
            if person is None or person.phone or person.contact or pid in reported:
                continue
            reported.add(pid)
            run.report(src, src.value_pos(*keys), f"{person.name} ({seat}) has no phone or contact in "
                       "policies/team.yml: the protocol must reach its team fast, at any hour",
                       f'add phone: "+1 555 0100" (their number) or contact: (another fast way to reach them) '
                       f"to {pid} in policies/team.yml", related=(TEAM_FILE,))


@rule("protocol.rota", options=[WITHIN])
def rota(run: RuleRun) -> None:
    """While the channels are watched, neither the protocol's lead nor its backup is on shift or on call.

    Whoever on shift sees a crisis or starts a live stream must be able to
    reach someone who may activate and lead the protocol. So at every hour
    that `coverage:` in calendar/rota.yml says the channels are watched, the
    lead or the backup has a shift or an `on_call:` span and is not `away`.
    Members are not required on the monitoring rota: they are reached by
    phone once the protocol is activated (`protocol.contact`), and a member
    on holiday is normal. Checked for the weeks after now (the option
    `within`, as for the rota rules) and only when calendar/rota.yml exists.
    Reported on the protocol's `lead`, with the uncovered windows in the
    handbook's zone and who of the two is away then.

    **Passes** (`team: {lead: renee, backup: hana}`)

    ```yaml
    coverage:
      all: {days: mon-sun, from: "08:00", to: "22:00"}
    on_call:
      - {person: renee, days: mon-sun, from: "00:00", to: "24:00"}
    ```

    **Fails** (at the weekend Maya, a member, watches, but nobody who may lead it can be reached)

    ```yaml
    shifts:
      - {person: maya, channels: all, days: sat-sun, from: "08:00", to: "22:00"}
    on_call:
      - {person: renee, days: mon-fri, from: "00:00", to: "24:00"}
    ```
    """
    times = coming_times(run)
    if times is None:
        return
    handbook, zone = run.handbook, run.handbook.settings.timezone
    watched = clip(union(span for c in times.rota.coverage for span in times.spans_of(c.when)),
                   times.start, times.end)
    if not watched:
        return  # no coverage: the rota promises no watched hours to be reachable in
    related = (times.rota.source.path,) if times.rota.source else ()
    spans: dict[str, list] = {}  # person -> their shifts and on-call spans in the window, looked up per protocol
    for o in times.occurrences:
        spans.setdefault(o.person, []).append((o.start, o.end))
    on_rota = {s.person for s in times.rota.shifts}
    for chapter in _protocols(run):
        src, crew = chapter.source, chapter.team
        if crew is None or not crew.lead:
            continue  # protocol.team
        leaders = [p for p in (crew.lead, crew.backup) if p]
        names = [handbook.person_name(p) for p in leaders]
        who = (f"neither the lead {names[0]} nor the backup {names[1]} is" if len(names) == 2
               else f"the lead {names[0]} is not")
        hint = "add an on_call: span (or a shift) in calendar/rota.yml for the lead or the backup covering that time"
        if not on_rota.intersection(leaders):
            run.report(src, src.value_pos("team", "lead"), f"{who} on the rota: someone who may lead the protocol "
                       "must be reachable while the channels are watched", hint, related=related)
            continue
        reachable = union(span for p in leaders for span in spans.get(p, []))
        for pattern, starts in grouped_spans(subtract(watched, reachable), zone):
            away = _away(handbook, leaders, starts)
            note = f"; away: {', '.join(away)}" if away else ""
            run.report(src, src.value_pos("team", "lead"), f"{who} on shift or on call on "
                       f"{when_text(pattern, starts, zone)}, while the channels are watched{note}",
                       hint, related=related)


def _away(handbook: m.Handbook, people: list[str], starts) -> list[str]:
    """'Renée Marchand (holiday)' for each of ``people`` away on a day one of ``starts`` falls on."""
    out = []
    for away in handbook.rota.away:
        person = handbook.team.people.get(away.person)
        if away.person not in people:
            continue
        zone = person.timezone if person is not None and person.timezone else handbook.settings.timezone
        if any(away.covers(s.astimezone(zone).date()) for s in starts):
            out.append(handbook.person_name(away.person) + (f" ({away.reason})" if away.reason else ""))
    return sorted(set(out))
