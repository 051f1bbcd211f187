"""What each feed holds and how it is built: events, calendar properties, window, history, bytes, writing."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import icalendar
import pytest
from conformance.fixtures import NOW as DST_NOW
from conformance.fixtures import write_dst_handbook
from golden_corpus import NOW, build_case
from paths import REPO

from playbook import urls
from playbook.cli import main as cli_main
from playbook.feeds import build_feeds, feed_dtstamp, read_history, write_feeds
from playbook.feeds.history import parse_log
from playbook.load import load_handbook

UTC = timezone.utc
STAMP = datetime(2027, 2, 1, 12, tzinfo=UTC)


@pytest.fixture
def base(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    return build_case(None, tmp_path / "handbook")


@pytest.fixture
def dst_root(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    return write_dst_handbook(tmp_path / "dst")


def parse(data: bytes) -> icalendar.Calendar:
    calendar = icalendar.Calendar.from_ical(data)
    assert not [c.errors for c in calendar.walk() if c.errors]
    return calendar


def events(data: bytes) -> dict[str, icalendar.Event]:
    return {str(e["UID"]): e for e in parse(data).walk("VEVENT")}


def unfolded(data: bytes) -> list[str]:
    return data.decode().replace("\r\n ", "").split("\r\n")[:-1]


def write(root: Path, relative: str, text: str) -> None:
    (root / relative).parent.mkdir(parents=True, exist_ok=True)
    (root / relative).write_text(text, encoding="utf-8")


# -- the four kinds of feed ------------------------------------------------------------------------------


def test_feed_paths_are_the_shared_url_layout(base):
    handbook = load_handbook(base)
    feeds = build_feeds(handbook, NOW, dtstamp=STAMP)
    assert sorted(feeds) == sorted([urls.feed_file("all"), urls.feed_file("campaign", "spring-launch"),
                                    urls.feed_file("channel", "instagram"), urls.feed_file("channel", "x"),
                                    urls.feed_file("deadlines")])


def test_calendar_properties(base):
    handbook = load_handbook(base)
    data = build_feeds(handbook, NOW, dtstamp=STAMP)["feeds/channel-instagram.ics"]
    lines = unfolded(data)
    assert lines[:5] == ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Playbook//Playbook 0.1.0//EN",
                         "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]
    assert "NAME:Instagram · Golden test handbook" in lines
    assert "X-WR-CALNAME:Instagram · Golden test handbook" in lines
    assert any(line.startswith("X-WR-CALDESC:Every post scheduled on Instagram") for line in lines)
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT6H" in lines
    assert "X-PUBLISHED-TTL:PT6H" in lines
    assert "SOURCE;VALUE=URI:https://handbook.test/feeds/channel-instagram.ics" in lines
    calendar = parse(data)
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert calendar["REFRESH-INTERVAL"].params["VALUE"] == "DURATION"


def test_post_event(base):
    handbook = load_handbook(base)
    post = next(p for p in handbook.posts if p.slug == "teaser")
    feed = build_feeds(handbook, NOW, dtstamp=STAMP)["feeds/all.ics"]
    event = events(feed)["post-spring-launch--teaser@handbook.test"]
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert event["DTSTART"].dt == post.publish_at
    assert event["DTEND"].dt - event["DTSTART"].dt == timedelta(minutes=15)
    assert str(event["SUMMARY"]) == "[Instagram] Teaser"
    description = str(event["DESCRIPTION"])
    assert "Something new is coming. #spring" in description
    assert "Status: draft" in description
    assert "Needs approval: Social lead" in description
    assert urls.post_url(handbook.settings, post) in description
    assert str(event["URL"]) == "https://handbook.test/campaigns/spring-launch/#spring-launch--teaser"
    assert [str(c) for c in event["CATEGORIES"].cats] == ["Spring launch", "Instagram"]
    assert str(event["STATUS"]) == "TENTATIVE"
    assert str(event["TRANSP"]) == "TRANSPARENT"
    assert event["DTSTAMP"].dt == STAMP
    assert int(event["SEQUENCE"]) == 0


def test_offset_times_are_written_in_the_posts_zone(base):
    """launch-day is written with +02:00; its DTSTART still carries the post's zone, same instant."""
    handbook = load_handbook(base)
    post = next(p for p in handbook.posts if p.slug == "launch-day")
    data = build_feeds(handbook, NOW, dtstamp=STAMP)["feeds/all.ics"]
    assert "DTSTART;TZID=Europe/Berlin:20270412T093000" in unfolded(data)
    assert events(data)["post-spring-launch--launch-day@handbook.test"]["DTSTART"].dt == post.publish_at


