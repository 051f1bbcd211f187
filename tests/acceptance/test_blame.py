"""Blame the right post: a conflict lands on the post a change adds or moves, never on an approved bystander."""

import subprocess
import sys
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner
from gitrepo import example_repository, git

from playbook.new import new_command

TODAY = datetime(2026, 11, 23, 12, 0, tzinfo=ZoneInfo("America/New_York"))
GIFT_GUIDE = "content/posts/holiday-drive/gift-guide.md"  # approved, instagram + facebook, 2026-12-02 10:30
NEW = "content/posts/holiday-drive/early-bird.md"


@pytest.fixture
def example(tmp_path, monkeypatch):
    """The example handbook as a committed git repository, run from inside it."""
    root = example_repository(tmp_path / "hb")
    monkeypatch.chdir(root)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(TODAY.timestamp())))
    return root


def validate(root, *args):
    return subprocess.run([sys.executable, "-m", "playbook", "validate", *args, "--now", TODAY.isoformat()],
                          cwd=root, capture_output=True, text=True, timeout=120)


def new_draft_before_gift_guide():
    return CliRunner().invoke(new_command, [
        "post", "holiday-drive", "early-bird", "--title", "Early bird", "--channel", "instagram",
        "--at", "2026-12-02 09:00", "--author", "dev-raman", "--media", "holiday-drive/gift-guide-1.png",
        "--alt", "A gift guide cover", "--copy", "Early bird: the gift guide lands at 10:30."])


def test_new_conflicting_draft_carries_its_own_error(example):
    result = new_draft_before_gift_guide()
    assert f"created {NEW}" in result.output
    assert f"{NEW}:4:13: error: only 1h30m before holiday-drive/gift-guide on Instagram" in result.output
    assert "[time.channel-gap]" in result.output and GIFT_GUIDE not in result.output.split("\n", 1)[0]
    assert result.exit_code == 1
    # The approved post is left alone; validating only it still shows the conflict it is part of.
    whole = validate(example)
    assert f"{NEW}:4:13" in whole.stdout and f"{GIFT_GUIDE}:" not in whole.stdout
    about = validate(example, GIFT_GUIDE)
    assert about.returncode == 1 and f"{NEW}:4:13" in about.stdout and "[time.channel-gap]" in about.stdout


def test_once_committed_the_unapproved_post_is_still_blamed(example):
    new_draft_before_gift_guide()
    git(example, "add", "-A")
    git(example, "commit", "-q", "-m", "draft")
    result = validate(example, "--format", "json")
    assert f'"path": "{NEW}"' in result.stdout and f'"path": "{GIFT_GUIDE}"' not in result.stdout


def test_moving_an_approved_post_blames_the_moved_one(example):
    """A change that moves an approved post next to an unapproved one: the moved post carries it."""
    new_draft_before_gift_guide()
    (example / NEW).write_text((example / NEW).read_text().replace("2026-12-02 09:00", "2026-12-05 09:00"))
    git(example, "add", "-A")
    git(example, "commit", "-q", "-m", "draft on the 5th")
    git(example, "switch", "-q", "-c", "move")
    path = example / GIFT_GUIDE
    path.write_text(path.read_text().replace("publish_at: 2026-12-02 10:30", "publish_at: 2026-12-05 10:30"))
    git(example, "commit", "-qam", "move the gift guide")
    result = validate(example, "--base", "main", "--format", "json")
    gaps = [line for line in result.stdout.splitlines() if '"path"' in line]
    assert any(GIFT_GUIDE in line for line in gaps), result.stdout
    assert not any(NEW in line for line in gaps), result.stdout


def test_unknown_base_is_a_usage_error(example):
    result = validate(example, "--base", "no-such-branch")
    assert result.returncode == 2 and "--base" in result.stderr and "Traceback" not in result.stderr
