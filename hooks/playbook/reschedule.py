"""Rescheduling what a hold or quiet period displaced: ``playbook reschedule``.

A post is *displaced* when its publish_at falls inside a window of
calendar/quiet.yml (hold or quiet) that covers one of its channels and it
has not gone out (neither published nor cancelled). Looking at every window,
only posts from now on count; naming one window (``--hold ID``) also takes
the posts whose time passed while it held them, so that ending a hold early
(``playbook hold end``) and then rescheduling it moves what the hold made
miss its time.
Evergreen posts get the next free slot; time-sensitive ones are listed for a
decision and never moved.

A free slot, for a post on channels C:

* is one of the preferred ``slots`` of C's first channel that declares them
  (wall clock in that channel's zone), and a slot of every other channel of C
  that declares them; without slots anywhere, the post keeps its own time of
  day (in its own zone). A slot that does not exist that day, or exists twice
  (clock changes), is skipped;
* is after the window ends, not before now, and far enough ahead that the
  approvals the move voids can be given again within their lead times
  (rules.yml ``lead_times``);
* lies inside the campaign's window (starts to ends) and outside every quiet
  period and hold on C;
* keeps each channel of C under ``max_per_day`` (the channel's local day) and
  at least ``min_gap`` from every other post that still goes out, including
  posts moved earlier in the same run.

Posts are placed one by one by original publish_at, then path, so the same
handbook always gets the same proposal. When no slot fits before the campaign
ends, the post is listed for a decision rather than breaking a rule.

Moving a post changes its digest, so every approval it had becomes stale:
each move lists the approval steps it needs again (approvals.pending_approvals
on the moved post), naming who approved before.

``apply`` writes the new publish_at through yamledit.replace_scalar in the
style it was written in (space or T, seconds, offset or local, quotes).
"""

from __future__ import annotations

import bisect
import dataclasses
import json
import re
import textwrap
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from . import approvals as ap
from . import dates
from . import model as m
from .errors import PlaybookError
from .formatters import one_line
from .load import load_handbook
from .problems import Severity
from .suggest import did_you_mean
from .timeparse import TimeError, elapsed, instant_after, localize
from .yamledit import EditError, replace_scalar

SEARCH_DAYS = 366  # a campaign without an end in sight: look this far for a slot, then ask for a decision
# Files a proposal depends on: when one of them has errors, no proposal is made.
_SCHEDULE_FILES = ("calendar/channels.yml", "calendar/quiet.yml", "calendar/settings.yml", "calendar/campaigns/")


@dataclass
class Move:
    """An evergreen post and the slot proposed for it."""

    post: m.Post
    window: m.QuietWindow
    to: datetime  # the new publish_at, in the post's zone
    reapprove: list[ap.PendingApproval]  # every step the moved post needs again
    approved_before: list[m.Approval]  # approvals that counted at the old time (all void after the move)
    written: str = ""  # publish_at as written into the file by apply()
    status_was: str = ""  # the status apply() set back to in-review (approved, held), if any


@dataclass
class Decision:
    """A displaced post that is not moved, and why."""

    post: m.Post
    window: m.QuietWindow
    reason: str  # "time-sensitive" or "no-slot"
    message: str
    approved_before: list[m.Approval] = field(default_factory=list)


@dataclass
class Plan:
    handbook: m.Handbook
    now: datetime
    windows: list[m.QuietWindow]  # the windows considered (--hold: that one)
    moves: list[Move]
    decisions: list[Decision]
    applied: bool = False


def find_window(handbook: m.Handbook, window_id: str) -> m.QuietWindow:
    """The quiet.yml window with that id, or a usage error with did-you-mean."""
    for window in handbook.quiet:
        if window.id == window_id:
            return window
    ids = [w.id for w in handbook.quiet]
    hint = did_you_mean(window_id, ids)
    listed = f"; windows: {', '.join(ids)}" if ids and len(ids) <= 12 else ""
    raise PlaybookError(f"no hold or quiet period '{window_id}' in calendar/quiet.yml"
                        + (f": {hint}" if hint else listed))


