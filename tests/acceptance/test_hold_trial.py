"""Two holds over the same posts, as a community manager's Saturday-night trial met them: an open-ended hold
on every channel from 1 December on top of the example's pacer3-sole-review (Instagram and TikTok, 3 to 6
December). Every view counts a hold's posts the same way (every post it covers, even one the other hold
covers too), and reschedule names the open hold as what keeps a post from moving."""

from __future__ import annotations

import html
import json
import re
from datetime import datetime, timedelta, timezone

import pytest
from click.testing import CliRunner
from gitrepo import example_repository, git
from paths import REPO

from playbook import reschedule as rs
from playbook.cli import cli
from playbook.load import load_handbook
from playbook.site import banner, widgets
from playbook.site.context import Context

NOW = datetime(2026, 12, 5, 22, 0, tzinfo=timezone(timedelta(hours=-5)))  # Saturday night in New York
BOTH = {"holiday-drive/frostline-drop", "holiday-drive/winter-lacing"}  # instagram/tiktok posts 3-6 Dec


def run(root, *args: str):
    return CliRunner().invoke(cli, [*args, "--root", str(root)])


@pytest.fixture
def overlapping(tmp_path):
    root = example_repository(tmp_path / "hb")
    result = run(root, "hold", "start", "--reason", "Depot fire: everything paused", "--by", "maya-okafor",
                 "--start", "2026-12-01 09:00")
    assert result.exit_code == 0, result.output
    return root


def test_every_view_counts_the_posts_a_hold_covers_even_those_another_hold_covers(overlapping):
    handbook = load_handbook(overlapping)
    open_hold = next(w for w in handbook.quiet if w.id == "hold-2026-12-01")
    pacer3 = next(w for w in handbook.quiet if w.id == "pacer3-sole-review")
    held_open = {p.id for p in handbook.held_by(open_hold)}
    assert {p.id for p in handbook.held_by(pacer3)} == BOTH and BOTH <= held_open

    listed = json.loads(run(overlapping, "hold", "list", "--format", "json", "--now", NOW.isoformat()).output)
    assert {h["id"]: {p["post"] for p in h["holds"]} for h in listed} == \
        {"hold-2026-12-01": held_open, "pacer3-sole-review": BOTH}

    plan = rs.plan(handbook, NOW, "hold-2026-12-01")
    assert {x.post.id for x in [*plan.moves, *plan.decisions]} == \
        {p.id for p in handbook.held_by(open_hold) if p.status.needs_approvals}

    ctx = Context(handbook, NOW)
    assert {p.id for p in ctx.held_ahead()} == held_open  # the report's held posts: missed ones too
    # one bar item per hold in force, by start: the open hold, then pacer3
    assert re.findall(r">(\d+) posts? held</a>", banner.announcement(ctx, "")) == [str(len(held_open)), "2"]
    lead = banner.lead(ctx, "")
    for post_id in BOTH:  # listed under both holds on the home page
        assert lead.count(handbook_title(handbook, post_id)) == 2


def handbook_title(handbook, post_id: str) -> str:
    return next(p.title for p in handbook.posts if p.id == post_id)


def test_reschedule_names_the_other_open_hold_as_what_keeps_an_evergreen_post(overlapping):
    result = run(overlapping, "reschedule", "--hold", "pacer3-sole-review", "--now", NOW.isoformat())
    assert result.exit_code == 0, result.output
    lacing = result.output[result.output.index("Three lacing tricks"):]
    assert "it is also held by hold-2026-12-01, which has no end yet: end it first " \
           "(playbook hold end hold-2026-12-01 --by PERSON)" in lacing
    assert "no free slot" not in result.output

    ended = run(overlapping, "hold", "end", "hold-2026-12-01", "--by", "maya-okafor", "--at", "2026-12-06 08:00")
    assert ended.exit_code == 0, ended.output
    again = run(overlapping, "reschedule", "--hold", "pacer3-sole-review", "--now", NOW.isoformat())
    assert "Move 1 evergreen post(s)" in again.output and "hold-2026-12-01" not in again.output


def test_a_refusal_says_how_to_reach_who_may_and_who_is_on_now(tmp_path):
    root = example_repository(tmp_path / "hb")
    before = (root / "calendar/quiet.yml").read_bytes()
    # Saturday 16:00 in New York: Hana on her weekend shift, Renée on call around the clock, Maya off
    result = run(root, "hold", "start", "--reason", "x", "--by", "lucia-ferreira", "--now", "2026-12-05T16:00:00-05:00")
    assert result.exit_code == 2 and (root / "calendar/quiet.yml").read_bytes() == before
    assert ("ask Hana Sato, on shift now (+1 718 555 0102); Renée Marchand, on call now (+1 212 555 0108; Signal on "
            "the same number, or #crisis in the team chat); Maya Okafor (+1 718 555 0101)") in result.output


