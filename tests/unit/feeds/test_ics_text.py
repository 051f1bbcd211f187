"""Hostile text cannot break a feed: escaping, folding and whole feeds built from model objects.

The loader already refuses control characters in files, so these tests build
the model directly (bypassing it) to prove that the serializer alone is safe.
The same checks run again in a ``python -O`` subprocess, where ``assert``
statements are stripped: safety must not depend on them.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from paths import REPO, TESTS

from playbook import model as m
from playbook.feeds import build_feeds, ical

UTC = timezone.utc
NOW = datetime(2027, 1, 1, tzinfo=UTC)
STAMP = datetime(2027, 1, 1, tzinfo=UTC)
HOSTILE = [
    "Injected\r\nX-INJECTED:1",
    "bare CR\rSTATUS:CANCELLED",
    "bare LF\nEND:VEVENT\nBEGIN:VEVENT",
    "NUL\x00 ESC\x1b[31m BEL\x07 DEL\x7f C1\x9b",
    "NEL\x85 LS\u2028 PS\u2029 VT\x0b FF\x0c",
    "lone surrogate \ud800 here",
    "semi;colon, comma\\ backslash \\n not a newline",
    "tab\tinside",
    "ümlaut " * 40,
    "🏃‍♀️" * 60,
    "日本語のタイトル" * 30,
    ":" * 200,
]


def handbook(posts: list[m.Post], *, name="Hostile\r\nX-NAME:1 handbook", domain="hostile.test") -> m.Handbook:
    zone = ZoneInfo("Europe/Berlin")
    settings = m.Settings(timezone=zone, site_name=name, site_url="https://hostile.test/", domain=domain,
                          feed_past_days=30)
    team = m.Team(people={"ann": m.Person("ann", "Ann\r\nX-PERSON:1", roles=["social-lead"]),
                          "bob": m.Person("bob", "Bob", roles=["editor"])},
                  roles={"social-lead": m.Role("social-lead", "Social\nlead"), "editor": m.Role("editor", "Ed")})
    channels = {"x": m.Channel("x", "X\r\nX-CHANNEL:1")}
    rules = m.Rules(default=[m.ApprovalStep("any", ["social-lead"])], lead_times={"social-lead": timedelta(days=1)})
    campaign = m.Campaign(id="c", title="Campaign\r\nX-CAMPAIGN:1", owner="ann",
                          starts=datetime(2027, 1, 1, tzinfo=zone), ends=datetime(2027, 12, 31, tzinfo=zone),
                          status="active",
                          timezone=zone, channels=["x"], goals=["Goal\nX-GOAL:1"])
    return m.Handbook(root="/nonexistent-playbook-root", settings=settings, team=team, channels=channels,
                      rules=rules, quiet=[], campaigns={"c": campaign}, posts=posts, templates={}, chapters={})


def post(n: int, title: str, body: str, status: str = "draft") -> m.Post:
    zone = ZoneInfo("Europe/Berlin")
    return m.Post(campaign="c", slug=f"p{n}", title=title, channels=["x"],
                  publish_at=datetime(2027, 3, 1, 9, tzinfo=zone) + timedelta(hours=n), timezone=zone,
                  author="bob", status=status, body=body)


def check_feed(data: bytes, events: int) -> icalendar.Calendar:
    """Structural safety of one feed, independent of any parser, then icalendar's reading of it."""
    assert data.endswith(b"\r\n")
    physical = data.split(b"\r\n")[:-1]
    for line in physical:
        assert len(line) <= 75, line
        line.decode("utf-8")  # every physical line is valid UTF-8: no character was split by folding
        assert b"\r" not in line and b"\n" not in line
        assert not any(b < 0x20 and b != 0x09 for b in line), line
        assert b"\x7f" not in line
    logical = data.replace(b"\r\n ", b"").split(b"\r\n")[:-1]
    for line in logical:
        name = line.split(b":", 1)[0].split(b";", 1)[0]
        assert not name.startswith(b"X-") or name in (b"X-WR-CALNAME", b"X-WR-CALDESC", b"X-PUBLISHED-TTL",
                                                      b"X-LIC-LOCATION"), line
    calendar = icalendar.Calendar.from_ical(data)
    assert not [c.errors for c in calendar.walk() if c.errors]
    assert len(calendar.walk("VEVENT")) == events
    assert logical.count(b"BEGIN:VEVENT") == events == logical.count(b"END:VEVENT")
    return calendar