def test_status_mapping_held_and_cancelled(dst_root):
    handbook = load_handbook(dst_root)
    got = events(build_feeds(handbook, DST_NOW, dtstamp=STAMP)["feeds/all.ics"])

    def event(slug):
        return next(e for uid, e in got.items() if uid.startswith("post-") and f"--{slug}@" in uid)

    assert str(event("pre-spring")["STATUS"]) == "TENTATIVE"  # draft
    assert str(event("spring-early")["STATUS"]) == "TENTATIVE"  # in-review
    assert str(event("us-only-summer")["STATUS"]) == "CONFIRMED"  # approved
    assert str(event("post-spring")["STATUS"]) == "CONFIRMED"  # published
    cancelled = event("fall-second")
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert str(cancelled["SUMMARY"]).startswith("[CANCELLED] [X] ")
    held = event("fall-held")  # status: held, outside any hold window
    assert str(held["STATUS"]) == "TENTATIVE" and str(held["SUMMARY"]).startswith("[HELD] [X] ")
    windowed = event("fall-after")  # approved, but inside quiet.yml's hold window
    assert str(windowed["STATUS"]) == "TENTATIVE"
    assert str(windowed["SUMMARY"]) == "[HELD] [Instagram] Fall after"
    assert "HELD: Hold while the election results come in" in str(windowed["DESCRIPTION"])
    multi = event("us-only-summer")
    assert str(multi["SUMMARY"]) == "[X, Instagram] Us only summer"


def test_campaign_feed_has_its_window_as_an_all_day_event(base):
    handbook = load_handbook(base)
    data = build_feeds(handbook, NOW, dtstamp=STAMP)["feeds/campaign-spring-launch.ics"]
    lines = unfolded(data)
    assert "DTSTART;VALUE=DATE:20270401" in lines
    assert "DTEND;VALUE=DATE:20270501" in lines  # ends 2027-04-30, exclusive end the day after
    window = events(data)["campaign-spring-launch@handbook.test"]
    assert str(window["SUMMARY"]) == "Campaign: Spring launch"
    assert str(window["STATUS"]) == "TENTATIVE"  # planned
    assert len(events(data)) == len(handbook.posts) + 1
    assert "campaign-spring-launch@handbook.test" not in events(build_feeds(handbook, NOW)["feeds/all.ics"])


def test_deadlines_feed(base):
    handbook = load_handbook(base)
    data = build_feeds(handbook, NOW, dtstamp=STAMP)["feeds/deadlines.ics"]
    got = events(data)
    teaser = next(p for p in handbook.posts if p.slug == "teaser")
    event = got["approval-spring-launch--teaser--any-social-lead@handbook.test"]
    assert event["DTSTART"].dt == teaser.publish_at  # social-lead has no lead time in the base rules
    assert str(event["SUMMARY"]) == "Approval due (Social lead): [Instagram] Teaser"
    description = str(event["DESCRIPTION"])
    assert "Who can approve: Ana Lead" in description
    assert "playbook approve content/posts/spring-launch/teaser.md --by ana-lead --role social-lead" in description
    alarm = event.walk("VALARM")[0]
    assert str(alarm["ACTION"]) == "DISPLAY"
    assert alarm["TRIGGER"].dt == timedelta(days=-1)
    assert "TRIGGER:-P1D" in unfolded(data)
    assert len(got) == 2


def test_deadlines_use_the_largest_lead_time_and_skip_published_and_cancelled(dst_root):
    handbook = load_handbook(dst_root)
    got = events(build_feeds(handbook, DST_NOW, dtstamp=STAMP)["feeds/deadlines.ics"])
    post = next(p for p in handbook.posts if p.slug == "spring-late")  # pricing: all of legal, social-lead
    event = got["approval-east--spring-late--all-legal+social-lead@dst.test"]
    # Three days of elapsed time before 03:30 EDT on the day clocks spring forward: 02:30 EST, not 03:30.
    assert post.publish_at.astimezone(UTC) - event["DTSTART"].dt.astimezone(UTC) == timedelta(days=3)
    assert event["DTSTART"].dt.astimezone(post.timezone).strftime("%Y-%m-%d %H:%M %Z") == "2027-03-11 02:30 EST"
    assert "an approval from each of Legal and Social lead" in str(event["DESCRIPTION"])
    assert not [uid for uid in got if "--post-spring--" in uid or "--fall-second--" in uid]


