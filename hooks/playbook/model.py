"""The typed model every rule, page and feed reads.

Plain dataclasses: the schema that fills them is declared in ``kinds/``;
``docs/reference/architecture.md`` explains why no schema library is used.
Every object keeps its ``source`` (path and positions) so a rule can point
at the exact key it complains about.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from enum import StrEnum
from zoneinfo import ZoneInfo

from .problems import Problem
from .source import CsvSource, Source


class PostStatus(StrEnum):
    """A post's ``status:``, and what each one means for pages, feeds and rules.

    A ``StrEnum``: it compares, hashes, sorts and prints as the value written
    in the front matter, so ``post.status == "draft"`` and ``f"{post.status}"``
    read as before.
    """

    DRAFT = "draft"
    IN_REVIEW = "in-review"
    APPROVED = "approved"
    PUBLISHED = "published"
    HELD = "held"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        """How pages name it: 'In review'."""
        return self.value.replace("-", " ").capitalize()

    @property
    def ical_status(self) -> str:
        """The iCal STATUS of its event: only approved or published posts are CONFIRMED."""
        if self is PostStatus.CANCELLED:
            return "CANCELLED"
        return "CONFIRMED" if self.claims_approval else "TENTATIVE"

    @property
    def goes_out(self) -> bool:
        """Planned to reach the audience, or already did: everything but cancelled."""
        return self is not PostStatus.CANCELLED

    @property
    def needs_approvals(self) -> bool:
        """Still to go out, so a missing approval still matters: neither published nor cancelled."""
        return self not in (PostStatus.PUBLISHED, PostStatus.CANCELLED)

    @property
    def claims_approval(self) -> bool:
        """Says every approval is recorded: approved or published."""
        return self in (PostStatus.APPROVED, PostStatus.PUBLISHED)


class CampaignStatus(StrEnum):
    """A campaign's ``status:``; a StrEnum like ``PostStatus``."""

    PLANNED = "planned"
    ACTIVE = "active"
    DONE = "done"
    CANCELLED = "cancelled"

    @property
    def ical_status(self) -> str:
        """The iCal STATUS of the campaign window's event."""
        if self is CampaignStatus.CANCELLED:
            return "CANCELLED"
        return "TENTATIVE" if self is CampaignStatus.PLANNED else "CONFIRMED"


UTC_ZONE = timezone.utc
POST_STATUSES = tuple(s.value for s in PostStatus)
CAMPAIGN_STATUSES = tuple(s.value for s in CampaignStatus)
BUILTIN_CATEGORIES = ("question", "complaint", "praise", "crisis", "outage")
BUILTIN_FLAGS = ("pricing", "contest", "partnership", "health-claim")
AUDIENCES = ("everyone", "practitioners")
INDEX_PARTS = ("awareness", "consideration", "loyalty", "advocacy")  # the Social Action Index's sub-indices
DEFAULT_DEPARTMENTS = ("product", "customer-service", "pr", "legal", "hr")
EVERYONE = "everyone"  # pseudo-role held by every person


def published_text(text: str) -> str:
    """Text as it goes out (a post's copy, a reply, an alt text): surrounding white space trimmed."""
    return text.strip()


@dataclass
class Settings:
    timezone: ZoneInfo
    site_name: str = "Social handbook"
    site_url: str = "https://handbook.example.com/"
    domain: str = "handbook.example.com"  # used in feed UIDs
    feed_past_days: int = 90
    feed_refresh: timedelta = timedelta(hours=6)
    index_weights: dict[str, int] = field(default_factory=lambda: dict.fromkeys(INDEX_PARTS, 1))
    # keys a hosting platform signs web-editor commits with: SSH lines or armored OpenPGP blocks
    # (see docs/reference/approvals.md)
    platform_keys: list[str] = field(default_factory=list)
    written: frozenset[str] = frozenset()  # keys set in settings.yml; the others are defaults
    source: Source | None = None


@dataclass
class Role:
    id: str
    name: str
    description: str = ""


