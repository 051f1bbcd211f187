"""The approval matrix: which approvals an item needs, which it has, and what is still pending.

Used by the approval rules, by ``playbook approve``, by the site's report and
campaign pages and by the deadlines feed, so that all of them agree.

An approval counts (is *valid*) when it is not stale (its digest matches the
item's current content), the approver holds the role they approved as, it
is not a self-approval under separation of duties, and, under
``verify_approvals``, the git history shows it was added by the approver
(verify.py sets ``Approval.unverified`` otherwise). Lead times do not affect
validity: a late approval still counts, and ``time.lead`` reports it.

A step ``{any: [a, b]}`` is met by one valid approval in role a or b; a step
``{all: [a, b]}`` needs a valid approval in every one of its roles (one person
holding both roles may give both).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from . import model as m
from .digest import content_digest
from .text import term_matcher
from .timeparse import instant_before


@dataclass(frozen=True)
class PendingApproval:
    item: object  # Post | ResponseTemplate | PolicyChapter
    step: m.ApprovalStep  # the unmet step
    roles: list[str]  # roles that would satisfy it ("any") / that are still missing ("all")
    due: datetime | None  # posts: publish_at minus the largest lead time among `roles`; else None
    holders: list[m.Person]  # people holding one of `roles` (excluding the author when separation_of_duties)


def author_of(item) -> str | None:
    """Whoever may not approve the item under separation of duties: a post's author, a chapter's owner.

    Response templates have no author field, so any role holder may approve them.
    """
    if isinstance(item, m.Post):
        return item.author or None
    if isinstance(item, m.PolicyChapter):
        return item.owner or None
    return None


def review_terms_found(handbook: m.Handbook, item) -> dict[str, str]:
    """Review terms (rules.yml approvals.terms) in a post's copy or alt texts: term -> words as written."""
    terms = handbook.rules.terms
    if not terms or not isinstance(item, m.Post):
        return {}
    matcher = term_matcher(tuple(terms))
    found: dict[str, str] = {}
    for text in (item.body, *(media.alt for media in item.media)):
        for match in matcher.find(text):
            found.setdefault(match.term, match.text)  # the first place a term is written
    return found


def required_steps(handbook: m.Handbook, item) -> list[m.ApprovalStep]:
    """Every approval step the item needs, in matrix order, without repeating an identical step."""
    rules = handbook.rules
    if isinstance(item, m.Post):
        steps = list(rules.default)
        for channel in item.channels:
            steps += rules.channels.get(channel, [])
        for flag in item.flags:
            steps += rules.flags.get(flag, [])
        for term in review_terms_found(handbook, item):
            steps += rules.terms.get(term, [])
        steps += rules.campaigns.get(item.campaign, [])
    elif isinstance(item, m.ResponseTemplate):
        steps = list(rules.templates)
    elif isinstance(item, m.PolicyChapter):
        steps = list(rules.policies)
    else:
        raise TypeError(f"{type(item).__name__} has no approvals")
    # One approval meets identical steps from several sources (brand for TikTok and for the term
    # "limited edition"): list the step once, naming every reason for it.
    unique: dict[tuple, list[m.ApprovalStep]] = {}
    for step in steps:
        unique.setdefault((step.mode, frozenset(step.roles)), []).append(step)
    return [same[0] if len(same) == 1 else
            m.ApprovalStep(same[0].mode, same[0].roles, tuple(r for s in same for r in s.reasons))
            for same in unique.values()]


def is_stale(handbook: m.Handbook, item, approval: m.Approval, digest: str | None = None) -> bool:
    """True when the item's content changed since the approval (pass ``digest`` to reuse one)."""
    return approval.digest != (digest or content_digest(handbook, item))


def holds_role(handbook: m.Handbook, person_id: str, role: str) -> bool:
    person = handbook.team.people.get(person_id)
    return person is not None and (role == m.EVERYONE or role in person.roles)


def is_self_approval(handbook: m.Handbook, item, approval: m.Approval) -> bool:
    return handbook.rules.separation_of_duties and approval.by == author_of(item)


def valid_approvals(handbook: m.Handbook, item, digest: str | None = None) -> list[m.Approval]:
    """Approvals that count: not stale, approver holds the role, not a self-approval.

    Pass ``digest`` (the item's current content digest) to reuse one already computed.
    """
    if not item.approvals:
        return []
    digest = digest or content_digest(handbook, item)
    return [a for a in item.approvals
            if a.digest == digest and holds_role(handbook, a.by, a.role) and not is_self_approval(handbook, item, a)
            and not a.unverified]


def why_invalid(handbook: m.Handbook, item, approval: m.Approval, digest: str | None = None) -> str | None:
    """Why an approval does not count: "stale", "self", "role" or "unverified" (in that order); None if it counts."""
    if is_stale(handbook, item, approval, digest):
        return "stale"
    if is_self_approval(handbook, item, approval):
        return "self"
    if not holds_role(handbook, approval.by, approval.role):
        return "role"
    if approval.unverified:
        return "unverified"
    return None


def unmet_roles(step: m.ApprovalStep, approved_roles: set[str]) -> list[str]:
    """The roles that would still satisfy ``step`` ("any"), or that are still missing ("all"); [] when met."""
    if step.mode == "all":
        return [role for role in step.roles if role not in approved_roles]
    return [] if approved_roles.intersection(step.roles) else list(step.roles)


def lead_time(handbook: m.Handbook, role: str) -> timedelta:
    return handbook.rules.lead_times.get(role, timedelta(0))


def approval_deadline(handbook: m.Handbook, post: m.Post, role: str) -> datetime:
    """The last instant ``role`` may approve ``post``: publish_at minus the role's lead time, on the wall clock."""
    return instant_before(post.publish_at, lead_time(handbook, role))


