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

from synth import PROFILES, best_of, generate, parse_floor, reference_now

from playbook.validate import validate

TARGET_RATIO = 2.0


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
            floor, _ = best_of(args.runs, parse_floor, root)
            ours, _ = best_of(args.runs, validate, root, now)
        ratio = ours.ratio(floor)
        ok &= ratio <= TARGET_RATIO
        print(f"validate {args.posts:,} {profile} posts: {ratio:.2f}x the floor (CPU {ours.cpu:.2f} s, wall "
              f"{ours.wall:.2f} s; floor: read + CSafeLoader, CPU {floor.cpu:.2f} s); target <= {TARGET_RATIO}x")
    return 1 if args.check and not ok else 0


if __name__ == "__main__":
    sys.exit(main())
