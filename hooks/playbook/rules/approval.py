"""Approval rules: who approved, in which role, for which content, and whether the status agrees.

Which items must be fully approved *now*:

* posts whose status claims it: ``approved`` and ``published`` (the option
  ``statuses`` of approval.missing changes the list). A draft, in-review or
  held post with missing approvals is pending work: the report page and the
  deadlines feed list it with its due date, validation stays quiet;
* every response template (anyone may send one at any time);
* policy chapters from their ``effective`` date on.

Cancelled posts are never checked: nothing of them goes out.
"""

from __future__ import annotations

from .. import approvals as ap
from .. import model as m
from ..dates import compact_duration, wall_clock
from ..digest import DIGEST_COVERS
from ..problems import Pos
from ..timeparse import instant_after
from .base import Option, RuleRun, people_list, rule

# post statuses that say "every approval is recorded" (plain text: the option's default shown in the docs)
CLAIMS_APPROVAL = tuple(s.value for s in m.PostStatus if s.claims_approval)


def _items(handbook: m.Handbook):
    """Every item that carries approvals and may still go out."""
    for item in handbook.approvable_items():
        if not isinstance(item, m.Post) or item.status.goes_out:
            yield item


def _in_force(run: RuleRun, item, statuses=CLAIMS_APPROVAL) -> bool:
    """Whether the item must be fully approved now (see the module docstring)."""
    if isinstance(item, m.Post):
        return item.status in statuses
    if isinstance(item, m.PolicyChapter):
        return item.effective is not None and item.effective <= run.local_now.date()
    return True


def _approval_pos(item, approval: m.Approval, key: str) -> Pos:
    return item.source.value_pos("approvals", approval.index, key)


def _missing_pos(item) -> Pos:
    source = item.source
    if "approvals" in source.data:
        return source.key_pos("approvals")
    if isinstance(item, m.Post):
        return source.value_pos("status")
    return source.key_pos("title")


def _who(item) -> str:
    return {m.Post: "post", m.ResponseTemplate: "template", m.PolicyChapter: "chapter"}[type(item)]


@rule("approval.missing", options=[
    Option("statuses", "statuses", CLAIMS_APPROVAL,
           "post statuses that must have every required approval recorded"),
])
def approval_missing(run: RuleRun) -> None:
    """An item that must be approved lacks an approval step; the problem names the role and who holds it.

    The steps come from `approvals:` in policies/rules.yml: `default` for
    every post, plus the post's channels, flags, campaign, and every review
    term (`terms:`) found in its copy or alt text; `templates` for response
    templates; `policies` for policy chapters. A step `{any: [a, b]}` needs
    one valid approval in a or b; `{all: [a, b]}` needs both. Only valid
    approvals count: not stale, by someone who holds the role, not by the
    author (see approval.stale, approval.role, approval.self).

    A role whose approval went stale is left to approval.stale, which shows
    the command to approve again. Reported for approved and published
    posts, every template and every chapter in force; drafts and posts in
    review are listed as pending on the report page instead. Position: the
    `approvals` key, else a post's `status` or a template's or chapter's
    `title`.

    **Passes** (rules.yml: `flags: {pricing: [{all: [legal, brand]}]}`)

    ```yaml
    status: approved
    flags: [pricing]
    approvals:
      - {by: ana-lead, role: social-lead, at: 2027-04-01T10:00+02:00, digest: "sha256:…"}
      - {by: lena-legal, role: legal, at: 2027-04-01T11:00+02:00, digest: "sha256:…"}
      - {by: bo-brand, role: brand, at: 2027-04-01T12:00+02:00, digest: "sha256:…"}
    ```

    **Fails**

    ```yaml
    status: approved
    flags: [pricing]
    approvals:            # needs an approval as legal (flag 'pricing'), held by lena-legal
      - {by: ana-lead, role: social-lead, at: 2027-04-01T10:00+02:00, digest: "sha256:…"}
      - {by: bo-brand, role: brand, at: 2027-04-01T12:00+02:00, digest: "sha256:…"}
    ```
    """
    statuses = run.options["statuses"]
    for item in _items(run.handbook):
        if not _in_force(run, item, statuses):
            continue
        # A role whose approval went stale is reported once, by approval.stale, with the re-approve command.
        stale_roles = {a.role for a in _stale(run, item)}
        stale_roles |= {a.role for a in item.approvals if a.unverified}  # approval.unverified explains these
        # "any": one problem naming the alternatives; "all": one per role still missing. A role
        # group needed by several steps (brand for the campaign and for pricing) is named once.
        needed: dict[tuple[str, ...], list[str]] = {}
        holders_of: dict[tuple[str, ...], list[m.Person]] = {}
        for pending in run.analysis.pending(item):
            groups = [pending.roles] if pending.step.mode == "any" else [[role] for role in pending.roles]
            for roles in groups:
                if stale_roles.intersection(roles):
                    continue
                key = tuple(roles)
                needed.setdefault(key, []).append(ap.step_reason(pending.step))
                holders_of[key] = [p for p in pending.holders if m.EVERYONE in roles or set(roles) & set(p.roles)]
        for roles, origins in needed.items():
            holders = holders_of[roles]
            if holders:
                person = holders[0]
                role = next(r for r in roles if r == m.EVERYONE or r in person.roles)
                hint = f"held by {people_list(holders)}: {ap.approve_command(item, person.id, role)}"
            else:
                hint = (f"nobody in policies/team.yml who may approve this {_who(item)} holds "
                        f"{' or '.join(roles)}: give the role to someone")
            run.report(item.source, _missing_pos(item),
                       f"needs an approval as {' or '.join(roles)} ({', '.join(origins)})", hint)


