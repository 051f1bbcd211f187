"""Benchmark: reading and checking a year of metrics rows against a floor measured in the same run.

The handbook is synth.py's (10,000 posts by default) plus metrics_synth.py's
rows: every post on each of its first 14 days, account rows and competitors,
about 140,000 rows in twelve monthly files. "ours" is what the metrics add to
`playbook validate` (with them minus without); the floor reads the same files
with Python's csv module and converts every count with int(), the least any
reader must do. Target: ratio <= 3.0, and the whole validate within 2x of
the same handbook without metrics.
"""

from __future__ import annotations

import argparse
import csv
import shutil
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "hooks"))

from metrics_synth import add_metrics
from synth import best_of, generate, verdict

from playbook.validate import validate

NOW = datetime(2029, 6, 1, tzinfo=timezone.utc)


def floor(folder: Path) -> int:
    cells = 0
    for path in sorted(folder.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            rows = csv.reader(handle)
            next(rows)
            for row in rows:
                for cell in row[3:]:
                    if cell:
                        int(cell)
                        cells += 1
    return cells


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--days", type=int, default=14, help="daily rows per post")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        plain = generate(Path(tmp) / "plain", args.posts, profile="synthetic")  # the calendar NOW is set for
        with_metrics = Path(tmp) / "metrics"
        shutil.copytree(plain, with_metrics)
        rows = add_metrics(with_metrics, args.days)
        result = validate(with_metrics, NOW)
        assert not result.errors, result.errors[:3]
        assert len(result.handbook.metrics) + len(result.handbook.competitors) == rows
        base = best_of(args.runs, floor, with_metrics / "content/metrics")[0].cpu  # CPU seconds (synth.Timing)
        without = best_of(args.runs, validate, plain, NOW)[0].cpu
        total = best_of(args.runs, validate, with_metrics, NOW)[0].cpu
    ours = total - without
    print(f"metrics: {rows:,} rows add {ours:.2f} s to validate ({without:.2f} s -> {total:.2f} s, "
          f"x{total / without:.2f}, target <= 2.0: {verdict(total / without <= 2.0)}); "
          f"floor (csv + int): {base:.2f} s; "
          f"ratio {ours / base:.2f} (target <= 3.0: {verdict(ours / base <= 3.0)})")


if __name__ == "__main__":
    main()
