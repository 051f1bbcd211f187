"""verify_approvals: approvals checked against real git repositories and real SSH keys made by ssh-keygen."""

import os
import shutil
import subprocess
import tempfile

import pytest
from golden_corpus import NOW, build_case

from playbook.approve import approve
from playbook.digest import content_digest
from playbook.load import ConfigError
from playbook.validate import validate

pytestmark = pytest.mark.skipif(not shutil.which("ssh-keygen") or not shutil.which("git"),
                                reason="needs git and ssh-keygen")

LAUNCH = "content/posts/spring-launch/launch-day.md"
PEOPLE = {  # id: (name, email)
    "ana-lead": ("Ana Lead", "ana@example.org"),
    "ben-writer": ("Ben Writer", "ben@example.org"),
    "lena-legal": ("Lena Legal", "lena@example.org"),
}
RULES = """\
approvals:
  default: [{any: [social-lead]}]
  templates: [{any: [social-lead]}]
  policies: [{any: [legal]}]
response_targets: {question: 4h, complaint: 1h, praise: 1d, crisis: 15m, outage: 30m}
verify_approvals:
  mode: %s
  since: %s
"""
EARLY, LATE = "2026-10-01T12:00:00+00:00", "2026-12-10T12:00:00+00:00"


def git(root, *args, who=None, key=None, when=LATE, check=True):
    """git as ``who``; ``key`` an SSH key file, or an OpenPGP (GNUPGHOME, fingerprint) pair to sign with."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1", GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    config = []
    if who:
        name, email = PEOPLE[who]
        config += ["-c", f"user.name={name}", "-c", f"user.email={email}"]
    if isinstance(key, tuple):
        env["GNUPGHOME"] = key[0]
        config += ["-c", "gpg.format=openpgp", "-c", f"user.signingkey={key[1]}", "-c", "commit.gpgsign=true"]
    elif key:
        config += ["-c", "gpg.format=ssh", "-c", f"user.signingkey={key}", "-c", "commit.gpgsign=true"]
    done = subprocess.run(["git", *config, *args], cwd=root, env=env, capture_output=True, text=True, check=False)
    if check and done.returncode:
        raise AssertionError(done.stderr)
    return done.stdout.strip()


def post(status="in-review", copy="It is here: the spring range."):
    return (f"---\ntitle: Launch day\nchannel: [x]\npublish_at: 2027-04-12T09:30+02:00\nauthor: ben-writer\n"
            f"status: {status}\n---\n{copy}\n")


@pytest.fixture(scope="module")
def keys(tmp_path_factory):
    folder = tmp_path_factory.mktemp("keys")
    out = {}
    for name in ("ana-lead", "ben-writer", "platform"):
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(folder / name)],
                       check=True)
        out[name] = folder / name
    return out


def team(keys, platform=False):
    lines = ["roles:", "  social-lead: {name: Social lead}", "  editor: {name: Editor}", "  legal: {name: Legal}",
             "  care-lead: {name: Customer care lead}", "people:"]
    roles = {"ana-lead": "[social-lead]", "ben-writer": "[editor]", "lena-legal": "[legal]"}
    for pid, (name, email) in PEOPLE.items():
        lines += [f"  - id: {pid}", f"    name: {name}", f"    email: {email.upper() if pid == 'ana-lead' else email}",
                  f"    roles: {roles[pid]}"]
        if pid in keys:
            lines.append(f"    signing_keys: ['{keys[pid].with_suffix('.pub').read_text().strip()}']")
    return "\n".join(lines) + "\n"


@pytest.fixture
def make_repo(tmp_path, keys):
    def make(mode="signed", since="2026-11-01", platform=False, name="hb"):
        root = build_case(None, tmp_path / name)
        (root / "policies/rules.yml").write_text(RULES % (mode, since))
        (root / "policies/team.yml").write_text(team({k: v for k, v in keys.items() if k != "platform"}))
        if platform:
            settings = (root / "calendar/settings.yml").read_text()
            pub = keys["platform"].with_suffix(".pub").read_text().strip()
            (root / "calendar/settings.yml").write_text(settings + f"platform_keys: ['{pub}']\n")
        (root / LAUNCH).write_text(post())
        git(root, "init", "-q", "-b", "main")
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", "handbook", who="ben-writer", when=EARLY)
        return root
    return make


def approve_and_commit(root, by="ana-lead", who="ana-lead", key=None, when=LATE, status="approved"):
    approve(root, root / LAUNCH, by, "social-lead")
    text = (root / LAUNCH).read_text().replace("status: in-review", f"status: {status}")
    (root / LAUNCH).write_text(text)
    git(root, "commit", "-q", "-a", "-m", f"Approve launch day as {by}", who=who, key=key, when=when)
    return git(root, "rev-parse", "--short=7", "HEAD")


def unverified(result):
    return [p.message for p in result.problems if p.rule == "approval.unverified"]


def rules_of(result):
    return sorted({p.rule for p in result.problems if p.severity.value == "error" and p.path == LAUNCH})


def test_the_approvers_signed_approval_counts(make_repo, keys):
    root = make_repo()
    approve_and_commit(root, key=keys["ana-lead"])
    result = validate(root, NOW)
    assert unverified(result) == []
    assert rules_of(result) == []
    approval = next(p for p in result.handbook.posts if p.source.path == LAUNCH).approvals[0]
    assert approval.verified and approval.added.author == "Ana Lead"


def test_forged_by_the_author(make_repo, keys):
    root = make_repo()
    sha = approve_and_commit(root, who="ben-writer", key=keys["ben-writer"])
    result = validate(root, NOW)
    [message] = unverified(result)
    assert message == ("the approval by ana-lead as social-lead does not count: added in "
                       f"{sha} by Ben Writer <ben@example.org>, not by Ana Lead")
    problem = next(p for p in result.problems if p.rule == "approval.unverified")
    assert (problem.path, problem.severity.value) == (LAUNCH, "error")
    assert "playbook approve" in problem.hint
    # It does not count: the approved post now misses its social lead.
    assert "status.inconsistent" in rules_of(result)


def test_authored_by_the_approver_but_unsigned(make_repo):
    root = make_repo()
    sha = approve_and_commit(root)
    [message] = unverified(validate(root, NOW))
    assert message.endswith(f"added in {sha} in Ana Lead's name, but the commit is unsigned, so nothing "
                            "shows Ana Lead made it")


def test_signed_with_someone_elses_key(make_repo, keys):
    root = make_repo()
    sha = approve_and_commit(root, key=keys["ben-writer"])
    [message] = unverified(validate(root, NOW))
    assert message.endswith(f"added in {sha} in Ana Lead's name, but signed by a key not listed for ana-lead "
                            "(it is ben-writer's)")


def test_added_before_since_counts_as_recorded(make_repo):
    root = make_repo(since="2026-11-01")
    approve_and_commit(root, who="ben-writer", when=EARLY)  # even a forgery: before `since` is trusted
    result = validate(root, NOW)
    assert unverified(result) == [] and rules_of(result) == []
    approval = next(p for p in result.handbook.posts if p.source.path == LAUNCH).approvals[0]
    assert (approval.verified, approval.recorded) == (False, "given before approvals were checked against git")


def test_since_a_commit(make_repo):
    root = make_repo(since="0000000")
    approve_and_commit(root, who="ben-writer")
    first = git(root, "rev-parse", "HEAD")
    rules = (root / "policies/rules.yml").read_text().replace("since: 0000000", f"since: {first}")
    (root / "policies/rules.yml").write_text(rules)
    git(root, "commit", "-q", "-a", "-m", "verify from here", who="lena-legal")
    assert unverified(validate(root, NOW)) == []


def test_mode_author_needs_no_signature(make_repo):
    root = make_repo(mode="author")
    approve_and_commit(root)
    assert unverified(validate(root, NOW)) == []


def test_platform_key_counts_only_when_the_approver_made_the_commit(make_repo, keys):
    root = make_repo(platform=True)
    approve_and_commit(root, key=keys["platform"])
    assert unverified(validate(root, NOW)) == []
    root2 = make_repo(platform=True, name="hb2")
    sha = approve_and_commit(root2, who="ben-writer", key=keys["platform"])
    [message] = unverified(validate(root2, NOW))
    assert message.endswith(f"added in {sha} by Ben Writer <ben@example.org>, not by Ana Lead")


def test_changing_one_line_of_an_approval_makes_it_the_changers(make_repo, keys):
    root = make_repo()
    approve(root, root / LAUNCH, "lena-legal", "legal")  # lena may approve it, but the matrix does not need her
    git(root, "commit", "-q", "-a", "-m", "legal approval", who="lena-legal")
    text = (root / LAUNCH).read_text()
    assert "  - by: lena-legal\n" in text
    (root / LAUNCH).write_text(text.replace("  - by: lena-legal\n", "  - by: ana-lead\n")
                               .replace("role: legal", "role: social-lead"))
    git(root, "commit", "-q", "-a", "-m", "tidy", who="ben-writer", key=keys["ben-writer"])
    [message] = unverified(validate(root, NOW))
    assert "by Ben Writer <ben@example.org>, not by Ana Lead" in message


def test_an_approval_without_at_takes_its_commits_author_date(make_repo, keys):
    root = make_repo()
    handbook = validate(root, NOW).handbook
    digest = content_digest(handbook, next(p for p in handbook.posts if p.source.path == LAUNCH))
    text = post(status="approved").replace("---\nIt is", f"approvals:\n  - by: ana-lead\n    role: social-lead\n"
                                           f"    digest: {digest}\n---\nIt is")
    (root / LAUNCH).write_text(text)  # pasted from the site's copy block, without `at`
    git(root, "commit", "-q", "-a", "-m", "Approve without a time", who="ana-lead", key=keys["ana-lead"],
        when="2026-12-11T09:00:00-05:00")
    result = validate(root, NOW)
    assert unverified(result) == [] and rules_of(result) == []
    approval = next(p for p in result.handbook.posts if p.source.path == LAUNCH).approvals[0]
    assert approval.at.isoformat() == "2026-12-11T09:00:00-05:00"


def test_uncommitted_approval_is_not_verified(make_repo):
    root = make_repo()
    approve(root, root / LAUNCH, "ana-lead", "social-lead")
    problems = [p for p in validate(root, NOW).problems if p.rule == "approval.unverified"]
    assert [(p.message, p.severity.value) for p in problems] == [
        ("the approval by ana-lead as social-lead does not count: no commit adds it as it reads now: commit it, "
         "or approve again if it was edited after it was added", "warning")]


def test_outside_git_and_in_a_shallow_clone_one_warning_and_nothing_verified(make_repo, keys, tmp_path):
    root = make_repo()
    approve_and_commit(root, key=keys["ana-lead"])
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{root}", str(shallow)], check=True,
                   env={**os.environ, "GIT_CONFIG_GLOBAL": os.devnull}, capture_output=True)
    copy = tmp_path / "copy"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns(".git"))
    for folder, why in ((shallow, "it is a shallow clone"), (copy, "it is not a git repository")):
        result = validate(folder, NOW)
        warnings = [p for p in result.problems if p.rule == "approval.unverified"]
        assert len(warnings) == 1, warnings
        assert warnings[0].severity.value == "warning" and warnings[0].path == "policies/rules.yml"
        assert why in warnings[0].message and "fetch-depth: 0" in warnings[0].hint
        assert not any(a.verified for p in result.handbook.posts for a in p.approvals)
        # A pull-request check that cannot verify fails instead of letting forgeries through with a warning.
        with pytest.raises(ConfigError, match=f"--verify-from HEAD: approvals cannot be verified here, {why}"):
            validate(folder, NOW, verify_from="HEAD")


def test_verify_from_checks_only_what_the_pull_request_adds(make_repo, keys):
    root = make_repo(since="2026-11-01")
    # main: a forged approval merged long ago (as a squash would leave it)
    approve_and_commit(root, who="ben-writer", when=LATE)
    assert len(unverified(validate(root, NOW))) == 1
    base = git(root, "rev-parse", "HEAD")
    assert unverified(validate(root, NOW, verify_from=base)) == []
    # the pull request adds a forgery dated before `since`: a PR's commits are always checked
    git(root, "checkout", "-q", "-b", "pr")
    approve(root, root / LAUNCH, "ana-lead", "social-lead", "2026-12-02T10:00Z")  # not the base entry's time
    git(root, "commit", "-q", "-a", "-m", "backdated", who="ben-writer", when=EARLY)
    [message] = unverified(validate(root, NOW, verify_from=base))
    assert "by Ben Writer <ben@example.org>, not by Ana Lead" in message
    with pytest.raises(ConfigError, match="no such commit"):
        validate(root, NOW, verify_from="no-such-branch")


def test_a_key_that_is_not_a_key_is_a_located_problem(make_repo):
    root = make_repo()
    team_text = (root / "policies/team.yml").read_text()
    (root / "policies/team.yml").write_text(team_text.replace("signing_keys: ['ssh-ed25519 ",
                                                              "signing_keys: ['ssh-ed25519 !!", 1))
    problems = [p for p in validate(root, NOW).problems if p.path == "policies/team.yml"]
    assert [(p.rule, p.message) for p in problems] == [
        ("schema.value", "not an SSH public key: the key text is not base64")]


def test_approve_commit_makes_a_signed_commit_that_verifies(make_repo, keys, monkeypatch):
    from playbook.cli import main

    root = make_repo()
    # The user's own git configuration applies to the commit: identity and signing.
    gitconfig = root.parent / "ana.gitconfig"
    gitconfig.write_text(f"[user]\n\tname = Ana Lead\n\temail = ana@example.org\n\tsigningkey = {keys['ana-lead']}\n"
                         "[gpg]\n\tformat = ssh\n[commit]\n\tgpgsign = true\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(gitconfig))
    monkeypatch.chdir(root)
    (root / "content/posts/spring-launch/teaser.md").write_text((root / "content/posts/spring-launch/teaser.md")
                                                                .read_text() + "\n")  # unrelated, uncommitted
    with pytest.raises(SystemExit) as exit_code:
        main(["approve", LAUNCH, "--by", "ana-lead", "--commit"])
    assert exit_code.value.code is None or exit_code.value.code == 0
    log = git(root, "log", "-1", "--format=%an|%s|%b")
    assert log.startswith(f"Ana Lead|Approve {LAUNCH} as social-lead|Approved-by: ana-lead")
    assert git(root, "show", "--name-only", "--format=", "HEAD") == LAUNCH  # nothing else committed
    text = (root / LAUNCH).read_text().replace("status: in-review", "status: approved")
    (root / LAUNCH).write_text(text)
    git(root, "commit", "-q", "-a", "-m", "ready", who="ben-writer")  # status edits keep it verified
    result = validate(root, NOW)
    assert unverified(result) == [] and rules_of(result) == []


def test_approve_commit_refuses_a_file_with_other_changes(make_repo, capsys, monkeypatch):
    from playbook.cli import main

    root = make_repo()
    monkeypatch.chdir(root)
    (root / LAUNCH).write_text(post(copy="Edited, not committed."))
    with pytest.raises(SystemExit) as exit_code:
        main(["approve", LAUNCH, "--by", "ana-lead", "--commit"])
    assert exit_code.value.code == 2
    assert "has uncommitted changes" in capsys.readouterr().err
    assert "approvals:" not in (root / LAUNCH).read_text()


def test_a_stale_approval_says_what_changed_since_its_commit(make_repo, keys, tmp_path):
    root = make_repo()
    approve_and_commit(root, key=keys["ana-lead"])
    text = (root / LAUNCH).read_text()
    text = text.replace("publish_at: 2027-04-12T09:30+02:00", "publish_at: 2027-04-13T10:00+02:00")
    text = text.replace("channel: [x]", "channel: [x, instagram]").replace("the spring range", "the summer range")
    (root / LAUNCH).write_text(text)
    [stale] = [p for p in validate(root, NOW).problems if p.rule == "approval.stale"]
    assert stale.message == ("the approval by ana-lead as social-lead is stale: copy changed: 'spring' -> 'summer'; "
                             "channel instagram added; publish_at moved from Mon 12 Apr 09:30 to Tue 13 Apr 10:00")
    # A new time written in UTC reads in the post's zone, like the old one.
    (root / LAUNCH).write_text(text.replace("2027-04-13T10:00+02:00", "2027-04-13T08:00Z"))
    [stale] = [p for p in validate(root, NOW).problems if p.rule == "approval.stale"]
    assert stale.message.endswith("publish_at moved from Mon 12 Apr 09:30 to Tue 13 Apr 10:00")
    (root / LAUNCH).write_text(text)
    # Without the history, the message names what the digest covers.
    copy = tmp_path / "copy"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns(".git"))
    [stale] = [p for p in validate(copy, NOW).problems if p.rule == "approval.stale"]
    assert stale.message.endswith("(the copy, channels, media or publish_at)")


def test_mode_off_reads_no_signatures_but_explains_and_dates(make_repo):
    root = make_repo(mode="off")
    approve_and_commit(root, who="ben-writer")
    result = validate(root, NOW)
    assert unverified(result) == [] and rules_of(result) == []
    assert not any(a.verified for p in result.handbook.posts for a in p.approvals)
    with pytest.raises(ConfigError, match="needs verify_approvals"):
        validate(root, NOW, verify_from="HEAD")


def test_editing_another_line_of_an_approval_leaves_an_entry_nobody_added(make_repo, keys):
    root = make_repo()
    approve_and_commit(root, key=keys["ana-lead"])
    text = (root / LAUNCH).read_text()
    (root / LAUNCH).write_text(text.replace("the spring range", "the summer range"))
    handbook = validate(root, NOW).handbook
    fresh = content_digest(handbook, next(p for p in handbook.posts if p.source.path == LAUNCH))
    old = next(line for line in text.split("\n") if "digest:" in line).split("digest: ")[1]
    (root / LAUNCH).write_text((root / LAUNCH).read_text().replace(old, fresh))  # reuse her approval
    git(root, "commit", "-q", "-a", "-m", "copy edit", who="ben-writer", key=keys["ben-writer"])
    [message] = unverified(validate(root, NOW))
    assert message.endswith("no commit adds it as it reads now: commit it, or approve again if it was edited "
                            "after it was added")


def test_validate_verify_from_on_the_command_line(make_repo, keys, capsys, monkeypatch):
    from playbook.cli import main

    root = make_repo()
    base = git(root, "rev-parse", "HEAD")
    approve_and_commit(root, who="ben-writer", key=keys["ben-writer"])
    monkeypatch.chdir(root)
    for argv, code in ((["validate", "--now", "2027-03-01T00:00Z", "--verify-from", base, LAUNCH], 1),
                       (["validate", "--verify-from", "no-such-base"], 2)):
        with pytest.raises(SystemExit) as exit_code:
            main(argv)
        assert exit_code.value.code == code
    out, err = capsys.readouterr()
    assert f"{LAUNCH}:" in out and "[approval.unverified]" in out and "not by Ana Lead" in out
    assert "--verify-from no-such-base: no such commit here" in err


@pytest.fixture(scope="module")
def web_flow():
    """A platform's OpenPGP signing key, as GitHub's web editor signs with: (GNUPGHOME, fingerprint, public block)."""
    if not shutil.which("gpg"):
        pytest.skip("needs gpg")
    home = tempfile.mkdtemp(prefix="pbgpg", dir="/tmp")  # short: gpg-agent's socket lives here
    env = {**os.environ, "GNUPGHOME": home}
    subprocess.run(["gpg", "--batch", "--passphrase", "", "--quick-gen-key", "Web Flow <noreply@platform.example>",
                    "ed25519", "sign", "never"], env=env, check=True, capture_output=True)
    listing = subprocess.run(["gpg", "--with-colons", "--list-secret-keys"], env=env, check=True,
                             capture_output=True, text=True).stdout
    fpr = next(line.split(":")[9] for line in listing.splitlines() if line.startswith("fpr:"))
    block = subprocess.run(["gpg", "--armor", "--export", fpr], env=env, check=True, capture_output=True,
                           text=True).stdout
    yield home, fpr, block
    subprocess.run(["gpgconf", "--kill", "all"], env=env, check=False, capture_output=True)
    shutil.rmtree(home, ignore_errors=True)


def list_openpgp_platform_key(root, block):
    settings = (root / "calendar/settings.yml").read_text()
    indented = "".join("    " + line + "\n" for line in block.strip().splitlines())
    (root / "calendar/settings.yml").write_text(settings + "platform_keys:\n  - |\n" + indented)


def test_openpgp_platform_key_counts_only_for_the_approvers_own_commit(make_repo, web_flow, monkeypatch):
    home, fpr, block = web_flow
    root = make_repo()
    list_openpgp_platform_key(root, block)
    git(root, "commit", "-q", "-a", "-m", "trust the web editor", who="lena-legal")
    approve_and_commit(root, key=(home, fpr))  # Ana in the web editor: authored by her, signed by the platform
    result = validate(root, NOW)
    assert unverified(result) == [] and rules_of(result) == []
    assert next(p for p in result.handbook.posts if p.source.path == LAUNCH).approvals[0].verified
    # Ben in the web editor, writing Ana's approval: the platform signs, but the commit is Ben's.
    root2 = make_repo(name="hb2")
    list_openpgp_platform_key(root2, block)
    git(root2, "commit", "-q", "-a", "-m", "trust the web editor", who="lena-legal")
    sha = approve_and_commit(root2, who="ben-writer", key=(home, fpr))
    [message] = unverified(validate(root2, NOW))
    assert message.endswith(f"added in {sha} by Ben Writer <ben@example.org>, not by Ana Lead")
    # Not listed as a platform key: the key in the user's own keyring (GNUPGHOME) takes no part.
    root3 = make_repo(name="hb3")
    sha = approve_and_commit(root3, key=(home, fpr))
    monkeypatch.setenv("GNUPGHOME", home)
    [message] = unverified(validate(root3, NOW))
    assert message.endswith(f"added in {sha} in Ana Lead's name, but signed by a key that is neither listed for "
                            "ana-lead nor a platform key in calendar/settings.yml")


def test_without_gpg_one_warning_and_openpgp_signed_approvals_do_not_count(make_repo, web_flow, monkeypatch,
                                                                           tmp_path):
    home, fpr, block = web_flow
    root = make_repo()
    list_openpgp_platform_key(root, block)
    git(root, "commit", "-q", "-a", "-m", "trust the web editor", who="lena-legal")
    approve_and_commit(root, key=(home, fpr))
    tools = tmp_path / "bin"
    tools.mkdir()
    for tool in ("git", "ssh-keygen"):
        (tools / tool).symlink_to(shutil.which(tool))
    monkeypatch.setenv("PATH", str(tools))
    result = validate(root, NOW)
    [warning] = [p for p in result.problems if p.rule == "approval.unverified" and p.path == "calendar/settings.yml"]
    assert warning.severity.value == "warning"
    assert warning.message.startswith("gpg is not installed") and "apt-get install gnupg" in warning.hint
    assert len(unverified(result)) == 2 and rules_of(result) == ["approval.unverified", "status.inconsistent"]


def test_a_platform_key_block_that_is_not_a_key_is_a_located_problem(make_repo):
    root = make_repo()
    lines = (root / "calendar/settings.yml").read_text().count("\n")
    list_openpgp_platform_key(root, "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nnot base64!\n")
    [problem] = [p for p in validate(root, NOW).problems if p.path == "calendar/settings.yml"]
    assert (problem.rule, problem.line) == ("schema.value", lines + 2)
    assert "does not end with -----END PGP PUBLIC KEY BLOCK-----" in problem.message


def test_a_backdated_forgery_is_not_recorded_before_since(make_repo, keys):
    root = make_repo(since="2026-11-01")
    git(root, "commit", "-q", "--allow-empty", "-m", "verification on", who="lena-legal")  # main line, after since
    sha = approve_and_commit(root, who="ben-writer", when=EARLY)  # claims October
    [message] = unverified(validate(root, NOW))
    assert message.endswith(f"added in {sha} by Ben Writer <ben@example.org>, not by Ana Lead")
    # Nor on a branch started from the old history and merged: its commits are not on the main line before since.
    root2 = make_repo(since="2026-11-01", name="hb2")
    old = git(root2, "rev-parse", "HEAD")
    git(root2, "commit", "-q", "--allow-empty", "-m", "verification on", who="lena-legal")
    git(root2, "checkout", "-q", "-b", "old-looking", old)
    sha = approve_and_commit(root2, who="ben-writer", when=EARLY)
    git(root2, "checkout", "-q", "main")
    git(root2, "merge", "-q", "--no-ff", "-m", "merge", "old-looking", who="ben-writer")
    [message] = unverified(validate(root2, NOW))
    assert message.endswith(f"added in {sha} by Ben Writer <ben@example.org>, not by Ana Lead")


def test_a_withdrawn_approval_restored_by_someone_else_does_not_count(make_repo, keys):
    root = make_repo()
    approve_and_commit(root, key=keys["ana-lead"], status="in-review")
    approved = (root / LAUNCH).read_text()
    (root / LAUNCH).write_text(post())  # Ana withdraws her approval, in her own signed commit
    git(root, "commit", "-q", "-a", "-m", "withdraw", who="ana-lead", key=keys["ana-lead"])
    (root / LAUNCH).write_text(approved)  # Ben puts her lines back (git revert does the same)
    sha = git(root, "commit", "-q", "-a", "-m", "restore", who="ben-writer", key=keys["ben-writer"]) or \
        git(root, "rev-parse", "--short=7", "HEAD")
    [message] = unverified(validate(root, NOW))
    assert message.endswith(f"added in {sha} by Ben Writer <ben@example.org>, not by Ana Lead")
    # Restored in a merge that resolves her withdrawal away: no commit adds it, so it does not count either.
    root2 = make_repo(name="hb2")
    approve_and_commit(root2, key=keys["ana-lead"], status="in-review")
    git(root2, "checkout", "-q", "-b", "keep")
    git(root2, "commit", "-q", "--allow-empty", "-m", "work", who="ben-writer")
    git(root2, "checkout", "-q", "main")
    (root2 / LAUNCH).write_text(post())
    git(root2, "commit", "-q", "-a", "-m", "withdraw", who="ana-lead", key=keys["ana-lead"])
    git(root2, "checkout", "-q", "keep")
    git(root2, "merge", "-q", "--no-commit", "main", who="ben-writer")
    git(root2, "checkout", "HEAD~0", "--", LAUNCH)  # an "evil merge": keep the approval she withdrew
    git(root2, "commit", "-q", "-m", "merge main", who="ben-writer")
    [message] = unverified(validate(root2, NOW))
    assert "no commit adds it as it reads now" in message


def test_renaming_a_file_keeps_its_approvals_and_moving_an_entry_makes_it_the_movers(make_repo, keys):
    root = make_repo()
    approve_and_commit(root, key=keys["ana-lead"])
    moved = LAUNCH.replace("launch-day", "launch-morning")
    git(root, "mv", LAUNCH, moved)
    git(root, "commit", "-q", "-m", "rename", who="ben-writer")
    result = validate(root, NOW)
    assert unverified(result) == []
    assert next(p for p in result.handbook.posts if p.source.path == moved).approvals[0].verified
    # Her entry moved into another post (with that post's digest, so it is not stale) is Ben's doing.
    other = root / LAUNCH
    other.write_text(post(copy="Another post.").replace("Launch day", "Launch eve"))
    git(root, "add", LAUNCH)
    git(root, "commit", "-q", "-m", "eve", who="ben-writer")
    handbook = validate(root, NOW).handbook
    digest = content_digest(handbook, next(p for p in handbook.posts if p.source.path == LAUNCH))
    entry = (root / moved).read_text().split("approvals:\n")[1].split("---")[0]
    old = next(line for line in entry.split("\n") if "digest:" in line).split("digest: ")[1]
    other.write_text(other.read_text().replace("status: in-review", "status: approved")
                     .replace("---\nAnother", "approvals:\n" + entry.replace(old, digest) + "---\nAnother"))
    (root / moved).write_text(post())
    git(root, "commit", "-q", "-a", "-m", "move", who="ben-writer", key=keys["ben-writer"])
    sha = git(root, "rev-parse", "--short=7", "HEAD")
    messages = [p.message for p in validate(root, NOW).problems if p.rule == "approval.unverified"]
    assert messages == ["the approval by ana-lead as social-lead does not count: added in "
                        f"{sha} by Ben Writer <ben@example.org>, not by Ana Lead"]