@rule("approval.role")
def approval_role(run: RuleRun) -> None:
    """An approval was given in a role the approver does not hold (per policies/team.yml).

    The approval does not count. Either the right person approves, or, if
    the approver should hold the role, team.yml is updated.

    **Passes**

    ```yaml
    approvals:
      - {by: lena-legal, role: legal, at: 2027-04-01T11:00+02:00, digest: "sha256:…"}
    ```

    **Fails**

    ```yaml
    approvals:
      - {by: ben-writer, role: legal, at: 2027-04-01T11:00+02:00, digest: "sha256:…"}   # ben is an editor
    ```
    """
    h = run.handbook
    for item in _items(h):
        for approval in item.approvals:
            person = h.team.people.get(approval.by)
            if person is None or approval.role not in h.team.roles or ap.holds_role(h, approval.by, approval.role):
                continue  # unknown people and roles are ref.person / ref.role
            holders = ap.eligible_holders(h, item, [approval.role])
            held = ", ".join(person.roles) or "no roles"
            hint = (f"{approval.role} is held by {people_list(holders)}; if {person.id} should hold it, "
                    f"add it to their roles in policies/team.yml")
            run.report(item.source, _approval_pos(item, approval, "role"),
                       f"{person.id} approved as {approval.role} but holds {held}", hint)


@rule("approval.self")
def approval_self(run: RuleRun) -> None:
    """The author of a post (or the owner of a policy chapter) approved it: separation of duties.

    Applies while `separation_of_duties: true` in policies/rules.yml (the
    default). Response templates have no author, so any role holder may
    approve them. The approval does not count.

    **Passes**

    ```yaml
    author: ben-writer
    approvals:
      - {by: ana-lead, role: social-lead, at: 2027-04-01T10:00+02:00, digest: "sha256:…"}
    ```

    **Fails**

    ```yaml
    author: ana-lead
    approvals:
      - {by: ana-lead, role: social-lead, at: 2027-04-01T10:00+02:00, digest: "sha256:…"}
    ```
    """
    h = run.handbook
    if not h.rules.separation_of_duties:
        return
    for item in _items(h):
        for approval in item.approvals:
            if not ap.is_self_approval(h, item, approval):
                continue
            others = ap.eligible_holders(h, item, [approval.role])
            what = "author" if isinstance(item, m.Post) else "owner"
            hint = (f"ask another {approval.role}: {ap.approve_command(item, others[0].id, approval.role)}"
                    if others else f"nobody else holds {approval.role}: add someone in policies/team.yml")
            run.report(item.source, _approval_pos(item, approval, "by"),
                       f"{approval.by} approved their own {_who(item)} (they are its {what})", hint)


