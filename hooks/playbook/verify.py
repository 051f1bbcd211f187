"""Approvals checked against git: who added each entry, and whether that commit is theirs.

``verify_approvals`` in policies/rules.yml chooses the mode:

* ``off``: approvals are taken as written;
* ``author``: the commit that added an approval entry must be authored with
  one of the approver's addresses (team.yml ``email`` / ``emails``);
* ``signed``: in addition that commit carries a good SSH signature by one of
  the approver's ``signing_keys``, or by a platform key from
  calendar/settings.yml ``platform_keys`` (a hosting platform's web editor
  signs the commits its users make there; accepted only when the commit's
  author is the approver).

The commits that added an entry are found in one ``git log -p`` over the
folders that hold approvals: an entry is *added* by every commit whose diff
adds its ``by`` line while the entry reads, after that commit, exactly as it
reads now (same file, ``by``, ``role``, ``at`` and ``digest``). Changing the
``by`` line of somebody else's approval makes the entry the changer's;
changing another line leaves an entry no commit added, which does not
count either; a commit that removes an entry (a withdrawn approval) ends
its history, so whoever restores it is its adder. An entry counts when any
of its commits passes the check, or was made before ``since`` (a commit and
its ancestors; a date means the main line as it stood before that day, see
since_boundary), or is already on ``--verify-from BASE``. Signatures are checked
by git itself (SSH, and OpenPGP for platform keys) in a second process for just the
commits in question, against an allowed-signers file generated from
team.yml; the user's own git configuration never applies (gitrun.py).

Acknowledgements of policy chapters (``{by, version, at}``) are entries of the
same kind, checked the same way: an entry is identified by its ``version``
where an approval has its ``role`` and ``digest``.

Holds in calendar/quiet.yml are checked the same way: the ``started_by`` line of a hold (identified by its
``start``) must be added by the starter's commit, its ``ended_by`` line (with its ``end``) by the
ender's, and its ``end`` line by the ender's, else by the starter's (a planned end, ``playbook hold start
--until``). A hold whose end or ender does not verify stays in force (``QuietWindow.unverified_end``): lifting a
hold is the unsafe direction. A start that does not verify is reported, and the hold holds posts all the same.

Where the history cannot answer (not a git repository, a shallow clone, no
git), nothing is reported as verified and approval.unverified says so once.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from datetime import date, datetime, timezone

from . import model as m
from .changes import explain_stale
from .digest import content_digest
from .gitrun import git_env, history_unavailable, run_git
from .load import ConfigError
from .sshkeys import fingerprint, is_pgp_block

QUIET_FILE = "calendar/quiet.yml"
APPROVAL_FOLDERS = ("content/posts", "content/responses", "policies", QUIET_FILE)
_RECORD, _UNIT = "\x1e", "\x1f"
# diff context lines: more than one block-style entry (by, role, at, digest) is long, and a hold's end and
# ended_by are appended after its last line, which a reason of a few lines puts far from its id and start
_CONTEXT = 12
# A new entry starts at a block item's dash or a flow mapping's brace; a top-level key ends it.
_ITEM_START = re.compile(r"^\s*-(?:\s|$)|\{")
_QUOTED = re.compile(r"\"(?:[^\"\\]|\\.)*\"|'(?:[^']|'')*'")  # a brace in quoted text (a hold's reason) starts nothing
_TOP_KEY = re.compile(r"^(?:[A-Za-z_\"']|---|\.\.\.)")
_FIELD = re.compile(r"(?:^|(?<=[\s{,-]))(by|role|at|digest|version|started_by|ended_by|id|start|end)\s*:\s*"
                    r"(?:\"((?:[^\"\\]|\\.)*)\"|'((?:[^']|'')*)'|([^,}\]#]*?))\s*(?=[,}\]#]|$)")

# path, by, role, at as written ("" when absent), digest; an acknowledgement (policy chapters) has no role and no
# digest but a version, kept in the digest's place as "version <v>"; a hold's line (calendar/quiet.yml) is
# (path, the person it names or "" for end, "started_by" | "ended_by" | "end", its start or end, "hold from <start>")
Entry = tuple[str, str, str, str, str]
PERSON_KEYS = ("by", "started_by", "ended_by")  # an entry is added by the commit that writes one of these
HOLD_KEYS = ("started_by", "ended_by", "end")


@dataclass(frozen=True)
class Commit:
    sha: str
    author: str
    email: str
    authored: datetime  # author date, in the author's offset
    committed: int  # committer time, Unix seconds
    signature: str = "N"  # git's %G?: G good, U good but unlisted key, B bad, N none, E cannot check...
    key: str = ""  # fingerprint of the signing key (SHA256:...)

    @property
    def short(self) -> str:
        return self.sha[:7]


@dataclass
class Verification:
    """What the history could tell, for the report page and approval.unverified."""

    mode: str
    unavailable: str | None = None  # why the history cannot answer; None when it could
    base: str | None = None  # --verify-from
    since_problem: str | None = None  # `since` names a commit the history does not have
    platform_problem: str | None = None  # why the OpenPGP platform keys could not be used (no gpg...)


# -- keys -----------------------------------------------------------------------------


def allowed_signers(handbook: m.Handbook) -> str:
    """The allowed-signers file for git: every listed key under its owner's id (platform keys as 'platform')."""
    lines = [f"{person.id} {' '.join(key.split()[:2])}" for person in handbook.team.people.values()
             for key in person.signing_keys]
    lines += [f"platform {' '.join(key.split()[:2])}" for key in handbook.settings.platform_keys
              if not is_pgp_block(key)]
    return "".join(line + "\n" for line in lines)


