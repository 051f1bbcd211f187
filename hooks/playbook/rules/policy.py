"""Policy rules: the people on the monitoring rota and on a protocol's team have read the chapters that ask them to."""

from __future__ import annotations

from .. import model as m
from ..problems import listing
from .base import RuleRun, rule


def reading_text(reading: m.Reading, version: str) -> str:
    """'dev-raman', 'dev-raman (acknowledged 1.3; current is 1.4)', 'dev-raman (their entry is not verified)'."""
    ack = reading.acknowledgement
    if ack is not None:
        return f"{reading.person.id} (acknowledged {ack.version}; current is {version})"
    if reading.disputed is not None:
        return f"{reading.person.id} (their entry is not verified: see approval.unverified)"
    return reading.person.id


@rule("policy.unacknowledged", severity="warning")
def policy_unacknowledged(run: RuleRun) -> None:
    """Someone on the monitoring rota (or on a protocol's team) has not acknowledged the current version of a
    chapter that asks them to.

    A chapter's `acknowledge:` says who must read each version:
    `practitioners` (everyone in policies/team.yml) and/or role ids (their
    holders). Each reader records `{by, version, at}` under
    `acknowledgements:` with `playbook acknowledge` (verified against git
    like an approval under `verify_approvals`). The people who answer
    customers right now, everyone with a shift or on-call span in
    calendar/rota.yml, and, for a protocol, the people on its `team:` (they
    must know it before it is activated), get this warning until they have
    acknowledged the chapter's current `version`; an acknowledgement of an older version
    does not count. Others asked are listed as "not yet" on the chapter's
    page and the report. One warning per chapter, at its `acknowledge`
    key, naming the people; a warning never stops publishing.

    **Passes** (dev-raman is on the rota and holds community)

    ```yaml
    version: "1.4"
    acknowledge: [community]
    acknowledgements:
      - {by: dev-raman, version: "1.4", at: 2026-11-30T09:00:00-05:00}
    ```

    **Fails**

    ```yaml
    version: "1.4"
    acknowledge: [community]      # dev-raman (acknowledged 1.3; current is 1.4)
    acknowledgements:
      - {by: dev-raman, version: "1.3", at: 2026-05-02T09:00:00-04:00}
    ```
    """
    h = run.handbook
    on_rota = h.on_rota
    for chapter in h.chapters.values():
        if not chapter.acknowledge or not chapter.version:
            continue
        on_duty = chapter.on_duty(on_rota)
        missing = [r for r in chapter.readings(h.team) if r.person.id in on_duty and not r.current]
        if not missing:
            continue
        names = listing((reading_text(r, chapter.version) for r in missing), total=len(missing))
        someone = missing[0].person.id
        source = chapter.source
        run.report(source, source.key_pos("acknowledge"),
                   f"version {chapter.version} is not yet acknowledged by {len(missing)} "
                   f"{'person' if len(missing) == 1 else 'people'} on the rota{' or its team' if chapter.team else ''}: {names}",
                   f"each reads the chapter, then records it: playbook acknowledge {source.path} --by {someone} "
                   "--commit (or from the chapter's page: \"Acknowledge from the site\")")
