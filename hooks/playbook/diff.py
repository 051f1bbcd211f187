"""What a change does to the schedule: two versions of the handbook compared item by item.

Both sides are read without touching the working tree: a git revision is
exported with ``git archive`` (only calendar/, content/ and policies/) into a
temporary folder and loaded like any handbook; the working tree is loaded in
place. Only the items that differ are compared further (approvals, holds),
so the cost is two loads.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

from . import approvals as ap
from . import model as m
from . import urls
from .dates import UNTIL_LIFTED, wall_clock
from .errors import PlaybookError
from .load import load_handbook
from .source import ParseCache
from .validate import check_loaded

HANDBOOK_FOLDERS = ("calendar", "content", "policies")
# What a change can do to the calendar's rules: listed as `conflict` changes on the posts it adds or moves.
SCHEDULE_RULES = frozenset({"time.channel-cap", "time.channel-gap", "time.quiet-period", "time.outside-campaign"})
WORKING_TREE = "working tree"


@dataclass(frozen=True)
class Change:
    """One change to one item: JSON lists these as they are."""

    kind: str  # post, template, chapter, quiet, hold
    id: str
    change: str  # added, removed, ended (a hold), moved, status, channels, held, released, approval-added,
    #              approval-stale, approval-missing, wording, review-by, version
    before: str | None
    after: str | None
    note: str = ""  # what it means: "now inside hold 'Storm'", "due Mon 2026-11-30 09:00 (…)"
    anchor: str | None = None  # the item's place in the site, relative to site_url


# -- reading a side -------------------------------------------------------------


def _git(root: Path, *args: str, binary: bool = False):
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, timeout=300, check=False)
    except (OSError, subprocess.SubprocessError) as error:
        raise PlaybookError(f"git failed: {error}") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise PlaybookError(f"git {args[0]}: {message[-1] if message else 'failed'}")
    return done.stdout if binary else done.stdout.decode("utf-8", "replace").strip()


def default_base(root: Path) -> str:
    """The merge base of HEAD with the default branch (origin's HEAD, else main, else master)."""
    candidates = []
    try:
        candidates.append(_git(root, "symbolic-ref", "--quiet", "--short", "refs/remotes/origin/HEAD"))
    except PlaybookError:
        pass
    candidates += ["origin/main", "main", "origin/master", "master"]
    for branch in candidates:
        try:
            return _git(root, "merge-base", "HEAD", branch)
        except PlaybookError:
            continue
    raise PlaybookError("no default branch to compare with (main, master or origin/HEAD): name BASE")


def _export(root: Path, revision: str, target: Path, reuse_working_tree: bool) -> None:
    """Write the handbook folders of ``revision`` into ``target``; the working tree is only read.

    With ``reuse_working_tree``, files the working tree holds unchanged since ``revision`` are hard
    links to it (one system call each) and only the changed ones come out of git: a one-post change
    in 10,000 posts writes one file.
    """
    commit = _git(root, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
    prefix = _git(root, "rev-parse", "--show-prefix")  # the handbook may live in a sub-folder of the repository
    tree = f"{commit}:{prefix}" if prefix else commit
    present = set(_git(root, "ls-tree", "--name-only", tree).splitlines())
    folders = [f for f in HANDBOOK_FOLDERS if f in present]
    target.mkdir(parents=True, exist_ok=True)
    if not folders:
        return
    wanted = folders
    if reuse_working_tree:
        listed = _git(root, "ls-tree", "-r", "-z", tree, "--", *folders).split("\0")
        changed = set(_git(root, "diff", "--name-only", "-z", "--relative", commit, "--", *folders).split("\0"))
        wanted = []
        for entry in filter(None, listed):
            mode, path = entry.split(" ", 1)[0], entry.split("\t", 1)[1]
            if path in changed or mode != "100644" or not _link(root / path, target / path):
                wanted.append(path)
        if not wanted:
            return
    data = _git(root, "archive", "--format=tar", tree, "--", *wanted, binary=True)
    with tarfile.open(fileobj=io.BytesIO(data)) as archive:
        # The 'data' filter refuses links out of the folder, absolute paths and device files.
        archive.extractall(target, filter="data")


def _link(source: Path, link: Path) -> bool:
    """Hard-link an unchanged working-tree file into the export; False when it cannot be (then git writes it)."""
    try:
        link.parent.mkdir(parents=True, exist_ok=True)
        os.link(source, link, follow_symlinks=False)
    except OSError:
        return False
    return True


@contextmanager
def side(root: Path, revision: str | None, reuse_working_tree: bool = False,
         cache: ParseCache | None = None) -> Iterator[m.Handbook]:
    """The handbook at ``revision`` (None: the working tree), loaded from a temporary export; files whose
    text ``cache`` already holds (from the other side) are not parsed again."""
    if revision is None:
        yield load_handbook(root, cache)
        return
    # Inside the git folder: the same file system as the working tree, so hard links work.
    scratch = Path(root, _git(root, "rev-parse", "--git-dir"))
    with tempfile.TemporaryDirectory(prefix="playbook-diff-", dir=scratch) as tmp:
        _export(root, revision, Path(tmp), reuse_working_tree)
        yield load_handbook(tmp, cache)


def label(root: Path, revision: str | None) -> str:
    if revision is None:
        return WORKING_TREE
    return _git(root, "rev-parse", "--short", f"{revision}^{{commit}}")


# -- comparing ------------------------------------------------------------------


def _when(post: m.Post) -> str:
    return wall_clock(post.publish_at, post.timezone)


def _quiet_windows(handbook: m.Handbook, post: m.Post) -> list[m.QuietWindow]:
    return [w for w in handbook.quiet if w.kind == "quiet" and any(w.covers(post.publish_at, c) for c in post.channels)]


def _pause(handbook: m.Handbook, post: m.Post) -> str | None:
    """What pauses the post at its time, by id and short reason ("hold pacer3-sole-review (Quality is
    investigating…)"), every hold and quiet period that covers it; None when nothing does."""
    windows = post.holds + _quiet_windows(handbook, post)
    if not windows:
        return None
    return " and ".join(f"{'hold' if w.kind == 'hold' else 'quiet period'} {w.id} ({_short(w.reason, 48)})"
                        for w in windows)


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(" ,;:") + "…"  # at a word's end


def _valid_roles(handbook: m.Handbook, item) -> dict[str, m.Approval]:
    return {a.role: a for a in ap.valid_approvals(handbook, item)}


def _stale_reason(before, after) -> str:
    """Why an approval went stale, in the words validate uses: which approved part changed (a move is not
    a copy edit)."""
    parts = []
    if getattr(before, "publish_at", None) != getattr(after, "publish_at", None):
        parts.append("publish_at moved")
    if getattr(before, "channels", None) != getattr(after, "channels", None):
        parts.append("channels changed")
    if getattr(before, "body", None) != getattr(after, "body", None):
        parts.append("text changed")
    return f"stale: {', '.join(parts)}" if parts else "stale: the content changed since"


def _approval_changes(kind: str, ident: str, old: m.Handbook, new: m.Handbook, before, after,
                      anchor: str | None) -> list[Change]:
    out = []
    was = _valid_roles(old, before) if before is not None else {}
    now = _valid_roles(new, after)
    for role in sorted(now.keys() - was.keys()):
        out.append(Change(kind, ident, "approval-added", None, f"{role} by {now[role].by}", anchor=anchor))
    for role in sorted(was.keys() - now.keys()):
        gone = next((a for a in after.approvals if a.role == role and a.by == was[role].by), None)
        why = _stale_reason(before, after) if gone is not None else "removed"
        out.append(Change(kind, ident, "approval-stale", f"{role} by {was[role].by}", None, why, anchor))
    for pending in ap.pending_approvals(new, after, list(now.values())):
        due = f"due {wall_clock(pending.due, after.timezone)}" if pending.due is not None else ""
        who = ", ".join(p.id for p in pending.holders) or "nobody eligible"
        out.append(Change(kind, ident, "approval-missing", None, ap.roles_text(pending),
                          "; ".join(x for x in (due, f"{ap.step_reason(pending.step)}; can approve: {who}") if x),
                          anchor))
    return out


def _post_changes(old: m.Handbook, new: m.Handbook, before: m.Post | None, after: m.Post | None) -> list[Change]:
    post = after or before
    anchor = urls.post_page(post)
    if after is None:
        return [Change("post", before.id, "removed", f"{_when(before)} ({before.status})", None,
                       ", ".join(before.channels))]
    if before is None:
        pause = _pause(new, after)
        out = [Change("post", after.id, "added", None, f"{_when(after)} ({after.status})",
                      ", ".join(after.channels) + (f"; inside {pause}" if pause else ""), anchor)]
        return out + _approval_changes("post", after.id, old, new, None, after, anchor)
    out = []
    if before.publish_at != after.publish_at:
        was, now = _pause(old, before), _pause(new, after)
        note = (f"now inside {now}" if now and not was else f"out of {was}" if was and not now
                else f"from {was} into {now}" if was != now else "")
        out.append(Change("post", after.id, "moved", _when(before), _when(after), note, anchor))
    elif before.is_held != after.is_held:
        # Not moved, but a hold window came or went over it.
        change = "held" if after.is_held else "released"
        out.append(Change("post", after.id, change, str(before.status), str(after.status),
                          _pause(new, after) or "", anchor))
    if before.status != after.status:
        out.append(Change("post", after.id, "status", str(before.status), str(after.status), anchor=anchor))
    if before.channels != after.channels:
        out.append(Change("post", after.id, "channels", ", ".join(before.channels), ", ".join(after.channels),
                          anchor=anchor))
    if (out or _edited(before, after)) and after.status.goes_out:
        out += _approval_changes("post", after.id, old, new, before, after, anchor)
    return out


def _edited(before, after) -> bool:
    """Whether the file changed at all: a cheap test that spares the digests of untouched items."""
    return before.source.data != after.source.data or before.body != after.body


def _wording_changes(kind: str, old: m.Handbook, new: m.Handbook, before, after) -> list[Change]:
    item = after or before
    anchor = (f"{urls.responses_page(item.category)}#{item.id}" if kind == "template"
              else urls.chapter_page(item.id))
    if after is None:
        return [Change(kind, before.id, "removed", before.title, None)]
    if before is None:
        return [Change(kind, after.id, "added", None, after.title, anchor=anchor)]
    out = []
    if not _edited(before, after):
        return out
    if ap.content_digest(old, before) != ap.content_digest(new, after):
        out.append(Change(kind, after.id, "wording", None, None, "the wording changed: it needs approving again",
                          anchor))
    if before.review_by != after.review_by:
        out.append(Change(kind, after.id, "review-by", _text(before.review_by), _text(after.review_by),
                          anchor=anchor))
    if kind == "chapter" and before.version != after.version:
        out.append(Change(kind, after.id, "version", before.version, after.version, anchor=anchor))
    return out + _approval_changes(kind, after.id, old, new, before, after, anchor)


def _text(value) -> str | None:
    return None if value is None else str(value)


def _window_key(window: m.QuietWindow) -> tuple:
    return (window.kind, window.start, window.end, tuple(window.channels or ()), window.reason)


def _window_text(window: m.QuietWindow, zone) -> str:
    where = "all channels" if window.channels is None else ", ".join(window.channels)
    end = UNTIL_LIFTED if window.end is None else f"to {wall_clock(window.end, zone)}"
    return f"{wall_clock(window.start, zone)} {end} on {where}: {_short(window.reason)}"


def _window_changes(old: m.Handbook, new: m.Handbook) -> list[Change]:
    zone = new.settings.timezone
    was = {_window_key(w): w for w in old.quiet}
    now = {_window_key(w): w for w in new.quiet}
    out = []
    # `playbook hold end`: the same hold with an end written (or moved) is one change, not a removal and an addition
    ended_ids = {w.id: w for w in new.quiet if w.kind == "hold" and w.ended_by}
    for key, window in sorted(was.items(), key=lambda item: str(item[0])):
        after = ended_ids.get(window.id)
        if window.kind == "hold" and key not in now and after is not None and after.start == window.start \
                and _window_key(after) not in was:
            out.append(Change("hold", window.id, "ended", _window_text(window, zone), _window_text(after, zone),
                              f"ended by {after.ended_by}"))
            del was[key], now[_window_key(after)]
    for key in sorted(was.keys() - now.keys(), key=str):
        window = was[key]
        out.append(Change(window.kind, _window_text(window, zone), "removed", _window_text(window, zone), None))
    for key in sorted(now.keys() - was.keys(), key=str):
        window = now[key]
        paused = [p.id for p in new.posts if p.status.goes_out and window.covers_post(p)]
        note = f"pauses {len(paused)} post{'s' * (len(paused) != 1)}: {', '.join(paused)}" if paused else ""
        out.append(Change(window.kind, _window_text(window, zone), "added", None, _window_text(window, zone), note))
    return out


def compare(old: m.Handbook, new: m.Handbook) -> list[Change]:
    """Every change from ``old`` to ``new``: posts by time, then templates, chapters, quiet periods and holds."""
    out: list[Change] = []
    before = {p.id: p for p in old.posts}
    after = {p.id: p for p in new.posts}
    # Posts in the order a reader scans a calendar: by their (new, else old) time.
    ids = sorted(before.keys() | after.keys(), key=lambda i: ((after.get(i) or before[i]).publish_at, i))
    for ident in ids:
        out += _post_changes(old, new, before.get(ident), after.get(ident))
    for kind, was, now in (("template", old.templates, new.templates), ("chapter", old.chapters, new.chapters)):
        for ident in sorted(was.keys() | now.keys()):
            out += _wording_changes(kind, old, new, was.get(ident), now.get(ident))
    return out + _window_changes(old, new) + _conflicts(new, out)


def _conflicts(new: m.Handbook, changes: list[Change]) -> list[Change]:
    """Caps, gaps, quiet periods and campaign windows the changed posts now break (the other post of a conflict
    is named in the note), found by the rules themselves on the new side."""
    touched = {c.id for c in changes if c.kind == "post" and c.change in ("added", "moved", "channels", "released")}
    posts = {p.source.path: p for p in new.posts if p.id in touched and p.source is not None}
    if not posts:
        return []
    return [Change("post", posts[problem.path].id, "conflict", None, problem.rule, problem.message,
                   urls.post_page(posts[problem.path]))
            for problem in check_loaded(new, changed=frozenset(posts))
            if problem.rule in SCHEDULE_RULES and problem.path in posts]


def diff(root: Path, base: str | None, head: str | None) -> tuple[str, str, list[Change], m.Handbook]:
    """(base label, head label, changes, head handbook); BASE defaults to the merge base, HEAD None is the work tree."""
    base = base or default_base(root)
    parses = ParseCache()
    with side(root, base, reuse_working_tree=head is None, cache=parses) as old, \
            side(root, head, cache=parses) as new:
        return label(root, base), label(root, head), compare(old, new), new


# -- output ---------------------------------------------------------------------


def _summary(changes: list[Change]) -> str:
    counts: dict[str, int] = {}
    for change in changes:
        if not change.change.startswith("approval-"):
            counts[change.change] = counts.get(change.change, 0) + 1
    missing = sum(c.change == "approval-missing" for c in changes)
    parts = [f"{n} {what}{'s' if what == 'conflict' and n != 1 else ''}" for what, n in counts.items()]
    if missing:
        parts.append(f"{missing} approval{'s' * (missing != 1)} still needed")
    return ", ".join(parts) or "no schedule changes"


def _arrow(change: Change) -> str:
    if change.before is not None and change.after is not None:
        return f"{change.before} -> {change.after}"
    return change.after if change.after is not None else (change.before or "")


def as_text(base: str, head: str, changes: list[Change]) -> str:
    lines = [f"schedule changes from {base} to {head}: {_summary(changes)}"]
    for c in changes:
        note = f"  ({c.note})" if c.note else ""
        lines.append(f"  {c.change:<17} {c.kind} {c.id}: {_arrow(c)}{note}".rstrip())
    return "\n".join(lines) + "\n"


def _cell(text: str | None) -> str:
    """Table-cell text: pipes and line breaks escaped, Markdown and HTML made inert."""
    if not text:
        return ""
    text = " ".join(text.split())
    for char in "\\`*_[]<>|#!":
        text = text.replace(char, "\\" + char)
    return text


def as_markdown(base: str, head: str, changes: list[Change], site_url: str | None) -> str:
    lines = [f"### Schedule changes from `{base}` to {'the working tree' if head == WORKING_TREE else f'`{head}`'}",
             "", _summary(changes) + ".", ""]
    if not changes:
        return "\n".join(lines)
    lines += ["| Change | Item | Before | After | Note |", "|---|---|---|---|---|"]
    for c in changes:
        item = f"{c.kind} {_cell(c.id)}"
        if site_url and c.anchor:
            item = f"[{item}]({site_url}{c.anchor})"
        lines.append(f"| {c.change} | {item} | {_cell(c.before)} | {_cell(c.after)} | {_cell(c.note)} |")
    return "\n".join(lines) + "\n"


def as_json(base: str, head: str, changes: list[Change]) -> str:
    return json.dumps({"base": base, "head": head, "changes": [asdict(c) for c in changes]},
                      indent=2, ensure_ascii=False) + "\n"