@dataclass
class Person:
    id: str
    name: str
    email: str = ""
    roles: list[str] = field(default_factory=list)
    timezone: ZoneInfo | None = None
    index: int = 0  # position in team.yml's people list, for locating problems
    emails: list[str] = field(default_factory=list)  # further addresses their commits may carry
    signing_keys: list[str] = field(default_factory=list)  # SSH public keys, one line each
    phone: str = ""  # a number to call when a protocol is activated
    contact: str = ""  # another fast way to reach them (a chat handle, a pager)

    @property
    def addresses(self) -> set[str]:
        """Every address of theirs, lower-cased: git compares e-mail addresses as written, people do not."""
        return {a.strip().lower() for a in [self.email, *self.emails] if a.strip()}


@dataclass
class Team:
    people: dict[str, Person] = field(default_factory=dict)
    roles: dict[str, Role] = field(default_factory=dict)
    source: Source | None = None

    _with_any: dict = field(default_factory=dict, repr=False, compare=False)  # with_any_role's answers

    def holders(self, role: str) -> list[Person]:
        return [p for p in self.people.values() if role == EVERYONE or role in p.roles]

    def with_any_role(self, roles: frozenset[str]) -> list[Person]:
        """People holding one of ``roles`` (everyone for EVERYONE), in team.yml order; worked out once per set of
        roles: every pending approval of every post asks (the team does not change once loaded)."""
        found = self._with_any.get(roles)
        if found is None:
            found = self._with_any[roles] = [p for p in self.people.values()
                                             if EVERYONE in roles or roles.intersection(p.roles)]
        return found


@dataclass
class Channel:
    id: str
    name: str
    max_chars: int | None = None
    url_length: int | None = None  # every URL counts as this many characters; None: as written
    count: str = "graphemes"  # how max_chars is counted: one of text.COUNT_METHODS
    media: str = "optional"  # required | optional | none
    max_media: int | None = None
    alt_text: bool = True  # alt text required on every media item
    max_hashtags: int | None = None
    max_per_day: int | None = None
    min_gap: timedelta | None = None
    timezone: ZoneInfo | None = None  # local day for max_per_day and zone of slots; default settings'
    slots: tuple[time, ...] = ()  # preferred posting times (wall clock, sorted) for playbook reschedule
    icon: str = ""  # material icon name as written, e.g. "instagram"; "" when not given


@dataclass
class ApprovalStep:
    mode: str  # "any" or "all"
    roles: list[str]
    # Where rules.yml requires it: (section, name), e.g. ("default", ""), ("channel", "tiktok"),
    # ("term", "free shipping"); several when one approval meets identical steps.
    reasons: tuple[tuple[str, str], ...] = (("default", ""),)

    @property
    def origin(self) -> str:
        """The reasons in rules.yml's terms: "default", "channel 'tiktok', term 'limited edition'"."""
        return ", ".join(f"{section} '{name}'" if name else section for section, name in self.reasons)


VERIFY_MODES = ("off", "author", "signed")


@dataclass
class VerifyApprovals:
    """rules.yml ``verify_approvals``: how approvals are checked against git history."""

    mode: str = "off"  # off | author | signed
    since_date: date | None = None  # approvals first added by commits before this day count as recorded
    since_commit: str | None = None  # ...or by this commit and its ancestors


@dataclass
class ForbiddenTerm:
    term: str
    hint: str = ""
    forms: list[str] = field(default_factory=list)  # irregular forms matched besides the regular endings


@dataclass
class RuleConfig:
    """One entry under ``rules:`` in policies/rules.yml as written; the rule registry checks it."""

    severity: str | None = None  # error, warning or off; None when not given or not valid
    options: dict = field(default_factory=dict)  # option name -> value as written
    severity_keys: tuple = ()  # where the severity is written, for problems about it


HOLD_ROLES_DEFAULT = ("social-lead",)  # who may start and end holds when rules.yml has no holds: section


