"""Timing rules beyond the golden cases: where they stay quiet, holds, zones, options."""

from datetime import timedelta

import pytest
from golden_corpus import NOW, build_case

from playbook.load import load_handbook
from playbook.validate import validate

POSTS = "content/posts/spring-launch"


@pytest.fixture
def root(tmp_path):
    return build_case(None, tmp_path / "hb")


def write_post(root, slug, at, channel="x", status="draft", evergreen=False):
    (root / POSTS / f"{slug}.md").write_text(
        f"---\ntitle: {slug}\nchannel: {channel}\npublish_at: {at}\nauthor: ben-writer\nstatus: {status}\n"
        f"evergreen: {'true' if evergreen else 'false'}\n---\nCopy of {slug}.\n")


def rules(root, now=NOW):
    return sorted((p.path.rsplit("/", 1)[-1], p.rule) for p in validate(root, now).problems)


def test_window_edges_are_inclusive_start_exclusive_end(root):
    write_post(root, "first-minute", "2027-04-01 00:00")
    write_post(root, "last-minute", "2027-04-30 23:59")
    write_post(root, "quiet-ends", "2027-04-11 00:00")  # the quiet day ends at midnight
    assert rules(root) == []
    write_post(root, "too-early", "2027-03-31 12:00")
    assert rules(root) == [("too-early.md", "time.outside-campaign")]


def test_campaign_window_is_read_in_the_campaign_zone(root):
    brief = root / "calendar/campaigns/spring-launch.md"
    brief.write_text(brief.read_text().replace("status: planned", "status: planned\ntimezone: America/New_York"))
    # 2027-05-01 03:00 UTC is still April 30 in New York
    write_post(root, "late-evening-in-new-york", "2027-05-01T03:00Z")
    assert rules(root) == []


def test_quiet_window_for_some_channels_only(root):
    (root / "calendar/quiet.yml").write_text(
        "windows:\n  - {start: 2027-04-20, end: 2027-04-20, channels: [instagram], reason: Instagram only}\n")
    write_post(root, "on-x", "2027-04-20 12:00", channel="x")
    assert rules(root) == []


def test_hold_windows_mark_posts_held_without_problems(root):
    (root / "calendar/quiet.yml").write_text(
        "windows:\n  - {start: 2027-04-20 09:00, end: 2027-04-21 00:00, channels: all, kind: hold,"
        " reason: Recall investigation}\n")
    write_post(root, "held-evergreen", "2027-04-20 10:00", evergreen=True)
    write_post(root, "held-dated", "2027-04-20 10:05")  # would break x's 1h gap if it counted
    write_post(root, "before-hold", "2027-04-20 08:00")
    assert rules(root) == []
    held = [post for post in load_handbook(root).posts if post.is_held]
    assert [(p.slug, p.evergreen, p.hold.reason) for p in held] == [
        ("held-evergreen", True, "Recall investigation"), ("held-dated", False, "Recall investigation")]


def test_held_and_cancelled_posts_do_not_count_toward_caps_or_gaps(root):
    for minute in range(0, 50, 10):
        write_post(root, f"cancelled-{minute}", f"2027-04-15 10:{minute:02d}", status="cancelled")
    write_post(root, "held-by-status", "2027-04-15 10:55", status="held")
    write_post(root, "the-one", "2027-04-15 11:00")
    assert rules(root) == []


def test_gap_of_exactly_min_gap_passes_and_one_minute_less_fails(root):
    write_post(root, "a", "2027-04-15 10:00")
    write_post(root, "b", "2027-04-15 11:00")
    assert rules(root) == []
    write_post(root, "c", "2027-04-15 11:59")
    assert rules(root) == [("c.md", "time.channel-gap")]


def test_gap_compares_instants_not_wall_clocks(root):
    write_post(root, "berlin", "2027-04-15 10:00")  # 08:00Z
    write_post(root, "utc", "2027-04-15T08:30Z")
    assert rules(root) == [("utc.md", "time.channel-gap")]