@pytest.mark.parametrize("value", HOSTILE)
def test_text_round_trips_through_icalendar(value):
    line = f"SUMMARY:{ical.text(value)}"
    data = b"BEGIN:VEVENT\r\n" + ical.fold(line) + b"END:VEVENT\r\n"
    event = icalendar.Event.from_ical(data)
    assert str(event["SUMMARY"]) == ical.clean(value)
    assert len(event) == 1  # no property was added


def test_clean_replaces_controls_and_normalises_line_breaks():
    assert ical.clean("a\r\nb\rc\nd\x85e\u2028f\u2029g\x0bh\x0ci") == "a\nb\nc\nd\ne\nf\ng\nh\ni"
    assert ical.clean("a\x00b\x1bc\x7fd\x9be\ud800") == "a\ufffdb\ufffdc\ufffdd\ufffde\ufffd"
    assert ical.clean("  two\r\n\r\n lines  ", single_line=True) == "two lines"
    assert ical.text("a;b,c\\d\ne") == "a\\;b\\,c\\\\d\\ne"


def test_clean_leaves_tabs_and_line_feeds_that_need_no_change():
    # the fast path: nothing to substitute, the value comes back as it is (a single line is stripped)
    assert ical.clean("a\tb\nc") == "a\tb\nc"
    assert ical.clean(" a\tb ", single_line=True) == "a\tb"
    assert ical.clean("a \n\t b", single_line=True) == "a b"


LINE_BREAKS_AND_CONTROLS = "".join(map(chr, [*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0),
                                             0x2028, 0x2029]))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(), max_size=200)
       | st.text(alphabet=st.sampled_from(list("\r\n\t\x00\x0b\x1b\x7f\x85\x9f\u2028\ud800 aé")), max_size=60))
def test_clean_leaves_no_control_or_foreign_line_break(value):
    for single_line in (False, True):
        cleaned = ical.clean(value, single_line=single_line)
        assert not set(cleaned) & set(LINE_BREAKS_AND_CONTROLS)
        assert not any("\ud800" <= c <= "\udfff" for c in cleaned)
        assert ("\n" not in cleaned) if single_line else (cleaned.count("\n") >= value.count("\n"))
        assert ical.clean(cleaned, single_line=single_line) == cleaned


def test_uri_and_parameter_values_cannot_break_out():
    assert ical.uri("https://x.test/a b\r\nX-Y:1#é") == "https://x.test/a%20b%20X-Y:1#%C3%A9"
    assert ical.param('Europe/Berlin') == "Europe/Berlin"
    assert ical.param('a"b:c\r\n') == '"ab:c"'


def test_fold_limits_lines_and_never_splits_a_character():
    for value in ("a" * 75, "a" * 76, "é" * 100, "🏃‍♀️" * 50, "x" + "日" * 80):
        folded = ical.fold(f"SUMMARY:{value}")
        parts = folded[:-2].split(b"\r\n")
        assert all(len(p) <= 75 for p in parts)
        assert all(p.startswith(b" ") for p in parts[1:])
        for p in parts:
            p.decode("utf-8")
        assert b"".join([parts[0]] + [p[1:] for p in parts[1:]]).decode() == f"SUMMARY:{value}"
    assert ical.fold("A" * 75) == b"A" * 75 + b"\r\n"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.sampled_from(["a", "é", "日", "🏃", " ", "x" * 40, "y" * 74]), max_size=8).map("".join),
                max_size=8))
def test_lines_folds_each_line_as_fold_does(content):
    # lines() folds and encodes a whole component at once: the same bytes as line by line
    assert ical.lines(content) == b"".join(ical.fold(line) for line in content)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400)
       | st.text(alphabet=st.sampled_from(list("\r\n\x00\x1b\x85\u2028\t;,\\:é日🏃a ")), max_size=300))