@dataclass
class Rules:
    default: list[ApprovalStep] = field(default_factory=list)
    channels: dict[str, list[ApprovalStep]] = field(default_factory=dict)
    flags: dict[str, list[ApprovalStep]] = field(default_factory=dict)
    terms: dict[str, list[ApprovalStep]] = field(default_factory=dict)  # review terms
    campaigns: dict[str, list[ApprovalStep]] = field(default_factory=dict)
    templates: list[ApprovalStep] = field(default_factory=list)  # response wording
    policies: list[ApprovalStep] = field(default_factory=list)  # policy chapters
    lead_times: dict[str, timedelta] = field(default_factory=dict)  # role -> lead time
    separation_of_duties: bool = True
    response_targets: dict[str, timedelta] = field(default_factory=dict)  # category -> target
    categories: list[str] = field(default_factory=lambda: list(BUILTIN_CATEGORIES))
    flag_names: list[str] = field(default_factory=lambda: list(BUILTIN_FLAGS))
    forbidden_terms: list[ForbiddenTerm] = field(default_factory=list)
    departments: list[str] = field(default_factory=lambda: list(DEFAULT_DEPARTMENTS))  # where insights go
    configured: dict[str, RuleConfig] = field(default_factory=dict)  # rule id -> its entry under rules:
    verify: VerifyApprovals = field(default_factory=VerifyApprovals)
    hold_roles: list[str] = field(default_factory=lambda: list(HOLD_ROLES_DEFAULT))  # who may start/end holds
    source: Source | None = None


@dataclass
class HoldLine:
    """A line of a hold in calendar/quiet.yml that verify.py checks like an approval entry: ``started_by``,
    ``ended_by`` or ``end`` (written by the ender, else by the starter; ``by`` "" when the hold names neither)."""

    key: str  # started_by | ended_by | end
    by: str  # the person whose commit must have written the line
    at: datetime | None = None  # unused: an entry's time, for the code shared with approvals
    added: object = None
    verified: bool = False
    recorded: str | None = None
    unverified: str | None = None


@dataclass
class QuietWindow:
    start: datetime  # aware
    end: datetime | None  # aware, exclusive; None: an open-ended hold, in force until it is ended
    channels: list[str] | None  # None: all channels
    reason: str
    kind: str = "quiet"  # quiet | hold
    index: int = 0
    id: str = ""  # what commands name it by: the file's id, or kind-startdate
    started_by: str = ""  # person id (holds started with `playbook hold start`)
    ended_by: str = ""  # person id (holds ended with `playbook hold end`)
    # Filled by verify.py under verify_approvals: the started_by, ended_by and end lines and who wrote them.
    checked: list[HoldLine] = field(default_factory=list)
    unverified_end: datetime | None = None  # the end as written, when it does not count: the hold stays in force

    @property
    def open_ended(self) -> bool:
        return self.end is None

    def active_at(self, when: datetime) -> bool:
        return self.start <= when and (self.end is None or when < self.end)

    def overlaps(self, start: datetime, end: datetime) -> bool:
        """Whether the window shares any instant with [start, end)."""
        return self.start < end and (self.end is None or self.end > start)

    def end_or(self, limit: datetime) -> datetime:
        """The end, or ``limit`` for an open-ended hold: where a page or a month grid stops drawing it."""
        return limit if self.end is None else self.end

    def covers(self, when: datetime, channel: str) -> bool:
        return self.active_at(when) and (self.channels is None or channel in self.channels)

    def covers_post(self, post: Post) -> bool:
        """Whether the post's time falls in the window on one of its channels: the one definition of which
        posts a window pauses (a hold holds every post it covers, even one another window covers too)."""
        return any(self.covers(post.publish_at, c) for c in post.channels)

    @property
    def release_key(self) -> tuple:
        """Sorts windows by when they release what they cover: open-ended (not yet known) last."""
        return (self.end is None, self.end or self.start, self.id)


def in_force_first(windows: Iterable[QuietWindow], when: datetime) -> list[QuietWindow]:
    """Windows in force at ``when`` first, then the others, each by start then id: the order pages list them in."""
    return sorted(windows, key=lambda w: (not w.active_at(when), w.start, w.id))


