"""playbook acknowledge: one appended entry and nothing else changed; who is asked; verified against real git
history and ssh-keygen keys like approvals; policy.unacknowledged for the people on the rota."""

import os
import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner
from golden_corpus import NOW, build_case
from test_approve import front_data, inserted
from test_verify import EARLY, RULES, git, team

from playbook.acknowledge import acknowledge
from playbook.cli import acknowledge_command
from playbook.validate import validate

CHAPTER = "policies/everyone.md"
ROTA = """\
coverage:
  all: {days: mon-sun, from: "09:00", to: "17:00"}
shifts:
  - {person: ben-writer, channels: all, days: mon-sun, from: "09:00", to: "17:00"}
"""


def chapter(ask: str = "acknowledge: [practitioners]   # everyone in team.yml\n", entries: str = "",
            version: str = "1.4") -> str:
    return (f'---\ntitle: Social media policy\naudience: everyone\nowner: ana-lead\nversion: "{version}"\n'
            f"effective: 2026-01-01\nreview_by: 2099-01-01\n{ask}{entries}---\nBe kind.\n")


@pytest.fixture
def root(tmp_path):
    root = build_case(None, tmp_path / "hb")
    (root / CHAPTER).write_text(chapter())
    (root / "calendar/rota.yml").write_text(ROTA)
    return root


def run(root, *args):
    return CliRunner().invoke(acknowledge_command, [str(root / CHAPTER), *args])


def problems(root, rule):
    return [(p.line, p.message) for p in validate(root, NOW).problems if p.rule == rule]


# -- the command ----------------------------------------------------------------------


def test_appends_one_entry_for_the_current_version_and_changes_nothing_else(root):
    before = (root / CHAPTER).read_bytes()
    result = run(root, "--by", "ben-writer", "--at", "2027-03-01T09:00+01:00")
    assert result.exit_code == 0, result.output
    assert result.output == ("recorded: ben-writer acknowledged version 1.4 of policies/everyone.md at "
                             "2027-03-01T09:00:00+01:00\n")
    added = inserted(before, (root / CHAPTER).read_bytes()).decode()
    assert added == ('acknowledgements:\n  - by: ben-writer\n    version: "1.4"\n    at: 2027-03-01T09:00:00+01:00\n')
    assert front_data((root / CHAPTER).read_text())["acknowledgements"] == [
        {"by": "ben-writer", "version": "1.4", "at": "2027-03-01T09:00:00+01:00"}]
    assert problems(root, "policy.unacknowledged") == []


@pytest.mark.parametrize("entries", [
    'acknowledgements:\n  - {by: ana-lead, version: "1.4", at: 2027-01-01T09:00+01:00}   # the owner too\n'
    "# who has read it\n",
    'acknowledgements: [{by: ana-lead, version: "1.4", at: 2027-01-01T09:00+01:00} ]\n',
])
def test_the_entry_follows_the_lists_style(root, entries):
    (root / CHAPTER).write_bytes(chapter(entries=entries).replace("\n", "\r\n").encode())
    before = (root / CHAPTER).read_bytes()
    acknowledge(root, root / CHAPTER, "ben-writer", "2027-03-01T09:00+01:00")
    added = inserted(before, (root / CHAPTER).read_bytes())
    assert b'by: ben-writer' in added and b'"1.4"' in added
    assert b"\n" not in added.replace(b"\r\n", b"")  # the file's CRLF line ends are kept
    data = front_data((root / CHAPTER).read_text())
    assert [a["by"] for a in data["acknowledgements"]] == ["ana-lead", "ben-writer"]


def test_an_older_version_stays_as_history_and_the_current_one_is_appended(root):
    (root / CHAPTER).write_text(chapter(entries='acknowledgements:\n  - {by: ben-writer, version: "1.3", '
                                        'at: 2026-05-02T09:00+02:00}\n'))
    assert problems(root, "policy.unacknowledged") == [
        (8, "version 1.4 is not yet acknowledged by 1 person on the rota: ben-writer (acknowledged 1.3; "
            "current is 1.4)")]
    assert run(root, "--by", "ben-writer").exit_code == 0
    versions = [a["version"] for a in front_data((root / CHAPTER).read_text())["acknowledgements"]]
    assert versions == ["1.3", "1.4"]
    assert problems(root, "policy.unacknowledged") == []
    again = run(root, "--by", "ben-writer")  # nothing to do: said, not written
    assert again.exit_code == 0 and "has already acknowledged version 1.4" in again.output
    assert [a["version"] for a in front_data((root / CHAPTER).read_text())["acknowledgements"]] == ["1.3", "1.4"]


def test_refusals_write_nothing(root):
    before = (root / CHAPTER).read_bytes()
    unknown = run(root, "--by", "ben-writr")
    assert unknown.exit_code == 2 and "unknown person 'ben-writr'" in unknown.output and "ben-writer" in unknown.output
    (root / CHAPTER).write_text(chapter(ask="acknowledge: [legal]\n"))
    before = (root / CHAPTER).read_bytes()
    not_asked = run(root, "--by", "ben-writer")
    assert not_asked.exit_code == 2
    assert "does not ask ben-writer to acknowledge it; it asks Legal: lena-legal" in not_asked.output
    (root / CHAPTER).write_text(chapter(ask=""))
    before = (root / CHAPTER).read_bytes()
    nobody = run(root, "--by", "ben-writer")
    assert nobody.exit_code == 2 and "asks nobody to acknowledge it" in nobody.output
    assert (root / CHAPTER).read_bytes() == before
    post = CliRunner().invoke(acknowledge_command, [str(root / "content/posts/spring-launch/launch-day.md"),
                                                    "--by", "ben-writer"])
    assert post.exit_code == 2 and "is not a policy chapter" in post.output


