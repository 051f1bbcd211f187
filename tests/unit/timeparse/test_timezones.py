"""Time zones, tested hard: instants survive loading, caps count local days, offsets compare as instants."""

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from golden_corpus import NOW, build_case
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from playbook import approvals as ap
from playbook.digest import digest_document
from playbook.load import load_handbook
from playbook.validate import validate

UTC = timezone.utc
ZONES = ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu", "Pacific/Chatham",
         "America/St_Johns", "Europe/Dublin", "UTC"]
POSTS = "content/posts/spring-launch"
HYPOTHESIS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    hb = build_case(None, tmp_path_factory.mktemp("tz") / "hb")
    brief = hb / "calendar/campaigns/spring-launch.md"
    brief.write_text(brief.read_text().replace("starts: 2027-04-01", "starts: 2020-01-01")
                     .replace("ends: 2027-04-30", "ends: 2035-12-31"))
    (hb / "calendar/quiet.yml").write_text("windows: []\n")
    for name in ("teaser.md", "launch-day.md"):
        (hb / POSTS / name).unlink()
    return hb


def clear(root):
    for path in (root / POSTS).glob("*.md"):
        path.unlink()


def write_post(root, slug, publish_at, zone=None, channel="x", extra=""):
    zone_line = f"timezone: {zone}\n" if zone else ""
    (root / POSTS / f"{slug}.md").write_text(
        f"---\ntitle: {slug}\nchannel: {channel}\npublish_at: {publish_at}\n{zone_line}author: ben-writer\n"
        f"status: draft\n{extra}---\nCopy.\n")


def offset_text(when: datetime) -> str:
    return when.isoformat(timespec="minutes")


def is_ambiguous(wall: datetime, zone: ZoneInfo) -> bool:
    return wall.replace(tzinfo=zone, fold=0).utcoffset() != wall.replace(tzinfo=zone, fold=1).utcoffset()


instants = st.datetimes(min_value=datetime(2021, 1, 1), max_value=datetime(2034, 12, 31)).map(
    lambda d: d.replace(second=0, microsecond=0, tzinfo=UTC))
offsets = st.integers(min_value=-12 * 4, max_value=14 * 4).map(lambda q: timezone(timedelta(minutes=15 * q)))


@HYPOTHESIS
@given(instant=instants, zone=st.sampled_from(ZONES), style=st.sampled_from(["local", "own offset", "other offset"]),
       other=offsets)
def test_a_posts_instant_survives_loading(root, instant, zone, style, other):
    clear(root)
    tz = ZoneInfo(zone)
    wall = instant.astimezone(tz)
    if style == "local":
        written = wall.strftime("%Y-%m-%d %H:%M")
    elif style == "own offset":
        written = offset_text(wall)
    else:
        written = offset_text(instant.astimezone(other))
    write_post(root, "p", written, zone)
    handbook = load_handbook(root)
    if style == "local" and is_ambiguous(wall.replace(tzinfo=None), tz):
        assert [p.rule for p in handbook.problems] == ["time.ambiguous"]
        return
    assert handbook.problems == []
    post = handbook.posts[0]
    assert post.publish_at == instant
    assert post.publish_at.astimezone(tz).replace(tzinfo=None) == wall.replace(tzinfo=None)
    assert digest_document(handbook, post)["publish_at"] == instant.strftime("%Y-%m-%dT%H:%M:%SZ")
    pending = ap.pending_approvals(handbook, post)
    assert pending[0].due == instant  # social-lead has no lead time in the base rules


# Days around the 2027 transitions in New York (March 14, November 7) and the midnights next to them.
DAYS = [datetime(2027, 3, 13), datetime(2027, 3, 14), datetime(2027, 3, 15), datetime(2027, 11, 6),
        datetime(2027, 11, 7), datetime(2027, 11, 8)]
CHANNEL_ZONE = ZoneInfo("America/New_York")


@st.composite
def schedules(draw):
    """Posts as New York wall-clock times (the oracle's local day), each written in some style."""
    posts = []
    for index in range(draw(st.integers(min_value=1, max_value=9))):
        day = draw(st.sampled_from(DAYS))
        minute = draw(st.sampled_from([0, 1, 59, 60, 119, 120, 150, 179, 180, 600, 1380, 1439]))
        wall = day + timedelta(minutes=minute)
        aware = wall.replace(tzinfo=CHANNEL_ZONE)
        if aware.astimezone(UTC).astimezone(CHANNEL_ZONE).replace(tzinfo=None) != wall:
            continue  # the spring-forward gap: no such local time
        if is_ambiguous(wall, CHANNEL_ZONE):
            aware = aware.replace(fold=draw(st.sampled_from([0, 1])))
        style = draw(st.sampled_from(["local", "utc", "tokyo", "berlin post zone"]))
        posts.append((f"p{index}", wall.date(), aware.astimezone(UTC), style))
    return posts


