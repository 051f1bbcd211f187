"""Benchmark: a full `mkdocs build --strict` at 1,000 and 10,000 posts, against the parse floor.

Each build runs in a child process (as `make build` runs it); the figures are its wall time, its ratio
to the parse floor of the same handbook measured in the same run (read + CSafeLoader, see synth.py),
and its peak resident memory (ru_maxrss of that child). Targets at 10,000 posts: at most 8x the floor,
at most 10x the time of 1,000 posts, under 300 MB. The site has no page per post, so time should grow
about linearly with the posts while the page count grows only with months and campaigns.

    python benchmarks/bench_build.py [--posts 1000 10000] [--profile realistic synthetic] [--check]
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import PROFILES, Timing, best_of, generate, parse_floor, reference_now, verdict  # noqa: E402

TARGET_RATIO, TARGET_GROWTH, TARGET_MB = 8.0, 10.0, 300.0
HOME_PAGES = ("index.md", "team.md")  # the home page links the team dashboard: both, as a team's site has them


def mkdocs_yml() -> str:
    """The repository's mkdocs.yml with its hook and macros module as absolute paths."""
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("module_name: hooks/macros", f"module_name: {REPO}/hooks/macros")
    text = re.sub(r"(?m)^  - hooks/handbook\.py$", f"  - {REPO}/hooks/handbook.py", text)
    return re.sub(r"(?m)^  - hooks$", f"  - {REPO}/hooks", text)


def prepare(root: Path, posts: int, profile: str = "realistic") -> Path:
    generate(root, posts, profile=profile)
    (root / "docs").mkdir(exist_ok=True)
    for page in HOME_PAGES:
        (root / "docs" / page).write_text((REPO / "docs" / page).read_text(encoding="utf-8"), encoding="utf-8")
    (root / "mkdocs.yml").write_text(mkdocs_yml(), encoding="utf-8")
    return root


def build_env(profile: str, posts: int) -> dict[str, str]:
    now = reference_now(profile, posts)
    return {**os.environ, "SOURCE_DATE_EPOCH": str(int(now.timestamp())), "NO_MKDOCS_2_WARNING": "1"}


def timed_build(root: Path, env: dict[str, str]) -> tuple[Timing, float, int]:
    """(time, peak MB, HTML pages) of one strict build in a child process."""
    site = root / "site"
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
                                 cwd=root, env=env, stdout=log, stderr=log)
        _, status, usage = os.wait4(child.pid, 0)  # this child's own peak memory, not all children's
        seconds = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            log.seek(0)
            raise SystemExit(f"build failed:\n{log.read().decode(errors='replace')[-3000:]}")
    pages = sum(1 for _ in site.rglob("*.html"))
    return Timing(seconds, usage.ru_utime + usage.ru_stime), usage.ru_maxrss / 1024, pages


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, nargs="+", default=[1_000, 10_000])
    parser.add_argument("--profile", nargs="+", choices=PROFILES, default=list(PROFILES))
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args()
    ok = True
    for profile in args.profile:
        results = {}
        with tempfile.TemporaryDirectory() as tmp:
            for posts in args.posts:
                root = prepare(Path(tmp) / f"handbook-{posts}", posts, profile)
                floor, _ = best_of(3, parse_floor, root)
                timing, mb, pages = timed_build(root, build_env(profile, posts))
                results[posts] = timing
                ratio = timing.ratio(floor)
                print(f"build {posts:>6,} {profile} posts: {ratio:5.1f}x the floor (CPU {timing.cpu:.1f} s, wall "
                      f"{timing.wall:.1f} s; floor CPU {floor.cpu:.2f} s), peak {mb:4.0f} MB, {pages} pages")
                if posts == 10_000:
                    ok &= ratio <= TARGET_RATIO and mb <= TARGET_MB
                    print(f"  targets at 10,000 posts: <= {TARGET_RATIO:.0f}x the floor: "
                          f"{verdict(ratio <= TARGET_RATIO)}; <= {TARGET_MB:.0f} MB: {verdict(mb <= TARGET_MB)}")
        if 1_000 in results and 10_000 in results:
            growth = results[10_000].cpu / results[1_000].cpu
            ok &= growth <= TARGET_GROWTH
            print(f"  growth 1,000 -> 10,000 {profile} posts: {growth:.1f}x (target <= {TARGET_GROWTH:.0f}x: "
                  f"{verdict(growth <= TARGET_GROWTH)})")
    return 1 if args.check and not ok else 0


if __name__ == "__main__":
    sys.exit(main())
