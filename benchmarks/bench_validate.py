"""Benchmark: `playbook validate` against the parse floor measured in the same run.

The floor reads the same files and parses their front matter with PyYAML's
CSafeLoader, which is the least any validator must do. Target at 10,000
posts of either profile: ratio <= 2.0.

    python benchmarks/bench_validate.py [--posts 10000] [--profile realistic synthetic]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import PROFILES, Timing, best_of, generate, parse_floor, reference_now, verdict

from playbook.validate import validate

TARGET_RATIO = 2.0


def _alternating(runs: int, *calls) -> list[Timing]:
    """The best of ``runs`` timings of each call, taking turns: a change in the shared machine's load
    during the measurement then slows every side alike instead of the one that happened to run then."""
    timings = [[] for _ in calls]
    for _ in range(runs):
        for taken, (fn, *args) in zip(timings, calls, strict=True):
            taken.append(best_of(1, fn, *args)[0])
    return [Timing(min(t.wall for t in taken), min(t.cpu for t in taken)) for taken in timings]


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
            result = validate(root, now)  # warm the file cache and check the input is clean
            assert not result.problems, result.problems[:3]
            floor, ours = _alternating(args.runs, (parse_floor, root), (validate, root, now))
        ratio = ours.ratio(floor)
        ok &= ratio <= TARGET_RATIO
        print(f"validate {args.posts:,} {profile} posts: {ratio:.2f}x the floor (CPU {ours.cpu:.2f} s, wall "
              f"{ours.wall:.2f} s; floor: read + CSafeLoader, CPU {floor.cpu:.2f} s); target <= {TARGET_RATIO}x: "
              f"{verdict(ratio <= TARGET_RATIO)}")
    return 1 if args.check and not ok else 0


if __name__ == "__main__":
    sys.exit(main())