def test_a_chapter_with_front_matter_problems_is_refused_with_the_problem(root):
    (root / CHAPTER).write_text(chapter(ask="acknowledge: 5\n"))
    result = run(root, "--by", "ben-writer")
    assert result.exit_code == 1
    assert "policies/everyone.md:8:14" in result.output and "schema.type" in result.output


def test_a_role_asks_its_holders_and_the_rota_decides_who_is_warned(root):
    (root / CHAPTER).write_text(chapter(ask="acknowledge: [editor, legal]\n"))
    # ben-writer (editor) is on the rota: warned; lena-legal is asked but not on the rota: not warned
    [(line, message)] = problems(root, "policy.unacknowledged")
    assert (line, message) == (8, "version 1.4 is not yet acknowledged by 1 person on the rota: ben-writer")
    (root / "calendar/rota.yml").unlink()  # without a rota nobody is warned
    assert problems(root, "policy.unacknowledged") == []


def test_unknown_roles_and_people_are_references(root):
    (root / CHAPTER).write_text(chapter(ask="acknowledge: [editors]\n", entries=(
        'acknowledgements:\n  - {by: ben-writr, version: "1.4"}\n')))
    found = sorted((p.rule, p.line) for p in validate(root, NOW).problems if p.path == CHAPTER)
    assert ("ref.role", 8) in found and ("ref.person", 10) in found


# -- verification against git ------------------------------------------------------------

pytestmark_git = pytest.mark.skipif(not shutil.which("ssh-keygen") or not shutil.which("git"),
                                    reason="needs git and ssh-keygen")


@pytest.fixture(scope="module")
def keys(tmp_path_factory):
    folder = tmp_path_factory.mktemp("keys")
    for name in ("ana-lead", "ben-writer"):
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(folder / name)],
                       check=True)
    return {name: folder / name for name in ("ana-lead", "ben-writer")}


@pytest.fixture
def repo(root, keys):
    (root / "policies/rules.yml").write_text(RULES % ("signed", "2026-11-01"))
    (root / "policies/team.yml").write_text(team(keys))
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "handbook", who="ana-lead", when=EARLY)
    return root


def acknowledge_and_commit(root, who, key=None, by="ben-writer"):
    acknowledge(root, root / CHAPTER, by, "2026-12-10T12:00+00:00")
    git(root, "commit", "-q", "-a", "-m", f"{by} has read it", who=who, key=key)
    return git(root, "rev-parse", "--short=7", "HEAD")


def unverified(root):
    result = validate(root, NOW)
    return [(p.line, p.severity.value, p.message) for p in result.problems if p.rule == "approval.unverified"]


@pytestmark_git
def test_the_readers_own_signed_commit_counts(repo, keys):
    acknowledge_and_commit(repo, "ben-writer", keys["ben-writer"])
    assert unverified(repo) == []
    result = validate(repo, NOW)
    [ack] = result.handbook.chapters["everyone"].acknowledgements
    assert ack.verified and ack.added.author == "Ben Writer"
    assert [p for p in result.problems if p.rule == "policy.unacknowledged"] == []


@pytestmark_git
def test_an_acknowledgement_someone_else_committed_does_not_count(repo, keys):
    sha = acknowledge_and_commit(repo, "ana-lead", keys["ana-lead"])
    assert unverified(repo) == [(10, "warning", "the acknowledgement by ben-writer of version 1.4 does not count: "
                                 f"added in {sha} by Ana Lead <ana@example.org>, not by Ben Writer")]
    # It does not count: ben-writer, on the rota, has still not read it as far as the handbook knows.
    assert problems(repo, "policy.unacknowledged") == [
        (8, "version 1.4 is not yet acknowledged by 1 person on the rota: ben-writer (their entry is not verified: "
            "see approval.unverified)")]


@pytestmark_git
def test_unsigned_under_signed_does_not_count(repo):
    sha = acknowledge_and_commit(repo, "ben-writer")
    [(_, _, message)] = unverified(repo)
    assert message.endswith(f"added in {sha} in Ben Writer's name, but the commit is unsigned, so nothing shows "
                            "Ben Writer made it")


@pytestmark_git
def test_commit_option_makes_a_commit_of_its_own(repo, keys):
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1", GIT_AUTHOR_NAME="Ben Writer",
               GIT_AUTHOR_EMAIL="ben@example.org", GIT_COMMITTER_NAME="Ben Writer",
               GIT_COMMITTER_EMAIL="ben@example.org")
    def playbook(*args):
        return subprocess.run([sys.executable, "-m", "playbook", *args], cwd=repo, env=env, capture_output=True,
                              text=True, check=False)

    done = playbook("acknowledge", CHAPTER, "--by", "ben-writer", "--commit")
    assert done.returncode == 0, done.stderr
    assert "committed" in done.stdout and "the commit is not signed" in done.stdout
    assert git(repo, "log", "-1", "--format=%s") == "Acknowledge policies/everyone.md version 1.4"
    assert git(repo, "show", "--name-only", "--format=", "HEAD") == CHAPTER
    (repo / CHAPTER).write_text((repo / CHAPTER).read_text() + "More.\n")
    dirty = playbook("acknowledge", CHAPTER, "--by", "ana-lead", "--commit")
    assert dirty.returncode == 2 and "has uncommitted changes" in dirty.stderr
