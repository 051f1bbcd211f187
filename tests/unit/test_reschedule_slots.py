"""playbook reschedule: the slot search (slots, cap, gap, campaign end, other windows, lead time, DST),
decisions, and writing publish_at in the style it was written in.

The base handbook (tests/golden/base) is in Europe/Berlin; its campaign runs 2027-04-01 to 04-30, x allows
3 posts a day 1h apart, and 2027-04-10 is a quiet day on every channel.
"""

import dataclasses
from datetime import datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from golden_corpus import BASE, NOW, build_case
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from playbook import model as m
from playbook import reschedule as rs
from playbook.errors import PlaybookError
from playbook.load import load_handbook
from playbook.rules import run_rules
from playbook.source import Source

BERLIN = ZoneInfo("Europe/Berlin")
POSTS = "content/posts/spring-launch"
HOLD = "  - {id: recall, start: 2027-04-20 09:00, end: 2027-04-21 00:00, channels: [x], kind: hold, reason: Recall}\n"


@pytest.fixture
def root(tmp_path):
    root = build_case(None, tmp_path / "hb")
    (root / "calendar/quiet.yml").write_text((root / "calendar/quiet.yml").read_text() + HOLD)
    set_slots(root, '["09:00", "12:00", "18:00"]')
    return root


def set_slots(root, slots: str, channel: str = "x") -> None:
    path = root / "calendar/channels.yml"
    marker = f"  {channel}:\n    name:"
    assert marker in path.read_text()
    path.write_text(path.read_text().replace(marker, f"  {channel}:\n    slots: {slots}\n    name:"))


def write_post(root, slug, at, *, channel="x", evergreen=True, status="draft", extra=""):
    (root / POSTS / f"{slug}.md").write_text(
        f"---\ntitle: {slug}\nchannel: {channel}\npublish_at: {at}\nauthor: ben-writer\nstatus: {status}\n"
        f"evergreen: {'true' if evergreen else 'false'}\n{extra}---\nCopy of {slug}.\n")


def proposals(root, now=NOW, hold="recall"):
    result = rs.plan(load_handbook(root), now, hold)
    return ({move.post.slug: move.to.astimezone(BERLIN).strftime("%Y-%m-%d %H:%M") for move in result.moves},
            {d.post.slug: d.reason for d in result.decisions})


def test_next_slot_after_the_window(root):
    write_post(root, "tips", "2027-04-20 10:00")
    assert proposals(root) == ({"tips": "2027-04-21 09:00"}, {})


def test_without_slots_the_post_keeps_its_time_of_day(tmp_path):
    root = build_case(None, tmp_path / "hb")
    (root / "calendar/quiet.yml").write_text((root / "calendar/quiet.yml").read_text() + HOLD)
    write_post(root, "tips", "2027-04-20 10:17")
    assert proposals(root) == ({"tips": "2027-04-21 10:17"}, {})


def test_a_full_day_moves_the_post_to_the_next_day(root):
    for slug, at in (("a", "2027-04-21 07:00"), ("b", "2027-04-21 14:00"), ("c", "2027-04-21 20:30")):
        write_post(root, slug, at, evergreen=False)
    write_post(root, "tips", "2027-04-20 10:00")
    assert proposals(root) == ({"tips": "2027-04-22 09:00"}, {})


def test_a_slot_too_close_to_another_post_is_passed_over(root):
    write_post(root, "other", "2027-04-21 09:30", evergreen=False)
    write_post(root, "tips", "2027-04-20 10:00")
    assert proposals(root) == ({"tips": "2027-04-21 12:00"}, {})


def test_posts_moved_earlier_in_the_run_count(root):
    for slug, at in (("first", "2027-04-20 10:00"), ("second", "2027-04-20 11:00"), ("third", "2027-04-20 12:00"),
                     ("fourth", "2027-04-20 13:00")):
        write_post(root, slug, at)
    # x: 3 a day, so the fourth goes to the next day; placed in order of their original time
    assert proposals(root)[0] == {"first": "2027-04-21 09:00", "second": "2027-04-21 12:00",
                                  "third": "2027-04-21 18:00", "fourth": "2027-04-22 09:00"}


def test_another_quiet_period_is_skipped(root):
    (root / "calendar/quiet.yml").write_text((root / "calendar/quiet.yml").read_text().replace(
        "2027-04-20 09:00, end: 2027-04-21 00:00", "2027-04-09 09:00, end: 2027-04-10 00:00"))
    write_post(root, "tips", "2027-04-09 10:00")
    assert proposals(root) == ({"tips": "2027-04-11 09:00"}, {})  # 2027-04-10 is the quiet day


def test_no_slot_before_the_campaign_ends_is_a_decision(root):
    (root / "calendar/quiet.yml").write_text((root / "calendar/quiet.yml").read_text().replace(
        "2027-04-20 09:00, end: 2027-04-21 00:00", "2027-04-29 09:00, end: 2027-04-30 20:00"))
    write_post(root, "tips", "2027-04-29 10:00")
    moves, decisions = proposals(root)
    assert moves == {} and decisions == {"tips": "no-slot"}
    result = rs.plan(load_handbook(root), NOW, "recall")
    assert "before campaign 'spring-launch' ends on 30 Apr 2027" in result.decisions[0].message


