"""Did-you-mean for every id reference, as people type them: case, one word of the id or of its display name,
a file name without its folder; in the files (ref.*) and in the command line's options alike."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
from test_cli import run

from playbook.suggest import closest, did_you_mean

CHANNELS = {"instagram": SimpleNamespace(name="Instagram"), "x": SimpleNamespace(name="X (Twitter)"),
            "tiktok": SimpleNamespace(name="TikTok")}
PEOPLE = {"maya-okafor": SimpleNamespace(name="Maya Okafor"), "hana-sato": SimpleNamespace(name="Hana Sato"),
          "maya-lind": SimpleNamespace(name="Maya Lind")}


@pytest.mark.parametrize("typed, choices, expected", [
    ("Instagram", CHANNELS, "instagram"),  # case
    ("twitter", CHANNELS, "x"),  # a word of the display name
    ("instgram", CHANNELS, "instagram"),  # spelling
    ("tik-tok", CHANNELS, "tiktok"),
    ("hana", PEOPLE, "hana-sato"),  # a word of the id
    ("Hana Sato", PEOPLE, "hana-sato"),  # the display name
    ("maya", PEOPLE, None),  # two people called Maya: no guess
    ("teaser.png", {"spring/teaser.png", "spring/hero.png"}, "spring/teaser.png"),  # the file name
    ("Teaser.PNG", {"spring/teaser.png"}, "spring/teaser.png"),
    ("stauts", ["status", "title"], "status"),
    ("nobody", PEOPLE, None),
])
def test_closest(typed, choices, expected):
    assert closest(typed, choices) == expected


def test_did_you_mean_words_it():
    assert did_you_mean("Instagram", CHANNELS) == "did you mean 'instagram'?"
    assert did_you_mean("zzz", CHANNELS) is None


def test_command_line_options_get_a_did_you_mean(example):
    new = run("new", "post", "holiday-drive", "extra", "--title", "Extra", "--channel", "twitter", "--at",
              "2026-12-28 10:00", "--author", "dev-raman", cwd=example)
    assert new.returncode == 2 and "unknown channel 'twitter': did you mean 'x'?" in new.stderr
    new = run("new", "post", "holiday-drive", "extra", "--title", "Extra", "--channel", "x", "--at",
              "2026-12-28 10:00", "--author", "Dev", cwd=example)
    assert new.returncode == 2 and "unknown person 'Dev': did you mean 'dev-raman'?" in new.stderr
    approve = run("approve", "content/posts/holiday-drive/gift-guide.md", "--by", "maya", cwd=example)
    assert approve.returncode == 2 and "unknown person 'maya': did you mean 'maya-okafor'?" in approve.stderr


def test_references_in_files_get_a_did_you_mean(example):
    post = example / "content/posts/holiday-drive/gift-guide.md"
    text = post.read_text(encoding="utf-8")
    media = text[text.index("  - file: ") + len("  - file: "):].split("\n", 1)[0]
    post.write_text(text.replace("author: dev-raman", "author: dev")
                    .replace(f"  - file: {media}", f"  - file: {media.rsplit('/', 1)[1].upper()}"), encoding="utf-8")
    result = run("validate", "--now", "2026-11-23T17:00Z", "--format", "json", str(post), cwd=example)
    hints = {p["rule"]: p["hint"] for p in json.loads(result.stdout)}
    assert hints["ref.person"] == "did you mean 'dev-raman'?"
    assert hints["ref.media"] == f"did you mean '{media}'?"