def test_any_text_folds_and_parses_back(value):
    folded = ical.fold(f"DESCRIPTION:{ical.text(value)}")
    for part in folded[:-2].split(b"\r\n"):
        assert len(part) <= 75
        part.decode("utf-8")
    event = icalendar.Event.from_ical(b"BEGIN:VEVENT\r\n" + folded + b"END:VEVENT\r\n")
    assert str(event["DESCRIPTION"]) == ical.clean(value)
    assert list(event) == ["DESCRIPTION"]


def test_hostile_posts_make_a_safe_feed_with_one_event_each():
    posts = [post(n, title, HOSTILE[-n - 1]) for n, title in enumerate(HOSTILE)]
    feeds = build_feeds(handbook(posts), NOW, dtstamp=STAMP)
    calendar = check_feed(feeds["feeds/all.ics"], len(posts))
    check_feed(feeds["feeds/channel-x.ics"], len(posts))
    check_feed(feeds["feeds/campaign-c.ics"], len(posts) + 1)
    check_feed(feeds["feeds/deadlines.ics"], len(posts))
    by_uid = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    for n, title in enumerate(HOSTILE):
        event = by_uid[f"post-c--p{n}@hostile.test"]
        assert str(event["SUMMARY"]) == f"[X X-CHANNEL:1] {ical.clean(title, single_line=True)}"
        assert ical.clean(HOSTILE[-n - 1]).strip("\n") in str(event["DESCRIPTION"])
    assert str(calendar["X-WR-CALNAME"]) == "All posts · Hostile X-NAME:1 handbook"


def test_hostile_domain_and_ids_stay_inside_the_uid():
    posts = [post(0, "t", "b")]
    posts[0].slug = "p0\r\nX-SLUG:1"
    feeds = build_feeds(handbook(posts, domain="evil.test\r\nX-DOMAIN:1"), NOW, dtstamp=STAMP)
    calendar = check_feed(feeds["feeds/all.ics"], 1)
    assert str(calendar.walk("VEVENT")[0]["UID"]) == "post-c--p0 X-SLUG:1@evil.test X-DOMAIN:1"


def test_long_multibyte_title_folds_at_75_octets():
    title = "Ünïcödé 🏃‍♀️ 日本語 " * 30
    feeds = build_feeds(handbook([post(0, title, "copy")]), NOW, dtstamp=STAMP)
    data = feeds["feeds/all.ics"]
    calendar = check_feed(data, 1)
    assert str(calendar.walk("VEVENT")[0]["SUMMARY"]) == f"[X X-CHANNEL:1] {title.strip()}"
    summary = data[data.index(b"SUMMARY:"):data.index(b"\r\nDESCRIPTION:")]
    assert summary.count(b"\r\n ") >= len(summary) // 75


def test_safety_holds_under_python_O():
    """The same hostile build in a ``python -O`` process (assert statements stripped) gives the same bytes."""
    here = Path(__file__).resolve().parent
    code = f"""
import sys
sys.path[:0] = [{str(REPO / 'hooks')!r}, {str(TESTS)!r}, {str(here)!r}]
assert False, "asserts are not stripped"
"""
    done = subprocess.run([sys.executable, "-O", "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, "python -O did not strip asserts: " + done.stderr
    code += """
import test_ics_text as t
posts = [t.post(n, title, t.HOSTILE[-n - 1]) for n, title in enumerate(t.HOSTILE)]
feeds = t.build_feeds(t.handbook(posts), t.NOW, dtstamp=t.STAMP)
sys.stdout.buffer.write(feeds["feeds/all.ics"])
"""
    done = subprocess.run([sys.executable, "-O", "-c", code], capture_output=True, check=False)
    assert done.returncode == 0, done.stderr.decode()
    posts = [post(n, title, HOSTILE[-n - 1]) for n, title in enumerate(HOSTILE)]
    assert done.stdout == build_feeds(handbook(posts), NOW, dtstamp=STAMP)["feeds/all.ics"]
    check_feed(done.stdout, len(HOSTILE))
