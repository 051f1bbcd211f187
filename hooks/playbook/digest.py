"""Content digests: what an approval is bound to.

A digest is ``sha256:<hex>`` over a canonical JSON document of exactly the
parts of an item that reach the audience:

* posts: the copy, the channels, the media (each file's bytes and its alt
  text, in order) and publish_at as a UTC instant;
* response templates: the reply text and the channels;
* policy chapters: the chapter text.

Anything else (title, tags, status, flags, author, approvals themselves) is
left out, so editing it keeps approvals valid. The copy is compared as
published: surrounding white space trimmed and Unicode NFC-normalised, so
re-saving a file with decomposed accents or a final newline changes nothing.
Times are compared as instants: ``09:00-04:00`` and ``13:00Z`` are equal.
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
import unicodedata
from datetime import timezone

from . import model as m

# What the digest covers, in words (a stale approval without history names these).
DIGEST_COVERS = {m.Post: "the copy, channels, media or publish_at", m.ResponseTemplate: "the reply text or channels",
                 m.PolicyChapter: "the chapter text"}
DIGEST_VERSION = 1  # part of the hashed document: a future scheme can never collide with this one

# Absolute media path -> (mtime_ns, size, sha256 hex). A campaign reuses one
# image across many posts; each file is read once per change, not per post.
_MEDIA_CACHE: dict[str, tuple[int, int, str]] = {}


def published_copy(body: str) -> str:
    """Text as published (``model.published_text``), NFC-normalised so the same letters digest the same."""
    text = m.published_text(body)
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def utc_instant(when) -> str:
    return when.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _normal(file: str) -> str:
    return posixpath.normpath(file.replace("\\", "/"))


def media_file_digest(handbook: m.Handbook, file: str) -> str | None:
    """SHA-256 of a media file's bytes, or None if it is not a file of the handbook.

    Only paths the loader listed under content/media are read: a path with
    ``..`` or a symlink never reaches the file system here.
    """
    normal = _normal(file)
    if normal not in handbook.media_files:
        return None
    if normal not in handbook.media_digests:
        handbook.media_digests[normal] = _file_digest(os.path.join(handbook.root, "content", "media", normal))
    return handbook.media_digests[normal]


def _file_digest(key: str) -> str | None:
    """SHA-256 hex of the file at ``key``; read again only when its modification time or size changed."""
    try:
        stat = os.stat(key)
    except OSError:
        return None
    cached = _MEDIA_CACHE.get(key)
    if cached and cached[0] == stat.st_mtime_ns and cached[1] == stat.st_size:
        return cached[2]
    hasher = hashlib.sha256()
    try:
        with open(key, "rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                hasher.update(chunk)
    except OSError:
        return None
    _MEDIA_CACHE[key] = (stat.st_mtime_ns, stat.st_size, hasher.hexdigest())
    return _MEDIA_CACHE[key][2]


def digest_document(handbook: m.Handbook, item) -> dict:
    """The canonical document the digest is computed over (useful to explain a stale approval)."""
    if isinstance(item, m.Post):
        return {
            "v": DIGEST_VERSION,
            "kind": "post",
            "copy": published_copy(item.body),
            "channels": sorted(set(item.channels)),
            "media": [{"file": _normal(media.file), "sha256": media_file_digest(handbook, media.file),
                       "alt": published_copy(media.alt)} for media in item.media],
            "publish_at": utc_instant(item.publish_at),
        }
    if isinstance(item, m.ResponseTemplate):
        return {"v": DIGEST_VERSION, "kind": "template", "copy": published_copy(item.body),
                "channels": sorted(set(item.channels))}
    if isinstance(item, m.PolicyChapter):
        return {"v": DIGEST_VERSION, "kind": "chapter", "copy": published_copy(item.body)}
    raise TypeError(f"cannot digest a {type(item).__name__}")


def content_digest(handbook: m.Handbook, item) -> str:
    document = json.dumps(digest_document(handbook, item), sort_keys=True, ensure_ascii=False,
                          separators=(",", ":"))
    return "sha256:" + hashlib.sha256(document.encode("utf-8")).hexdigest()
