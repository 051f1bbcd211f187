"""Every benchmark still runs (tiny sizes; no timing is checked here): `make bench` must not rot between uses."""

import subprocess
import sys

import pytest
from paths import REPO

SMALL = {
    "bench_suggest.py": ["--people", "300", "--typos", "5", "--runs", "1"],
    "bench_metrics.py": ["--posts", "60", "--days", "2", "--runs", "1"],
    "bench_verify.py": ["--posts", "400", "--commits", "60", "--signed", "3", "--runs", "1"],
    "bench_diff.py": ["--posts", "60", "--runs", "1"],
    "bench_feeds.py": ["--posts", "60", "--runs", "1"],
    "bench_validate.py": ["--posts", "60", "--runs", "1"],
}


def test_every_benchmark_is_listed_here():
    scripts = {p.name for p in (REPO / "benchmarks").glob("bench_*.py")}
    # the build and preview benchmarks run mkdocs (minutes): the site tests cover what they drive
    assert scripts - {"bench_build.py", "bench_preview.py"} == set(SMALL)


@pytest.mark.parametrize("script", sorted(SMALL))
def test_the_benchmark_runs_at_a_small_size(script):
    done = subprocess.run([sys.executable, str(REPO / "benchmarks" / script), *SMALL[script]], cwd=REPO,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "target" in done.stdout or "ratio" in done.stdout, done.stdout
