"""``playbook approve --commit``: the approval in a commit of its own, made by the approver.

Under ``verify_approvals`` an approval counts only when the commit that adds
it is the approver's (and signed, in mode ``signed``). So the commit holds
the approval and nothing else, and it is made with the user's own git
configuration: their name, address and signing set-up (``commit.gpgsign``)
apply, unlike the isolated git that reads history (gitrun.py).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from . import model as m
from .errors import PlaybookError


class CommitError(PlaybookError):
    """The approval cannot be committed (exit code 2)."""


def _git(root: Path, *args: str) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False,
                              stdin=subprocess.DEVNULL, timeout=120)
    except (OSError, subprocess.SubprocessError) as error:
        raise CommitError(f"git could not run: {error}") from None


def check_committable(root: Path, relative: str, what: str = "approval") -> None:
    """Refuse before writing anything when the commit could hold more than the approval (or acknowledgement)."""
    if _git(root, "rev-parse", "--is-inside-work-tree").returncode != 0:
        raise CommitError(f"{root} is not a git repository; run it without --commit")
    changed = _git(root, "status", "--porcelain", "--", relative).stdout.strip()
    if changed:
        raise CommitError(f"{relative} has uncommitted changes; commit them first, so that the {what} "
                          f"commit holds the {what} alone")


def message(item, approval: m.Approval) -> str:
    path = item.source.path
    return (f"Approve {path} as {approval.role}\n\n"
            f"Approved-by: {approval.by}\nRole: {approval.role}\nDigest: {approval.digest}\n")


def commit_approval(root: Path, item, approval: m.Approval, person: m.Person) -> list[str]:
    """Commit only the approved file; return notes for the user (signature, address)."""
    return commit_record(root, item.source.path, message(item, approval), person, "approval")


def commit_record(root: Path, path: str, text: str, person: m.Person, what: str) -> list[str]:
    """Commit only ``path`` with the message ``text``; return notes for the user about the ``what`` (an approval,
    an acknowledgement): whether the commit is signed and carries one of the person's addresses."""
    done = _git(root, "commit", "--quiet", "--only", "-m", text, "--", path)
    if done.returncode != 0:
        raise CommitError(f"git commit failed, the {what} is written but not committed: "
                          f"{done.stderr.strip() or done.stdout.strip()}")
    head = _git(root, "log", "-1", "--format=%h%x1f%ae%x1f%G?").stdout.strip().split("\x1f")
    short, email, signature = (head + ["", "", "N"])[:3]
    notes = [f"committed {short}: {text.splitlines()[0]}"]
    if signature == "N":
        notes.append("note: the commit is not signed; under verify_approvals mode signed it will not count "
                     "(set up signing: docs/reference/approvals.md)")
    if person.addresses and email.lower() not in person.addresses:
        notes.append(f"note: the commit's address {email} is not listed for {person.id} in policies/team.yml; "
                     "under verify_approvals it will not count")
    return notes
