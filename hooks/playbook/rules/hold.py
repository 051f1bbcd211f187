"""hold.role: who started or ended a hold in calendar/quiet.yml may do so."""

from __future__ import annotations

from .base import RuleRun, rule


@rule("hold.role", severity="warning")
def hold_role(run: RuleRun) -> None:
    """A hold's `started_by` or `ended_by` names someone who holds none of the roles allowed to start
    and end holds (`holds: {roles: [...]}` in policies/rules.yml; without it, `social-lead`).

    `playbook hold start` and `playbook hold end` refuse such people; this
    rule catches a hold written or edited by hand. A warning by default: a
    hold protects the audience, so a hold by the wrong person is still
    published (with the warning on the report page) rather than stopping the
    build; `rules: {hold.role: error}` makes pull requests fail on it. An
    unknown person is `ref.person`.

    **Passes** (rules.yml: `holds: {roles: [comms-director]}`; renee holds comms-director)

    ```yaml
    windows:
      - {id: recall, start: 2027-04-10 21:00, kind: hold, started_by: renee, reason: Recall}
    ```

    **Fails** (dev holds only editor)

    ```yaml
    windows:
      - {id: recall, start: 2027-04-10 21:00, kind: hold, started_by: dev, reason: Recall}
    ```
    """
    handbook = run.handbook
    allowed = set(handbook.rules.hold_roles)
    keepers = ", ".join(p.id for p in handbook.hold_keepers()) or "nobody yet"
    roles = ", ".join(handbook.rules.hold_roles) or "none"
    for window in handbook.quiet:
        for key in ("started_by", "ended_by"):
            person = handbook.team.people.get(getattr(window, key))
            if person is None or allowed & set(person.roles):
                continue  # an unknown person is ref.person
            run.report(handbook.quiet_source, handbook.quiet_source.value_pos("windows", window.index, key),
                       f"{person.id} may not {'start' if key == 'started_by' else 'end'} holds: only people "
                       f"holding {roles} may (holds: in policies/rules.yml)",
                       f"name one of: {keepers}; or add the role to holds: roles in policies/rules.yml")