@rule("approval.stale")
def approval_stale(run: RuleRun) -> None:
    """An approval's digest no longer matches the content: the copy, channels, media or publish_at changed since.

    Each approval records a digest of what the approver saw (see
    docs/reference/approvals.md). Changing the title, tags, status or flags
    keeps it valid; changing the copy, a channel, a media file or its alt
    text, or the publish time (as an instant) makes it stale. The hint shows
    the command that records a fresh approval. An approval followed by a
    later valid one in the same role is history and is not reported.

    An error on approved and published posts, templates and chapters in
    force. On drafts, posts in review and held posts a stale approval is
    simply pending again, like one never given: not a problem, so editing
    or rescheduling a post in review never blocks a pull request or the
    publishing build. The card on the site marks it stale and says what
    changed, the report asks the approver again, and `playbook diff` lists
    it as `approval-stale`.

    **Passes**: the copy is unchanged since `playbook approve` wrote the
    approval.

    **Fails**

    ```markdown
    ---
    status: approved
    approvals:
      - {by: ana-lead, role: social-lead, at: 2027-04-01T10:00+02:00, digest: "sha256:9d47…"}
    ---
    It is here: the spring range.   (edited after the approval)
    ```
    """
    h = run.handbook
    for item in _items(h):
        if not item.approvals or not _in_force(run, item):
            continue
        for approval in _stale(run, item):
            when = wall_clock(approval.at, h.settings.timezone) if approval.at else "it was given"
            what = "; ".join(approval.changes) if approval.changes else \
                f"the content changed after {when} ({DIGEST_COVERS[type(item)]})"
            run.report(item.source, _approval_pos(item, approval, "digest"),
                       f"the approval by {approval.by} as {approval.role} is stale: {what}",
                       f"review the {_who(item)} again, then: {ap.approve_command(item, approval.by, approval.role)}")


def _stale(run: RuleRun, item) -> list[m.Approval]:
    """Stale approvals that would count otherwise and have not been superseded by a fresh one in their role."""
    if not item.approvals:
        return []
    h = run.handbook
    digest = run.analysis.digest(item)
    valid = run.analysis.valid(item)
    out = []
    for approval in item.approvals:
        if approval.digest == digest:
            continue
        if not ap.holds_role(h, approval.by, approval.role) or ap.is_self_approval(h, item, approval):
            continue  # not valid for another reason: approval.role / approval.self / ref.* explain it
        if any(v.role == approval.role and (approval.at is None or (v.at and v.at >= approval.at)) for v in valid):
            continue  # superseded by a fresh approval in the same role
        out.append(approval)
    return out


@rule("time.lead")
def time_lead(run: RuleRun) -> None:
    """An approval was recorded, or can now only be recorded, later than its role's lead time before publish_at.

    `lead_times:` in policies/rules.yml says how long before publishing each
    role must have approved (legal: 3d). A role without a lead time must
    approve before publish_at. Lead times are elapsed time: across a clock
    change the deadline is exactly that many hours before publishing.

    * An approval recorded after its deadline is reported at its `at`. Only
      approvals that count toward a required step are checked; the late
      approval still counts for approval.missing.
    * A deadline that has passed while the approval is still missing can no
      longer be met: reported at `publish_at`, as an error when the post is
      `approved` (it would go out without the review its lead time
      protects), as a warning while it is a draft, in review or held. This
      also shows right after `playbook new post` creates such a post.

    **Passes** (rules.yml: `lead_times: {legal: 3d}`)

    ```yaml
    publish_at: 2027-04-12 09:30
    approvals:
      - {by: lena-legal, role: legal, at: 2027-04-08T09:00+02:00, digest: "sha256:…"}
    ```

    **Fails**

    ```yaml
    publish_at: 2027-04-12 09:30
    approvals:
      - {by: lena-legal, role: legal, at: 2027-04-11T09:00+02:00, digest: "sha256:…"}   # 1 day before
    ```

    and, on 2027-04-11, a draft flagged `pricing` (legal must approve 3 days
    ahead) for 2027-04-12 09:30 without the legal approval.
    """
    h = run.handbook
    for post in h.posts:
        if not post.status.goes_out:
            continue
        if post.approvals:
            _late_approvals(run, post)
        if post.status.needs_approvals and post.publish_at > run.now:
            _missed_deadlines(run, post)