def test_cap_uses_the_channel_zone_when_it_has_one(root):
    channels = root / "calendar/channels.yml"
    channels.write_text(channels.read_text().replace("    min_gap: 1h", "    min_gap: 1h\n    timezone: Asia/Tokyo"))
    # 23:00 and 23:30 Berlin on April 15 are 06:00 and 06:30 on April 16 in Tokyo; with 08:00 Berlin
    # (15:00 Tokyo on the 15th) that is one post on the 15th and four on the 16th in Tokyo.
    write_post(root, "a", "2027-04-15 08:00")
    write_post(root, "b", "2027-04-15 21:00")
    write_post(root, "c", "2027-04-15 22:00")
    write_post(root, "d", "2027-04-15 23:00")
    write_post(root, "e", "2027-04-16 00:00")
    assert rules(root) == [("e.md", "time.channel-cap")]


def test_missed_is_a_warning_with_a_grace_option(root):
    write_post(root, "due", "2027-04-15 10:00")
    result = validate(root, NOW.replace(month=4, day=15, hour=8, minute=30))  # 10:30 Berlin
    missed = [p for p in result.problems if p.rule == "time.missed" and p.path.endswith("due.md")]
    assert [p.severity.value for p in missed] == ["warning"]
    assert "passed 30m ago" in missed[0].message
    rules_yml = root / "policies/rules.yml"
    rules_yml.write_text(rules_yml.read_text() + "rules:\n  time.missed: {grace: 1h}\n")
    later = validate(root, NOW.replace(month=4, day=15, hour=8, minute=30)).problems
    assert not any(p.rule == "time.missed" and p.path.endswith("due.md") for p in later)


def test_published_posts_are_never_missed_but_cannot_be_in_the_future(root):
    write_post(root, "went-out", "2027-02-15 10:00", status="published")
    (root / "calendar/campaigns/spring-launch.md").write_text(
        (root / "calendar/campaigns/spring-launch.md").read_text().replace("starts: 2027-04-01", "starts: 2027-02-01"))
    problems = rules(root)
    assert ("went-out.md", "time.missed") not in problems
    assert ("went-out.md", "status.inconsistent") in problems  # published without its approval
    problems = rules(root, NOW - timedelta(days=30))
    assert [p for p in problems if p[0] == "went-out.md"].count(("went-out.md", "status.inconsistent")) == 2


def test_windows_are_named_by_id_or_by_kind_and_start_date(root):
    (root / "calendar/quiet.yml").write_text(
        "windows:\n"
        "  - {id: recall-review, start: 2027-04-20, end: 2027-04-21, kind: hold, reason: Recall}\n"
        "  - {start: 2027-04-22, end: 2027-04-22, reason: Memorial}\n"
        "  - {start: 2027-04-22 12:00, end: 2027-04-23, reason: Memorial again}\n"
        "  - {id: recall-review, start: 2027-05-01, end: 2027-05-02, kind: hold, reason: Again}\n")
    handbook = load_handbook(root)
    assert [w.id for w in handbook.quiet] == ["recall-review", "quiet-2027-04-22", "quiet-2027-04-22-3"]
    assert [(p.line, p.rule) for p in handbook.problems if p.path == "calendar/quiet.yml"] == [
        (5, "ref.duplicate-id")]


def test_a_reason_longer_than_the_banner_holds_is_refused(root):
    (root / "calendar/quiet.yml").write_text(
        f"windows:\n  - {{start: 2027-04-20, end: 2027-04-21, kind: hold, reason: {'x' * 2001}}}\n")
    handbook = load_handbook(root)
    assert [(p.line, p.rule) for p in handbook.problems if p.path == "calendar/quiet.yml"] == [(2, "schema.value")]
    assert len(handbook.quiet[0].reason) == 2000