@pytest.mark.parametrize("held_day, proposed", [
    ("2027-03-27", "2027-03-29 02:30"),  # Europe/Berlin skips 02:00-03:00 on 2027-03-28
    ("2027-10-30", "2027-11-01 02:30"),  # ... and shows it twice on 2027-10-31
])
def test_a_slot_the_clocks_skip_or_show_twice_that_day_is_skipped(root, held_day, proposed):
    brief = root / "calendar/campaigns/spring-launch.md"
    brief.write_text(brief.read_text().replace("starts: 2027-04-01", "starts: 2027-03-01").replace(
        "ends: 2027-04-30", "ends: 2027-11-30"))
    set_slots(root, '["02:30"]', channel="instagram")
    (root / "calendar/quiet.yml").write_text(
        f"windows:\n  - {{id: recall, start: {held_day} 00:00, end: {held_day} 23:59, kind: hold, reason: Recall}}\n")
    (root / POSTS / "teaser.md").write_text((root / POSTS / "teaser.md").read_text().replace(
        "2027-04-05 10:00", f"{held_day} 10:00").replace("status: draft", "status: draft\nevergreen: true"))
    assert proposals(root) == ({"teaser": proposed}, {})


def test_time_sensitive_posts_are_listed_for_a_decision_and_never_moved(root):
    write_post(root, "drop", "2027-04-20 10:00", evergreen=False)
    assert proposals(root) == ({}, {"drop": "time-sensitive"})


def test_published_and_cancelled_posts_are_not_moved_nor_past_ones_when_looking_at_every_window(root):
    write_post(root, "gone", "2027-04-20 10:00", status="published")
    write_post(root, "dropped", "2027-04-20 11:00", status="cancelled")
    write_post(root, "earlier", "2027-04-20 09:30")
    write_post(root, "later", "2027-04-20 12:00")
    now = datetime(2027, 4, 20, 9, 45, tzinfo=BERLIN)
    assert proposals(root, now, hold=None) == ({"later": "2027-04-21 09:00"}, {})


def test_a_hold_ended_early_moves_the_posts_that_missed_their_time_while_held(root):
    """`playbook hold end` closes the window at the current time; the posts it held before then are late."""
    quiet = root / "calendar/quiet.yml"
    quiet.write_text(quiet.read_text().replace("end: 2027-04-21 00:00", "end: 2027-04-20 15:00"))
    write_post(root, "missed", "2027-04-20 10:00")
    write_post(root, "after-the-hold", "2027-04-20 18:00")  # no longer held: goes out as planned
    now = datetime(2027, 4, 20, 15, 5, tzinfo=BERLIN)
    assert proposals(root, now) == ({"missed": "2027-04-21 09:00"}, {})
    assert proposals(root, now, hold=None) == ({}, {})  # every window: only posts from now on


def test_the_approvals_a_move_voids_can_be_given_again_within_their_lead_time(root):
    rules = root / "policies/rules.yml"
    rules.write_text(rules.read_text().replace(
        "  default: [{any: [social-lead]}]\n",
        "  default: [{any: [social-lead]}]\n  flags:\n    pricing: [{any: [legal]}]\n"))
    write_post(root, "sale", "2027-04-20 10:00", extra="flags: [pricing]\n")
    now = datetime(2027, 4, 19, 12, 0, tzinfo=BERLIN)  # legal needs 3 days
    assert proposals(root, now) == ({"sale": "2027-04-22 12:00"}, {})


def test_who_must_approve_again(root):
    write_post(root, "tips", "2027-04-20 10:00",
               extra="approvals:\n  - {by: ana-lead, role: social-lead, at: 2027-03-01T10:00+01:00, digest: x}\n")
    handbook = load_handbook(root)
    post = next(p for p in handbook.posts if p.slug == "tips")
    post.approvals[0].digest = rs.ap.content_digest(handbook, post)  # a valid approval at the old time
    result = rs.plan(handbook, NOW, "recall")
    (move,) = result.moves
    assert [(p.roles, [a.by for a in move.approved_before]) for p in move.reapprove] == [
        (["social-lead"], ["ana-lead"])]
    assert "ask Ana Lead (Social lead) to approve again, by Wed 21 Apr 2027, 09:00 CEST" in rs.as_text(result)


def test_unknown_window_is_a_usage_error_with_did_you_mean(root):
    with pytest.raises(PlaybookError) as raised:
        rs.plan(load_handbook(root), NOW, "recal")
    assert raised.value.code == 2 and "recall" in str(raised.value)


def test_nothing_displaced_says_so(root):
    result = rs.plan(load_handbook(root), NOW, "recall")
    assert result.moves == [] and result.decisions == []
    assert "Nothing to reschedule" in rs.as_text(result)