def test_every_tzid_has_exactly_one_sorted_vtimezone(dst_root):
    handbook = load_handbook(dst_root)
    for key, data in build_feeds(handbook, DST_NOW, dtstamp=STAMP).items():
        lines = unfolded(data)
        used = {m.group(1) for line in lines if (m := re.match(r"DT(?:START|END);TZID=([^:]+):", line))}
        defined = [line[5:] for line in lines if line.startswith("TZID:")]
        assert defined == sorted(defined) and len(defined) == len(set(defined)), key
        assert set(defined) == used or (not used and len(defined) == 1), key
        assert not any(line.startswith("RDATE") for line in lines)
        assert not any("UNTIL=" in line for line in lines)
        in_events = lines[next((i for i, line in enumerate(lines) if line == "BEGIN:VEVENT"), len(lines)):]
        assert not any(re.match(r"DT(START|END):\d{8}T\d{6}$", line) for line in in_events), "floating time"


def test_an_empty_feed_still_has_a_component(base):
    write(base, "calendar/channels.yml", (base / "calendar/channels.yml").read_text()
          + "  linkedin:\n    name: LinkedIn\n")
    handbook = load_handbook(base)
    data = build_feeds(handbook, NOW, dtstamp=STAMP)["feeds/channel-linkedin.ics"]
    calendar = parse(data)
    assert calendar.walk("VEVENT") == []
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]


def test_window_keeps_feed_past_days_of_history(dst_root):
    handbook = load_handbook(dst_root)  # feed_past_days: 30; east/old-news is from 2026-06-01
    feeds = build_feeds(handbook, DST_NOW, dtstamp=STAMP)
    assert "post-east--old-news@dst.test" not in events(feeds["feeds/all.ics"])
    later = build_feeds(handbook, datetime(2026, 6, 20, tzinfo=UTC), dtstamp=STAMP)
    assert "post-east--old-news@dst.test" in events(later["feeds/all.ics"])
    assert len(events(feeds["feeds/all.ics"])) == len(handbook.posts) - 1
    very_late = build_feeds(handbook, datetime(2029, 1, 1, tzinfo=UTC), dtstamp=STAMP)
    assert events(very_late["feeds/all.ics"]) == {}
    assert events(very_late["feeds/campaign-east.ics"]) == {}  # the campaign window ended too


def test_ambiguous_wall_clock_times_are_written_in_utc(dst_root):
    handbook = load_handbook(dst_root)
    lines = unfolded(build_feeds(handbook, DST_NOW, dtstamp=STAMP)["feeds/campaign-east.ics"])
    first = lines.index("UID:post-east--fall-first@dst.test")
    second = lines.index("UID:post-east--fall-second@dst.test")
    assert lines[first + 2] == "DTSTART:20271107T053000Z"
    assert lines[second + 2] == "DTSTART:20271107T063000Z"


# -- deterministic bytes ---------------------------------------------------------------------------------


def test_two_builds_are_byte_identical(dst_root):
    handbook = load_handbook(dst_root)
    assert build_feeds(handbook, DST_NOW) == build_feeds(load_handbook(dst_root), DST_NOW)


BUILD = """
import hashlib, sys
sys.path[:0] = [{hooks!r}, {tests!r}]
from conformance.fixtures import NOW
from playbook.feeds import build_feeds
from playbook.load import load_handbook
feeds = build_feeds(load_handbook({root!r}), NOW)
for key in sorted(feeds):
    print(key, hashlib.sha256(feeds[key]).hexdigest())
"""


def test_bytes_do_not_depend_on_the_hash_seed(dst_root):
    code = BUILD.format(hooks=str(REPO / "hooks"), tests=str(REPO / "tests"), root=str(dst_root))
    outputs = set()
    for seed in ("0", "1", "12345", "random"):
        env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
        env["PYTHONHASHSEED"] = seed
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False)
        assert done.returncode == 0, done.stderr
        outputs.add(done.stdout)
    assert len(outputs) == 1
    assert outputs.pop().count("feeds/") == 8