# -- reading the history --------------------------------------------------------------


def _value(match: re.Match) -> str:
    double, single, plain = match.group(2), match.group(3), match.group(4)
    if double is not None:
        return double.replace('\\"', '"').replace("\\\\", "\\")
    if single is not None:
        return single.replace("''", "'")
    return (plain or "").strip()


def touched_entries(lines: list[tuple[str, str]], side: str = "+") -> list[Entry]:
    """Entries on the new side of a diff hunk whose ``by`` line the hunk adds (``side`` "-": on the old
    side, whose ``by`` line it removes), and the lines of holds it adds (``started_by``, ``ended_by``,
    ``end``), keyed with the hold's ``start``; paths are left "" for the caller.

    ``lines`` are (mark, text) pairs in diff order, mark "+", "-" or " ". Only
    the ``by`` line decides: consecutive entries share lines (the same role,
    often the same digest), so a diff may show an inserted entry shifted by a
    line or two into its neighbour; its ``by`` line is always among the added
    ones. An entry whose other lines were changed alone now reads as an entry
    no commit added, so it does not count: the check fails closed. An entry
    cut off by the hunk's start is skipped.
    """
    found: list[Entry] = []
    fields: dict[str, str] | None = None
    touched: set[str] = set()

    def close():
        if fields is not None and touched:
            found.extend(_entries("", fields, touched))

    other = "-" if side == "+" else "+"
    for mark, text in lines:
        if mark == other:
            continue
        added = mark == side
        if _TOP_KEY.match(text):
            close()
            fields, touched = None, set()
            continue
        unquoted = _QUOTED.sub(lambda quoted: "'" + " " * (len(quoted.group()) - 2) + "'", text)
        starts = [match.start() for match in _ITEM_START.finditer(unquoted)]
        bounds = [(False, 0, starts[0] if starts else len(text))]
        bounds += [(True, start, end) for start, end in zip(starts, starts[1:] + [len(text)], strict=False)]
        for new_item, start, end in bounds:
            if new_item:
                close()
                fields, touched = {}, set()
            if fields is None:
                continue
            piece = text[start:end]
            for key in _FIELD.finditer(unquoted[start:end]):  # keys outside quoted text, values as written
                match = _FIELD.match(piece, key.start())
                if match is None:
                    continue
                name = match.group(1)
                fields.setdefault(name, _value(match))
                if added and name in PERSON_KEYS + HOLD_KEYS:
                    touched.add(name)
    close()
    return found


def _entries(path: str, fields: dict[str, str], touched: set[str]) -> list[Entry]:
    """The entries one list item of a diff holds whose key line was added (``touched``)."""
    out = []
    if "by" in touched and ("digest" in fields or "version" in fields):
        out.append((path, fields["by"], fields.get("role", ""), fields.get("at", ""),
                    fields["digest"] if "digest" in fields else f"version {fields['version']}"))
    if "start" in fields:  # a window of calendar/quiet.yml
        hold = f"hold from {fields['start']}"  # not its id: giving a hold an id later keeps who started it
        if "started_by" in touched:
            out.append((path, fields["started_by"], "started_by", fields["start"], hold))
        for key in ("ended_by", "end"):
            if key in touched and "end" in fields:
                out.append((path, fields[key] if key == "ended_by" else "", key, fields["end"], hold))
    return out