def test_errors_in_the_channels_file_stop_the_proposal(root):
    set_slots(root, '["9am"]', channel="instagram")
    with pytest.raises(PlaybookError) as raised:
        rs.plan(load_handbook(root), NOW, "recall")
    assert raised.value.code == 1 and "calendar/channels.yml" in str(raised.value) and "schema.value" in str(
        raised.value)


@pytest.mark.parametrize("written, expected", [
    ("2027-04-20 10:00", "2027-04-21 09:00"),
    ("2027-04-20T10:00", "2027-04-21T09:00"),
    ("2027-04-20 10:00:00", "2027-04-21 09:00:00"),
    ("2027-04-20T10:00+02:00", "2027-04-21T09:00+02:00"),
    ("2027-04-20T10:00:00+0200", "2027-04-21T09:00:00+0200"),
    ("2027-04-20 10:00 +02:00", "2027-04-21 09:00 +02:00"),
    ("2027-04-20T08:00Z", "2027-04-21T07:00Z"),
])
def test_restyle_keeps_how_publish_at_was_written(written, expected):
    when = datetime(2027, 4, 21, 9, 0, tzinfo=BERLIN)
    assert rs.restyle(written, when, BERLIN) == expected


def test_restyle_gives_an_offset_to_a_local_time_the_clocks_show_twice():
    when = datetime(2027, 10, 31, 2, 30, tzinfo=BERLIN, fold=1)  # the second 02:30, CET
    assert rs.restyle("2027-04-20 10:00", when, BERLIN) == "2027-10-31 02:30+01:00"


# -- property: proposals never break a cap, a gap, a quiet period or the campaign --------------------------

_HANDBOOK = None


def _base():
    global _HANDBOOK
    if _HANDBOOK is None:
        _HANDBOOK = load_handbook(BASE)
    return _HANDBOOK


def _post(slug: str, at: datetime, evergreen: bool) -> m.Post:
    source = Source(f"{POSTS}/{slug}.md")
    return m.Post(campaign="spring-launch", slug=slug, title=slug, channels=["x"], publish_at=at, timezone=BERLIN,
                  author="ben-writer", status="draft", body=f"Copy of {slug}.", evergreen=evergreen, source=source)


TIME_RULES = ("time.channel-cap", "time.channel-gap", "time.quiet-period", "time.outside-campaign")
APRIL = datetime(2027, 4, 1, tzinfo=BERLIN)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(others=st.lists(st.integers(0, 29 * 24 * 4), max_size=25),
       held=st.lists(st.integers(0, 2 * 24 * 4), min_size=1, max_size=6),
       hold_day=st.integers(0, 27), slots=st.sampled_from([(), ("09:00",), ("08:00", "08:30", "12:00", "23:30")]))
def test_proposals_never_break_a_cap_gap_quiet_period_or_campaign(others, held, hold_day, slots):
    base = _base()
    zone_start = APRIL + timedelta(days=hold_day)
    hold = m.QuietWindow(zone_start, zone_start + timedelta(days=2), ["x"], "Recall", "hold", 1, "recall")
    x = dataclasses.replace(base.channels["x"], slots=tuple(datetime.strptime(s, "%H:%M").time() for s in slots))
    posts = [_post(f"other-{i}", APRIL + timedelta(minutes=15 * q), False) for i, q in enumerate(others)]
    posts += [_post(f"held-{i}", zone_start + timedelta(minutes=15 * q), True) for i, q in enumerate(held)]
    posts.sort(key=lambda p: (p.publish_at.astimezone(timezone.utc), p.id))
    for post in posts:
        post.holds = [hold] if hold.covers_post(post) else []
    handbook = dataclasses.replace(base, posts=posts, quiet=[*base.quiet, hold], channels={**base.channels, "x": x},
                                   problems=[])

    def time_problems():
        return sum(1 for p in run_rules(handbook, NOW) if p.rule in TIME_RULES)

    before = time_problems()
    displaced = sum(1 for p in posts if p.hold is not None)
    result = rs.plan(handbook, NOW, "recall")
    for move in result.moves:
        move.post.publish_at, move.post.holds = move.to, []
        if slots:
            assert move.to.astimezone(BERLIN).strftime("%H:%M") in slots
        assert move.to >= hold.end
    posts.sort(key=lambda p: (p.publish_at.astimezone(timezone.utc), p.id))  # the rules read them in time order
    # others in the hold are time-sensitive (held, not counted): the moved posts added no problem
    assert time_problems() == before
    assert len(result.moves) + len(result.decisions) == displaced


def test_a_slot_listed_twice_is_reported_where_it_repeats(root):
    set_slots(root, '["09:00", "12:30", "09:00"]', channel="instagram")
    handbook = load_handbook(root)
    [problem] = [p for p in handbook.problems if p.path == "calendar/channels.yml"]
    assert problem.rule == "schema.value" and "listed twice" in problem.message
    assert handbook.channels["instagram"].slots == (time(9), time(12, 30))