def test_dtstamp_source_date_epoch_then_git_then_content(dst_root, monkeypatch):
    handbook = load_handbook(dst_root)
    assert feed_dtstamp(handbook) == datetime(1980, 1, 1, tzinfo=UTC)  # no git, no approvals
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    assert feed_dtstamp(handbook) == datetime.fromtimestamp(1800000000, UTC)
    assert "DTSTAMP:20270115T080000Z" in unfolded(build_feeds(handbook, DST_NOW)["feeds/all.ics"])
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "not a number")
    assert feed_dtstamp(handbook) == datetime(1980, 1, 1, tzinfo=UTC)


# -- git history -----------------------------------------------------------------------------------------


def git(root: Path, *args: str, when: str = "2027-01-10T10:00:00Z") -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@t", GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@t",
               GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when, HOME=str(root))
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def test_sequence_and_last_modified_come_from_git(dst_root, tmp_path):
    git(dst_root, "init", "-q")
    git(dst_root, "add", ".")
    git(dst_root, "commit", "-q", "-m", "first", when="2027-01-10T10:00:00Z")
    post = dst_root / "content/posts/east/pre-spring.md"
    post.write_text(post.read_text().replace("09:00", "10:00"))
    git(dst_root, "commit", "-q", "-am", "move", when="2027-01-11T10:00:00Z")
    post.write_text(post.read_text().replace("10:00", "11:00"))
    git(dst_root, "commit", "-q", "-am", "move again", when="2027-01-12T10:00:00Z")
    write(dst_root, "content/posts/east/uncommitted.md",
          post.read_text().replace("Pre spring", "Uncommitted"))

    history = read_history(dst_root)
    assert history.files["content/posts/east/pre-spring.md"].commits == 3
    assert history.last_commit == datetime(2027, 1, 12, 10, tzinfo=UTC)

    handbook = load_handbook(dst_root)
    got = events(build_feeds(handbook, DST_NOW)["feeds/all.ics"])
    moved = got["post-east--pre-spring@dst.test"]
    assert int(moved["SEQUENCE"]) == 2
    assert moved["LAST-MODIFIED"].dt == datetime(2027, 1, 12, 10, tzinfo=UTC)
    assert moved["CREATED"].dt == datetime(2027, 1, 10, 10, tzinfo=UTC)
    assert moved["DTSTAMP"].dt == datetime(2027, 1, 12, 10, tzinfo=UTC)  # the last commit
    other = got["post-east--spring-early@dst.test"]
    assert int(other["SEQUENCE"]) == 0
    assert other["LAST-MODIFIED"].dt == datetime(2027, 1, 10, 10, tzinfo=UTC)
    new = got["post-east--uncommitted@dst.test"]
    assert int(new["SEQUENCE"]) == 0 and "CREATED" not in new
    assert new["LAST-MODIFIED"].dt == new["DTSTAMP"].dt


def test_history_in_a_subfolder_of_a_repository(tmp_path):
    repo = tmp_path / "repo"
    root = write_dst_handbook(repo / "handbook")
    write(repo, "README", "outside the handbook")
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "first")
    history = read_history(root)
    assert "content/posts/east/pre-spring.md" in history.files
    assert "README" not in history.files and "../README" not in history.files


def test_outside_git_history_is_empty(dst_root):
    history = read_history(dst_root)
    assert history.files == {} and history.last_commit is None


def test_parse_log():
    output = "\x1e300\n\na.md\nb.md\n\x1e200\n\na.md\n\x1e100\n\nc.md\n"
    history = parse_log(output)
    assert history.files["a.md"].commits == 2 and history.files["a.md"].sequence == 1
    assert (history.files["a.md"].first, history.files["a.md"].last) == (200, 300)
    assert history.files["c.md"].sequence == 0
    assert history.last_commit == datetime.fromtimestamp(300, UTC)


# -- writing ---------------------------------------------------------------------------------------------


