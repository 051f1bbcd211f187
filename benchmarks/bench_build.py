"""Benchmark: a full `mkdocs build --strict` of the synthetic handbook at 1,000 and 10,000 posts.

Each build runs in a child process (as `make build` runs it); the figures are its wall time and its
peak resident memory (ru_maxrss of that child). Targets: 10,000 posts in under 60 s, at most 9x the
time of 1,000 posts, under 500 MB. The site has no page per post, so time should grow about linearly
with the posts while the page count grows only with months and campaigns.

    python benchmarks/bench_build.py [--posts 1000 10000] [--check]
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import generate  # noqa: E402

NOW = datetime(2029, 12, 30, 12, tzinfo=timezone.utc)  # just before the synthetic calendar starts
TARGET_SECONDS, TARGET_RATIO, TARGET_MB = 60.0, 9.0, 500.0


def mkdocs_yml() -> str:
    """The repository's mkdocs.yml with its hook and macros module as absolute paths."""
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("module_name: hooks/macros", f"module_name: {REPO}/hooks/macros")
    text = re.sub(r"(?m)^  - hooks/handbook\.py$", f"  - {REPO}/hooks/handbook.py", text)
    return re.sub(r"(?m)^  - hooks$", f"  - {REPO}/hooks", text)


def prepare(root: Path, posts: int) -> Path:
    generate(root, posts)
    (root / "docs").mkdir(exist_ok=True)
    (root / "docs" / "index.md").write_text((REPO / "docs" / "index.md").read_text(encoding="utf-8"))
    (root / "mkdocs.yml").write_text(mkdocs_yml(), encoding="utf-8")
    return root


def timed_build(root: Path) -> tuple[float, float, int]:
    """(seconds, peak MB, HTML pages) of one strict build in a child process."""
    site = root / "site"
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(int(NOW.timestamp())), "NO_MKDOCS_2_WARNING": "1"}
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir",
                                  str(site)], cwd=root, env=env, stdout=log, stderr=log)
        _, status, usage = os.wait4(child.pid, 0)  # this child's own peak memory, not all children's
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            log.seek(0)
            raise SystemExit(f"build failed:\n{log.read().decode(errors='replace')[-3000:]}")
    pages = sum(1 for _ in site.rglob("*.html"))
    return seconds, usage.ru_maxrss / 1024, pages


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, nargs="+", default=[1_000, 10_000])
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for posts in args.posts:
            root = prepare(Path(tmp) / f"handbook-{posts}", posts)
            seconds, mb, pages = timed_build(root)
            results[posts] = (seconds, mb)
            print(f"build {posts:>6,} posts: {seconds:6.1f} s, peak {mb:6.0f} MB, {pages} pages")
    ok = True
    if 10_000 in results:
        seconds, mb = results[10_000]
        ok &= seconds < TARGET_SECONDS and mb < TARGET_MB
        print(f"targets at 10,000 posts: time {seconds:.1f} s (< {TARGET_SECONDS:.0f}), "
              f"peak {mb:.0f} MB (< {TARGET_MB:.0f})")
    if 1_000 in results and 10_000 in results:
        ratio = results[10_000][0] / results[1_000][0]
        ok &= ratio <= TARGET_RATIO
        print(f"growth 1,000 -> 10,000 posts: {ratio:.1f}x (target <= {TARGET_RATIO:.0f}x)")
    return 1 if args.check and not ok else 0


if __name__ == "__main__":
    sys.exit(main())
