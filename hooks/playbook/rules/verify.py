"""Verification rule: approvals must have been added by their approvers, per the git history.

verify.py reads the history and signatures before the rules run and notes
on every approval whether it counts; this module reports what it found.
"""

from __future__ import annotations

from ..verify import Verification
from .approval import _approval_pos, _in_force, _items
from .base import RuleRun, rule

CI_FIX = ("fetch the full history: in GitHub Actions actions/checkout with fetch-depth: 0, in GitLab "
          "GIT_DEPTH: 0, or `git fetch --unshallow` here")


@rule("approval.unverified")
def approval_unverified(run: RuleRun) -> None:
    """An approval was not added by its approver: the commit that added it is someone else's or unsigned.

    With `verify_approvals` in policies/rules.yml (mode `author` or
    `signed`), every approval entry is looked up in the git history: the
    commit that added it (the entry's lines as they read now first appear)
    must be authored with one of the approver's addresses in
    policies/team.yml (`email`, `emails`), and in mode `signed` it must
    carry a good SSH signature by one of their `signing_keys` (or by a
    platform key from calendar/settings.yml, SSH or OpenPGP, when the
    approver made the commit in the platform's web editor). An approval added by commits
    before `since`, or already on the base branch given to
    `playbook validate --verify-from BASE`, counts as recorded. An unverified
    approval does not count toward the approval matrix.

    An error on approved and published posts, templates and chapters in
    force; a warning on drafts and posts in review. Acknowledgements of
    policy chapters (`playbook acknowledge`) are checked the same way; one
    that does not count is a warning (an acknowledgement gates nothing, and
    the reader then shows as not having read the chapter: see
    policy.unacknowledged). Where the history cannot
    answer (not a git repository, a shallow clone), one warning at
    `verify_approvals` says so, and no approval is reported as verified.

    Holds in calendar/quiet.yml too: the commit that adds a hold's
    `started_by: X` line must be X's, the one that adds `ended_by: Y` (and
    the `end:` line) Y's; an `end:` without `ended_by` must be the
    starter's (`playbook hold start --until`). A hold whose end does not
    verify stays in force: its end does not count, on the site and in the
    feeds. A start that does not verify is reported, and the hold holds
    posts all the same (holding is the safe direction). Both are errors in
    the pull-request check (`--verify-from BASE`) and warnings otherwise.

    **Passes** (rules.yml: `verify_approvals: {mode: signed, since: 2026-12-01}`): maya-okafor ran
    `playbook approve --commit` with signing set up, her key is under `signing_keys` in team.yml.

    ```yaml
    approvals:
      - {by: maya-okafor, role: social-lead, at: 2026-12-02T10:00-05:00, digest: "sha256:…"}
    ```

    **Fails**: the same line, added by the post's author in his own commit.

    ```text
    the approval by maya-okafor as social-lead does not count: added in 3f2c1ab by Dev Raman
    <dev.raman@stride.example>, not by Maya Okafor
    ```
    """
    h = run.handbook
    verification = h.verification
    if not isinstance(verification, Verification) or verification.mode == "off":
        return
    source = h.rules.source
    if verification.unavailable:
        run.report(source, source.key_pos("verify_approvals"),
                   f"approvals cannot be verified against git: {verification.unavailable}, so the commits "
                   "that added them are unknown; they count as written and none is verified", CI_FIX, "warning")
        return
    if verification.since_problem:
        run.report(source, source.value_pos("verify_approvals", "since"),
                   f"since: commit {verification.since_problem} is not in this repository's history, so no "
                   "approval counts as recorded before it",
                   "write the full id of a commit on the main branch (git log --format=%H -1), or a date")
    if verification.platform_problem and h.settings.source is not None:
        run.report(h.settings.source, h.settings.source.key_pos("platform_keys"),
                   f"{verification.platform_problem}; approvals signed with them do not count",
                   "install gnupg where playbook validate runs (apt-get install gnupg; in CI, a step before "
                   "validation)" if "not installed" in verification.platform_problem else
                   "paste the platform's public key block again, whole (GitHub's: https://github.com/web-flow.gpg)",
                   "warning")
    for chapter in h.chapters.values():  # acknowledgements are checked like approvals; they gate nothing
        for ack in chapter.acknowledgements:
            if ack.unverified:
                person = h.team.people.get(ack.by)
                run.report(chapter.source, chapter.source.value_pos("acknowledgements", ack.index, "by"),
                           f"the acknowledgement by {ack.by} of version {ack.version} does not count: "
                           f"{ack.unverified}",
                           _hint(verification, person.name if person else ack.by, chapter.source.path, ack.by,
                                 "acknowledge"), "warning")
    for window in h.quiet:  # holds: who started and ended them, checked like approvals
        lifted_by = {line.key for line in window.checked if line.unverified}
        for line in window.checked:
            if line.unverified and not (line.key == "end" and "ended_by" in lifted_by):  # one cause, one problem
                message, hint = _hold_problem(h, verification, window, line)
                # An error stops the forgery in the pull request's check. Elsewhere the hold is already decided
                # the safe way (it holds; a forged end does not lift it), so the warning never stops publishing:
                # a crisis hold committed without signing must still reach the site.
                outside_review = not verification.base
                run.report(h.quiet_source, h.quiet_source.value_pos("windows", window.index, line.key), message,
                           hint, "warning" if outside_review else None, elapsed=outside_review or None)
    for item in _items(h):
        for approval in item.approvals:
            if not approval.unverified:
                continue
            person = h.team.people.get(approval.by)
            name = person.name if person else approval.by
            run.report(item.source, _approval_pos(item, approval, "by"),
                       f"the approval by {approval.by} as {approval.role} does not count: {approval.unverified}",
                       _hint(verification, name, item.source.path, approval.by),
                       None if _in_force(run, item) else "warning")


def _hint(verification: Verification, name: str, path: str, by: str, command: str = "approve") -> str:
    signing = " with commit signing set up" if verification.mode == "signed" else ""
    did = "approve" if command == "approve" else "read it"
    return (f"remove this entry if {name} did not {did}; to {command}, {name} adds it again in their own "
            f"commit: from the handbook's \"{command.capitalize()} from the site\" box in the platform's web "
            f"editor, or playbook {command} {path} --by {by} --commit{signing} (see the approvals reference)")


def _hold_problem(h, verification: Verification, window, line) -> tuple[str, str]:
    signing = ", signed" if verification.mode == "signed" else ""
    if line.key == "started_by":
        name = h.person_name(line.by)
        return (f"the hold {window.id} names started_by {line.by}, which is not verified: {line.unverified}; "
                "it holds posts all the same",
                f"if {name} did not start it, name who did; {name} starts a hold in their own commit{signing}: "
                f"playbook hold start --by {line.by} ..., then commit calendar/quiet.yml (see the approvals reference)")
    what = f"ended_by {line.by} is not verified" if line.key == "ended_by" else "its end: line is not verified"
    return (f"the hold {window.id} stays in force: its end does not count, because {what}: {line.unverified}",
            f"remove its end: and ended_by: lines; then, to lift it, a person allowed to end holds runs playbook "
            f"hold end {window.id} --by PERSON and commits calendar/quiet.yml in their own commit{signing} (see "
            "the approvals reference)")
