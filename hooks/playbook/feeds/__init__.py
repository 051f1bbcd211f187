"""iCalendar feeds of the campaign schedule: ``feeds/all.ics``, ``feeds/campaign-<id>.ics``,
``feeds/channel-<id>.ics`` and ``feeds/deadlines.ics``.

The site hook adds them to the site with ``File.generated``; ``playbook ics``
writes them without building the site. See docs/reference/feeds.md.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path, PurePosixPath

from .build import FeedBuilder, build_feeds
from .history import feed_dtstamp, read_history

__all__ = ["FeedBuilder", "build_feeds", "feed_dtstamp", "read_history", "write_feeds"]


def _safe_relative(key: str) -> PurePosixPath:
    path = PurePosixPath(key)
    if path.is_absolute() or not path.parts or any(part in ("", ".", "..") for part in path.parts) \
            or "\\" in key or "\x00" in key:
        raise ValueError(f"not a relative feed path: {key!r}")
    return path


def write_feeds(feeds: dict[str, bytes], out_dir: Path) -> None:
    """Write each feed under ``out_dir`` (``out_dir/feeds/all.ics``...).

    Every file goes to a temporary file in the same folder, is flushed to disk
    and then renamed over the old one, so a reader (or a web server) sees the
    old feed or the new one, never half of one; a failure leaves the old feed
    in place and no temporary file behind. Files get mode 0644 (readable by a
    web server), not the 0600 of a temporary file.
    """
    out_dir = Path(out_dir)
    for key in sorted(feeds):
        target = out_dir.joinpath(*_safe_relative(key).parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(feeds[key])
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(temp, 0o644)
            os.replace(temp, target)
        except BaseException:
            try:
                os.unlink(temp)
            except OSError:
                pass
            raise
