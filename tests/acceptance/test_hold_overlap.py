"""Two holds over the same posts, as a community manager's Saturday-night trial met them: an open-ended hold
on every channel from 1 December on top of the example's pacer3-sole-review (Instagram and TikTok, 3 to 6
December). Every view counts a hold's posts the same way (every post it covers, even one the other hold
covers too), and reschedule names the open hold as what keeps a post from moving."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone

import pytest
from click.testing import CliRunner
from gitrepo import example_repository

from playbook import reschedule as rs
from playbook.cli import cli
from playbook.load import load_handbook
from playbook.site import banner
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
