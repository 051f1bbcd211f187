"""Benchmark: `build_feeds` for a synthetic handbook, beside the time to load that handbook.

Target at 10,000 posts: every feed (all, one per campaign and channel, deadlines) in under 3 s. The ratio
to the load time shows what publishing feeds adds to a build that has already read the handbook.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "hooks"))

from synth import best_of, generate

from playbook.feeds import build_feeds
from playbook.load import load_handbook

NOW = datetime(2029, 6, 1, tzinfo=timezone.utc)
TARGET = 3.0



def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = generate(Path(tmp) / "handbook", args.posts)
        load_handbook(root)  # warm the file cache
        load, handbook = best_of(args.runs, load_handbook, root)
        feeds_time, feeds = best_of(args.runs, build_feeds, handbook, NOW)
    events = feeds["feeds/all.ics"].count(b"BEGIN:VEVENT")
    if events != len(handbook.posts):
        print(f"all.ics holds {events} events for {len(handbook.posts)} posts", file=sys.stderr)
        return 1
    size = sum(len(v) for v in feeds.values()) / 1e6
    verdict = "ok" if feeds_time < TARGET else "SLOWER THAN TARGET"
    print(f"feeds {args.posts} posts: {feeds_time:.2f} s for {len(feeds)} feeds ({size:.1f} MB); "
          f"load handbook: {load:.2f} s; ratio {feeds_time / load:.2f}; target < {TARGET:.0f} s: {verdict}")
    return 0 if feeds_time < TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