def test_write_feeds_replaces_files_atomically(tmp_path, monkeypatch):
    out = tmp_path / "site"
    write_feeds({"feeds/a.ics": b"old a", "feeds/b.ics": b"old b"}, out)
    assert (out / "feeds/a.ics").read_bytes() == b"old a"
    assert (out / "feeds/a.ics").stat().st_mode & 0o777 == 0o644

    real_replace = os.replace

    def failing(src, dst):
        if str(dst).endswith("b.ics"):
            raise OSError("disk full")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", failing)
    with pytest.raises(OSError, match="disk full"):
        write_feeds({"feeds/a.ics": b"new a", "feeds/b.ics": b"new b"}, out)
    assert (out / "feeds/a.ics").read_bytes() == b"new a"
    assert (out / "feeds/b.ics").read_bytes() == b"old b"  # never half-written
    assert sorted(p.name for p in (out / "feeds").iterdir()) == ["a.ics", "b.ics"]  # no temporary left


@pytest.mark.parametrize("key", ["../evil.ics", "/etc/evil.ics", "feeds/../../evil.ics", ""])
def test_write_feeds_refuses_paths_outside_the_folder(tmp_path, key):
    with pytest.raises(ValueError):
        write_feeds({key: b"x"}, tmp_path)


# -- playbook ics ----------------------------------------------------------------------------------------


def run_cli(*args: str) -> int:
    with pytest.raises(SystemExit) as exit_info:
        cli_main(list(args))
    return exit_info.value.code or 0


def test_cli_writes_every_feed(base, tmp_path, capsys):
    out = tmp_path / "out"
    code = run_cli("ics", "--root", str(base), "--out", str(out), "--now", "2027-03-01T00:00Z")
    assert code == 0, capsys.readouterr()
    assert sorted(p.name for p in out.iterdir()) == ["all.ics", "campaign-spring-launch.ics",
                                                     "channel-instagram.ics", "channel-x.ics", "deadlines.ics"]
    assert len(events((out / "all.ics").read_bytes())) == 2
    assert "all.ics: 2 events" in capsys.readouterr().out


def test_cli_writes_nothing_when_the_handbook_has_errors(base, tmp_path, capsys):
    post = base / "content/posts/spring-launch/teaser.md"
    post.write_text(post.read_text().replace("status: draft", "status: draft\ncolour: red"))
    out = tmp_path / "out"
    code = run_cli("ics", "--root", str(base), "--out", str(out), "--now", "2027-03-01T00:00Z")
    captured = capsys.readouterr()
    assert code == 1
    assert "content/posts/spring-launch/teaser.md:" in captured.out and "schema.unknown" in captured.out
    assert not out.exists()


def test_cli_usage_errors_exit_2(base, tmp_path):
    assert run_cli("ics", "--root", str(base), "--out", str(tmp_path), "--now", "yesterday") == 2
    assert run_cli("ics", "--root", str(base)) == 2


def test_description_says_which_approvals_count(base):
    from playbook.digest import content_digest

    handbook = load_handbook(base)
    post = next(p for p in handbook.posts if p.slug == "teaser")
    digest = content_digest(handbook, post)
    at = "2027-03-20T10:00+01:00"
    approvals = (f"approvals:\n  - {{by: ana-lead, role: social-lead, at: '{at}', digest: {digest}}}\n"
                 f"  - {{by: lena-legal, role: legal, at: '{at}', digest: sha256:0}}\n"
                 f"  - {{by: ben-writer, role: social-lead, at: '{at}', digest: {digest}}}\n"
                 f"  - {{by: lena-legal, role: social-lead, at: '{at}', digest: {digest}}}\n")
    path = base / "content/posts/spring-launch/teaser.md"
    path.write_text(path.read_text().replace("media:", approvals + "media:", 1))
    handbook = load_handbook(base)
    assert not handbook.problems, handbook.problems
    feed = build_feeds(handbook, NOW, dtstamp=STAMP)
    description = str(events(feed["feeds/all.ics"])["post-spring-launch--teaser@handbook.test"]["DESCRIPTION"])
    lines = description.split("\n")
    assert "Approved by Ana Lead as Social lead, Sat 20 Mar 2027, 10:00 CET" in lines
    assert "Approved by Lena Legal as Legal, Sat 20 Mar 2027, 10:00 CET (does not count: the post changed " \
           "after it)" in lines
    assert any(line.startswith("Approved by Ben Writer") and "the author cannot approve" in line for line in lines)
    assert any(line.startswith("Approved by Lena Legal as Social lead") and "does not hold that role" in line
               for line in lines)
    assert not [line for line in lines if line.startswith("Needs approval")]
    assert "approval-spring-launch--teaser" not in feed["feeds/deadlines.ics"].decode()


