"""Benchmark: the preview loop of `make serve` (mkdocs serve) in a 1,000-post handbook.

Starts `mkdocs serve` on the handbook, waits for the first build, then saves one post several times
(a new title each time) and measures, for each save, the time until the post's campaign page served
over http shows the new title: what an author waits for after pressing save. Target: at most 2 s
(median). It runs `mkdocs serve --dirty`, as `make serve` does (only the pages a save changed are
rewritten, docs/reference/site.md); ``--full`` measures the plain `mkdocs serve` that rewrites every page.
On a shared machine that wall time stretches with other load, so the CPU time of each rebuild is printed
too, as a ratio to the parse floor of the same handbook measured in the same run.

    python benchmarks/bench_preview.py [--posts 1000] [--saves 5] [--profile realistic] [--full]
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_build import build_env, prepare
from synth import PROFILES, best_of, parse_floor, verdict

TARGET_SECONDS = 2.0
POLL = 0.1  # seconds between two requests: often enough, without loading the server (one GIL)
# What `mkdocs serve` logs after each rebuild. Not "Documentation built in 2.28 seconds": MkDocs drops a
# message it logged before (utils.DuplicateFilter), so a rebuild as long as an earlier one would not show.
REBUILT = "Reloading browsers"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) the process has used so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_for(url: str, text: str, deadline: float, start: float | None = None) -> float:
    """Seconds from ``start`` (default: now) until ``url`` serves a page containing ``text``."""
    start = time.perf_counter() if start is None else start
    while text not in fetch(url):
        if time.perf_counter() - start > deadline:
            raise SystemExit(f"{url} did not show {text!r} within {deadline:.0f} s")
        time.sleep(POLL)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, default=1_000)
    parser.add_argument("--saves", type=int, default=5)
    parser.add_argument("--profile", choices=PROFILES, default="realistic")
    parser.add_argument("--full", action="store_true", help="plain `mkdocs serve`: rewrite every page")
    parser.add_argument("--check", action="store_true", help="exit 1 when the target is missed")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = prepare(Path(tmp) / "handbook", args.posts, args.profile)
        floor, _ = best_of(3, parse_floor, root)
        post = sorted((root / "content/posts").rglob("*.md"))[args.posts // 2]
        port = free_port()
        url = f"http://127.0.0.1:{port}/campaigns/{post.parent.name}/"
        log = (Path(tmp) / "serve.log").open("wb")
        dirty = [] if args.full else ["--dirty"]  # as `make serve`
        server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", *dirty, "--dev-addr", f"127.0.0.1:{port}"],
                                  cwd=root, env=build_env(args.profile, args.posts), stdout=log, stderr=log)
        try:
            first = wait_for(url, "</html>", 600)
            waits, cpus = [], []
            original = post.read_text(encoding="utf-8")
            logged = Path(tmp) / "serve.log"
            for n in range(args.saves):
                title = f"Preview check {n} {time.time_ns()}"
                builds = logged.read_text(errors="replace").count(REBUILT)
                used = cpu_seconds(server.pid)
                start = time.perf_counter()
                post.write_text(re.sub(r"(?m)^title: .*$", f"title: {title}", original, count=1), encoding="utf-8")
                waits.append(wait_for(url, title, 600, start))
                while logged.read_text(errors="replace").count(REBUILT) <= builds:
                    if time.perf_counter() - start > 600:
                        raise SystemExit("the rebuild after the save did not finish within 600 s")
                    time.sleep(POLL)  # the rest of that build, before the next save
                cpus.append(cpu_seconds(server.pid) - used)
                time.sleep(0.5)
        except SystemExit:
            log.flush()
            print((Path(tmp) / "serve.log").read_text(errors="replace")[-3000:], file=sys.stderr)
            raise
        finally:
            server.terminate()
            server.wait(timeout=30)
            log.close()
    median, cpu = statistics.median(waits), statistics.median(cpus)
    mode = "full rebuild" if args.full else "dirty"
    print(f"preview ({mode}) {args.posts:,} {args.profile} posts: save to rebuilt page {median:.2f} s median wall "
          f"(each: {', '.join(f'{w:.2f}' for w in waits)}); the rebuild's CPU {cpu:.2f} s = {cpu / floor.cpu:.1f}x "
          f"the floor (CPU {floor.cpu:.2f} s); first build {first:.1f} s; target <= {TARGET_SECONDS:.0f} s: "
          f"{verdict(median <= TARGET_SECONDS)}")
    return 1 if args.check and median > TARGET_SECONDS else 0


if __name__ == "__main__":
    sys.exit(main())
