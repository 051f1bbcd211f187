"""ruff over the whole repository with the configuration in pyproject.toml.

A new finding fails the suite, and so does a `noqa` comment that silences
nothing (RUF100): every `noqa` left in the code names a real finding.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from paths import REPO


def ruff(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    pytest.importorskip("ruff", reason="ruff is in the test extra: pip install -e '.[test]'")
    from ruff.__main__ import find_ruff_bin

    return subprocess.run([find_ruff_bin(), *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def test_the_repository_has_no_findings():
    result = ruff("check", "--no-cache", "--output-format", "concise", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_noqa_that_silences_nothing_is_a_finding(tmp_path):
    stale = tmp_path / "stale.py"
    stale.write_text("VALUE = 1  # noqa: E501\n")
    result = ruff("check", "--no-cache", "--output-format", "concise", "--config", str(REPO / "pyproject.toml"),
                  str(stale), cwd=tmp_path)
    assert result.returncode == 1
    assert "RUF100" in result.stdout