def eligible_holders(handbook: m.Handbook, item, roles: list[str]) -> list[m.Person]:
    """People who could give an approval in one of ``roles``, in team.yml order."""
    author = author_of(item) if handbook.rules.separation_of_duties else None
    return [person for person in handbook.team.with_any_role(frozenset(roles)) if person.id != author]


def pending_approvals(handbook: m.Handbook, item, valid: list[m.Approval] | None = None,
                      steps: list[m.ApprovalStep] | None = None) -> list[PendingApproval]:
    """The item's unmet steps, with who can meet them and (for posts) by when.

    Pass ``valid`` and ``steps`` to reuse what was already computed (``ApprovalAnalysis`` does).

    Steps left needing the same thing are merged: when legal already approved a
    pricing post, {all: [legal, brand]} and the campaign's {any: [brand]} both
    wait for one brand approval, so they are one pending approval, not two.
    """
    if valid is None:
        valid = valid_approvals(handbook, item)
    approved_roles = {a.role for a in valid}
    waiting: dict[tuple, list[m.ApprovalStep]] = {}
    for step in required_steps(handbook, item) if steps is None else steps:
        roles = unmet_roles(step, approved_roles)
        if roles:
            mode = "any" if len(roles) == 1 else step.mode
            waiting.setdefault((mode, tuple(roles)), []).append(step)
    pending = []
    for (mode, roles), steps in waiting.items():
        step = steps[0] if len(steps) == 1 else m.ApprovalStep(
            mode, list(roles), tuple(r for s in steps for r in s.reasons))
        due = None
        if isinstance(item, m.Post):
            due = instant_before(item.publish_at, max(lead_time(handbook, role) for role in roles))
        pending.append(PendingApproval(item, step, list(roles), due, eligible_holders(handbook, item, list(roles))))
    return pending


class ApprovalAnalysis:
    """Each item's digest, valid approvals, required steps and pending approvals, computed once.

    ``validate`` makes one per run and hands it, with the result, to the rules, the site and the feeds,
    so a build analyses every item once (review terms are found, the copy is digested, the matrix is
    walked once per post). Keyed by ``id(item)``: the handbook must not change while it is in use.
    """

    def __init__(self, handbook: m.Handbook):
        self.handbook = handbook
        self._digests: dict[int, str] = {}
        self._valid: dict[int, list[m.Approval]] = {}
        self._steps: dict[int, list[m.ApprovalStep]] = {}
        self._pending: dict[int, list[PendingApproval]] = {}

    def digest(self, item) -> str:
        key = id(item)
        if key not in self._digests:
            self._digests[key] = content_digest(self.handbook, item)
        return self._digests[key]

    def valid(self, item) -> list[m.Approval]:
        key = id(item)
        if key not in self._valid:
            digest = self.digest(item) if item.approvals else None
            self._valid[key] = valid_approvals(self.handbook, item, digest)
        return self._valid[key]

    def steps(self, item) -> list[m.ApprovalStep]:
        key = id(item)
        if key not in self._steps:
            self._steps[key] = required_steps(self.handbook, item)
        return self._steps[key]

    def pending(self, item) -> list[PendingApproval]:
        key = id(item)
        if key not in self._pending:
            self._pending[key] = pending_approvals(self.handbook, item, self.valid(item), self.steps(item))
        return self._pending[key]

    def why_invalid(self, item, approval: m.Approval) -> str | None:
        """As ``why_invalid``, with the item's digest computed once."""
        return why_invalid(self.handbook, item, approval, self.digest(item))


def roles_text(pending: PendingApproval, name=str) -> str:
    """The roles a pending approval waits for, in words: 'legal or brand' ("any"), 'legal and brand' ("all").

    ``name`` turns a role id into what the reader sees (a display name).
    """
    joiner = " and " if pending.step.mode == "all" else " or "
    return joiner.join(name(role) for role in pending.roles)


FOR_EVERY = {"default": "every post", "templates": "every reply template", "policies": "every policy chapter"}


def step_reason(step: m.ApprovalStep) -> str:
    """Why a step is required, in rules.yml's terms: 'required for every post', "flag 'pricing'"."""
    return ", ".join(f"{section} '{name}'" if name else f"required for {FOR_EVERY.get(section, section)}"
                     for section, name in step.reasons)


def step_reason_in_words(handbook: m.Handbook, step: m.ApprovalStep) -> str:
    """Why a step is required, for approvers: 'it goes out on TikTok', 'its copy says "limited edition"'."""
    def words(section: str, name: str) -> str:
        if section == "channel":
            channel = handbook.channels.get(name)
            return f"it goes out on {channel.name if channel else name}"
        if section == "flag":
            return f"it is flagged {name}"
        if section == "term":
            return f"its copy says \u201c{name}\u201d"
        if section == "campaign":
            return f"it is part of {handbook.campaign_title(name)}"
        return f"{FOR_EVERY.get(section, section)} needs it"
    return ", ".join(words(section, name) for section, name in step.reasons)


def approve_command(item, person: str, role: str) -> str:
    """The command that records an approval for ``item`` (shown in hints)."""
    path = item.source.path if item.source else "PATH"
    return f"playbook approve {path} --by {person} --role {role}"


__all__ = [
    "ApprovalAnalysis", "PendingApproval", "approve_command", "author_of", "content_digest", "eligible_holders",
    "holds_role", "is_self_approval", "is_stale", "lead_time", "pending_approvals", "required_steps",
    "review_terms_found", "roles_text", "step_reason", "step_reason_in_words", "unmet_roles", "valid_approvals",
    "why_invalid",
]
