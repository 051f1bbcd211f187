"""Generate a synthetic handbook of N posts for the benchmarks.

The handbook validates without errors (so a site build succeeds): posts are
spread over campaigns, channels and days well inside every limit.
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import date, timedelta
from pathlib import Path

CHANNELS = ("instagram", "x", "linkedin", "facebook", "tiktok")
CATEGORIES = ("question", "complaint", "praise", "crisis", "outage")
WORDS = ("run", "trail", "road", "pace", "stride", "mile", "sole", "grip", "light", "fast", "city", "dawn",
         "rain", "club", "race", "step", "spring", "fresh", "bold", "calm")
POSTS_PER_CAMPAIGN = 200
START = date(2030, 1, 1)


def _words(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def generate(root: Path, posts: int = 10_000, seed: int = 1) -> Path:
    rng = random.Random(seed)
    root = Path(root)
    for folder in ("calendar/campaigns", "content/posts", "content/responses", "content/media", "policies", "docs"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    (root / "calendar/settings.yml").write_text(
        "site_name: Synthetic handbook\ntimezone: America/New_York\nsite_url: https://bench.example/\n"
        "domain: bench.example\nfeed_past_days: 90\nfeed_refresh: 6h\n")
    channels = "".join(
        f"  {c}:\n    name: {c.title()}\n    max_chars: 3000\n    media: optional\n    max_hashtags: 10\n"
        f"    max_per_day: 100\n    min_gap: 1m\n" for c in CHANNELS)
    (root / "calendar/channels.yml").write_text("channels:\n" + channels)
    (root / "calendar/quiet.yml").write_text(
        "windows:\n  - start: 2029-12-24\n    end: 2029-12-26\n    channels: all\n    reason: Holidays\n")
    people = "".join(f"  - id: person-{i}\n    name: Person {i}\n    email: p{i}@bench.example\n"
                     f"    roles: [{'social-lead' if i % 2 else 'editor'}]\n" for i in range(8))
    (root / "policies/team.yml").write_text(
        "roles:\n  social-lead: {name: Social lead}\n  editor: {name: Editor}\n  legal: {name: Legal}\n"
        "people:\n" + people)
    (root / "policies/rules.yml").write_text(
        "approvals:\n  default: [{any: [social-lead]}]\nlead_times:\n  social-lead: 2h\n"
        "response_targets:\n" + "".join(f"  {c}: 1h\n" for c in CATEGORIES) +
        "forbidden_terms:\n  - guarantee\n  - cure\n")
    for i in range(4):
        (root / f"policies/chapter-{i}.md").write_text(
            f"---\ntitle: Chapter {i}\naudience: {'everyone' if i % 2 else 'practitioners'}\nowner: person-1\n"
            f"version: \"1.{i}\"\neffective: 2029-01-01\nreview_by: 2099-01-01\norder: {i}\n---\n"
            f"# Rules\n\n{_words(rng, 200)}\n")
    (root / "content/media/shared.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    for i in range(50):
        category = CATEGORIES[i % len(CATEGORIES)]
        (root / f"content/responses/template-{i}.md").write_text(
            f"---\ntitle: Template {i} {_words(rng, 3)}\ncategory: {category}\nchannels: [x, instagram]\n"
            f"who_may_send: everyone\nplaceholders: [name]\nreview_by: 2099-01-01\n---\n"
            f"Hi {{name}}, {_words(rng, 30)}\n")
    campaigns = max(1, -(-posts // POSTS_PER_CAMPAIGN))
    made = 0
    for c in range(campaigns):
        cid = f"campaign-{c}"
        (root / f"calendar/campaigns/{cid}.md").write_text(
            f"---\ntitle: Campaign {c}\nowner: person-1\nstarts: {START}\n"
            f"ends: {START + timedelta(days=POSTS_PER_CAMPAIGN + 1)}\nstatus: planned\n"
            f"channels: [{', '.join(CHANNELS)}]\ngoals: [{_words(rng, 2)}]\n---\n{_words(rng, 80)}\n")
        folder = root / "content/posts" / cid
        folder.mkdir(exist_ok=True)
        for p in range(min(POSTS_PER_CAMPAIGN, posts - made)):
            day = START + timedelta(days=p + 1)
            channel = CHANNELS[(c + p) % len(CHANNELS)]
            hour, minute = 8 + c % 12, (c * 7) % 60
            media = "media:\n  - file: shared.png\n    alt: A shoe\n" if p % 3 == 0 else ""
            (folder / f"post-{p}.md").write_text(
                f"---\ntitle: {_words(rng, 4).capitalize()}\nchannel: {channel}\n"
                f"publish_at: {day} {hour:02d}:{minute:02d}\nauthor: person-{(c + p) % 8}\n"
                f"status: {'draft' if p % 2 else 'in-review'}\nevergreen: {'true' if p % 4 == 0 else 'false'}\n"
                f"tags: [{_words(rng, 1)}]\n{media}---\n{_words(rng, 25).capitalize()}. #stride\n")
            made += 1
    return root


def best_of(runs: int, fn, *args):
    """The fastest of ``runs`` calls of ``fn(*args)`` in seconds, and the last call's result."""
    best, result = float("inf"), None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn(*args)
        best = min(best, time.perf_counter() - start)
    return best, result


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("root", type=Path)
    parser.add_argument("--posts", type=int, default=10_000)
    args = parser.parse_args()
    generate(args.root, args.posts)