@dataclass
class Weekly:
    """A recurring weekly time span in one zone: a coverage window, a shift or an on-call span.

    ``start`` and ``end`` are wall-clock times; an ``end`` at or before
    ``start`` runs into the next day ("22:00" to "06:00"), and "24:00" is
    midnight at the end of the day. Occurrences are computed day by day in
    ``zone``, so a shift stays 09:00 to 17:00 local across daylight saving.
    """

    days: frozenset[int]  # 0 = Monday
    start: time
    end: time | None  # None: 24:00
    zone: ZoneInfo
    index: int = 0  # position in its list in rota.yml, for locating problems

    def occurrences(self, first: date, last: date) -> Iterator[tuple[date, datetime, datetime]]:
        """(local day, start, end) of every occurrence starting on a day from ``first`` to ``last``.

        A wall-clock time skipped by a spring-forward is read as the moment the
        clocks show after the jump; one that happens twice is its first occurrence.
        """
        day = first
        while day <= last:
            if day.weekday() in self.days:
                start = wall_time(day, self.start, self.zone)
                ends_on = day if self.end is not None and self.end > self.start else day + timedelta(days=1)
                end = wall_time(ends_on, self.end or time(0), self.zone)
                yield day, start, end
            day += timedelta(days=1)


def wall_time(day: date, clock: time, zone: ZoneInfo) -> datetime:
    """The instant a wall clock in ``zone`` shows ``clock`` on ``day`` (after the jump, in a gap)."""
    naive = datetime.combine(day, clock)
    first = naive.replace(tzinfo=zone)
    back = first.astimezone(UTC_ZONE).astimezone(zone)
    return first if back.replace(tzinfo=None) == naive else back


def wall_time_exists(day: date, clock: time, zone: ZoneInfo) -> bool:
    naive = datetime.combine(day, clock)
    return naive.replace(tzinfo=zone).astimezone(UTC_ZONE).astimezone(zone).replace(tzinfo=None) == naive


@dataclass
class Coverage:
    """When a channel must be watched (``coverage:`` in rota.yml); ``channel`` None means every channel."""

    channel: str | None
    when: Weekly
    keys: tuple = ()  # where it is written in rota.yml

    @property
    def label(self) -> str:
        return self.channel or "all"


@dataclass
class Shift:
    """Someone watching channels (None: every channel), in wall-clock times of their own zone."""

    person: str
    channels: list[str] | None
    when: Weekly
    on_call: bool = False  # listed under on_call: reachable to send, not watching
    first_day: date | None = None  # a cover shift: only from this day (inclusive, the person's zone)
    last_day: date | None = None  # ... to this day (inclusive)

    def runs_on(self, day: date) -> bool:
        return (self.first_day is None or day >= self.first_day) and (self.last_day is None or day <= self.last_day)


@dataclass
class Away:
    person: str
    first: date  # inclusive, in the person's zone
    last: date  # inclusive
    reason: str = ""
    index: int = 0

    def covers(self, day: date) -> bool:
        return self.first <= day <= self.last


@dataclass
class Rota:
    """calendar/rota.yml: who must watch which channel when, who does, and who is away."""

    coverage: list[Coverage] = field(default_factory=list)
    shifts: list[Shift] = field(default_factory=list)  # shifts, then on-call spans
    away: list[Away] = field(default_factory=list)
    source: Source | None = None

    def is_away(self, person: str, day: date) -> bool:
        return any(a.person == person and a.covers(day) for a in self.away)

    @property
    def people(self) -> list[str]:
        """Everyone on the rota (a shift or on call), in order of first appearance."""
        return list(dict.fromkeys(s.person for s in self.shifts))


@dataclass
class Approval:
    by: str
    role: str
    at: datetime | None  # aware; None when not written and no commit in the history adds the entry
    digest: str
    index: int = 0  # position in the approvals list
    # Filled by verify.py from git history (None: not looked up):
    added: object = None  # verify.Commit: the first commit that added this exact entry
    verified: bool = False  # added by the approver (and signed, in mode signed): checked in git
    recorded: str | None = None  # counts unchecked: "recorded before `since`" or "already on the base branch"
    unverified: str | None = None  # why it does not count under verify_approvals, in words
    changes: list[str] | None = None  # stale: what changed since the adding commit (changes.py)


PRACTITIONERS = "practitioners"  # in a chapter's acknowledge: every person in policies/team.yml


@dataclass
class Acknowledgement:
    """Someone read a policy chapter's ``version`` (``acknowledgements:``, written by ``playbook acknowledge``)."""

    by: str
    version: str
    at: datetime | None  # aware; None when not written and no commit in the history adds the entry
    index: int = 0  # position in the acknowledgements list
    # Filled by verify.py from git history, as for an Approval:
    added: object = None
    verified: bool = False
    recorded: str | None = None
    unverified: str | None = None