def parse_log(output: str) -> dict[Entry, list[Commit]]:
    """Entries -> the commits that added them, oldest first, from ``git log -p -M --topo-order`` output.

    A commit that removes an entry without adding it back (a withdrawn approval) ends its history: only
    commits after it (before it in the log, which lists descendants first) count as adding the entry,
    so restoring somebody's withdrawn approval makes it the restorer's.
    """
    added: dict[Entry, list[Commit]] = {}
    withdrawn: set[Entry] = set()  # removed by a newer commit: older additions no longer count
    renamed: dict[str, str] = {}  # an older name -> the file's current name

    def key(path: str, entry: Entry) -> Entry:
        return (renamed.get(path, path), *entry[1:])

    def flush(path: str | None, old_path: str | None, hunk: list[tuple[str, str]], commit: Commit,
              removed: set[Entry]) -> None:
        if not hunk:
            return
        if old_path is not None:
            removed.update(key(old_path, entry) for entry in touched_entries(hunk, "-"))
        if path is None:
            return
        for entry in touched_entries(hunk):
            found = key(path, entry)
            if found in withdrawn:
                continue
            commits = added.setdefault(found, [])
            if not commits or commits[-1] is not commit:
                commits.append(commit)

    for record in output.split(_RECORD)[1:]:
        head, _, diff = record.partition("\n")
        parts = head.split(_UNIT)
        if len(parts) != 5:
            continue
        sha, author, email, authored, committed = parts
        try:
            commit = Commit(sha, author, email, datetime.fromisoformat(authored), int(committed))
        except ValueError:
            continue
        path, old_path, hunk, in_header, rename_from, removed = None, None, [], True, None, set()
        for line in diff.split("\n"):
            if line.startswith("diff --git "):
                flush(path, old_path, hunk, commit, removed)
                path, old_path, hunk, in_header = None, None, [], True
            elif in_header:
                if line.startswith("rename from "):
                    rename_from = line[len("rename from "):]
                elif line.startswith("rename to ") and rename_from is not None:
                    new = line[len("rename to "):]
                    renamed[rename_from] = renamed.get(new, new)
                elif line.startswith("--- "):
                    old_path = line[len("--- a/"):] if line.startswith("--- a/") else None
                elif line.startswith("+++ "):
                    path = line[len("+++ b/"):] if line.startswith("+++ b/") else None
                elif line.startswith("@@"):
                    in_header = False
            elif line.startswith("@@"):
                flush(path, old_path, hunk, commit, removed)
                hunk = []
            elif line[:1] in ("+", "-", " "):
                hunk.append((line[:1], line[1:]))
        flush(path, old_path, hunk, commit, removed)
        withdrawn.update(entry for entry in removed if not (added.get(entry) and added[entry][-1] is commit))
    for commits in added.values():
        commits.reverse()
    return added


def read_additions(root: str) -> dict[Entry, list[Commit]] | None:
    """One ``git log -p`` over every folder that holds approvals, and calendar/quiet.yml (None if git fails)."""
    folders = [f for f in APPROVAL_FOLDERS if os.path.exists(os.path.join(root, f))]
    if not folders:
        return {}
    output = run_git(root, [
        "-c", "core.quotepath=off", "-c", "log.showSignature=false", "-c", "diff.renames=true",
        # --topo-order: a withdrawal is listed before the additions it ends, whatever dates commits claim;
        # --full-history: a merge that keeps one side's file must not hide the other side's commits.
        "log", "-p", f"-U{_CONTEXT}", "-M", "--topo-order", "--full-history", "--no-color", "--no-ext-diff",
        "--no-textconv", "--diff-merges=off",
        "--src-prefix=a/", "--dst-prefix=b/", "--relative",
        f"--format={_RECORD}%H{_UNIT}%an{_UNIT}%ae{_UNIT}%aI{_UNIT}%ct", "--", *folders])
    return None if output is None else parse_log(output)


@dataclass
class Signatures:
    """What git said about the signatures of the commits in question."""

    found: dict[str, tuple[str, str]] = field(default_factory=dict)  # sha -> (%G?, key fingerprint)
    platform_openpgp: set[str] = field(default_factory=set)  # fingerprints of the OpenPGP platform keys
    problem: str | None = None  # why the OpenPGP platform keys could not be used


