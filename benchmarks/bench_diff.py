"""Benchmark: `playbook diff` of a one-post change against `playbook validate`, measured in the same run.

The handbook is a git repository of 10,000 realistic posts (benchmarks/synth.py); the change moves
one post in the working tree. The diff exports the base revision with git
archive and loads both sides. Target: ratio <= 2.0 (issue 11).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "hooks"))

from synth import best_of, generate, reference_now, verdict

from playbook.diff import diff
from playbook.validate import validate

ENV = {**os.environ, "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "b@bench.example",
       "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "b@bench.example"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = generate(Path(tmp) / "handbook", args.posts)
        for command in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-qm", "synthetic"]):
            subprocess.run(["git", "-C", str(root), *command], check=True, env=ENV)
        post = sorted(root.glob("content/posts/*/*.md"))[0]
        text = post.read_text()
        day = re.search(r"^publish_at: (\d{4}-\d\d-\d\d)", text, re.M)
        later = (date.fromisoformat(day.group(1)) + timedelta(days=1)).isoformat()
        post.write_text(text[:day.start(1)] + later + text[day.end(1):])
        _, _, changes, _ = diff(root, "HEAD", None)
        assert [c.change for c in changes][:1] == ["moved"], changes[:3]
        floor, _ = best_of(args.runs, validate, root, reference_now("realistic", args.posts))
        ours, _ = best_of(args.runs, diff, root, "HEAD", None)
    print(f"diff of a one-post change in {args.posts:,} posts: {ours.ratio(floor):.2f}x a validate "
          f"(CPU {ours.cpu:.2f} s vs {floor.cpu:.2f} s; wall {ours.wall:.2f} s vs {floor.wall:.2f} s; target <= 2.0: "
          f"{verdict(ours.ratio(floor) <= 2.0)})")


if __name__ == "__main__":
    main()
