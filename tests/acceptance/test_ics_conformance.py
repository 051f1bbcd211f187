"""Every feed reads the same in independent parsers, and the same as the handbook says.

For the example handbook (the repository's own content) and for a schedule
built to cross daylight-saving changes in seven zones, every feed is parsed
by icalendar, by icalendar with the feed's own VTIMEZONEs, by Mozilla's
ical.js, by node-ical, by khal, by libical (GNOME) and by vobject (Radicale),
the last reading every feed in one process. Each parser must read, for every event,
the UTC instant, UID and STATUS the model defines: so they also agree with
each other. A second pass renames every TZID so that no parser can fall back
on its own copy of the tz database: icalendar, ical.js and khal must then get
the same instants from the VTIMEZONE bodies alone.

Parsers that are not installed are skipped with the reason; set
PLAYBOOK_REQUIRE_PARSERS=1 (CI after .ci/install-tools) to fail instead.
"""

from __future__ import annotations

import hashlib
import os
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from conformance.fixtures import NOW as DST_NOW
from conformance.fixtures import write_dst_handbook
from conformance.parsers import available, read_icalendar, read_khal, read_libical, read_node, read_vobject
from paths import REPO

from playbook.approvals import pending_approvals
from playbook.feeds import build_feeds, write_feeds
from playbook.feeds.build import ROTA_AHEAD
from playbook.load import load_handbook

UTC = timezone.utc
DTSTAMP = datetime(2027, 1, 1, tzinfo=UTC)
PARSERS = ("icalendar", "icalendar-vtimezone", "ical.js", "node-ical", "khal", "libical", "vobject")
POST_STATUS = {"draft": "TENTATIVE", "in-review": "TENTATIVE", "approved": "CONFIRMED", "published": "CONFIRMED",
               "held": "TENTATIVE", "cancelled": "CANCELLED"}
CAMPAIGN_STATUS = {"planned": "TENTATIVE", "active": "CONFIRMED", "done": "CONFIRMED", "cancelled": "CANCELLED"}