def test_start_and_end_take_now_from_the_option_or_source_date_epoch_and_end_says_what_comes_next(tmp_path,
                                                                                                  monkeypatch):
    root = example_repository(tmp_path / "hb")
    saturday = datetime(2026, 12, 5, 21, 14, 30, tzinfo=timezone(timedelta(hours=-5)))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(saturday.timestamp())))
    started = run(root, "hold", "start", "--reason", "Depot fire", "--by", "hana-sato")
    assert started.exit_code == 0, started.output
    hold = next(w for w in load_handbook(root).quiet if w.id == "hold-2026-12-05")
    assert hold.start == saturday.replace(second=0)
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    ended = run(root, "hold", "end", "hold-2026-12-05", "--by", "hana-sato", "--now", "2026-12-05T23:40:00-05:00")
    assert ended.exit_code == 0, ended.output
    assert next(w for w in load_handbook(root).quiet if w.id == "hold-2026-12-05").end == \
        datetime(2026, 12, 5, 23, 40, tzinfo=timezone(timedelta(hours=-5)))
    assert ended.output.splitlines()[-1] == ("next: commit and push calendar/quiet.yml; move what it displaced with: "
                                             "playbook reschedule --hold hold-2026-12-05")


def test_the_bar_names_people_as_tap_to_call_links_who_is_on_now_first(overlapping):
    ctx = Context(load_handbook(overlapping), NOW)  # Saturday 22:00: Renée on call, nobody on shift
    bar = banner.announcement(ctx, "")
    asks = re.findall(r"Ask: (.*?)\. <a class=\"pb-hold-link\"", bar)
    assert len(asks) == 2
    # the open hold: Maya started it, then Renée (on call now), then Hana
    assert re.findall(r'href="(tel:[^"]+)"[^>]*>([^<]+)</a>', asks[0]) == [
        ("tel:+17185550101", "Maya Okafor"), ("tel:+12125550108", "Renée Marchand"), ("tel:+17185550102", "Hana Sato")]
    assert "Renée Marchand</a> <span class=\"pb-duty\">(on call now)</span>" in asks[0]
    assert 'title="Signal on the same number, or #crisis in the team chat"' in asks[0]


def test_windows_are_listed_in_force_first_then_by_start_each_until_its_exclusive_end(overlapping):
    root = overlapping
    coming = run(root, "hold", "start", "--reason", "Store opening", "--by", "maya-okafor", "--start",
                 "2026-12-07 09:00", "--until", "2026-12-08 09:00", "--id", "store-opening")
    assert coming.exit_code == 0, coming.output
    handbook = load_handbook(root)
    ctx = Context(handbook, NOW)
    december = [w for w in handbook.quiet if w.start.month == 12]
    listed = widgets.windows_list(ctx, december)
    text = html.unescape(re.sub(r"<[^>]+>", "", listed))
    assert [item.split("<br>")[1][:10] for item in listed.split("<li")[1:]] == \
        ["Depot fire", "Quality is", "Store open", "Company ho"]  # in force (by start), then coming (by start)
    assert "since Thu 3 Dec 2026, 09:00 EST, until Sun 6 Dec 2026, 00:00 EST on" in text
    assert "from Mon 7 Dec 2026, 09:00 EST, until Tue 8 Dec 2026, 09:00 EST" in text and "23:59" not in text
    assert "since Tue 1 Dec 2026, 09:00 EST, until lifted on all channels" in text
    assert [v["id"] for v in json.loads(run(root, "hold", "list", "--format", "json", "--now",
                                            NOW.isoformat()).output)] == \
        ["hold-2026-12-01", "pacer3-sole-review", "store-opening"]


def test_the_guides_walkthrough_tells_the_story_of_the_examples_hold():
    guide = (REPO / "docs/guide/always-on.md").read_text(encoding="utf-8")
    example = {w.id: w for w in load_handbook(REPO).quiet}
    named = set(re.findall(r"playbook (?:hold end|reschedule --hold) ([a-z0-9-]+)", guide))
    named |= set(re.findall(r"hold start [^`]*?--id ([a-z0-9-]+)", guide))
    assert named == {"pacer3-sole-review"}
    assert f"--by {example['pacer3-sole-review'].started_by}" in guide


def test_diff_names_a_hold_by_its_id_and_the_start_of_its_reason(tmp_path):
    root = example_repository(tmp_path / "hb")
    lacing = root / "content/posts/holiday-drive/winter-lacing.md"
    lacing.write_text(lacing.read_text(encoding="utf-8").replace("publish_at: 2026-12-05 11:00",
                                                                 "publish_at: 2026-12-06 09:00"), encoding="utf-8")
    git(root, "commit", "-qam", "move")
    out = run(root, "diff", "HEAD~1", "HEAD").output
    assert "out of hold pacer3-sole-review (Quality is investigating reports of sole…)" in out, out
