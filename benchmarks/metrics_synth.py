"""Metrics rows for a synthetic handbook (benchmarks/synth.py): a year of a large team's daily exports.

Every post gets one row per channel for each of its first ``days`` days (the
days an export still reports it), every channel one account row a day for
the year, and two competitors a row per channel a week. Rows go into one
file per month, as teams export them. Kept apart from synth.py, which other
benchmarks share.
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

from synth import CHANNELS, START

HEADER = "date,channel,post,impressions,reach,engagements,clicks,shares,comments,saves,video_views,followers\n"
_DAY = re.compile(r"^publish_at: (\d{4}-\d{2}-\d{2})", re.MULTILINE)
_CHANNEL = re.compile(r"^channel: \[?([^\]\n]+)\]?$", re.MULTILINE)  # one id, or a list of them


def add_metrics(root: Path, days: int = 14, seed: int = 2) -> int:
    """Write content/metrics/<yyyy-mm>.csv and competitors.csv under ``root``; return the number of rows."""
    rng = random.Random(seed)
    by_month: dict[str, list[str]] = defaultdict(list)
    for path in sorted((root / "content/posts").glob("*/*.md")):
        text = path.read_text(encoding="utf-8")
        first = date.fromisoformat(_DAY.search(text).group(1))
        channels = [c.strip() for c in _CHANNEL.search(text).group(1).split(",")]
        post = f"{path.parent.name}/{path.stem}"
        for channel in channels:
            for offset in range(days):
                day = first + timedelta(days=offset)
                impressions = rng.randrange(200, 20_000) // (offset + 1)
                counts = [impressions, impressions * 4 // 5, impressions // 20, impressions // 80,
                          impressions // 200, impressions // 150, impressions // 300,
                          impressions // 10 if channel == "tiktok" else ""]
                by_month[day.isoformat()[:7]].append(f"{day},{channel},{post},{','.join(map(str, counts))},\n")
    followers = dict.fromkeys(CHANNELS, 10_000)
    for offset in range(365):
        day = START + timedelta(days=offset)
        for channel in CHANNELS:
            followers[channel] += rng.randrange(-5, 40)
            by_month[day.isoformat()[:7]].append(f"{day},{channel},,,,,,,,,,{followers[channel]}\n")
    folder = root / "content/metrics"
    folder.mkdir(parents=True, exist_ok=True)
    rows = 0
    for month, lines in sorted(by_month.items()):
        (folder / f"{month}.csv").write_text(HEADER + "".join(lines), encoding="utf-8")
        rows += len(lines)
    competitors = ["date,competitor,channel,followers,posts,engagements\n"]
    for week in range(52):
        day = START + timedelta(weeks=week)
        for name in ("Pacer", "Fleetfoot"):
            for channel in CHANNELS:
                competitors.append(f"{day},{name},{channel},{20_000 + week * 50},{rng.randrange(3, 15)},"
                                   f"{rng.randrange(500, 9000)}\n")
    (folder / "competitors.csv").write_text("".join(competitors), encoding="utf-8")
    return rows + len(competitors) - 1