def vtimezones(data: bytes) -> dict[bytes, bytes]:
    blocks = re.findall(rb"BEGIN:VTIMEZONE\r\n.*?END:VTIMEZONE\r\n", data, re.S)
    return {re.search(rb"\r\nTZID:([^\r]*)", block).group(1): block for block in blocks}


def test_every_feed_carries_the_same_vtimezone_for_a_zone(dst_root):
    """vobject keeps the first VTIMEZONE it reads for a TZID: a second, different body would misplace events."""
    feeds = build_feeds(load_handbook(dst_root), DST_NOW, dtstamp=STAMP)
    bodies: dict[bytes, set[bytes]] = {}
    for data in feeds.values():
        for tzid, block in vtimezones(data).items():
            bodies.setdefault(tzid, set()).add(block)
    assert len(bodies) >= 5
    assert {tzid: len(found) for tzid, found in bodies.items() if len(found) != 1} == {}
    # The deadlines feed reaches back before the earliest post: every feed's zone covers those dates too.
    new_york = vtimezones(feeds["feeds/all.ics"])[b"America/New_York"]
    assert new_york == vtimezones(feeds["feeds/deadlines.ics"])[b"America/New_York"]


def test_a_removed_campaign_or_channel_keeps_an_empty_feed_for_ninety_days(base):
    git(base, "init", "-q")
    git(base, "add", ".")
    git(base, "commit", "-q", "-m", "first", when="2027-01-10T10:00:00Z")
    before = build_feeds(load_handbook(base), NOW, dtstamp=STAMP)
    assert "feeds/campaign-spring-launch.ics" in before and "feeds/channel-x.ics" in before
    git(base, "rm", "-q", "-r", "calendar/campaigns/spring-launch.md", "content/posts/spring-launch")
    channels = base / "calendar/channels.yml"
    channels.write_text(channels.read_text().split("  x:\n")[0])
    git(base, "commit", "-q", "-am", "drop the campaign and X", when="2027-02-01T10:00:00Z")
    handbook = load_handbook(base)
    feeds = build_feeds(handbook, datetime(2027, 3, 1, tzinfo=UTC), dtstamp=STAMP)
    for path, name in (("feeds/campaign-spring-launch.ics", "campaign spring-launch"), ("feeds/channel-x.ics",
                                                                                         "channel x")):
        calendar = parse(feeds[path])
        assert calendar.walk("VEVENT") == [] and calendar.walk("VTIMEZONE")
        assert str(calendar["X-WR-CALNAME"]).startswith(f"Removed: {name}")
        assert "removed from the Golden test handbook on 2027-02-01" in str(calendar["X-WR-CALDESC"])
        assert "empty until 2027-05-02" in str(calendar["X-WR-CALDESC"])
    later = build_feeds(handbook, datetime(2027, 5, 3, tzinfo=UTC), dtstamp=STAMP)
    assert "feeds/campaign-spring-launch.ics" not in later and "feeds/channel-x.ics" not in later


def test_a_zone_whose_rules_changed_gets_one_body_covering_every_feeds_dates(base):
    """Mexico City dropped summer time in October 2022: a feed with only 2023 posts still carries 2022's rules."""
    posts = base / "content/posts/spring-launch"
    for name, channel, when in (("teaser.md", "x", "2022-09-01 10:00"), ("launch-day.md", "instagram",
                                                                          "2023-03-01 10:00")):
        text = (posts / name).read_text()
        text = re.sub(r"publish_at: .*", f"publish_at: {when}\ntimezone: America/Mexico_City", text)
        (posts / name).write_text(re.sub(r"channel: .*", f"channel: [{channel}]", text))
    feeds = build_feeds(load_handbook(base), datetime(2022, 8, 1, tzinfo=UTC), dtstamp=STAMP)
    x, instagram = (vtimezones(feeds[f"feeds/channel-{c}.ics"])[b"America/Mexico_City"] for c in ("x", "instagram"))
    assert x == instagram == vtimezones(feeds["feeds/all.ics"])[b"America/Mexico_City"]
    assert b"BEGIN:DAYLIGHT" in instagram  # the 2023 feed still covers the 2022 summer time of the other
