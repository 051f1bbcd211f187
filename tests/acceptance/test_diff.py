"""`playbook diff`: what a pull request does to the schedule, read from git without touching the working tree."""

import json
import shutil
import subprocess
import sys

import pytest
from gitrepo import example_repository, git

POSTS = "content/posts/holiday-drive"
def playbook(root, *args):
    return subprocess.run([sys.executable, "-m", "playbook", *args], cwd=root, capture_output=True, text=True,
                          timeout=120)


def edit(path, old, new):
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


@pytest.fixture
def pull_request(tmp_path):
    """The example on main, and a branch that moves one post, adds one and removes one."""
    root = example_repository(tmp_path / "hb")
    git(root, "switch", "-qc", "pr")
    edit(root / POSTS / "gift-guide.md", "publish_at: 2026-12-02 10:30", "publish_at: 2026-12-03 10:30")
    shutil.copyfile(root / POSTS / "shipping-cutoff.md", root / POSTS / "last-call.md")
    edit(root / POSTS / "last-call.md", "publish_at: 2026-12-14 10:00", "publish_at: 2026-12-25 10:00")
    git(root, "rm", "-q", f"{POSTS}/store-hours.md")
    return root


def test_move_add_remove_named_with_before_and_after(pull_request):
    result = playbook(pull_request, "diff", "--format", "json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["head"] == "working tree"
    changes = {(c["id"], c["change"]): c for c in report["changes"]}
    moved = changes[("holiday-drive/gift-guide", "moved")]
    assert (moved["before"], moved["after"]) == ("Wed 2026-12-02 10:30 (America/New_York)",
                                                 "Thu 2026-12-03 10:30 (America/New_York)")
    assert "hold" in moved["note"]  # the new time falls in the recall hold
    added = changes[("holiday-drive/last-call", "added")]
    assert added["before"] is None and added["after"].startswith("Fri 2026-12-25 10:00")
    assert "quiet period" in added["note"]
    removed = changes[("holiday-drive/store-hours", "removed")]
    assert removed["before"].startswith("Sun 2026-12-20 10:00") and removed["after"] is None
    # Moving voids the gift guide's approvals; the new post needs its own, each with a due time.
    assert ("holiday-drive/gift-guide", "approval-stale") in changes
    missing = [c for c in report["changes"] if c["change"] == "approval-missing" and c["id"].endswith("last-call")]
    assert missing and all(c["note"].startswith("due ") for c in missing)
    # Nothing else: untouched posts are not listed.
    assert {c["id"] for c in report["changes"] if c["kind"] == "post"} == {
        "holiday-drive/gift-guide", "holiday-drive/last-call", "holiday-drive/store-hours"}


def test_stale_approval_says_what_changed(pull_request):
    """A move voids approvals because the time moved, not the copy: the note says so, as validate does."""
    report = json.loads(playbook(pull_request, "diff", "--format", "json").stdout)
    stale = [c for c in report["changes"] if c["change"] == "approval-stale" and c["id"] == "holiday-drive/gift-guide"]
    assert stale and all(c["note"] == "stale: publish_at moved" for c in stale)


def test_committed_branch_against_main_and_the_working_tree_untouched(pull_request):
    git(pull_request, "add", "-A")
    git(pull_request, "commit", "-qm", "schedule")
    status = git(pull_request, "status", "--porcelain")
    text = playbook(pull_request, "diff", "main", "HEAD")
    assert text.returncode == 0, text.stderr
    first = text.stdout.splitlines()[0]
    assert first.startswith("schedule changes from ") and "1 moved, 1 removed, 1 added" in first
    assert "moved             post holiday-drive/gift-guide: Wed 2026-12-02 10:30 (America/New_York) -> " \
           "Thu 2026-12-03 10:30 (America/New_York)" in text.stdout
    assert git(pull_request, "status", "--porcelain") == status
    assert not list(pull_request.glob("playbook-diff-*")) and not list(pull_request.glob(".git/playbook-diff-*"))


def test_markdown_links_to_the_handbook(pull_request):
    result = playbook(pull_request, "diff", "--format", "markdown")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("### Schedule changes from `")
    assert "| Change | Item | Before | After | Note |" in lines
    moved = next(line for line in lines if line.startswith("| moved |"))
    assert "(https://social.stride.example/campaigns/holiday-drive/#holiday-drive--gift-guide)" in moved
    # The removed post has no page to link to any more.
    removed = next(line for line in lines if line.startswith("| removed |"))
    assert "](" not in removed


def test_hold_added_names_the_posts_it_pauses(pull_request):
    git(pull_request, "add", "-A")
    git(pull_request, "commit", "-qm", "schedule")
    quiet = pull_request / "calendar/quiet.yml"
    quiet.write_text(quiet.read_text() + "\n  - start: 2026-12-09 00:00\n    end: 2026-12-10 00:00\n"
                     "    channels: all\n    kind: hold\n    reason: Stocktake | <b>not markup</b>\n")
    result = playbook(pull_request, "diff", "HEAD", "--format", "json")
    assert result.returncode == 0, result.stderr + result.stdout
    holds = [c for c in json.loads(result.stdout)["changes"] if c["kind"] == "hold" and c["change"] == "added"]
    assert len(holds) == 1 and "holiday-drive/gift-guide-tiktok" in holds[0]["note"], holds
    markdown = playbook(pull_request, "diff", "HEAD", "--format", "markdown").stdout
    assert "<b>" not in markdown and "\\<b\\>" in markdown and "Stocktake \\|" in markdown


def test_unknown_revision_is_one_line(pull_request):
    result = playbook(pull_request, "diff", "no-such-ref")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1


def test_conflicts_the_change_causes_are_listed_on_the_posts_it_adds_or_moves(pull_request):
    # a second post on X and Facebook ten minutes after the shipping cut-off: inside both channels' gaps
    shutil.copyfile(pull_request / POSTS / "shipping-cutoff.md", pull_request / POSTS / "cutoff-reminder.md")
    edit(pull_request / POSTS / "cutoff-reminder.md", "publish_at: 2026-12-14 10:00", "publish_at: 2026-12-14 10:10")
    report = json.loads(playbook(pull_request, "diff", "--format", "json").stdout)
    conflicts = {(c["id"], c["after"]) for c in report["changes"] if c["change"] == "conflict"}
    assert ("holiday-drive/last-call", "time.quiet-period") in conflicts  # Dec 25 is a quiet day
    assert ("holiday-drive/cutoff-reminder", "time.channel-gap") in conflicts
    assert not {ident for ident, _ in conflicts} - {"holiday-drive/last-call", "holiday-drive/cutoff-reminder"}
    text = playbook(pull_request, "diff").stdout
    assert "conflicts" in text.splitlines()[0] or "conflict" in text