@dataclass
class MediaItem:
    file: str  # relative to content/media
    alt: str = ""
    index: int = 0


@dataclass
class Campaign:
    id: str
    title: str
    owner: str
    starts: datetime  # aware, inclusive (a date means its local midnight)
    ends: datetime  # aware, exclusive (a date means the following local midnight)
    status: CampaignStatus
    timezone: ZoneInfo
    channels: list[str] = field(default_factory=list)
    goals: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    body: str = ""
    source: Source | None = None

    def __post_init__(self):
        self.status = CampaignStatus(self.status)

    @property
    def starts_date(self) -> date:
        return self.starts.date()

    @property
    def ends_date(self) -> date:
        """The inclusive last day, as written (``ends`` is the exclusive instant after it)."""
        return (self.ends - timedelta(microseconds=1)).date()


@dataclass
class Post:
    campaign: str
    slug: str
    title: str
    channels: list[str]
    publish_at: datetime  # aware, in the post's zone
    timezone: ZoneInfo
    author: str
    status: PostStatus
    body: str  # the file's text below the front matter; ``copy`` is what goes out
    evergreen: bool = False
    flags: list[str] = field(default_factory=list)
    media: list[MediaItem] = field(default_factory=list)
    approvals: list[Approval] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    url: str = ""  # the permalink once published; metric rows may name the post by it
    source: Source | None = None
    holds: list[QuietWindow] = field(default_factory=list)  # every hold window covering it, by start then id

    def __post_init__(self):
        self.status = PostStatus(self.status)

    @property
    def copy(self) -> str:
        """The copy as published: the body without surrounding white space (what rules measure and cards show)."""
        return published_text(self.body)

    @property
    def copy_offset(self) -> int:
        """Where ``copy`` starts in ``body``, to point a problem at a character of the copy."""
        return len(self.body) - len(self.body.lstrip())

    @property
    def id(self) -> str:
        return f"{self.campaign}/{self.slug}"

    @property
    def anchor(self) -> str:
        # ids never contain "--", so this is unique even on month pages mixing campaigns
        return f"{self.campaign}--{self.slug}"

    @property
    def hold(self) -> QuietWindow | None:
        """Of the holds covering it, the one that releases it last (an open-ended one, if any): what it waits for."""
        if not self.holds:  # most posts: asked about on every page and feed line that shows the post
            return None
        return max(self.holds, key=lambda w: w.release_key)

    @property
    def is_held(self) -> bool:
        """Will not go out until released: status held, or in a hold window (a cancelled post is never held)."""
        return self.status is PostStatus.HELD or self.held_by_window

    @property
    def held_by_window(self) -> bool:
        """Held by a hold window although its status does not say so (shown as an extra 'held' mark)."""
        return self.hold is not None and self.status not in (PostStatus.HELD, PostStatus.CANCELLED)


@dataclass
class Escalation:
    to: str  # a role id or a protocol chapter id
    when: str


@dataclass
class ResponseTemplate:
    id: str
    title: str
    category: str
    channels: list[str]
    respond_within: timedelta
    who_may_send: str  # role id or "everyone"
    body: str
    escalate_to: Escalation | None = None
    placeholders: list[str] = field(default_factory=list)
    approvals: list[Approval] = field(default_factory=list)
    review_by: date | None = None
    tags: list[str] = field(default_factory=list)
    source: Source | None = None


PROTOCOL_SEATS = ("lead", "backup", "members")  # the seats of a protocol team, as written under team: and roles:


@dataclass
class ProtocolTeam:
    lead: str = ""  # "" when the protocol names none (protocol.team)
    members: list[str] = field(default_factory=list)
    backup: str | None = None
    roles: dict[str, list[str]] = field(default_factory=dict)  # seat -> role ids its people must hold (roles:)

    def seated(self) -> list[tuple[str, str, int | None]]:
        """(seat, person id, position among the members) for everyone it names: lead, backup, then members."""
        out: list[tuple[str, str, int | None]] = [(seat, pid, None) for seat, pid in
                                                  (("lead", self.lead), ("backup", self.backup)) if pid]
        return out + [("member", pid, index) for index, pid in enumerate(self.members)]

    def needs(self, seat: str) -> list[str]:
        """The roles the lead or the backup must hold one of; the backup leads in the lead's place, so without
        its own list it needs the lead's."""
        if seat == "backup" and "backup" not in self.roles:
            seat = "lead"
        return self.roles.get(seat, []) if seat in ("lead", "backup") else []