def displaced(handbook: m.Handbook, since: datetime | None,
              windows: list[m.QuietWindow]) -> list[tuple[m.Post, m.QuietWindow]]:
    """Posts still to go out (from ``since`` on, if given) that one of ``windows`` covers
    (``QuietWindow.covers_post``, as ``Handbook.held_by`` reads it), each with the covering window that
    releases it last, by publish_at then path."""
    out = []
    for post in handbook.posts:
        if not post.status.needs_approvals or (since is not None and post.publish_at < since):
            continue
        covering = [w for w in windows if w.covers_post(post)]
        if covering:
            out.append((post, max(covering, key=lambda w: w.release_key)))
    out.sort(key=lambda pair: (pair[0].publish_at.astimezone(timezone.utc), pair[0].source.path))
    return out


def open_ended_blocker(handbook: m.Handbook, post: m.Post, window: m.QuietWindow,
                       after: datetime) -> m.QuietWindow | None:
    """Another window with no end yet on one of the post's channels, in force at the post's time or from
    ``after`` on: while it lasts no slot after it is free, so it must be ended before the post can move."""
    for other in sorted(handbook.quiet, key=lambda w: (w.start, w.id)):
        if other is window or other.end is not None:
            continue
        if other.covers_post(post) or (any(other.channels is None or c in other.channels for c in post.channels)
                                       and other.overlaps(after, instant_after(after, timedelta(days=SEARCH_DAYS)))):
            return other
    return None


class Calendar:
    """The posts that go out, per channel (instants sorted, posts per local day), and the rules a new slot
    must keep: each check is a binary search and a lookup, so a large handbook stays fast."""

    def __init__(self, handbook: m.Handbook, moving: set[int]):
        self.handbook = handbook
        self.times: dict[str, list[datetime]] = {cid: [] for cid in handbook.channels}
        self.per_day: Counter[tuple[str, date]] = Counter()
        for post in handbook.posts:
            if post.status.goes_out and not post.is_held and id(post) not in moving:
                self.add(post.channels, post.publish_at)

    def zone(self, channel: m.Channel) -> ZoneInfo:
        return channel.timezone or self.handbook.settings.timezone

    def add(self, channels: list[str], when: datetime) -> None:
        for cid in channels:
            if cid in self.times:
                bisect.insort(self.times[cid], when.astimezone(timezone.utc))
                self.per_day[(cid, when.astimezone(self.zone(self.handbook.channels[cid])).date())] += 1

    def fits(self, channel: m.Channel, when: datetime) -> bool:
        """``when`` keeps the channel's daily cap (its local day) and minimum gap."""
        if channel.max_per_day is not None:
            if self.per_day[(channel.id, when.astimezone(self.zone(channel)).date())] >= channel.max_per_day:
                return False
        if channel.min_gap is not None:
            times = self.times[channel.id]
            at = bisect.bisect_left(times, when)
            neighbours = times[max(at - 1, 0):at + 1]
            if any(abs(elapsed(t, when)) < channel.min_gap for t in neighbours):
                return False
        return True

    def quiet(self, channels: list[str], when: datetime) -> bool:
        return any(w.covers(when, c) for w in self.handbook.quiet for c in channels)


def _slot_instant(day: date, clock: time, zone: ZoneInfo) -> datetime | None:
    """``clock`` on ``day`` in ``zone``, or None when the clocks skip it or show it twice that day."""
    try:
        return localize(datetime.combine(day, clock), zone, clock.isoformat("minutes"))
    except TimeError:
        return None


def candidate_times(handbook: m.Handbook, post: m.Post) -> tuple[ZoneInfo, tuple[time, ...], list[m.Channel]]:
    """The zone and times of day to try, and the post's other channels whose slots a time must also match."""
    slotted = [handbook.channels[c] for c in post.channels if c in handbook.channels and handbook.channels[c].slots]
    if not slotted:
        return post.timezone, (post.publish_at.astimezone(post.timezone).time().replace(microsecond=0),), []
    first = slotted[0]
    return first.timezone or handbook.settings.timezone, first.slots, slotted[1:]


def required_lead(handbook: m.Handbook, post: m.Post) -> timedelta:
    """How long before publishing every approval the post needs must be given (the longest lead time)."""
    roles = [role for step in ap.required_steps(handbook, post) for role in step.roles]
    return max((ap.lead_time(handbook, role) for role in roles), default=timedelta(0))


