"""Benchmark: `playbook diff` of a one-post change against `playbook validate`, measured in the same run.

The handbook is a git repository of 10,000 synthetic posts; the change moves
one post in the working tree. The diff exports the base revision with git
archive and loads both sides. Target: ratio <= 2.0 (issue 11).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "hooks"))

from synth import best_of, generate

from playbook.diff import diff
from playbook.validate import validate

NOW = datetime(2029, 6, 1, tzinfo=timezone.utc)
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
        post = root / "content/posts/campaign-0/post-1.md"
        post.write_text(post.read_text().replace("publish_at: 2030-01-03", "publish_at: 2030-01-04"))
        _, _, changes, _ = diff(root, "HEAD", None)
        assert [c.change for c in changes][:1] == ["moved"], changes[:3]
        floor, _ = best_of(args.runs, validate, root, NOW)
        ours, _ = best_of(args.runs, diff, root, "HEAD", None)
    print(f"diff of a one-post change in {args.posts} posts: {ours:.2f} s; validate: {floor:.2f} s; "
          f"ratio {ours / floor:.2f} (target <= 2.0)")


if __name__ == "__main__":
    main()