@dataclass
class PolicyChapter:
    id: str
    title: str
    audience: str
    owner: str
    version: str
    effective: date
    review_by: date | None
    body: str
    order: int = 100
    kind: str = "chapter"  # chapter | protocol
    team: ProtocolTeam | None = None
    activation: list[str] = field(default_factory=list)  # when the protocol is activated
    approvals: list[Approval] = field(default_factory=list)
    # who must read it: "practitioners" (everyone in team.yml) and/or role ids; empty: nobody is asked
    acknowledge: list[str] = field(default_factory=list)
    acknowledgements: list[Acknowledgement] = field(default_factory=list)
    source: Source | None = None

    def asked(self, team: Team) -> list[Person]:
        """Everyone ``acknowledge:`` names, in team.yml order."""
        wanted = set(self.acknowledge)
        everyone = bool(wanted & {PRACTITIONERS, EVERYONE})
        return [p for p in team.people.values() if everyone or wanted.intersection(p.roles)]

    @property
    def team_ids(self) -> set[str]:
        """Everyone a protocol's team names (lead, backup, members); empty for a chapter."""
        return {pid for _, pid, _ in self.team.seated()} if self.team is not None else set()

    def on_duty(self, on_rota: set[str]) -> set[str]:
        """Who is warned while they have not read the current version: the people on the rota and, for a
        protocol, its own team (the lead, backup and members must know it before it is activated)."""
        return on_rota | self.team_ids

    def acknowledged(self, person: str) -> Acknowledgement | None:
        """``person``'s latest acknowledgement as written: of the current version if any, else of an older one."""
        return _latest([a for a in self.acknowledgements if a.by == person], self.version)

    def readings(self, team: Team) -> list[Reading]:
        """Where everyone asked stands; only acknowledgements that count (not unverified) are read."""
        counting: dict[str, list[Acknowledgement]] = {}
        disputed: dict[str, Acknowledgement] = {}
        for a in self.acknowledgements:  # one pass: a long list and a large team stay linear
            if a.unverified:
                disputed.setdefault(a.by, a)
            else:
                counting.setdefault(a.by, []).append(a)
        out = []
        for person in self.asked(team):
            latest = _latest(counting.get(person.id, []), self.version)
            out.append(Reading(person, latest, latest is not None and latest.version == self.version,
                               disputed.get(person.id)))
        return out


def _latest(own: list[Acknowledgement], version: str) -> Acknowledgement | None:
    current = [a for a in own if a.version == version]
    return (current or own or [None])[-1]


@dataclass
class Reading:
    """One person asked to acknowledge a chapter, and their acknowledgement that counts."""

    person: Person
    acknowledgement: Acknowledgement | None  # of the current version if any, else their latest; None: never
    current: bool  # they have acknowledged the chapter's current version
    disputed: Acknowledgement | None = None  # an entry in their name that does not count (approval.unverified)


# -- results and what customers said -------------------------------------------

POST_COUNTS = ("impressions", "reach", "engagements", "clicks", "shares", "comments", "saves", "video_views")
ACCOUNT_COUNTS = ("followers", "mentions")  # followers: a level at the end of the day; mentions: a count
COMPETITOR_COUNTS = ("followers", "posts", "engagements")


@dataclass(slots=True)
class MetricRow:
    """One row of content/metrics/*.csv: a post's counts for one day, or (``post`` empty) an account's."""

    day: date
    channel: str
    post: str  # as written: a post id (campaign/slug), a post's url, or "" for an account row
    counts: dict[str, int]  # only the counts the row reports
    file: CsvSource
    line: int
    target: Post | None = None  # the post ``post`` names, resolved after loading

    @property
    def is_account(self) -> bool:
        return not self.post


@dataclass(slots=True)
class CompetitorRow:
    """One row of content/metrics/competitors.csv: a competitor's account on one channel on one day."""

    day: date
    competitor: str
    channel: str
    counts: dict[str, int]
    file: CsvSource
    line: int