def _run_gpg(home: str, args: list[str], stdin: str | None = None) -> str | None:
    try:
        done = subprocess.run(["gpg", "--homedir", home, "--batch", "--no-tty", "--quiet", *args],
                              capture_output=True, text=True, check=False, timeout=60, input=stdin,
                              env={**git_env(), "GNUPGHOME": home})
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def _import_openpgp(home: str, blocks: list[str]) -> tuple[set[str], str | None]:
    """Import the OpenPGP platform keys into ``home`` alone: (their fingerprints, a problem or None)."""
    if not blocks:
        return set(), None
    if shutil.which("gpg") is None:
        return set(), ("gpg is not installed, so commits signed with the OpenPGP platform keys (web-editor "
                       "commits) cannot be checked")
    for block in blocks:
        if _run_gpg(home, ["--import"], block) is None:
            return set(), "gpg could not import an OpenPGP block in platform_keys"
    listing = _run_gpg(home, ["--with-colons", "--list-keys"]) or ""
    return {line.split(":")[9].upper() for line in listing.splitlines() if line.startswith("fpr:")}, None


def read_signatures(root: str, handbook: m.Handbook, commits: list[Commit]) -> Signatures:
    """Signatures of ``commits``, checked by git with an allowed-signers file from team.yml (SSH) and a
    temporary GNUPGHOME holding only the OpenPGP platform keys (never the user's keyring)."""
    result = Signatures()
    if not commits:
        return result
    with tempfile.TemporaryDirectory(prefix="playbook-keys-") as folder:
        signers, home = os.path.join(folder, "allowed_signers"), os.path.join(folder, "gnupg")
        os.mkdir(home, 0o700)
        with open(signers, "w", encoding="utf-8") as out:
            out.write(allowed_signers(handbook))
        blocks = [key for key in handbook.settings.platform_keys if is_pgp_block(key)]
        result.platform_openpgp, result.problem = _import_openpgp(home, blocks)
        output = run_git(root, [
            "-c", "gpg.format=ssh", "-c", f"gpg.ssh.allowedSignersFile={signers}", "-c", "gpg.ssh.program=ssh-keygen",
            "-c", "gpg.ssh.revocationFile=", "-c", "gpg.program=gpg", "-c", "gpg.openpgp.program=gpg",
            "-c", "log.showSignature=false",
            "log", "--stdin", "--no-walk=unsorted", f"--format=%H{_UNIT}%G?{_UNIT}%GF"],
            stdin="".join(c.sha + "\n" for c in commits), env={"GNUPGHOME": home})
    for line in (output or "").splitlines():
        parts = line.split(_UNIT)
        if len(parts) == 3:
            result.found[parts[0]] = (parts[1], parts[2])
    return result


def since_boundary(root: str, since: date) -> str | None:
    """The last commit on HEAD's main line (first parents) before the main line reached ``since``, or None.

    A commit's date is its author's claim: anyone can backdate a commit that adds a forged approval. The
    main line cannot be backdated after the fact, so ``since`` as a date means "the ancestors of the last
    main-line commit before the first one dated on or after ``since``": a commit made later counts as
    new whatever date it claims.
    """
    output = run_git(root, ["log", "--first-parent", "--format=%H %ct", "HEAD", "--"]) or ""
    boundary = None
    for line in output.splitlines():  # newest first
        sha, _, seconds = line.partition(" ")
        try:
            day = datetime.fromtimestamp(int(seconds), tz=timezone.utc).date()
        except ValueError:
            continue
        if day >= since:
            boundary = None  # this commit and what follows it on the main line are new
        elif boundary is None:
            boundary = sha
    return boundary


def _commit_set(root: str, revision_range: str) -> set[str] | None:
    output = run_git(root, ["rev-list", revision_range, "--"])
    return None if output is None else set(output.split())


# -- the verdicts -----------------------------------------------------------------------


def _items(handbook: m.Handbook):
    yield from handbook.posts
    yield from handbook.templates.values()
    yield from handbook.chapters.values()


def entry_of(item, record: m.Approval | m.Acknowledgement) -> Entry:
    """The entry as written in the file now (the text the history is searched for)."""
    if isinstance(record, m.Acknowledgement):
        raw = item.source.data["acknowledgements"][record.index]
        role, bound = "", f"version {raw.get('version')}"
    else:
        raw = item.source.data["approvals"][record.index]
        role, bound = str(raw.get("role")), str(raw.get("digest"))
    at = raw.get("at")
    return item.source.path, str(raw.get("by")), role, "" if at is None else str(at), bound


