"""What every page builder reads: the validated handbook, 'now', and small lookups over it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from .. import approvals as ap
from .. import model as m
from ..problems import Findings, Problem
from ..rota import on_duty
from .html import channel_icon, e


@dataclass
class ApprovalLine:
    approval: m.Approval
    state: str  # valid | stale | self | role | unverified
    note: str


@dataclass
class ApprovalView:
    lines: list[ApprovalLine]
    pending: list[ap.PendingApproval]


@dataclass
class Context(Findings):
    handbook: m.Handbook
    now: datetime
    problems: list[Problem] = field(default_factory=list)
    preview: bool = False  # `mkdocs serve`: a handbook with errors is shown, not refused
    edit_base: str = ""  # repository files open in the web editor at edit_base + path (approve_block.py)
    analysis: ap.ApprovalAnalysis | None = None  # validate's, shared with the rules and the feeds
    _approvals: dict[int, ApprovalView] = field(default_factory=dict)
    _on_duty: dict[str, str] | None = None

    def __post_init__(self) -> None:
        if self.analysis is None:
            self.analysis = ap.ApprovalAnalysis(self.handbook)
        self.zone = self.handbook.settings.timezone
        self.local_now = self.now.astimezone(self.zone)
        self.today: date = self.local_now.date()

    # -- lookups ---------------------------------------------------------
    def person(self, pid: str | None) -> str:
        return self.handbook.person_name(pid) if pid else "nobody"

    def role(self, rid: str) -> str:
        return self.handbook.role_name(rid)

    def channel_name(self, cid: str) -> str:
        return self.handbook.channel_name(cid)

    def icon(self, cid: str) -> str:
        """The channel's icon (CSS class per channel id; unknown channels fall back to a generic icon)."""
        known = cid if cid in self.handbook.channels else "unknown"
        return channel_icon(known, self.channel_name(cid))

    def icons(self, cids: list[str]) -> str:
        return "".join(self.icon(c) for c in cids)

    def channel_list(self, cids: list[str]) -> str:
        # one unit: a line may break after an icon (an inline-block) even before &nbsp;
        return ", ".join(f'<span class="pb-named">{self.icon(c)}&nbsp;{e(self.channel_name(c))}</span>'
                         for c in cids) or "none"

    def local(self, when: datetime) -> datetime:
        return when.astimezone(self.zone)

    def upcoming(self, days: int) -> list[m.Post]:
        """Posts from the start of today (handbook time zone) for ``days`` days, not cancelled."""
        start = datetime.combine(self.today, datetime.min.time(), self.zone)
        end = start + timedelta(days=days)
        return [p for p in self.handbook.posts if start <= p.publish_at < end and p.status.goes_out]

    def on_duty(self) -> dict[str, str]:
        """Who is on shift or on call at the build's now (rota.on_duty), worked out once: the bar asks on every page."""
        if self._on_duty is None:
            self._on_duty = on_duty(self.handbook, self.now)
        return self._on_duty

    def held_ahead(self) -> list[m.Post]:
        """Held posts that still need someone: those still to come, and every post a hold not yet ended holds,
        also one whose time passed while held (it needs a new time or a decision). So a hold's count in the
        bar, the home page and hold list is part of the report's."""
        def still_held(post: m.Post) -> bool:
            return post.publish_at >= self.now or any(w.end is None or w.end > self.now for w in post.holds)
        return [p for p in self.handbook.posts if p.is_held and still_held(p)]

    # -- approvals -------------------------------------------------------
    def approvals(self, item) -> ApprovalView:
        """Who approved (and whether it still counts) and what is still missing; computed once per item."""
        key = id(item)
        view = self._approvals.get(key)
        if view is None:
            lines = []
            for approval in item.approvals:
                state = self.analysis.why_invalid(item, approval) or "valid"
                lines.append(ApprovalLine(approval, state, self._approval_note(state, approval)))
            view = ApprovalView(lines, self.analysis.pending(item))
            self._approvals[key] = view
        return view

    def _approval_note(self, state: str, approval: m.Approval) -> str:
        if state == "valid":
            if approval.verified:
                return f"counts, verified in git: commit {approval.added.short}"
            return f"counts, {approval.recorded}" if approval.recorded else "counts"
        if state == "unverified":
            return f"does not count: {approval.unverified}"
        if state == "stale":
            return "stale: the content changed after this approval"
        if state == "self":
            return "does not count: approves their own work"
        return f"does not count: {self.person(approval.by)} does not hold the role {self.role(approval.role)}"

    def needs_approval(self, post: m.Post) -> bool:
        return post.status.needs_approvals and bool(self.approvals(post).pending)
