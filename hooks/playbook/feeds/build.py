"""The four kinds of feed, built from the handbook model.

Each event is rendered once, to folded bytes, and reused in every feed that
holds it (a post is in all.ics, its campaign's feed and one feed per
channel), so 10,000 posts cost one rendering each. ``docs/reference/feeds.md``
explains every property and the client quirks behind it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from functools import cache
from zoneinfo import ZoneInfo

from .. import __version__, urls
from .. import model as m
from ..approvals import ApprovalAnalysis, PendingApproval, approve_command, lead_time, roles_text
from ..dates import compact_duration, iso, moment_in, until
from ..rota import RotaTimes
from ..schema import ID
from ..timeparse import instant_after
from . import ical
from .history import History, feed_dtstamp, read_history, removed_campaigns, removed_channels
from .vtimezone import is_utc, vtimezone

UTC = timezone.utc
EVENT_LENGTH = timedelta(minutes=15)  # a post is a moment; 15 minutes is the shortest block every client shows
DEADLINE_LENGTH = timedelta(minutes=15)
ALARM_BEFORE = timedelta(days=1)
ROTA_AHEAD = timedelta(weeks=8)  # how far ahead the rota feeds list shifts
RETIRED_FEED_KEEP = timedelta(days=90)  # how long a removed campaign's or channel's feed stays, empty
PRODID = f"-//Playbook//Playbook {__version__}//EN"
ALARM_TRIGGER = f"TRIGGER:{ical.duration(-ALARM_BEFORE)}"


@cache
def _tzid(key: str) -> str:
    return ical.param(key)


@dataclass(frozen=True)
class _PostText:
    """What a post's event and its deadline events both write, worked out once per post."""

    label: str  # ``[Instagram, Facebook] Title`` on one line
    link: str
    publishes: str  # the publish time as people read it, in the post's zone
    campaign: str  # the campaign's title


@dataclass(frozen=True)
class _WaitText:
    """What a deadline event says about the approval it waits for; the same for every post waiting alike."""

    roles: str  # 'legal or brand'
    needs: str
    who: str
    lead: str  # the largest lead time among the roles, in words


@dataclass
class Event:
    """One VEVENT, rendered: its folded bytes and the zone range its TZIDs must cover."""

    sort_key: tuple
    data: bytes
    zones: dict[str, tuple[ZoneInfo, datetime, datetime]] = field(default_factory=dict)


class _Lines:
    """Content lines of one component, plus the zones its DATE-TIMEs reference."""

    def __init__(self):
        self.lines: list[str] = []
        self.zones: dict[str, tuple[ZoneInfo, datetime, datetime]] = {}

    def when(self, name: str, instant: datetime, zone) -> None:
        """A DATE-TIME in the zone's wall-clock time with its TZID, or in UTC where that would mislead.

        A wall-clock time that happens twice (the hour clocks fall back) means
        its first occurrence in RFC 5545 and is read differently by different
        parsers, so such an instant is written in UTC, which nobody misreads.
        """
        if instant.tzinfo is None:
            instant = instant.replace(tzinfo=UTC)
        if is_utc(zone):
            self.lines.append(f"{name}:{ical.utc(instant)}")
            return
        local = instant.astimezone(zone)
        if local.replace(fold=1 - local.fold).utcoffset() != local.utcoffset():
            self.lines.append(f"{name}:{ical.utc(instant)}")
            return
        key = zone.key
        known = self.zones.get(key)
        if known is None:
            self.zones[key] = (zone, instant, instant)
        else:
            self.zones[key] = (zone, min(known[1], instant), max(known[2], instant))
        self.lines.append(f"{name};TZID={_tzid(key)}:{ical.local(local)}")

    def event(self, sort_key: tuple) -> Event:
        return Event(sort_key, ical.lines(self.lines), self.zones)