def hold_entry(handbook: m.Handbook, window: m.QuietWindow, line: m.HoldLine) -> Entry:
    """A hold's line as written in calendar/quiet.yml now, keyed like ``_entries`` keys the history's."""
    raw = handbook.quiet_source.data["windows"][window.index]
    bound = raw.get("start" if line.key == "started_by" else "end")
    return (QUIET_FILE, "" if line.key == "end" else str(raw.get(line.key)), line.key, str(bound),
            f"hold from {raw.get('start')}")


def _hold_lines(window: m.QuietWindow) -> list[m.HoldLine]:
    """The lines of a hold to check: who started it, who ended it, and its end, written by its ender (else by
    its starter, as ``playbook hold start --until`` does)."""
    lines = [m.HoldLine(key, getattr(window, key)) for key in ("started_by", "ended_by") if getattr(window, key)]
    if window.end is not None:
        lines.append(m.HoldLine("end", window.ended_by or window.started_by))
    return lines


def _counts(line: m.HoldLine) -> bool:
    return line.verified or bool(line.recorded)


def _disregard_unverified_ends(handbook: m.Handbook) -> None:
    """A hold whose end (or ended_by) is not verified stays in force: lifting a hold is the unsafe direction."""
    lifted_by_nobody = [w for w in handbook.quiet if w.checked and w.end is not None
                        and not all(_counts(line) for line in w.checked if line.key in ("ended_by", "end"))]
    for window in lifted_by_nobody:
        window.unverified_end, window.end = window.end, None
    if lifted_by_nobody:
        handbook.place_holds()


@dataclass
class _Judge:
    handbook: m.Handbook
    mode: str
    grandfathered: set[str] | None  # commits up to `since` (since_boundary for a date)
    new_commits: set[str] | None  # commits of the pull request (--verify-from BASE..HEAD)
    signatures: Signatures = field(default_factory=Signatures)

    def recorded(self, commit: Commit) -> str | None:
        """Why ``commit`` is taken as recorded without a check, or None."""
        if self.new_commits is not None:
            return None if commit.sha in self.new_commits else "already on the base branch"
        if self.grandfathered is not None and commit.sha in self.grandfathered:
            return "given before approvals were checked against git"
        return None

    def why_not(self, person: m.Person, commit: Commit) -> str | None:
        """Why ``commit`` does not verify an approval by ``person``; None when it does."""
        by = f"{commit.author} <{commit.email}>"
        if not person.addresses:
            return (f"added in {commit.short} by {by}, and {person.id} has no email in policies/team.yml "
                    "to compare it with")
        if commit.email.strip().lower() not in person.addresses:
            return f"added in {commit.short} by {by}, not by {person.name}"
        if self.mode != "signed":
            return None
        status, key = self.signatures.found.get(commit.sha, ("N", ""))
        if status == "N":
            return (f"added in {commit.short} in {person.name}'s name, but the commit is unsigned, so nothing shows "
                    f"{person.name} made it")
        if status == "B":
            return f"added in {commit.short} in {person.name}'s name, but its signature does not match the commit"
        if status == "E":
            return (f"added in {commit.short} in {person.name}'s name, but signed by a key that is neither listed "
                    f"for {person.id} nor a platform key in calendar/settings.yml")
        if status not in ("G", "U") or not key:
            return (f"added in {commit.short} in {person.name}'s name, but its signature is not good "
                    f"(git reported {status}: an expired or revoked key)")
        if key in {fingerprint(k) for k in person.signing_keys}:
            return None
        if key in {fingerprint(k) for k in self.handbook.settings.platform_keys if not is_pgp_block(k)} \
                or key.upper() in self.signatures.platform_openpgp:
            return None  # a platform signs what its signed-in user commits; the author is the approver
        owner = next((p.id for p in self.handbook.team.people.values()
                      if key in {fingerprint(k) for k in p.signing_keys}), None)
        listed = "" if person.signing_keys else " (no signing_keys are listed for them in policies/team.yml)"
        return (f"added in {commit.short} in {person.name}'s name, but signed by a key not listed for {person.id}"
                + (f" (it is {owner}'s)" if owner else listed))