def _late_approvals(run: RuleRun, post: m.Post) -> None:
    h = run.handbook
    required = {role for step in run.analysis.steps(post) for role in step.roles}
    for approval in run.analysis.valid(post):
        if approval.role not in required or approval.at is None:  # no time written, none in history
            continue
        lead = ap.lead_time(h, approval.role)
        deadline = ap.approval_deadline(h, post, approval.role)
        if approval.at <= deadline:
            continue
        zone = post.timezone
        needs = f"{approval.role} must approve {compact_duration(lead)} before publish_at" if lead else \
            f"{approval.role} must approve before publish_at"
        run.report(post.source, _approval_pos(post, approval, "at"),
                   f"approved at {wall_clock(approval.at, zone)}, "
                   f"after the deadline {wall_clock(deadline, zone)}: {needs}",
                   f"publish at {wall_clock(instant_after(approval.at, lead), zone)} or later (then approve again), "
                   "or record this approval's real time if it was earlier")


def _missed_deadlines(run: RuleRun, post: m.Post) -> None:
    h = run.handbook
    zone = post.timezone
    for pending in run.analysis.pending(post):
        if pending.due is None or pending.due >= run.now:
            continue
        lead = max(ap.lead_time(h, role) for role in pending.roles)
        roles = ap.roles_text(pending)
        run.report(post.source, post.source.value_pos("publish_at"),
                   f"{roles} must approve {compact_duration(lead)} before publish_at, by {wall_clock(pending.due, zone)}; "
                   f"that time has passed and the approval is missing ({ap.step_reason(pending.step)})",
                   f"move publish_at to {wall_clock(instant_after(run.now, lead), zone)} or later, or approve now "
                   f"({people_list(pending.holders)}) and accept a late approval",
                   None if post.status is m.PostStatus.APPROVED else "warning",
                   # time passing made it true, unless the change under review adds or edits the post
                   elapsed=post.source.path not in run.analysis.changed)


@rule("status.inconsistent")
def status_inconsistent(run: RuleRun) -> None:
    """A post's status contradicts the facts: approved or published without its approvals, published in the future, or still live in a cancelled campaign.

    `cancelled` is always consistent: a cancelled post may keep a schedule
    that conflicts with others. `held` is consistent anywhere (a post may be
    held by hand as well as by a hold window).

    **Passes**

    ```yaml
    status: in-review        # no approvals yet: pending, not inconsistent
    ```

    **Fails**

    ```yaml
    status: published
    publish_at: 2099-01-01 09:00     # published, but the time is still to come
    ```
    """
    h = run.handbook
    for post in run.analysis.active:
        claims = post.status.claims_approval
        pending = run.analysis.pending(post) if claims else []
        if pending:
            roles = sorted({role for p in pending for role in p.roles})
            run.report(post.source, post.source.value_pos("status"),
                       f"status is '{post.status}' but {len(pending)} approval step"
                       f"{'s are' if len(pending) != 1 else ' is'} not met ({', '.join(roles)})",
                       "record the approvals (the approval.missing and approval.stale problems of this file "
                       "give the command) or set status: in-review until they are in")
        if post.status is m.PostStatus.PUBLISHED and post.publish_at > run.now:
            run.report(post.source, post.source.value_pos("status"),
                       f"status is 'published' but publish_at {wall_clock(post.publish_at, post.timezone)} is still "
                       "to come", "set status: approved until it goes out, or correct publish_at")
        campaign = h.campaigns.get(post.campaign)
        cancelled = campaign is not None and campaign.status is m.CampaignStatus.CANCELLED
        if cancelled and post.status is not m.PostStatus.PUBLISHED:
            run.report(post.source, post.source.value_pos("status"),
                       f"the campaign '{campaign.id}' is cancelled but this post is '{post.status}'",
                       "set status: cancelled")
