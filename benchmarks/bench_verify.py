"""Benchmark: what `verify_approvals` adds to `playbook validate`, on a history of thousands of commits.

The handbook is the synthetic one (synth.py); its history has one commit per
approval (made with git fast-import), each authored by its approver, plus a
few dozen commits signed with a real SSH key made by ssh-keygen. The floor is
the same validation with `mode: off` (no history read), measured in the same
run; the figures are the time verification adds and the ratio to the floor,
both in wall-clock time and in CPU time including git's (steadier on a shared
machine: most of verification's wall time there is waiting for git).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "hooks"))

from synth import best_of, generate

from playbook.digest import content_digest
from playbook.load import load_handbook
from playbook.validate import validate

NOW = datetime(2029, 6, 1, tzinfo=timezone.utc)
START = 1_861_920_000  # commit times: from 2029-01-01, one minute apart, before the posts go out
APPROVERS = [f"person-{i}" for i in range(1, 8, 2)]  # the social leads of synth.py's team


def cpu_seconds(fn, *args) -> float:
    """CPU time of ``fn(*args)``, this process and the git processes it ran."""
    before = os.times()
    fn(*args)
    after = os.times()
    return sum(after[i] - before[i] for i in range(4))


def git(root: Path, *args: str, stdin: bytes | None = None, env: dict | None = None) -> str:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    environment.update(GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1", **(env or {}))
    done = subprocess.run(["git", *args], cwd=root, input=stdin, capture_output=True, env=environment, check=True)
    return done.stdout.decode()


def entry(by: str, when: int, digest: str) -> str:
    at = datetime.fromtimestamp(when, tz=timezone.utc).isoformat()
    return f"  - by: {by}\n    role: social-lead\n    at: {at}\n    digest: {digest}\n"


def with_approval(text: str, line: str) -> str:
    """The post with one more approval entry (a block list before the closing fence)."""
    head, _, body = text[4:].partition("\n---\n")
    if "\napprovals:\n" not in "\n" + head + "\n":
        head += "\napprovals:"
    return f"---\n{head}\n{line.rstrip()}\n---\n{body}"


def make_history(root: Path, commits: int, signed: int, key: Path) -> None:
    people = (root / "policies/team.yml").read_text()
    public = key.with_suffix(".pub").read_text().strip()
    people = people.replace("    email: p1@bench.example\n",
                            f"    email: p1@bench.example\n    signing_keys: ['{public}']\n")
    (root / "policies/team.yml").write_text(people)
    handbook = load_handbook(root)
    posts = list(handbook.posts)
    digests = {p.source.path: content_digest(handbook, p) for p in posts}
    authors = {p.source.path: p.author for p in posts}
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "-c", "user.name=Setup", "-c", "user.email=setup@bench.example", "commit", "-q", "-m", "handbook",
        env={"GIT_AUTHOR_DATE": f"{START} +0000", "GIT_COMMITTER_DATE": f"{START} +0000"})
    texts = {p.source.path: (root / p.source.path).read_text() for p in posts}
    stream = []
    for n in range(commits):
        path = posts[n % len(posts)].source.path
        by = next(a for a in APPROVERS[n % len(APPROVERS):] + APPROVERS if a != authors[path])
        when = START + 60 * (n + 1)
        texts[path] = with_approval(texts[path], entry(by, when, digests[path]))
        data = texts[path].encode()
        message = f"Approve {path}".encode()
        who = f"Person {by.split('-')[1]} <p{by.split('-')[1]}@bench.example> {when} +0000"
        stream.append(b"commit refs/heads/main\n" + f"author {who}\ncommitter {who}\n".encode()
                      + b"data %d\n%s\n" % (len(message), message)
                      + (b"from refs/heads/main^0\n" if n == 0 else b"")
                      + f"M 100644 inline {path}\n".encode() + b"data %d\n%s\n" % (len(data), data))
    git(root, "fast-import", "--quiet", stdin=b"".join(stream))
    git(root, "reset", "-q", "--hard")
    signer = ["-c", "user.name=Person 1", "-c", "user.email=p1@bench.example", "-c", "gpg.format=ssh",
              "-c", f"user.signingkey={key}"]
    for n in range(signed):
        path = next(p.source.path for p in posts[n * 7:] if authors[p.source.path] != "person-1")
        when = signed_start(commits) + 60 * n
        (root / path).write_text(with_approval((root / path).read_text(), entry("person-1", when, digests[path])))
        git(root, *signer, "commit", "-q", "-S", "-a", "-m", f"Approve {path}",
            env={"GIT_AUTHOR_DATE": f"{when} +0000", "GIT_COMMITTER_DATE": f"{when} +0000"})


def signed_start(commits: int) -> int:
    """The signed commits come two days after the fast-imported ones (mode signed sets `since` between)."""
    return START + 60 * commits + 2 * 86400


def set_mode(root: Path, mode: str, since: str) -> None:
    rules = root / "policies/rules.yml"
    text = rules.read_text().split("verify_approvals:")[0]
    rules.write_text(text + f"verify_approvals:\n  mode: {mode}\n  since: {since}\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--posts", type=int, default=2_000)
    parser.add_argument("--commits", type=int, default=3_000)
    parser.add_argument("--signed", type=int, default=50)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        key = Path(tmp) / "key"
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True)
        root = generate(Path(tmp) / "handbook", args.posts, profile="synthetic")  # its people and approvers
        make_history(root, args.commits, args.signed, key)
        # author: every approval is checked; signed: the unsigned fast-imported ones are recorded before
        # `since`, the signed ones are checked (every signature is read either way).
        boundary = datetime.fromtimestamp(signed_start(args.commits) - 86400, tz=timezone.utc).date()
        times, cpu, expected = {}, {}, {"off": 0, "author": args.commits + args.signed, "signed": args.signed}
        for mode, since in (("off", "2000-01-01"), ("author", "2000-01-01"), ("signed", boundary.isoformat())):
            set_mode(root, mode, since)
            result = validate(root, NOW)
            unverified = [p for p in result.problems if p.rule == "approval.unverified"]
            assert not result.errors and not unverified, (result.errors + unverified)[:3]
            verified = sum(a.verified for p in result.handbook.posts for a in p.approvals)
            assert verified == expected[mode], f"mode {mode}: {verified} approvals verified, not {expected[mode]}"
            times[mode] = best_of(args.runs, validate, root, NOW)[0].wall
            cpu[mode] = min(cpu_seconds(validate, root, NOW) for _ in range(args.runs))
        approvals = sum(len(p.approvals) for p in result.handbook.posts)
    print(f"validate {args.posts} posts, {approvals} approvals, {args.commits + args.signed + 1} commits "
          f"({args.signed} signed), verify_approvals off / author / signed:")
    for label, figures in (("wall", times), ("cpu", cpu)):
        off = figures["off"]
        print(f"  {label}: {off:.2f} s / {figures['author']:.2f} s (+{figures['author'] - off:.2f} s, ratio "
              f"{figures['author'] / off:.2f}) / {figures['signed']:.2f} s (+{figures['signed'] - off:.2f} s, "
              f"ratio {figures['signed'] / off:.2f})")


if __name__ == "__main__":
    main()