def verify_approvals(handbook: m.Handbook, verify_from: str | None = None, digest=None) -> Verification:
    """Annotate every approval and every acknowledgement of a policy chapter with the commit that added it and
    whether it counts; see the module docstring.

    Approvals without ``at`` take the author date of the first commit that added them; stale approvals
    learn what changed since that commit (changes.py). Both read the history whatever the mode.
    ``digest(item)``: the item's content digest, when the caller keeps them (``ApprovalAnalysis.digest``).
    """
    digest = digest or (lambda item: content_digest(handbook, item))
    config = handbook.rules.verify
    mode = config.mode
    result = Verification(mode, base=verify_from)
    handbook.verification = result
    approvals = [(item, a) for item in _items(handbook) if item.source is not None for a in item.approvals]
    digests = {id(item): digest(item) for item in _items(handbook) if item.approvals}
    stale = [(item, a) for item, a in approvals if a.digest != digests[id(item)]]
    # acknowledgements of policy chapters are entries like approvals, checked the same way
    entries = approvals + [(c, a) for c in handbook.chapters.values() if c.source is not None
                           for a in c.acknowledgements]
    if mode != "off" and handbook.quiet_source is not None:  # who started and ended each hold, checked alike
        for window in handbook.quiet:
            if window.kind == "hold":
                window.checked = _hold_lines(window)
                entries += [(window, line) for line in window.checked]
    untimed = any(a.at is None for _, a in entries)
    if verify_from is not None and mode == "off":
        raise ConfigError("--verify-from needs verify_approvals (mode: author or signed) in policies/rules.yml")
    if not entries or (mode == "off" and not untimed and not stale):
        return result
    root = handbook.root
    result.unavailable = history_unavailable(root)
    additions = None if result.unavailable else read_additions(root)
    if additions is None:
        result.unavailable = result.unavailable or "git could not read its history"
        if verify_from is not None:  # asked to verify a pull request: a warning would let forgeries through
            raise ConfigError(f"--verify-from {verify_from}: approvals cannot be verified here, "
                              f"{result.unavailable}; check out with the full history (actions/checkout with "
                              "fetch-depth: 0, GitLab GIT_DEPTH: 0, or git fetch --unshallow)")
        return result
    new_commits = grandfathered = None
    if verify_from is not None:
        new_commits = _commit_set(root, f"{verify_from}..HEAD")
        if new_commits is None:
            raise ConfigError(f"--verify-from {verify_from}: no such commit here (fetch it first, e.g. "
                              "git fetch origin main, and check out with the full history)")
    if config.since_commit:
        grandfathered = _commit_set(root, config.since_commit)
        if grandfathered is None:
            result.since_problem = config.since_commit
            grandfathered = set()
    elif config.since_date is not None:
        boundary = since_boundary(root, config.since_date)
        grandfathered = (_commit_set(root, boundary) or set()) if boundary else set()
    judge = _Judge(handbook, mode, grandfathered, new_commits)
    found = {}
    for item, approval in entries:
        commits = additions.get(hold_entry(handbook, item, approval) if isinstance(approval, m.HoldLine)
                                else entry_of(item, approval), [])
        found[id(approval)] = commits
        if commits:
            approval.added = commits[0]
            if approval.at is None:
                approval.at = commits[0].authored
    explain_stale(handbook, stale)
    if mode == "off":
        return result
    # Signatures of commits that could verify something: by the approver's address and not already recorded.
    wanted = {}
    for _, approval in entries:
        person = handbook.team.people.get(approval.by)
        for commit in found[id(approval)]:
            if person and commit.email.strip().lower() in person.addresses and judge.recorded(commit) is None:
                wanted[commit.sha] = commit
    if mode == "signed":
        judge.signatures = read_signatures(root, handbook, list(wanted.values()))
        result.platform_problem = judge.signatures.problem
    for _, approval in entries:
        person = handbook.team.people.get(approval.by)
        hold_line = isinstance(approval, m.HoldLine)
        if person is None and not hold_line:
            continue  # ref.person
        commits = found[id(approval)]
        if not commits:
            again = ("acknowledge" if isinstance(approval, m.Acknowledgement) else
                     "run playbook hold" if hold_line else "approve")
            approval.unverified = (f"no commit adds it as it reads now: commit it, or {again} again if it was "
                                   "edited after it was added" if new_commits is None else
                                   f"no commit since {verify_from} adds it as it reads now, and it is not on "
                                   f"{verify_from}")
        else:
            reasons = []
            for commit in commits:
                reason = judge.why_not(person, commit) if person else (
                    f"written in {commit.short} by {commit.author} <{commit.email}>, and "
                    + (f"{approval.by} is not in policies/team.yml" if approval.by else
                       "the hold names nobody who ended it (ended_by)"))
                if reason is None:
                    approval.verified, approval.recorded = True, None
                    break
                approval.recorded = approval.recorded or judge.recorded(commit)
                reasons.append(reason)
            else:
                if not approval.recorded:
                    approval.unverified = reasons[0]
    _disregard_unverified_ends(handbook)
    return result