def find_slot(handbook: m.Handbook, post: m.Post, earliest: datetime, calendar: Calendar,
              campaign: m.Campaign | None) -> datetime | None:
    """The first free slot at or after ``earliest`` (see the module docstring), or None."""
    zone, clocks, also = candidate_times(handbook, post)
    channels = [handbook.channels[c] for c in post.channels if c in handbook.channels]
    start = earliest
    end = instant_after(earliest, timedelta(days=SEARCH_DAYS))
    if campaign is not None:
        start = max(start, campaign.starts)
        end = min(end, campaign.ends)
    day = start.astimezone(zone).date()
    while day <= end.astimezone(zone).date():
        for clock in clocks:
            when = _slot_instant(day, clock, zone)
            if when is None or when < start or when >= end:
                continue
            if any(when.astimezone(c.timezone or handbook.settings.timezone).time() not in c.slots for c in also):
                continue
            if calendar.quiet(post.channels, when) or not all(calendar.fits(c, when) for c in channels):
                continue
            return when.astimezone(post.timezone)
        day += timedelta(days=1)
    return None


def _check_config(handbook: m.Handbook) -> None:
    broken = [p for p in handbook.problems
              if p.severity is Severity.ERROR and p.path.startswith(_SCHEDULE_FILES)]
    if broken:
        more = f" (and {len(broken) - 1} more: run playbook validate)" if len(broken) > 1 else ""
        raise PlaybookError(f"{one_line(broken[0])}{more}; fix it first: the new times depend on it", code=1)


def plan(handbook: m.Handbook, now: datetime, window_id: str | None = None) -> Plan:
    """Propose a new time for every displaced evergreen post; list the others for a decision."""
    _check_config(handbook)
    if window_id:  # with the posts whose time passed while it held them
        windows, since = [find_window(handbook, window_id)], None
    else:
        windows, since = [w for w in handbook.quiet if w.end is None or w.end > now], now
    posts = displaced(handbook, since, windows)
    calendar = Calendar(handbook, {id(post) for post, _ in posts})
    analysis = ap.ApprovalAnalysis(handbook)
    result = Plan(handbook, now, windows, [], [])
    for post, window in posts:
        before = analysis.valid(post)
        if not post.evergreen:
            result.decisions.append(Decision(
                post, window, "time-sensitive",
                "time-sensitive: cancel it (status: cancelled), or choose a new time by hand and have it "
                "approved again", before))
            continue
        if window.end is None:  # nothing is free until the hold is lifted
            result.decisions.append(Decision(
                post, window, "hold-open",
                f"the hold has no end yet: end it (playbook hold end {window.id} --by PERSON) or give it an end, "
                "then reschedule", before))
            continue
        campaign = handbook.campaigns.get(post.campaign)
        earliest = max(window.end, instant_after(now, required_lead(handbook, post)))
        when = find_slot(handbook, post, earliest, calendar, campaign)
        blocker = open_ended_blocker(handbook, post, window, earliest) if when is None else None
        if blocker is not None:
            cause = (f"it is also held by {blocker.id}, which has no end yet" if blocker.covers_post(post) else
                     f"{blocker.id} holds every slot from {dates.moment_in(blocker.start, post.timezone)} on "
                     "and has no end yet")
            result.decisions.append(Decision(
                post, window, "hold-open",
                f"{cause}: end it first (playbook hold end {blocker.id} --by PERSON), then reschedule", before))
            continue
        if when is None:
            until = f"within {SEARCH_DAYS} days"
            if campaign is not None and campaign.ends < instant_after(earliest, timedelta(days=SEARCH_DAYS)):
                until = f"before campaign '{campaign.id}' ends on {dates.short_date(campaign.ends_date)}"
            result.decisions.append(Decision(
                post, window, "no-slot",
                f"no free slot {until} that keeps the channel's cap, gap, slots and quiet periods: cancel it, "
                "move it by hand, or extend the campaign", before))
            continue
        calendar.add(post.channels, when)
        moved = dataclasses.replace(post, publish_at=when)
        result.moves.append(Move(post, window, when, ap.pending_approvals(handbook, moved), before))
    return result


