"""Golden feeds: a small fixed handbook gives exactly the committed bytes.

The handbook in tests/golden/feeds/handbook/ is the golden corpus's base
handbook plus a held post (quiet.yml hold window), a cancelled post in
another zone and a long multibyte title. It is copied outside the repository
(so no git history applies) and built with SOURCE_DATE_EPOCH set. After an
intended change of the output, regenerate with:

    PLAYBOOK_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_ics_golden.py

and review the diff of tests/golden/feeds/expected/.
"""

from __future__ import annotations

import os
import shutil
from datetime import datetime, timezone
from pathlib import Path

import pytest
from paths import GOLDEN

from playbook.feeds import build_feeds
from playbook.load import load_handbook

HERE = GOLDEN / "feeds"
EXPECTED = HERE / "expected"
NOW = datetime(2027, 3, 1, tzinfo=timezone.utc)
EPOCH = "1800000000"  # 2027-01-15T08:00:00Z


@pytest.fixture(scope="module")
def feeds(tmp_path_factory):
    root = tmp_path_factory.mktemp("golden") / "handbook"
    shutil.copytree(HERE / "handbook", root)
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    try:
        handbook = load_handbook(root)
        assert not handbook.problems, handbook.problems
        built = build_feeds(handbook, NOW)
    finally:
        if saved is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved
    if os.environ.get("PLAYBOOK_UPDATE_GOLDEN") == "1":
        shutil.rmtree(EXPECTED, ignore_errors=True)
        EXPECTED.mkdir(parents=True)
        for key, data in built.items():
            (EXPECTED / Path(key).name).write_bytes(data)
    return built


def test_the_same_feeds_as_committed(feeds):
    assert sorted(Path(k).name for k in feeds) == sorted(p.name for p in EXPECTED.glob("*.ics"))
    for key, data in feeds.items():
        expected = (EXPECTED / Path(key).name).read_bytes()
        if data != expected:
            got, want = data.decode().split("\r\n"), expected.decode().split("\r\n")
            first = next(i for i, (a, b) in enumerate(zip(got + [""], want + [""], strict=False)) if a != b)
            pytest.fail(f"{key} differs from the golden file at line {first + 1}:\n"
                        f"  got:      {got[first]!r}\n  expected: {want[first]!r}")


def test_golden_files_are_crlf_and_folded():
    for path in EXPECTED.glob("*.ics"):
        data = path.read_bytes()
        assert data.count(b"\n") == data.count(b"\r\n"), path
        assert all(len(line) <= 75 for line in data.split(b"\r\n")), path
