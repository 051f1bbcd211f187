"""'Now' for a site build: SOURCE_DATE_EPOCH, else the last commit's time, else the clock."""

from datetime import datetime, timezone

from gitrepo import git

from playbook.validate import build_now

COMMITTED = "2027-02-03T04:05:06+00:00"


def test_the_last_commit_dates_a_build_and_source_date_epoch_overrides_it(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    git(tmp_path, "init", "-q")
    git(tmp_path, "commit", "-q", "--allow-empty", "-m", "x",
        env={"GIT_COMMITTER_DATE": COMMITTED, "GIT_AUTHOR_DATE": COMMITTED})
    assert build_now(tmp_path) == datetime.fromisoformat(COMMITTED)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "86400")
    assert build_now(tmp_path) == datetime(1970, 1, 2, tzinfo=timezone.utc)


def test_outside_git_a_build_uses_the_clock(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    before = datetime.now(timezone.utc)
    assert before <= build_now(tmp_path) <= datetime.now(timezone.utc)