def reschedule(root: Path, now: datetime, window_id: str | None = None, apply: bool = False) -> Plan:
    """Load the handbook, plan, and with ``apply`` write every move into its post."""
    handbook = load_handbook(root)
    result = plan(handbook, now, window_id)
    if apply:
        # Vet every file first: one that cannot be rewritten in place stops the run before any post moves.
        refused = []
        for move in result.moves:
            try:
                write_move(Path(handbook.root) / move.post.source.path, move, write=False)
            except PlaybookError as error:
                refused.append(str(error))
        if refused:
            raise PlaybookError("nothing written: " + "; ".join(refused), code=1)
        for move in result.moves:
            move.written = write_move(Path(handbook.root) / move.post.source.path, move)
        result.applied = bool(result.moves)
    return result


# -- writing publish_at in the style it was written in ------------------------

_WRITTEN = re.compile(r"(\d{4}-\d{2}-\d{2})([T ])(\d{2}:\d{2})(:\d{2})?( ?)(Z|[+-]\d{2}:?\d{2})?\Z")


def restyle(written: str, when: datetime, zone: ZoneInfo) -> str:
    """``when`` written like ``written``: the same separator, seconds and offset form; a local time stays a
    local time in ``zone`` (the post's), unless that wall-clock time is ambiguous there."""
    match = _WRITTEN.match(written.strip())
    if match is None:
        raise EditError(f"publish_at '{written}' is not a date and time this command can rewrite")
    _, separator, _, seconds, space, offset = match.groups()
    clock = "%H:%M:%S" if seconds else "%H:%M"
    if offset == "Z":
        return when.astimezone(timezone.utc).strftime(f"%Y-%m-%d{separator}{clock}") + f"{space}Z"
    here = when.astimezone(zone)
    text = here.strftime(f"%Y-%m-%d{separator}{clock}")
    if not offset:
        try:
            if localize(here.replace(tzinfo=None), zone, text) == here:
                return text
        except TimeError:
            pass  # exists twice: give the offset so that it reads as this instant
        offset = "+00:00"
    sign_offset = here.strftime("%z")  # +hhmm
    if ":" in offset:
        sign_offset = f"{sign_offset[:3]}:{sign_offset[3:]}"
    return f"{text}{space}{sign_offset}"


def write_move(path: Path, move: Move, write: bool = True) -> str:
    """Write the new publish_at; a post whose status claims approval (or says held) goes back to in-review,
    because the move voided its approvals. ``write=False`` only checks that both edits can be made."""
    post = move.post
    try:
        written = replace_scalar(path, "publish_at", lambda old: restyle(old, move.to, post.timezone), "publish_at",
                                 write=write)
        if post.status.claims_approval or post.status is m.PostStatus.HELD:
            replace_scalar(path, "status", lambda old: str(m.PostStatus.IN_REVIEW), "status", write=write)
            move.status_was = str(post.status) if write else ""
        return written
    except EditError as error:
        raise PlaybookError(f"{post.source.path}: {str(error).removeprefix(f'{path.name}: ')}", code=1) from None


# -- output ---------------------------------------------------------------------------------------------


def _channel_names(handbook: m.Handbook, ids: list[str]) -> str:
    return ", ".join(handbook.channels[c].name if c in handbook.channels else c for c in ids)


def _window_text(handbook: m.Handbook, window: m.QuietWindow) -> str:
    zone = handbook.settings.timezone
    channels = "all channels" if window.channels is None else _channel_names(handbook, window.channels)
    return (f"{'Hold' if window.kind == 'hold' else 'Quiet period'} {window.id} on {channels}, "
            f"{dates.moment_in(window.start, zone)} {dates.until(window.end, zone)}")


def _asks(handbook: m.Handbook, move: Move) -> list[str]:
    """'ask Owen Blake (Brand) to approve again, by Sat 5 Dec 2026, 09:00 EST' per step."""
    lines = []
    for pending in move.reapprove:
        again = [a.by for a in move.approved_before if a.role in pending.roles]
        role = ap.roles_text(pending, handbook.role_name)
        due = f", by {dates.moment_in(pending.due, move.post.timezone)}" if pending.due else ""
        if again:
            people = " or ".join(handbook.person_name(p) for p in dict.fromkeys(again))
            lines.append(f"ask {people} ({role}) to approve again{due}")
        else:
            people = ", ".join(p.name for p in pending.holders) or "nobody eligible in policies/team.yml"
            lines.append(f"needs {role} ({ap.step_reason(pending.step)}){due}: {people}")
    return lines


