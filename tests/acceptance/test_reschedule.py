"""playbook reschedule on a copy of the example handbook, as a community manager runs it after a hold:
proposal, --apply (only publish_at lines change), validate afterwards, JSON, exit codes."""

import json

import pytest
from click.testing import CliRunner
from gitrepo import example_repository, git

from playbook.cli import cli
from playbook.timeparse import parse_datetime
from playbook.validate import validate
from playbook.yamledit import EditError, replace_scalar

NOW = "2026-12-01T12:00:00-05:00"
LACING = "content/posts/holiday-drive/winter-lacing.md"
FROSTLINE = "content/posts/holiday-drive/frostline-drop.md"


@pytest.fixture
def example(tmp_path):
    return example_repository(tmp_path / "hb")


def run(root, *args):
    return CliRunner().invoke(cli, ["reschedule", "--root", str(root), "--now", NOW, *args])


def problems(root):
    return {(p.path, p.rule) for p in validate(root, parse_datetime(NOW, None)).problems}


def test_the_example_hold_gets_a_proposal_and_a_decision(example):
    result = run(example, "--hold", "pacer3-sole-review")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Three lacing tricks for winter runs (content/posts/holiday-drive/winter-lacing.md), Instagram" in out
    assert "from Sat 5 Dec 2026, 11:00 EST\n    to   Sun 6 Dec 2026, 09:00 EST" in out  # instagram's first slot
    assert "ask Owen Blake (Brand) to approve again" in out and "ask Maya Okafor (Social lead) to approve again" in out
    decision = out[out.index("Needs a decision"):]
    assert FROSTLINE in decision and "time-sensitive" in decision
    assert "Nothing written" in out
    assert git(example, "status", "--porcelain") == ""


def test_apply_rewrites_only_publish_at_and_validate_finds_no_new_time_problem(example):
    before = problems(example)
    result = run(example, "--hold", "pacer3-sole-review", "--apply")
    assert result.exit_code == 0, result.output
    assert "(written: publish_at: 2026-12-06 09:00)" in result.output
    assert git(example, "status", "--porcelain") == f"M {LACING}"
    changed = [line for line in git(example, "diff", "--unified=0").splitlines()
               if line.startswith(("+", "-")) and not line.startswith(("+++", "---"))]
    assert changed == ["-publish_at: 2026-12-05 11:00", "+publish_at: 2026-12-06 09:00"]
    after = problems(example)
    assert not [rule for path, rule in after if path == LACING and rule.startswith("time.")]
    assert after == before  # the voided approvals are pending again (the report asks for them), not problems
    again = run(example, "--hold", "pacer3-sole-review")  # the moved post is no longer displaced
    assert "Move" not in again.output and FROSTLINE in again.output


def test_json_names_moves_decisions_and_who_approves_again(example):
    result = run(example, "--hold", "pacer3-sole-review", "--format", "json")
    assert result.exit_code == 0
    document = json.loads(result.output)
    assert set(document) == {"now", "applied", "windows", "moves", "decisions"}
    assert document["applied"] is False and [w["id"] for w in document["windows"]] == ["pacer3-sole-review"]
    (move,) = document["moves"]
    assert (move["path"], move["publish_at"], move["to"], move["written"]) == (
        LACING, "2026-12-05T11:00-05:00", "2026-12-06T09:00-05:00", None)
    assert {(step["roles"][0], tuple(step["again"])) for step in move["reapprove"]} == {
        ("social-lead", ("maya-okafor",)), ("brand", ("owen-blake",))}
    (decision,) = document["decisions"]
    assert (decision["path"], decision["reason"], decision["evergreen"]) == (FROSTLINE, "time-sensitive", False)


def test_without_hold_every_window_from_now_on(example):
    result = run(example, "--format", "json")
    document = json.loads(result.output)
    assert "quiet-2026-09-11" not in [w["id"] for w in document["windows"]]  # over before now
    assert [m["path"] for m in document["moves"]] == [LACING]


