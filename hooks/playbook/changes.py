"""What changed since an approval: the item as it was in the commit that added the approval, compared with now.

approval.stale says only that a digest no longer matches unless it can say
more. With the history, the file as committed with the approval is read back
(all of them in one ``git cat-file --batch``) and compared part by part with
what the digest covers (digest.py): "publish_at moved from Tue 1 Dec 09:00 to
Wed 2 Dec 10:00", "copy changed: 'Free' -> 'Fast'", "media holiday/cover.png
changed", "channel tiktok added". Without the history the fields the digest
covers are named instead (``digest.DIGEST_COVERS``).
"""

from __future__ import annotations

import difflib
import hashlib
import posixpath

from . import dates
from . import model as m
from .digest import published_copy
from .gitrun import run_git_bytes
from .problems import ProblemList
from .source import MAX_FILE_BYTES, Source, split_front_matter
from .timeparse import TimeError, parse_datetime

_WORDS_SHOWN = 6  # words shown of a copy change: enough to find it, short enough for one line


def read_blobs(root: str, names: list[str], *, ids_only: bool = False) -> dict[str, bytes]:
    """``<commit>:<path>`` -> the file's bytes at that commit (``ids_only``: its git object id), one git process.

    Names missing at that commit, and files over the loader's size limit, are left out.
    """
    names = [n for n in names if "\n" not in n]  # one name per line: git's batch protocol
    if not names:
        return {}
    command = ["cat-file", "--batch-check" if ids_only else "--batch"]
    output = run_git_bytes(root, command, "".join(n + "\n" for n in names))
    found: dict[str, bytes] = {}
    position = 0
    for name in names:
        if output is None:
            break
        end = output.find(b"\n", position)
        if end < 0:
            break
        header = output[position:end].split()
        position = end + 1
        if len(header) != 3 or header[1] != b"blob":
            continue  # "<name> missing"
        if ids_only:
            found[name] = header[0]
            continue
        size = int(header[2])
        if size <= MAX_FILE_BYTES:
            found[name] = output[position:position + size]
        position += size + 1
    return found


def _old_source(path: str, data: bytes) -> Source | None:
    source = Source(path)
    try:
        text = data.decode("utf-8").lstrip("\ufeff")
    except UnicodeDecodeError:
        return None
    split_front_matter(text, source, ProblemList())
    return source if source.ok and isinstance(source.data, dict) else None


def _list(value) -> list:
    return value if isinstance(value, list) else [value] if value is not None else []


def _copy_change(before: str, after: str) -> str:
    old, new = published_copy(before).split(), published_copy(after).split()
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    parts = []
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        removed = " ".join(old[a1:min(a2, a1 + _WORDS_SHOWN)]) + (" …" if a2 - a1 > _WORDS_SHOWN else "")
        added = " ".join(new[b1:min(b2, b1 + _WORDS_SHOWN)]) + (" …" if b2 - b1 > _WORDS_SHOWN else "")
        parts.append(f"'{removed}' -> '{added}'" if removed and added else
                     f"'{removed}' removed" if removed else f"'{added}' added")
        if len(parts) == 2:
            break
    return "copy changed" + (": " + "; ".join(parts) if parts else " (white space)")


def _when(value) -> str:
    return f"{dates.day(value.date(), year=False)} {dates.clock(value)}"


def git_blob_id(path: str) -> bytes | None:
    """The object id git gives a file's bytes (compared with the id of the file at an old commit)."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError:
        return None
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest().encode()


def describe(handbook: m.Handbook, item, old: Source, media_ids: dict[str, bytes], commit: str) -> list[str]:
    """The differences between ``old`` (the item's file at ``commit``) and the item now, in words."""
    data = old.data
    changes = []
    if published_copy(old.body) != published_copy(item.body):
        changes.append(_copy_change(old.body, item.body))
    if isinstance(item, m.PolicyChapter):
        return changes
    key = "channel" if isinstance(item, m.Post) else "channels"
    was = [str(c) for c in _list(data.get(key))]
    changes += [f"channel {c} added" for c in item.channels if c not in was]
    changes += [f"channel {c} removed" for c in was if c not in item.channels]
    if not isinstance(item, m.Post):
        return changes
    try:
        before = parse_datetime(str(data.get("publish_at")), item.timezone)
    except TimeError:
        before = None
    if before is None or before != item.publish_at:
        shown = _when(before.astimezone(item.timezone)) if before else str(data.get("publish_at"))
        changes.append(f"publish_at moved from {shown} to {_when(item.publish_at.astimezone(item.timezone))}")
    old_media = {posixpath.normpath(str(entry.get("file"))): str(entry.get("alt") or "")
                 for entry in _list(data.get("media")) if isinstance(entry, dict)}
    for media in item.media:
        name = posixpath.normpath(media.file)
        if name not in old_media:
            changes.append(f"media {name} added")
            continue
        if published_copy(old_media[name]) != published_copy(media.alt):
            changes.append(f"alt text of {name} changed")
        was = media_ids.get(f"{commit}:content/media/{name}")
        now = git_blob_id(posixpath.join(handbook.root, "content/media", name)) if name in handbook.media_files \
            else None
        if was is not None and now is not None and was != now:
            changes.append(f"media {name} changed")
    changes += [f"media {name} removed" for name in old_media
                if name not in {posixpath.normpath(x.file) for x in item.media}]
    return changes


def explain_stale(handbook: m.Handbook, stale: list[tuple[object, m.Approval]]) -> None:
    """Set ``approval.changes`` for stale approvals whose adding commit is known (one git process)."""
    known = [(item, a) for item, a in stale if a.added is not None]
    files = list(dict.fromkeys(f"{a.added.sha}:{item.source.path}" for item, a in known))
    media = list(dict.fromkeys(f"{a.added.sha}:content/media/{posixpath.normpath(x.file)}"
                               for item, a in known if isinstance(item, m.Post) for x in item.media))
    blobs = read_blobs(handbook.root, files)
    media_ids = read_blobs(handbook.root, media, ids_only=True)
    for item, approval in known:
        data = blobs.get(f"{approval.added.sha}:{item.source.path}")
        old = _old_source(item.source.path, data) if data is not None else None
        if old is not None:
            approval.changes = describe(handbook, item, old, media_ids, approval.added.sha) or None