def z(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def expected_events(handbook, now: datetime) -> dict[str, dict[str, tuple[str, str]]]:
    """feed path -> UID -> (start, STATUS), computed from the model alone."""
    domain = handbook.settings.domain
    cutoff = now - timedelta(days=handbook.settings.feed_past_days)
    posts = [p for p in handbook.posts if p.publish_at >= cutoff]

    def post_event(p):
        status = "TENTATIVE" if p.is_held else POST_STATUS[p.status]
        return f"post-{p.campaign}--{p.slug}@{domain}", (z(p.publish_at), status)

    feeds = {"feeds/all.ics": dict(map(post_event, posts))}
    for cid, campaign in handbook.campaigns.items():
        events = dict(post_event(p) for p in posts if p.campaign == cid)
        if campaign.ends >= cutoff:
            events[f"campaign-{cid}@{domain}"] = (campaign.starts_date.isoformat(),
                                                 CAMPAIGN_STATUS[campaign.status])
        feeds[f"feeds/campaign-{cid}.ics"] = events
    for channel in handbook.channels:
        feeds[f"feeds/channel-{channel}.ics"] = dict(post_event(p) for p in posts if channel in p.channels)
    deadlines = {}
    for p in handbook.posts:
        if p.status in ("published", "cancelled"):
            continue
        for item in pending_approvals(handbook, p):
            if item.due is not None and item.due >= cutoff:
                uid = f"approval-{p.campaign}--{p.slug}--{item.step.mode}-{'+'.join(sorted(item.step.roles))}@{domain}"
                assert uid not in deadlines, f"fixture has two identical steps for {p.id}"
                deadlines[uid] = (z(item.due), "CONFIRMED")
    feeds["feeds/deadlines.ics"] = deadlines
    feeds.update(expected_shifts(handbook, now))
    return feeds


def expected_shifts(handbook, now: datetime) -> dict[str, dict[str, tuple[str, str]]]:
    """The rota feeds from rota.yml's weekly wall-clock times, read day by day in each person's zone."""
    if handbook.rota is None:
        return {}
    domain, rota = handbook.settings.domain, handbook.rota
    start, end = now - timedelta(days=handbook.settings.feed_past_days), now + ROTA_AHEAD
    by_person: dict[str, dict] = {p: {} for p in rota.people}
    for shift in rota.shifts:
        when = shift.when
        first, last = start.astimezone(when.zone).date() - timedelta(days=1), end.astimezone(when.zone).date()
        for day, a, b in when.occurrences(first, last):
            if b <= start or a >= end or not shift.runs_on(day) or rota.is_away(shift.person, day):
                continue
            suffix = "-on-call" if shift.on_call else ""
            uid = f"shift-{shift.person}-{a.astimezone(when.zone):%Y%m%dT%H%M}{suffix}@{domain}"
            by_person[shift.person][uid] = (z(a), "CONFIRMED")
            SHIFT_ENDS[uid] = z(b)
    feeds = {f"feeds/rota-{person}.ics": events for person, events in by_person.items()}
    feeds["feeds/rota.ics"] = {uid: v for events in by_person.values() for uid, v in events.items()}
    return feeds


SHIFT_ENDS: dict[str, str] = {}  # uid -> expected DTEND (UTC), filled by expected_shifts


def _require(parser: str) -> None:
    reason = available()[parser]
    if reason is None:
        return
    if os.environ.get("PLAYBOOK_REQUIRE_PARSERS") == "1":
        pytest.fail(f"{parser} is required (PLAYBOOK_REQUIRE_PARSERS=1) but unavailable: {reason}")
    pytest.skip(f"{parser} unavailable: {reason}")


def _read(parser: str, files: list[Path]):
    if parser == "icalendar":
        return read_icalendar(files)
    if parser == "icalendar-vtimezone":
        return read_icalendar(files, own_vtimezones=True)
    if parser == "ical.js":
        return read_node("icaljs", files)
    if parser == "node-ical":
        return read_node("nodeical", files)
    if parser == "libical":
        return read_libical(files)
    if parser == "vobject":
        return read_vobject(files)
    return read_khal(files)


class Case:
    def __init__(self, name: str, handbook, now: datetime, out: Path):
        self.name = name
        self.handbook = handbook
        self.now = now
        self.feeds = build_feeds(handbook, now, dtstamp=DTSTAMP)
        write_feeds(self.feeds, out)
        self.files = {key: out / key for key in self.feeds}
        self.expected = expected_events(handbook, now)
        self._readings: dict[str, dict] = {}

    def readings(self, parser: str):
        if parser not in self._readings:
            self._readings[parser] = _read(parser, list(self.files.values()))
        return self._readings[parser]


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Case:
    handbook = load_handbook(REPO)
    if not handbook.posts:
        pytest.skip("the example handbook has no posts yet")
    # Early enough that the feed window keeps every post of the example handbook.
    now = min(p.publish_at for p in handbook.posts).astimezone(UTC)
    return Case("example", handbook, now, tmp_path_factory.mktemp("example"))


@pytest.fixture(scope="module")
def dst(tmp_path_factory) -> Case:
    root = write_dst_handbook(tmp_path_factory.mktemp("dst") / "handbook")
    handbook = load_handbook(root)
    assert not handbook.problems, handbook.problems
    return Case("dst", handbook, DST_NOW, tmp_path_factory.mktemp("dst-out"))


@pytest.fixture(params=["example", "dst"])
def case(request) -> Case:
    return request.getfixturevalue(request.param)


def test_the_example_publishes_all_five_kinds_of_feed(example):
    kinds = {re.sub(r"-.*", "", Path(key).stem) for key in example.feeds}
    assert kinds == {"all", "campaign", "channel", "deadlines", "rota"}
    assert "feeds/rota-lucia-ferreira.ics" in example.feeds  # Los Angeles, next to New York's shifts
    assert b"BEGIN:VEVENT" in example.feeds["feeds/deadlines.ics"], "the example handbook has no pending approval"


def test_the_dst_schedule_really_crosses_changes(dst):
    """Guard the fixture: ambiguous hours written in UTC, both hemispheres and seven TZIDs present."""
    text = b"".join(dst.feeds.values()).decode()
    for zone in ("America/New_York", "Europe/Berlin", "Australia/Sydney", "Australia/Lord_Howe",
                 "Europe/Dublin", "Asia/Kolkata", "America/Sao_Paulo"):
        assert f"TZID:{zone}\r\n" in text
    assert "DTSTART:20271107T053000Z" in text and "DTSTART:20271107T063000Z" in text  # New York's repeated hour
    assert len(dst.expected["feeds/deadlines.ics"]) >= 5


@pytest.mark.parametrize("parser", PARSERS)
def test_every_parser_reads_what_the_handbook_says(case, parser):
    _require(parser)
    readings = case.readings(parser)
    for key, path in case.files.items():
        got = readings[str(path)]
        expected = case.expected[key]
        assert len(got) == len(expected), f"{parser} read {len(got)} events in {key}, expected {len(expected)}"
        read = {r.uid: (r.start, r.status) for r in got}
        assert len(read) == len(got), f"{parser}: duplicate UIDs in {key}"
        wrong = {uid: (read.get(uid), want) for uid, want in expected.items() if read.get(uid) != want}
        assert not wrong, f"{parser} disagrees on {case.name} {key} (got, expected): {wrong}"


@pytest.mark.parametrize("parser", PARSERS)
def test_event_ends_are_fifteen_minutes_or_the_exclusive_campaign_end(case, parser):
    _require(parser)
    readings = case.readings(parser)
    for key, path in case.files.items():
        for r in readings[str(path)]:
            if r.end is None:
                continue  # khal prints an all-day event's last day, not its exclusive end
            if r.uid.startswith("shift-"):
                assert r.end == SHIFT_ENDS[r.uid], (parser, key, r)
            elif "T" in r.start:
                start = datetime.strptime(r.start, "%Y-%m-%dT%H:%M:%SZ")
                end = datetime.strptime(r.end, "%Y-%m-%dT%H:%M:%SZ")
                assert end - start == timedelta(minutes=15), (parser, key, r)
            else:
                campaign = case.handbook.campaigns[r.uid.split("@")[0].removeprefix("campaign-")]
                assert r.end == (campaign.ends_date + timedelta(days=1)).isoformat(), (parser, key, r)


def _rename_tzids(data: bytes) -> bytes:
    """Give every zone a name no tz database knows, so only the VTIMEZONE body can explain it.

    The same zone gets the same name in every file (icalendar caches zones by TZID across calendars).
    """
    def rename(match):
        return match.group(1) + b"Playbook zone " + hashlib.sha1(match.group(2)).hexdigest()[:12].encode()

    data = re.sub(rb"(TZID[:=])([^:;\r\n]+)(?=[:;\r\n])", rename, data)
    return re.sub(rb"X-LIC-LOCATION:[^\r\n]*\r\n", b"", data)


@pytest.mark.parametrize("parser", ("icalendar", "ical.js", "khal", "libical", "vobject"))
def test_vtimezone_bodies_alone_give_the_same_instants(case, parser, tmp_path):
    _require(parser)
    files = []
    for key, data in case.feeds.items():
        renamed = _rename_tzids(data)
        assert b"TZID=Playbook zone " in renamed or b"TZID=" not in data
        assert re.search(rb"TZID[:=](?!Playbook zone )", renamed) is None
        path = tmp_path / Path(key).name
        path.write_bytes(renamed)
        files.append((key, path))
    readings = _read(parser, [p for _, p in files])
    for key, path in files:
        read = {r.uid: (r.start, r.status) for r in readings[str(path)]}
        assert read == case.expected[key], f"{parser} misreads the VTIMEZONEs of {case.name} {key}"


def test_the_harness_catches_icalendars_own_vtimezones(dst, tmp_path):
    """Guard against a vacuous check: with icalendar's generated VTIMEZONEs (multi-valued RDATE), ical.js
    reads summer times an hour off, and the comparison above would fail."""
    _require("ical.js")
    import icalendar

    calendar = icalendar.Calendar.from_ical(dst.feeds["feeds/all.ics"])
    calendar.subcomponents = [c for c in calendar.subcomponents if c.name != "VTIMEZONE"]
    calendar.add_missing_timezones()
    path = tmp_path / "icalendar-vtimezones.ics"
    path.write_bytes(calendar.to_ical())
    read = {r.uid: (r.start, r.status) for r in read_node("icaljs", [path])[str(path)]}
    wrong = [uid for uid, want in dst.expected["feeds/all.ics"].items() if read[uid] != want]
    assert len(wrong) >= 5, "ical.js no longer misreads icalendar's VTIMEZONEs: the trap this guards is gone"