def test_unknown_hold_is_exit_2_with_did_you_mean(example):
    result = run(example, "--hold", "pacer3-sole")
    assert result.exit_code == 2
    assert "no hold or quiet period 'pacer3-sole'" in result.output and "pacer3-sole-review" in result.output


def test_nothing_displaced_says_so_and_exits_0(example):
    result = run(example, "--hold", "quiet-2026-12-25")
    assert result.exit_code == 0
    assert "displaces no post that is still to go out. Nothing to reschedule." in result.output


@pytest.mark.parametrize("line, expected", [
    ('publish_at: "2026-12-05 11:00"   # after the sale\n', 'publish_at: "2026-12-06 09:00"   # after the sale\n'),
    ("publish_at: '2026-12-05T11:00:00-05:00'\n", "publish_at: '2026-12-06T09:00:00-05:00'\n"),
    ("publish_at:    2026-12-05T16:00Z # UTC\n", "publish_at:    2026-12-06T14:00Z # UTC\n"),
])
def test_apply_keeps_quotes_comments_and_style(example, line, expected):
    path = example / LACING
    original = path.read_bytes().replace(b"publish_at: 2026-12-05 11:00\n", line.encode())
    path.write_bytes(original.replace(b"\n", b"\r\n"))
    assert run(example, "--hold", "pacer3-sole-review", "--apply").exit_code == 0
    assert path.read_bytes() == original.replace(line.encode(), expected.encode()).replace(b"\n", b"\r\n")


def test_replace_scalar_refuses_a_value_it_cannot_rewrite_in_place(tmp_path):
    path = tmp_path / "post.md"
    path.write_text("---\ntitle: x\npublish_at: >-\n  2026-12-05 11:00\n---\nbody\n")
    before = path.read_bytes()
    with pytest.raises(EditError):
        replace_scalar(path, "publish_at", lambda old: "2026-12-06 09:00", "publish_at")
    assert path.read_bytes() == before


def test_an_open_ended_hold_asks_to_be_ended_before_anything_moves(example):
    quiet = example / "calendar/quiet.yml"
    quiet.write_text(quiet.read_text().replace("    end: 2026-12-06 00:00     # exclusive\n", "", 1))
    result = run(example, "--hold", "pacer3-sole-review", "--format", "json")
    assert result.exit_code == 0, result.output
    plan = json.loads(result.output)
    assert plan["moves"] == [] and plan["windows"][0]["end"] is None
    reasons = {d["path"].rsplit("/", 1)[-1]: d["reason"] for d in plan["decisions"]}  # it holds all that follows
    assert reasons["winter-lacing.md"] == "hold-open" and reasons["frostline-drop.md"] == "time-sensitive"
    text = run(example, "--hold", "pacer3-sole-review").output
    assert "until lifted" in text and "playbook hold end pacer3-sole-review" in text


def test_apply_sets_an_approved_post_back_to_in_review(example):
    post = example / LACING
    post.write_text(post.read_text().replace("status: in-review", "status: approved"))
    git(example, "commit", "-qam", "approved")
    result = run(example, "--hold", "pacer3-sole-review", "--apply")
    assert result.exit_code == 0, result.output
    assert "status set back from approved to in-review" in result.output
    assert "status: in-review" in post.read_text()
    assert not [rule for path, rule in problems(example) if path == LACING and rule.startswith("approval.")]


def test_apply_writes_nothing_when_one_post_cannot_be_rewritten_in_place(example):
    frostline = example / "content/posts/holiday-drive/frostline-drop.md"
    frostline.write_text(frostline.read_text().replace("status: held", "status: held\nevergreen: true", 1))
    lacing = example / LACING
    lacing.write_text(lacing.read_text().replace("publish_at: 2026-12-05 11:00", "publish_at: |-\n  2026-12-05 11:00"))
    git(example, "commit", "-qam", "two evergreen posts, one time written as a block")
    result = run(example, "--hold", "pacer3-sole-review", "--apply")
    assert result.exit_code == 1
    assert "nothing written" in result.output and f"{LACING}: " in result.output
    assert "winter-lacing.md: winter-lacing.md" not in result.output
    assert git(example, "status", "--porcelain") == ""
