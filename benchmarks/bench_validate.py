"""Benchmark: `playbook validate` against a floor measured in the same run.

The floor reads the same files and parses their front matter with PyYAML's
CSafeLoader, which is the least any validator must do. Target at 10,000
posts: ratio <= 2.0.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "hooks"))

from synth import best_of, generate

from playbook.validate import validate

NOW = datetime(2029, 6, 1, tzinfo=timezone.utc)


def floor(root: Path) -> int:
    count = 0
    for path in sorted(root.rglob("*")):
        if path.suffix == ".md":
            text = path.read_text(encoding="utf-8")
            front = text.split("---\n", 2)[1]
            yaml.load(front, Loader=yaml.CSafeLoader)
            count += 1
        elif path.suffix == ".yml":
            yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    return count



def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = generate(Path(tmp) / "handbook", args.posts)
        result = validate(root, NOW)  # warm the file cache and check the input is clean
        assert not result.errors, result.errors[:3]
        base, _ = best_of(args.runs, floor, root)
        ours, _ = best_of(args.runs, validate, root, NOW)
    print(f"validate {args.posts} posts: {ours:.2f} s; floor (read + CSafeLoader): {base:.2f} s; "
          f"ratio {ours / base:.2f} (target <= 2.0)")


if __name__ == "__main__":
    main()