def as_text(result: Plan) -> str:
    handbook = result.handbook
    out = []
    if not result.moves and not result.decisions:
        if len(result.windows) == 1:
            return (f"{_window_text(handbook, result.windows[0])}: displaces no post that is still to go out. "
                    "Nothing to reschedule.\n")
        return "No hold or quiet period from now on displaces a post that is still to go out. Nothing to reschedule.\n"
    for window in {id(x.window): x.window for x in [*result.moves, *result.decisions]}.values():
        out.append(f"{_window_text(handbook, window)}:")
        out.append(textwrap.fill(" ".join(window.reason.split()), 100, initial_indent="  ",
                                 subsequent_indent="  "))
    out.append("")
    if result.moves:
        verb = "Moved" if result.applied else "Move"
        out.append(f"{verb} {len(result.moves)} evergreen post(s):")
        for move in result.moves:
            post, zone = move.post, move.post.timezone
            out.append(f"  {post.title} ({post.source.path}), {_channel_names(handbook, post.channels)}")
            out.append(f"    from {dates.moment_in(post.publish_at, zone)}")
            out.append(f"    to   {dates.moment_in(move.to, zone)}"
                       + (f"  (written: publish_at: {move.written})" if move.written else ""))
            asks = _asks(handbook, move)
            if asks:
                out.append("    the move voids its approvals: " + asks[0])
                out += [f"    {' ' * len('the move voids its approvals: ')}{ask}" for ask in asks[1:]]
            if move.status_was:
                out.append(f"    status set back from {move.status_was} to in-review until it is approved again")
            elif post.status is m.PostStatus.HELD:
                out.append("    its status is held: --apply sets it back to in-review")
            elif post.status.claims_approval:
                out.append(f"    its status is {post.status}: --apply sets it to in-review until it is approved again")
        out.append("")
    if result.decisions:
        out.append(f"Needs a decision ({len(result.decisions)} post(s), not moved):")
        for decision in result.decisions:
            post = decision.post
            out.append(f"  {post.title} ({post.source.path}), {_channel_names(handbook, post.channels)}, "
                       f"{dates.moment_in(post.publish_at, post.timezone)}")
            out.append(f"    {decision.message}")
            if decision.approved_before:
                names = ", ".join(dict.fromkeys(handbook.person_name(a.by) for a in decision.approved_before))
                out.append(f"    moving it voids the approvals of {names}")
        out.append("")
    if result.moves and not result.applied:
        out.append("Nothing written: run again with --apply to write the new times.")
    elif result.applied:
        out.append("Written. Run playbook validate, then ask for the approvals above.")
    return "\n".join(out).rstrip("\n") + "\n"


def _post_json(post: m.Post, window: m.QuietWindow) -> dict:
    return {"path": post.source.path, "title": post.title, "channels": list(post.channels),
            "status": str(post.status), "evergreen": post.evergreen, "window": window.id,
            "publish_at": dates.iso(post.publish_at)}


def as_json(result: Plan) -> str:
    def approvals(items: list[m.Approval]) -> list[dict]:
        return [{"by": a.by, "role": a.role} for a in items]

    document = {
        "now": dates.iso(result.now),
        "applied": result.applied,
        "windows": [{"id": w.id, "kind": w.kind, "start": dates.iso(w.start),
                     "end": None if w.end is None else dates.iso(w.end), "channels": w.channels or "all",
                     "reason": w.reason} for w in result.windows],
        "moves": [{**_post_json(mv.post, mv.window), "to": dates.iso(mv.to),
                   "written": mv.written or None, "status_was": mv.status_was or None,
                   "approved_before": approvals(mv.approved_before),
                   "reapprove": [{"mode": p.step.mode, "roles": p.roles, "reason": ap.step_reason(p.step),
                                  "due": dates.iso(p.due) if p.due else None,
                                  "again": list(dict.fromkeys(a.by for a in mv.approved_before if a.role in p.roles)),
                                  "holders": [person.id for person in p.holders]} for p in mv.reapprove]}
                  for mv in result.moves],
        "decisions": [{**_post_json(d.post, d.window), "reason": d.reason, "message": d.message,
                       "approved_before": approvals(d.approved_before)} for d in result.decisions],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