class InsightStatus(StrEnum):
    """An insight's ``status:``: seen by the social team, handed to a department, or acted upon."""

    NEW = "new"
    ROUTED = "routed"
    ACTED = "acted"

    @property
    def label(self) -> str:
        return self.value.capitalize()


INSIGHT_STATUSES = tuple(s.value for s in InsightStatus)


@dataclass
class Insight:
    id: str  # the file name without .md: <yyyy-mm-dd>-<slug>
    day: date  # from the file name: when it was seen
    title: str
    seen_on: str  # channel id
    department: str
    status: InsightStatus
    body: str  # what the customer said, quoted
    link: str = ""
    owner: str = ""  # who in the department took it
    note: str = ""  # what was done about it
    tags: list[str] = field(default_factory=list)
    source: Source | None = None

    def __post_init__(self):
        self.status = InsightStatus(self.status)


@dataclass
class Handbook:
    """Everything loaded from one repository, plus the problems found so far."""

    root: str
    settings: Settings
    team: Team
    channels: dict[str, Channel]
    rules: Rules
    quiet: list[QuietWindow]
    campaigns: dict[str, Campaign]
    posts: list[Post]  # sorted by publish_at, then id
    templates: dict[str, ResponseTemplate]
    chapters: dict[str, PolicyChapter]  # sorted by order, then id
    media_files: set[str] = field(default_factory=set)  # paths relative to content/media
    metrics: list[MetricRow] = field(default_factory=list)  # by file, then line
    competitors: list[CompetitorRow] = field(default_factory=list)
    insights: list[Insight] = field(default_factory=list)  # by date, then id
    problems: list[Problem] = field(default_factory=list)
    quiet_source: Source | None = None
    channels_source: Source | None = None
    rota: Rota | None = None  # None: the handbook has no calendar/rota.yml
    verification: object = None  # verify.Verification: what the git history could tell about approvals
    # Each media file's SHA-256 (digest.media_file_digest), read once per load although many posts use it.
    media_digests: dict[str, str | None] = field(default_factory=dict, repr=False, compare=False)

    # Display names for pages and feeds; an unknown id (already a ref.* problem) shows as itself.
    def person_name(self, person_id: str) -> str:
        person = self.team.people.get(person_id)
        return person.name if person else person_id

    def role_name(self, role_id: str) -> str:
        if role_id == EVERYONE:
            return "Everyone"
        role = self.team.roles.get(role_id)
        return role.name if role else role_id

    def channel_name(self, channel_id: str) -> str:
        channel = self.channels.get(channel_id)
        return channel.name if channel else channel_id

    def campaign_title(self, campaign_id: str) -> str:
        campaign = self.campaigns.get(campaign_id)
        return campaign.title if campaign else campaign_id

    def holds_at(self, when: datetime) -> list[QuietWindow]:
        """Holds in force at ``when``, by start."""
        return sorted((w for w in self.quiet if w.kind == "hold" and w.active_at(when)), key=lambda w: (w.start, w.id))

    def place_holds(self) -> None:
        """Give every post every hold window over it (``Post.holds``), after loading and after verify.py
        disregarded an end that does not count."""
        holds = sorted((w for w in self.quiet if w.kind == "hold"), key=lambda w: (w.start, w.id))
        for post in self.posts:
            post.holds = [w for w in holds if w.covers_post(post)]

    def held_by(self, window: QuietWindow) -> list[Post]:
        """The posts ``window`` holds (not cancelled ones), by publish_at."""
        return [p for p in self.posts if any(w is window for w in p.holds) and p.status is not PostStatus.CANCELLED]

    @property
    def on_rota(self) -> set[str]:
        """Everyone with a shift or an on-call span in calendar/rota.yml."""
        return set(self.rota.people) if self.rota is not None else set()

    def hold_keepers(self) -> list[Person]:
        """People holding a role that may start and end holds (``holds: roles`` in rules.yml), in team order."""
        return [p for p in self.team.people.values() if set(p.roles) & set(self.rules.hold_roles)]

    def approvable_items(self) -> Iterator[Post | ResponseTemplate | PolicyChapter]:
        """Every item that carries approvals: posts (by publish_at), then templates, then chapters."""
        yield from self.posts
        yield from self.templates.values()
        yield from self.chapters.values()
