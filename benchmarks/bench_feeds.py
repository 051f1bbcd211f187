"""Benchmark: `build_feeds` for a handbook already loaded, against the parse floor measured in the same run.

The ratio shows what publishing every feed (all, one per campaign and channel, deadlines) adds to a
build that has already read the handbook. Target at 10,000 posts: at most 1.5x the floor.

    python benchmarks/bench_feeds.py [--posts 10000] [--profile realistic synthetic]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import PROFILES, best_of, generate, parse_floor, reference_now, verdict

from playbook.feeds import build_feeds
from playbook.validate import validate

TARGET_RATIO = 1.5


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile", nargs="+", choices=PROFILES, default=list(PROFILES))
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args()
    ok = True
    for profile in args.profile:
        now = reference_now(profile, args.posts)
        with tempfile.TemporaryDirectory() as tmp:
            root = generate(Path(tmp) / "handbook", args.posts, profile=profile)
            result = validate(root, now)
            floor, _ = best_of(args.runs, parse_floor, root)
            timing, feeds = best_of(args.runs, build_feeds, result.handbook, now)
        cutoff = now - timedelta(days=result.handbook.settings.feed_past_days)
        window = [p for p in result.handbook.posts if p.publish_at >= cutoff]
        events = feeds["feeds/all.ics"].count(b"BEGIN:VEVENT")
        if events != len(window):
            print(f"all.ics holds {events} events for {len(window)} posts in its window", file=sys.stderr)
            return 1
        ratio = timing.ratio(floor)
        ok &= ratio <= TARGET_RATIO
        size = sum(len(v) for v in feeds.values()) / 1e6
        print(f"feeds {args.posts:,} {profile} posts: {ratio:.2f}x the floor (CPU {timing.cpu:.2f} s, wall "
              f"{timing.wall:.2f} s; floor CPU {floor.cpu:.2f} s) for {len(feeds)} feeds, {events:,} posts, "
              f"{size:.1f} MB; target <= {TARGET_RATIO}x: {verdict(ratio <= TARGET_RATIO)}")
    return 1 if args.check and not ok else 0


if __name__ == "__main__":
    sys.exit(main())