class FeedBuilder:
    def __init__(self, handbook: m.Handbook, now: datetime, dtstamp: datetime | None = None,
                 history: History | None = None, approvals: ApprovalAnalysis | None = None):
        self.handbook = handbook
        self.approvals = approvals if approvals is not None else ApprovalAnalysis(handbook)
        self.settings = handbook.settings
        self.now = now if now.tzinfo else now.replace(tzinfo=UTC)
        self.history = history if history is not None else read_history(handbook.root)
        stamp = dtstamp if dtstamp is not None else feed_dtstamp(handbook, self.history)
        self.dtstamp = stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)
        self.stamp = ical.utc(self.dtstamp)
        self.cutoff = self.now - timedelta(days=max(self.settings.feed_past_days, 0))
        self.domain = ical.text(self.settings.domain or "playbook.invalid", single_line=True)
        self._zones: dict[str, tuple[ZoneInfo, datetime, datetime]] = {}  # TZID -> span every feed needs
        self._vtimezones: dict[str, list[str]] = {}
        self._dtstamp_line = f"DTSTAMP:{self.stamp}"
        # A post's texts, a file's revision lines and a CATEGORIES value recur across events: made once each.
        self._post_texts: dict[str, _PostText] = {}
        self._revisions: dict[str | None, list[str]] = {}
        self._categories: dict[tuple[str, ...], str] = {}
        self._wait_texts: dict[tuple, _WaitText] = {}

    # -- helpers -------------------------------------------------------------
    def revision(self, source) -> list[str]:
        """SEQUENCE, CREATED and LAST-MODIFIED from the file's git history (0 and DTSTAMP without one)."""
        path = source.path if source is not None else None
        lines = self._revisions.get(path)
        if lines is None:
            found = self.history.of(path)
            if found:
                lines = [f"SEQUENCE:{found.sequence}", f"CREATED:{ical.utc(found.created)}",
                         f"LAST-MODIFIED:{ical.utc(found.modified)}"]
            else:
                lines = ["SEQUENCE:0", f"LAST-MODIFIED:{self.stamp}"]
            self._revisions[path] = lines
        return lines

    def pending(self, post: m.Post) -> list[PendingApproval]:
        return self.approvals.pending(post) if post.status.needs_approvals else []

    def post_text(self, post: m.Post) -> _PostText:
        found = self._post_texts.get(post.id)
        if found is None:
            h = self.handbook
            channels = ", ".join(h.channel_name(c) for c in post.channels) or "no channel"
            found = self._post_texts[post.id] = _PostText(
                label=ical.clean(f"[{channels}] {post.title}", single_line=True),
                link=urls.post_url(self.settings, post), publishes=moment_in(post.publish_at, post.timezone),
                campaign=h.campaign_title(post.campaign))
        return found

    def wait_text(self, item: PendingApproval) -> _WaitText:
        key = (item.step.mode, tuple(item.roles), tuple(p.id for p in item.holders))
        found = self._wait_texts.get(key)
        if found is None:
            roles = roles_text(item, self.handbook.role_name)
            holders = [p.name for p in item.holders]
            each = item.step.mode == "all" and len(item.roles) > 1
            found = self._wait_texts[key] = _WaitText(
                roles=roles, needs=f"Needs: {'an approval from each of' if each else 'an approval from'} {roles}",
                who="Who can approve: " + (", ".join(holders) if holders else
                                           "nobody holds this role yet (add it to someone in policies/team.yml)"),
                lead=compact_duration(max(lead_time(self.handbook, role) for role in item.roles)))
        return found

    def categories(self, values: tuple[str, ...]) -> str:
        found = self._categories.get(values)
        if found is None:
            found = self._categories[values] = ical.text_list(values)
        return found

    def hold_text(self, post: m.Post) -> str:
        if post.hold is not None:
            reason = ical.clean(post.hold.reason, single_line=True) or "no reason given"
            return f"HELD: {reason} (hold {until(post.hold.end, post.timezone)})"
        return "HELD: the post's status is held"

    # -- the event skeleton ---------------------------------------------------
    def event(self, sort_key: tuple, uid: str, *, start: datetime | date, end: datetime | date,
              zone: ZoneInfo | None, summary: str, description: str, link: str, categories: tuple[str, ...],
              status: str, source, alarm: str | None = None) -> Event:
        """One VEVENT with the properties every event of ours carries, in one order.

        ``start`` and ``end`` are instants written in ``zone``, or dates for an
        all-day event (``zone`` None). ``alarm``, if given, is the text of a
        display alarm ``ALARM_BEFORE`` the start.
        """
        out = _Lines()
        out.lines += ["BEGIN:VEVENT", f"UID:{ical.text(uid, single_line=True)}@{self.domain}", self._dtstamp_line]
        if isinstance(start, datetime):
            out.when("DTSTART", start, zone)
            out.when("DTEND", end, zone)
        else:
            out.lines += [f"DTSTART;VALUE=DATE:{ical.day(start)}", f"DTEND;VALUE=DATE:{ical.day(end)}"]
        out.lines += [
            f"SUMMARY:{ical.text(summary, single_line=True)}",
            f"DESCRIPTION:{ical.text(description)}",
            f"URL:{ical.uri(link)}",
            f"CATEGORIES:{self.categories(categories)}",
            f"STATUS:{status}",
            "TRANSP:TRANSPARENT",
            "CLASS:PUBLIC",
            *self.revision(source),
        ]
        if alarm is not None:
            out.lines += ["BEGIN:VALARM", "ACTION:DISPLAY", ALARM_TRIGGER,
                          f"DESCRIPTION:{ical.text(alarm, single_line=True)}", "END:VALARM"]
        out.lines.append("END:VEVENT")
        return out.event(sort_key)

    # -- posts ---------------------------------------------------------------
    def post_event(self, post: m.Post) -> Event:
        held = post.is_held
        texts = self.post_text(post)
        summary = texts.label
        if post.status is m.PostStatus.CANCELLED:
            summary = f"[CANCELLED] {summary}"
        elif held:
            summary = f"[HELD] {summary}"
        link = texts.link
        categories = (texts.campaign, *(self.handbook.channel_name(c) for c in post.channels))
        return self.event(
            (post.publish_at.astimezone(UTC), 0, post.id), f"post-{post.campaign}--{post.slug}",
            start=post.publish_at, end=instant_after(post.publish_at, EVENT_LENGTH), zone=post.timezone,
            summary=summary,
            description=self.post_description(post, texts), link=link, categories=categories,
            status="TENTATIVE" if held else post.status.ical_status, source=post.source)

    def post_description(self, post: m.Post, texts: _PostText) -> str:
        lines = []
        if post.status is m.PostStatus.CANCELLED:
            lines.append("CANCELLED: this post will not go out.")
        elif post.is_held:
            lines.append(self.hold_text(post))
        lines.append(f"Status: {post.status}")
        zone_name = getattr(post.timezone, "key", None) or "UTC"
        lines.append(f"Publishes: {texts.publishes} ({zone_name})")
        lines.append(f"Campaign: {texts.campaign}")
        lines.append(f"Author: {self.handbook.person_name(post.author)}")
        valid = {id(a) for a in self.approvals.valid(post)}
        for approval in post.approvals:
            note = "" if id(approval) in valid else f" ({self.why_invalid(post, approval)})"
            who, role = self.handbook.person_name(approval.by), self.handbook.role_name(approval.role)
            when = f", {moment_in(approval.at, post.timezone)}" if approval.at else ""
            lines.append(f"Approved by {who} as {role}{when}{note}")
        for item in self.pending(post):
            roles = roles_text(item, self.handbook.role_name)
            due = f", due {moment_in(item.due, post.timezone)}" if item.due else ""
            lines.append(f"Needs approval: {roles}{due}")
        if not post.approvals and not self.pending(post) and post.status.needs_approvals:
            lines.append("Approvals: none needed")
        if post.evergreen:
            lines.append("Evergreen: can move if the calendar changes")
        lines.append(f"Handbook: {texts.link}")
        lines.append("")
        lines.append(post.body.strip("\n"))
        return "\n".join(ical.clean(line) for line in lines)

    def why_invalid(self, post: m.Post, approval: m.Approval) -> str:
        reason = self.approvals.why_invalid(post, approval)
        if reason == "stale":
            return "does not count: the post changed after it"
        if reason == "self":
            return "does not count: the author cannot approve their own post"
        if reason == "role":
            return f"does not count: {self.handbook.person_name(approval.by)} does not hold that role"
        if reason == "unverified":
            return f"does not count: {approval.unverified}"
        return "does not count"

    # -- campaign window -----------------------------------------------------
    def campaign_event(self, campaign: m.Campaign) -> Event:
        link = f"{self.settings.site_url}{urls.campaign_page(campaign.id)}"
        summary = f"Campaign: {campaign.title}"
        if campaign.status is m.CampaignStatus.CANCELLED:
            summary = f"[CANCELLED] {summary}"
        first: date = campaign.starts_date
        end: date = campaign.ends_date + timedelta(days=1)  # DTEND of an all-day event is exclusive
        lines = [f"Campaign window: {iso(first)} to {iso(campaign.ends_date)} (inclusive)",
                 f"Status: {campaign.status}", f"Owner: {self.handbook.person_name(campaign.owner)}"]
        if campaign.channels:
            lines.append("Channels: " + ", ".join(self.handbook.channel_name(c) for c in campaign.channels))
        lines += [f"Goal: {goal}" for goal in campaign.goals]
        lines.append(f"Handbook: {link}")
        return self.event(
            (datetime(first.year, first.month, first.day, tzinfo=UTC), -1, campaign.id), f"campaign-{campaign.id}",
            start=first, end=end, zone=None, summary=summary, description="\n".join(lines), link=link,
            categories=(campaign.title,), status=campaign.status.ical_status, source=campaign.source)

    # -- approval deadlines --------------------------------------------------
    def deadline_event(self, post: m.Post, item: PendingApproval, uid: str) -> Event:
        texts = self.post_text(post)
        link, label = texts.link, texts.label
        wait = self.wait_text(item)
        roles = wait.roles
        summary = f"Approval due ({roles}): {label}"
        lines = [
            wait.needs,
            wait.who,
            f"Due: {moment_in(item.due, post.timezone)} (lead time {wait.lead} before publishing)",
            f"Post: {label}",
            f"Publishes: {texts.publishes}",
            f"Status: {post.status}" + (" (held)" if post.held_by_window else ""),
        ]
        if post.source is not None and item.holders:
            who = item.holders[0].id if len(item.holders) == 1 else "PERSON"
            lines.append(f"Record it with: {approve_command(post, who, item.roles[0])}")
        lines.append(f"Handbook: {link}")
        return self.event(
            (item.due.astimezone(UTC), 1, post.id, uid), uid,
            start=item.due, end=instant_after(item.due, DEADLINE_LENGTH), zone=post.timezone, summary=summary,
            description="\n".join(lines), link=link,
            categories=("Approval", texts.campaign), status="CONFIRMED",
            source=post.source, alarm=f"Approval due tomorrow ({roles}): {label}")

    def deadline_events(self) -> list[Event]:
        events = []
        for post in self.handbook.posts:
            seen: dict[str, int] = {}
            for item in self.pending(post):
                if item.due is None or item.due < self.cutoff:
                    continue
                base = f"approval-{post.campaign}--{post.slug}--{item.step.mode}-{'+'.join(sorted(item.step.roles))}"
                seen[base] = seen.get(base, 0) + 1
                uid = base if seen[base] == 1 else f"{base}-{seen[base]}"
                events.append(self.deadline_event(post, item, uid))
        return events

    # -- monitoring rota -----------------------------------------------------
    def shift_events(self) -> dict[str, list[Event]]:
        """Every shift and on-call span from the feed window's start to ROTA_AHEAD after now, by person."""
        h = self.handbook
        times = RotaTimes(h, self.cutoff, self.now + ROTA_AHEAD)
        link = f"{self.settings.site_url}{urls.rota_page()}"
        out: dict[str, list[Event]] = {}
        seen: dict[str, int] = {}
        for o in times.occurrences:
            zone = o.shift.when.zone
            local = o.start.astimezone(zone)
            base = f"shift-{o.person}-{local:%Y%m%dT%H%M}" + ("-on-call" if o.shift.on_call else "")
            seen[base] = seen.get(base, 0) + 1
            uid = base if seen[base] == 1 else f"{base}-{seen[base]}"
            channels = ("all channels" if o.shift.channels is None
                        else ", ".join(h.channel_name(c) for c in o.shift.channels))
            what = "On call" if o.shift.on_call else "On shift"
            lines = [f"{what}: {h.person_name(o.person)} ({channels})",
                     f"From {moment_in(o.start, zone)} to {moment_in(o.end, zone)} ({zone.key})"]
            if zone.key != self.settings.timezone.key:
                lines.append(f"That is {moment_in(o.start, self.settings.timezone)} to "
                             f"{moment_in(o.end, self.settings.timezone)} ({self.settings.timezone.key})")
            if o.shift.on_call:
                lines.append("Reachable to send the replies their roles allow; not watching the channels.")
            lines.append(f"Handbook: {link}")
            event = self.event(
                (o.start.astimezone(UTC), 2, o.person, uid), uid, start=o.start, end=o.end, zone=zone,
                summary=f"{what}: {h.person_name(o.person)} ({channels})",
                description="\n".join(ical.clean(line) for line in lines), link=link,
                categories=("Rota", what), status="CONFIRMED", source=h.rota.source)
            out.setdefault(o.person, []).append(event)
        return out

    def rota_feeds(self, site: str, by_person: dict[str, list[Event]]) -> dict[str, bytes]:
        """rota.ics and one feed per person on the rota, from ``shift_events``."""
        h = self.handbook
        if h.rota is None:
            return {}
        link = f"{self.settings.site_url}{urls.rota_page()}"
        feeds = {}
        path = urls.feed_file("rota")
        feeds[path] = self.calendar(path, f"Rota · {site}", "Every monitoring shift and on-call span of the "
                                    f"{site}, from {self.settings.feed_past_days} days ago to "
                                    f"{ROTA_AHEAD.days} days ahead.", link,
                                    [e for events in by_person.values() for e in events])
        for person in h.rota.people:
            if person not in h.team.people:
                continue  # ref.person already
            path = urls.feed_file("rota", person)
            name = ical.clean(h.person_name(person), single_line=True)
            feeds[path] = self.calendar(path, f"Rota: {name} · {site}",
                                        f"The shifts and on-call spans of {name}.", link, by_person.get(person, []))
        return feeds

    # -- calendars -----------------------------------------------------------
    def zone_ranges(self, events: list[Event]) -> None:
        """Record the span of instants every feed needs in each zone.

        Each feed then carries, for a zone, the same VTIMEZONE as every other
        feed: vobject (Radicale and others) keeps the first VTIMEZONE it sees for
        a TZID for the whole process and reads every later feed's times with it.
        """
        zones = self._zones
        for event in events:
            for key, (zone, lo, hi) in event.zones.items():
                known = zones.get(key)
                zones[key] = (zone, lo, hi) if known is None else (zone, min(known[1], lo), max(known[2], hi))

    def calendar(self, path: str, name: str, description: str, link: str, events: list[Event]) -> bytes:
        events = sorted(events, key=lambda e: e.sort_key)
        keys = {key for event in events for key in event.zones}
        if not events:
            # RFC 5545 wants at least one component: an empty feed carries the handbook's zone.
            zone = self.settings.timezone if not is_utc(self.settings.timezone) else ZoneInfo("UTC")
            self._zones.setdefault(zone.key, (zone, self.now, self.now))
            keys = {zone.key}
        # RFC 7986 wants a positive duration: a zero or negative feed_refresh becomes one minute.
        refresh = ical.duration(max(self.settings.feed_refresh, timedelta(minutes=1)))
        head = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            f"PRODID:{PRODID}",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            f"NAME:{ical.text(name, single_line=True)}",
            f"X-WR-CALNAME:{ical.text(name, single_line=True)}",
            f"DESCRIPTION:{ical.text(description)}",
            f"X-WR-CALDESC:{ical.text(description)}",
            f"URL:{ical.uri(link)}",
            f"SOURCE;VALUE=URI:{ical.uri(self.settings.site_url + path)}",
            f"REFRESH-INTERVAL;VALUE=DURATION:{refresh}",
            f"X-PUBLISHED-TTL:{refresh}",
        ]
        for key in sorted(keys):
            head += self._vtimezone(key)
        return b"".join([ical.lines(head), *(e.data for e in events), b"END:VCALENDAR\r\n"])

    def _vtimezone(self, key: str) -> list[str]:
        found = self._vtimezones.get(key)
        if found is None:
            zone, lo, hi = self._zones[key]
            found = self._vtimezones[key] = vtimezone(zone, lo, hi)
        return found

    def build(self) -> dict[str, bytes]:
        h, s = self.handbook, self.settings
        site = ical.clean(s.site_name, single_line=True)
        keep = f"from {s.feed_past_days} days ago on"
        posts = [p for p in h.posts if p.publish_at >= self.cutoff]
        rendered = {p.id: self.post_event(p) for p in posts}
        windows = {cid: self.campaign_event(c) for cid, c in h.campaigns.items() if c.ends >= self.cutoff}
        deadlines = self.deadline_events()
        # The rota's zones (a shift in Los Angeles) join the span every feed's VTIMEZONEs cover.
        shifts = self.shift_events() if h.rota is not None else {}
        for events in (rendered.values(), windows.values(), deadlines, *shifts.values()):
            self.zone_ranges(list(events))
        feeds: dict[str, bytes] = {}

        path = urls.feed_file("all")
        feeds[path] = self.calendar(path, f"All posts · {site}",
                                    f"Every scheduled post in the {site}, {keep}.", s.site_url,
                                    [rendered[p.id] for p in posts])
        by_campaign: dict[str, list[Event]] = {}
        by_channel: dict[str, list[Event]] = {}
        for post in posts:  # grouped once: a scan per campaign was quadratic with hundreds of campaigns
            by_campaign.setdefault(post.campaign, []).append(rendered[post.id])
            for channel_id in dict.fromkeys(post.channels):
                by_channel.setdefault(channel_id, []).append(rendered[post.id])
        for campaign_id in sorted(h.campaigns):
            campaign = h.campaigns[campaign_id]
            path = urls.feed_file("campaign", campaign_id)
            events = list(by_campaign.get(campaign_id, []))
            if campaign_id in windows:
                events.append(windows[campaign_id])
            feeds[path] = self.calendar(path, f"{ical.clean(campaign.title, single_line=True)} · {site}",
                                        f"The window and every post of the campaign {campaign.title}, {keep}.",
                                        f"{s.site_url}{urls.campaign_page(campaign_id)}", events)
        for channel_id in sorted(h.channels):
            name = self.handbook.channel_name(channel_id)
            path = urls.feed_file("channel", channel_id)
            events = by_channel.get(channel_id, [])
            feeds[path] = self.calendar(path, f"{ical.clean(name, single_line=True)} · {site}",
                                        f"Every post scheduled on {name}, {keep}.", s.site_url, events)
        path = urls.feed_file("deadlines")
        feeds[path] = self.calendar(path, f"Approval deadlines · {site}",
                                    "When each approval a post still needs is due (publish time minus the "
                                    f"role's lead time), with an alert a day before; {keep}.", s.site_url,
                                    deadlines)
        feeds.update(self.rota_feeds(site, shifts))
        feeds.update(self.retired_feeds(site))
        return feeds

    def retired_feeds(self, site: str) -> dict[str, bytes]:
        """An empty calendar at the address of each campaign or channel removed in the last RETIRED_FEED_KEEP.

        A calendar app keeps showing the last copy of a feed that went away
        (a 404 is not "no events"); an empty feed clears it, and its name says
        to unsubscribe. Removals are read from git history; outside git
        nothing is known to be retired.
        """
        since = self.now - RETIRED_FEED_KEEP
        h = self.handbook
        campaigns = removed_campaigns(h.root, self.history, set(h.campaigns))
        channels = removed_channels(h.root, set(h.channels), since, self.now)
        retired = {**{("campaign", cid): when for cid, when in campaigns.items()},
                   **{("channel", cid): when for cid, when in channels.items()}}
        feeds = {}
        for (kind, ident), removed in sorted(retired.items()):
            path = urls.feed_file(kind, ident)
            if removed < since or not ID.match(ident):
                continue
            until = iso((removed + RETIRED_FEED_KEEP).date())
            feeds[path] = self.calendar(
                path, f"Removed: {kind} {ident} · {site}",
                f"The {kind} '{ident}' was removed from the {site} on {iso(removed.date())}. "
                f"This feed stays empty until {until} and is then deleted: unsubscribe from it.",
                self.settings.site_url, [])
        return feeds


def build_feeds(handbook: m.Handbook, now: datetime, *, dtstamp: datetime | None = None,
                approvals: ApprovalAnalysis | None = None) -> dict[str, bytes]:
    """Every feed of the handbook: site path (``feeds/all.ics``...) -> the bytes to publish.

    ``now`` sets the window (``settings.feed_past_days`` back from it);
    ``dtstamp`` defaults to SOURCE_DATE_EPOCH, else the last commit's time,
    else a time derived from the content, so two builds of the same input
    are byte-identical. ``approvals``: the validation's analysis, so nothing is computed twice.
    """
    return FeedBuilder(handbook, now, dtstamp, approvals=approvals).build()