@HYPOTHESIS
@given(schedules())
def test_caps_count_the_channels_local_day_across_dst_and_midnight(root, posts):
    clear(root)
    channels = root / "calendar/channels.yml"
    channels.write_text("channels:\n  x:\n    name: X\n    max_per_day: 2\n    timezone: America/New_York\n")
    for slug, _, instant, style in posts:
        wall = instant.astimezone(CHANNEL_ZONE)
        if style == "local" and not is_ambiguous(wall.replace(tzinfo=None), CHANNEL_ZONE):
            write_post(root, slug, wall.strftime("%Y-%m-%d %H:%M"), "America/New_York")
        elif style == "tokyo":
            write_post(root, slug, offset_text(instant.astimezone(ZoneInfo("Asia/Tokyo"))))
        elif style == "berlin post zone":
            write_post(root, slug, offset_text(instant.astimezone(UTC)), "Europe/Berlin")
        else:
            write_post(root, slug, offset_text(instant))
    # Oracle: the New York date each post was drawn on; posts beyond two a day, in time order, are over.
    by_day: dict = {}
    for slug, day, _instant, _ in sorted(posts, key=lambda p: (p[2], p[0])):
        by_day.setdefault(day, []).append(slug)
    expected = sorted(slug for slugs in by_day.values() for slug in slugs[2:])
    result = validate(root, NOW)
    reported = sorted(p.path.rsplit("/", 1)[-1][:-3] for p in result.problems if p.rule == "time.channel-cap")
    assert reported == expected
    assert not [p for p in result.problems if p.rule.startswith(("yaml.", "schema.", "time.ambiguous"))]


@HYPOTHESIS
@given(instant=instants, first=offsets, second=offsets, publish_offset=offsets)
def test_approvals_at_one_instant_in_different_offsets_compare_equal(root, instant, first, second, publish_offset):
    clear(root)
    (root / "calendar/channels.yml").write_text("channels:\n  x:\n    name: X\n")
    rules = root / "policies/rules.yml"
    rules.write_text("approvals:\n  default: [{any: [social-lead]}]\n  flags:\n    health-claim: [{any: [legal]}]\n"
                     "lead_times:\n  legal: 3d\n")
    publish_at = instant + timedelta(days=3)  # the legal deadline is exactly `instant`
    write_post(root, "p", offset_text(publish_at.astimezone(publish_offset)), extra="flags: [health-claim]\n")
    handbook = load_handbook(root)
    digest = ap.content_digest(handbook, handbook.posts[0])
    on_time = offset_text(instant.astimezone(first))
    late = offset_text((instant + timedelta(minutes=1)).astimezone(second))
    write_post(root, "p", offset_text(publish_at.astimezone(publish_offset)), extra=(
        "flags: [health-claim]\napprovals:\n"
        f"  - {{by: ana-lead, role: social-lead, at: {on_time}, digest: {digest}}}\n"
        f"  - {{by: lena-legal, role: legal, at: {on_time}, digest: {digest}}}\n"
        f"  - {{by: lena-legal, role: legal, at: {offset_text(instant.astimezone(second))}, digest: {digest}}}\n"))
    handbook = load_handbook(root)
    post = handbook.posts[0]
    assert post.approvals[1].at == post.approvals[2].at == instant
    assert ap.content_digest(handbook, post) == digest  # the offset publish_at is written in does not matter
    assert not [p for p in validate(root, NOW).problems if p.rule == "time.lead"]
    write_post(root, "p", offset_text(publish_at.astimezone(publish_offset)), extra=(
        "flags: [health-claim]\napprovals:\n"
        f"  - {{by: ana-lead, role: social-lead, at: {on_time}, digest: {digest}}}\n"
        f"  - {{by: lena-legal, role: legal, at: {late}, digest: {digest}}}\n"))
    assert [p.rule for p in validate(root, NOW).problems if p.rule == "time.lead"] == ["time.lead"]


def test_a_date_only_campaign_window_starts_at_the_first_instant_that_exists(tmp_path):
    """America/Santiago skips 00:00-01:00 on 2027-09-05: a campaign starting that day starts at 01:00."""
    hb = build_case(None, tmp_path / "hb")
    brief = hb / "calendar/campaigns/spring-launch.md"
    brief.write_text(brief.read_text().replace("starts: 2027-04-01", "starts: 2027-09-05")
                     .replace("ends: 2027-04-30", "ends: 2027-09-04\ntimezone: America/Santiago")
                     .replace("ends: 2027-09-04", "ends: 2027-10-31"))
    for name in ("teaser.md", "launch-day.md"):
        (hb / POSTS / name).unlink()
    write_post(hb, "first-hour", "2027-09-05 01:00", zone="America/Santiago")
    write_post(hb, "before", "2027-09-04 22:00", zone="America/Santiago")
    problems = [(p.path.rsplit("/", 1)[-1], p.rule) for p in validate(hb, NOW).problems]
    assert ("spring-launch.md", "time.nonexistent") not in problems
    assert [p for p in problems if p[0] == "first-hour.md"] == []
    assert ("before.md", "time.outside-campaign") in problems
    campaign = load_handbook(hb).campaigns["spring-launch"]
    assert campaign.starts.isoformat() == "2027-09-05T01:00:00-03:00"
    assert campaign.starts.astimezone(UTC) == datetime(2027, 9, 5, 4, 0, tzinfo=UTC)
