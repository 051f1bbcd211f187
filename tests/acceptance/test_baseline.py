"""`playbook validate --baseline FILE`: warnings that stay the same from run to run are acknowledged once, so
new ones stand out; errors are never hidden. Run on a copy of the example handbook, whose warnings on
1 December 2026 (six of them then) are the ones a new team member saw on every run."""

from __future__ import annotations

import json

import pytest
from test_cli import run

DAY_ONE, DAY_TWO = "2026-12-01T14:00Z", "2026-12-02T14:00Z"


def test_acknowledged_warnings_are_hidden_and_new_ones_stand_out(example):
    before = run("validate", "--now", DAY_ONE, "--strict", "--format", "json", cwd=example)
    warnings = json.loads(before.stdout)
    assert before.returncode == 1 and {p["severity"] for p in warnings} == {"warning"}
    assert {"time.missed", "review.overdue"} <= {p["rule"] for p in warnings}
    wrote = run("validate", "--now", DAY_ONE, "--baseline", "baseline.json", "--update-baseline", cwd=example)
    assert f"baseline.json: {len(warnings)} warning(s) acknowledged" in wrote.stderr
    data = json.loads((example / "baseline.json").read_text())
    assert data["version"] == 1 and {e["rule"] for e in data["acknowledged"]} == {p["rule"] for p in warnings}

    same = run("validate", "--now", DAY_ONE, "--baseline", "baseline.json", "--strict", cwd=example)
    assert (same.returncode, same.stdout) == (0, "no problems found\n")
    assert f"{len(warnings)} acknowledged warning(s) hidden (baseline.json)" in same.stderr

    # a day later the messages changed ("passed 1d ago" -> "2d ago") but stay acknowledged; one post is new
    later = run("validate", "--now", DAY_TWO, "--baseline", "baseline.json", "--strict", "--format", "json",
                cwd=example)
    assert later.returncode == 1
    assert [(p["path"], p["rule"]) for p in json.loads(later.stdout)] == \
        [("content/posts/holiday-drive/twelve-days-giveaway.md", "time.missed")]


def test_errors_are_never_acknowledged_and_fixed_warnings_are_noticed(example):
    run("validate", "--now", DAY_ONE, "--baseline", "b.json", "--update-baseline", cwd=example)
    post = example / "content/posts/holiday-drive/black-friday.md"
    post.write_text(post.read_text().replace("status: approved", "status: published"), encoding="utf-8")
    chapter = example / "policies/crisis-protocol.md"
    chapter.write_text(chapter.read_text().replace("title: Crisis protocol", "title: Crisis protocol\ntitel: x"))
    result = run("validate", "--now", DAY_ONE, "--baseline", "b.json", cwd=example)
    assert result.returncode == 1 and "unknown key 'titel'" in result.stdout
    assert "1 acknowledged warning(s) no longer occur; drop them with --update-baseline" in result.stderr


@pytest.mark.parametrize("args, message", [
    (["--baseline", "none.json"], "no such baseline file; create it with"),
    (["--update-baseline"], "--update-baseline needs --baseline FILE"),
    (["--baseline", "b.json", "--update-baseline", "content"], "neither PATHS"),
])
def test_baseline_usage_errors(example, args, message):
    result = run("validate", "--now", DAY_ONE, *args, cwd=example)
    assert result.returncode == 2 and message in result.stderr
    assert "Traceback" not in result.stderr


def test_a_baseline_that_is_not_one_is_a_usage_error(example):
    (example / "b.json").write_text('{"version": 1, "acknowledged": [{"path": "x", "rule": "y", "count": 0}]}')
    result = run("validate", "--baseline", "b.json", cwd=example)
    assert result.returncode == 2 and "needs path, rule and a count above 0" in result.stderr
